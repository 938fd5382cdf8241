/**
 * The equity curve of a run in its two forms: `[time, equity]` points (a report's and a result
 * file's JSON) and columns (what the database stores and charts read).
 */

/** Equity curve as columns: `time[i]` (UTC ms) → `value[i]` (quote currency). */
export interface EquityColumns {
  time: Float64Array;
  value: Float64Array;
}

/** One point of an equity curve: `[time (UTC ms), equity]`. */
export type EquityPoint = [number, number];

/** The points as columns. */
export function equityColumns(points: ReadonlyArray<readonly [number, number]>): EquityColumns {
  const n = points.length;
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = points[i][0];
    value[i] = points[i][1];
  }
  return { time, value };
}

/** The columns as points; throws when their lengths differ. */
export function equityPoints(columns: { time: ArrayLike<number>; value: ArrayLike<number> }): EquityPoint[] {
  const n = columns.time.length;
  if (columns.value.length !== n) {
    throw new RangeError(`equity.value: length ${columns.value.length} differs from equity.time length ${n}`);
  }
  const out = new Array<EquityPoint>(n);
  for (let i = 0; i < n; i++) out[i] = [columns.time[i], columns.value[i]];
  return out;
}

/**
 * The whole curve of a run from its stored per-bar points: `[t_0, C0]` first (`t_0` is the first
 * point's time), then every stored point. Throws when the points are empty or their lengths differ.
 */
export function curveWithInitialPoint(equity: { time: ArrayLike<number>; value: ArrayLike<number> }, initialCapital: number): EquityColumns {
  const n = equity.time.length;
  if (n === 0) throw new RangeError('equity: empty (a run has at least one bar)');
  if (equity.value.length !== n) {
    throw new RangeError(`equity.value: length ${equity.value.length} differs from equity.time length ${n}`);
  }
  const time = new Float64Array(n + 1);
  const value = new Float64Array(n + 1);
  time[0] = equity.time[0];
  value[0] = initialCapital;
  for (let i = 0; i < n; i++) {
    time[i + 1] = equity.time[i];
    value[i + 1] = equity.value[i];
  }
  return { time, value };
}
