/**
 * Binary search over ascending sequences (candle open times, chunk rows, sorted ranges). Every
 * search in the code base goes through these three functions.
 *
 * Each searches the index range `[lo, hi)` (default: the whole sequence) and returns an index in
 * `[lo, hi]`.
 */

/**
 * The first index `i` in `[lo, hi)` for which `before(i)` is false, given that `before` is true
 * on a prefix of the range and false on the rest; `hi` when it is true everywhere.
 */
export function partitionPoint(lo: number, hi: number, before: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in `[lo, hi)` whose value is `>= t` (`values` ascending); `hi` when none is. */
export function lowerBound(values: ArrayLike<number>, t: number, lo = 0, hi = values.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in `[lo, hi)` whose value is `> t` (`values` ascending); `hi` when none is. */
export function upperBound(values: ArrayLike<number>, t: number, lo = 0, hi = values.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
