import type { LineData, UTCTimestamp } from 'lightweight-charts';
import { chartTime } from './lightweight';

/** Points a line is drawn with at most; longer curves are thinned (see {@link linePoints}). */
export const MAX_LINE_POINTS = 4000;

/**
 * Line points from time (UTC ms) and value columns, `value[i] * scale`: times in chart seconds,
 * strictly ascending (of points sharing a second, the last is kept; non-finite values are
 * skipped). A curve of more than `maxPoints` points is thinned to at most that many: the points
 * are split into consecutive buckets and each bucket keeps its first, lowest and highest point
 * (in time order), so peaks, troughs and drawdowns stay exactly where they are.
 */
export function linePoints(time: ArrayLike<number>, value: ArrayLike<number>, scale = 1, maxPoints = MAX_LINE_POINTS): LineData<UTCTimestamp>[] {
  const n = time.length;
  const keep = thinned(value, n, maxPoints);
  const out: LineData<UTCTimestamp>[] = [];
  for (let i = 0; i < n; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const v = value[i] * scale;
    if (!Number.isFinite(v)) continue;
    const t = chartTime(time[i]);
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last !== undefined && t <= last.time) {
      if (t === last.time) last.value = v;
      continue;
    }
    out.push({ time: t, value: v });
  }
  return out;
}

/** Which of `n` points to keep (1) when there are more than `maxPoints`; null keeps all. */
function thinned(value: ArrayLike<number>, n: number, maxPoints: number): Uint8Array | null {
  if (n <= maxPoints || maxPoints < 6) return null;
  const keep = new Uint8Array(n);
  const size = Math.ceil(n / Math.floor(maxPoints / 3));
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (value[i] < value[lo]) lo = i;
      if (value[i] > value[hi]) hi = i;
    }
    keep[start] = 1;
    keep[lo] = 1;
    keep[hi] = 1;
  }
  keep[n - 1] = 1;
  return keep;
}
