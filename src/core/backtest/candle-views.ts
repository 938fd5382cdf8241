/**
 * Windows of candle columns as views (typed-array `subarray`s, no copy), for cutting a request's
 * series to its trading window.
 */
import { isTimeframe, nextOpenTime, type Timeframe } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import { partitionPoint } from '../util/binary-search';

/** Candles [start, end) as views. */
export function candleRange(c: CandleColumns, start: number, end: number): CandleColumns {
  if (start === 0 && end === c.time.length) return c;
  return {
    time: c.time.subarray(start, end),
    open: c.open.subarray(start, end),
    high: c.high.subarray(start, end),
    low: c.low.subarray(start, end),
    close: c.close.subarray(start, end),
    volume: c.volume.subarray(start, end),
  };
}

/**
 * Of candles of other timeframes, those closed by `limit` (a close time), as views; throws naming
 * a key that is not a timeframe.
 */
export function closedBy(
  other: Partial<Record<Timeframe, CandleColumns>> | undefined,
  limit: number,
): Partial<Record<Timeframe, CandleColumns>> | undefined {
  if (!other) return undefined;
  const out: Partial<Record<Timeframe, CandleColumns>> = {};
  for (const key of Object.keys(other)) {
    if (!isTimeframe(key)) throw new RangeError(`other: "${key}" is not a timeframe`);
    const c = other[key];
    if (!c) continue;
    out[key] = candleRange(c, 0, partitionPoint(0, c.time.length, (i) => nextOpenTime(c.time[i], key) <= limit));
  }
  return out;
}
