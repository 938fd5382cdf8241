import type { LineData, UTCTimestamp } from 'lightweight-charts';
import { formatPrice, PRICE_SIGNIFICANT_DIGITS } from '../../../core/metrics';
import { chartTime } from './lightweight';

/**
 * The price scale of a chart of prices around `typical` (e.g. the last close): labels as
 * `formatPrice` writes them (8 significant digits, thousands grouped) and a smallest step that
 * keeps those digits, so a 0.00001412 coin gets an axis as readable as a 64,000 one.
 */
export function priceScaleFormat(typical: number): { type: 'custom'; minMove: number; formatter: (price: number) => string } {
  const magnitude = Number.isFinite(typical) && typical > 0 ? Math.floor(Math.log10(typical)) : 0;
  const decimals = Math.min(14, Math.max(0, PRICE_SIGNIFICANT_DIGITS - 1 - magnitude));
  return { type: 'custom', minMove: 10 ** -decimals, formatter: (p: number) => formatPrice(p) };
}

/**
 * Points a line is drawn with at most; longer curves are thinned (see {@link linePoints}). About
 * one point per pixel of a wide chart, each bucket's extremes kept.
 */
export const MAX_LINE_POINTS = 1500;

/** Points of a curve's sketch: its first and last point and the extremes of a few stretches. */
export const SKETCH_POINTS = 24;

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
