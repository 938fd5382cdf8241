/** Order statistics of plain number lists. */

/**
 * The `q`-quantile (0..1) of ascending `sorted`, by linear interpolation between the closest
 * ranks (`(n − 1) · q`, the usual "type 7" definition). NaN for an empty list.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The values in ascending order (a copy). */
export function sortedNumbers(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The median of `values` (any order); NaN for none. */
export function median(values: Iterable<number>): number {
  return quantileSorted(sortedNumbers(values), 0.5);
}

/** The arithmetic mean of `values`; NaN for none. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
