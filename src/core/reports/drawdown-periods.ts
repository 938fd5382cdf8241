/**
 * Drawdown periods of an equity curve: every stretch during which equity stays below its running
 * peak, with its depth and length (docs/metrics.md, "Report additions").
 *
 * A period starts at the last point at the running peak (`start`), reaches its lowest value at
 * `trough`, and ends at the first point back at or above the peak (`recovery`), or is still open at
 * the curve's end (`recovery` null; `lengthMs` then runs to the last point).
 */

/** One drawdown period. Times are equity-curve times (UTC ms). */
export interface DrawdownPeriod {
  /** Time of the peak the period falls from. */
  start: number;
  /** Time of the lowest equity of the period (the first such point). */
  trough: number;
  /** Time of the first point back at or above the peak; null when the curve ends below it. */
  recovery: number | null;
  /** Equity at the peak and at the trough. */
  peak: number;
  troughValue: number;
  /** `(peak - trough) / peak * 100`. */
  depthPct: number;
  /** From `start` to `recovery` (or to the last point when not recovered), in ms. */
  lengthMs: number;
}

/**
 * Every drawdown period of the curve, in time order. `time` non-decreasing, `value` finite and
 * positive at the peaks; both the same length.
 */
export function drawdownPeriods(time: ArrayLike<number>, value: ArrayLike<number>): DrawdownPeriod[] {
  const n = time.length;
  if (value.length !== n) throw new RangeError(`equityValue: length ${value.length} differs from equityTime length ${n}`);
  const out: DrawdownPeriod[] = [];
  if (n === 0) return out;
  let peak = value[0];
  let peakTime = time[0];
  let open: DrawdownPeriod | null = null;
  for (let i = 1; i < n; i++) {
    const e = value[i];
    const t = time[i];
    if (e >= peak) {
      if (open) {
        open.recovery = t;
        open.lengthMs = t - open.start;
        out.push(open);
        open = null;
      }
      peak = e;
      peakTime = t;
    } else {
      if (!open) {
        open = { start: peakTime, trough: t, recovery: null, peak, troughValue: e, depthPct: 0, lengthMs: 0 };
      } else if (e < open.troughValue) {
        open.troughValue = e;
        open.trough = t;
      }
      open.depthPct = ((open.peak - open.troughValue) / open.peak) * 100;
    }
  }
  if (open) {
    open.lengthMs = time[n - 1] - open.start;
    out.push(open);
  }
  return out;
}

/** The `count` deepest drawdown periods (default 5), deepest first; ties by earlier start. */
export function worstDrawdowns(time: ArrayLike<number>, value: ArrayLike<number>, count = 5): DrawdownPeriod[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count: ${String(count)} is not a non-negative integer`);
  return drawdownPeriods(time, value)
    .sort((a, b) => b.depthPct - a.depthPct || a.start - b.start)
    .slice(0, count);
}
