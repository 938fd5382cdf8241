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
