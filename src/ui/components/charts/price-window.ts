/**
 * Which part of a long candle series the price chart holds and shows: a window of candles around
 * the view (drawing costs what a few thousand candles cost, however many are stored), the range it
 * opens on, and the trades in view.
 */
import type { TradeColumns } from '../../../core/backtest/trade-columns';
import { timeframeMs, type Timeframe } from '../../../core/candles/timeframe';
import type { CandleColumns } from '../../../core/candles/types';
import { lowerBound } from '../../../core/util/binary-search';

/** Bars of margin around the traded range when the chart opens on it. */
const RANGE_MARGIN_BARS = 5;
/** Most candles the chart holds at once: a window around the view, moved as the view nears its edges. */
export const WINDOW_BARS = 3_000;
/** Most bars the chart opens on without a selected trade (fewer on a narrow chart: see {@link openingBars}). */
export const OPEN_BARS = 1_200;

/** Bars the chart opens on at `width` px: about 1.5 px a bar, from 100 to {@link OPEN_BARS}. */
export function openingBars(width: number): number {
  return Math.max(100, Math.min(OPEN_BARS, Math.floor(width / 1.5)));
}

/**
 * The candles [start, end) the chart holds for a view of open times [from, to]: the view's bars
 * centred in at most `max` bars (all of them when there are fewer), so drawing and updating the
 * chart costs the same for 1,000 or 1,000,000 stored candles.
 */
export function candleWindow(time: Float64Array, from: number, to: number, max = WINDOW_BARS): { start: number; end: number } {
  const n = time.length;
  if (n <= max) return { start: 0, end: n };
  const a = lowerBound(time, from);
  const b = Math.max(a, lowerBound(time, to + 1));
  const centre = Math.floor((a + b) / 2);
  const start = Math.max(0, Math.min(n - max, centre - Math.floor(max / 2)));
  return { start, end: start + max };
}

/** Of `indices`, the trades open at some time in [from, to] (UTC ms). */
export function tradesInRange(t: TradeColumns, indices: ArrayLike<number>, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (t.entryTime[i] <= to && t.exitTime[i] >= from) out.push(i);
  }
  return out;
}

/**
 * The range the chart opens on without a selected trade: the traded range with a small margin
 * (every candle when nothing was traded), or its first `maxBars` bars when it is longer.
 */
export function openingRange(
  t: TradeColumns,
  indices: ArrayLike<number>,
  candles: CandleColumns,
  tf: Timeframe,
  maxBars = OPEN_BARS,
): { from: number; to: number } | null {
  const time = candles.time;
  const n = time.length;
  if (n === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (t.entryTime[i] < from) from = t.entryTime[i];
    if (t.exitTime[i] > to) to = t.exitTime[i];
  }
  const margin = RANGE_MARGIN_BARS * timeframeMs(tf);
  if (!Number.isFinite(from)) ({ from, to } = { from: time[0], to: time[n - 1] });
  else ({ from, to } = { from: Math.max(time[0], from - margin), to: Math.min(time[n - 1], to + margin) });
  const a = lowerBound(time, from);
  return a + maxBars < n && time[a + maxBars - 1] < to ? { from, to: time[a + maxBars - 1] } : { from, to };
}

/**
 * Indices, ascending, of the few candles of [start, end) that span its prices: the first and last
 * candle and those with the highest high and the lowest low. Shown before the whole window is,
 * they give the price scale its final range and label width at the cost of four candles.
 */
export function sketchIndices(c: CandleColumns, start: number, end: number): number[] {
  if (end <= start) return [];
  let hi = start;
  let lo = start;
  for (let i = start + 1; i < end; i++) {
    if (c.high[i] > c.high[hi]) hi = i;
    if (c.low[i] < c.low[lo]) lo = i;
  }
  return [...new Set([start, hi, lo, end - 1])].sort((a, b) => a - b);
}
