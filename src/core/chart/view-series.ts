/**
 * A chart's view of a base series on one timeframe, and the replay cursor on it.
 *
 * The cursor is a bar of the BASE series (the strategy's bar): at cursor `c` everything up to the
 * close of base bar `c` is known and nothing after it. On a longer view timeframe a view candle is
 * closed at the cursor when its close time is at or before the close of bar `c`; the view candle
 * that contains bar `c` but closes later is the forming candle, built from base bars only.
 */
import { candleOpenTime, nextOpenTime, timeframeMs, TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import type { FormingCandle } from '../candles/hygiene';
import { emptyCandles, sliceCandles, type CandleColumns } from '../candles/types';
import { lowerBound, upperBound } from '../util/binary-search';
import { higherCandles } from './higher-candles';

/** Candles of the view timeframe and, for each, the last base bar that closes by its close. */
export interface ViewSeries {
  tf: Timeframe;
  candles: CandleColumns;
  /** Per view candle: index of the last base bar whose close is at or before the candle's close. */
  closeBase: Int32Array;
}

/** Close time of the candle of timeframe `tf` opening at `open`. */
export function closeTime(open: number, tf: Timeframe): number {
  return nextOpenTime(open, tf);
}

/** First index in [0, n) at which `closed(i)` is false, for a predicate true on a prefix. */
function partitionPoint(n: number, closed: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (closed(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last base bar (open times `baseTime`, timeframe `baseTf`) closed at or before `t`; -1 when none. */
export function lastBaseClosedBy(baseTime: Float64Array, baseTf: Timeframe, t: number): number {
  if (baseTf === '1w' || baseTf === '1M') return partitionPoint(baseTime.length, (i) => nextOpenTime(baseTime[i], baseTf) <= t) - 1;
  return upperBound(baseTime, t - timeframeMs(baseTf)) - 1;
}

/**
 * The view of `base` (timeframe `baseTf`) on timeframe `tf`: the base candles themselves when
 * `tf === baseTf`, else {@link higherCandles} (stored candles of `tf` merged with candles
 * resampled from the base) limited to the buckets that overlap the base series.
 */
export function buildViewSeries(base: CandleColumns, baseTf: Timeframe, tf: Timeframe, stored?: CandleColumns): ViewSeries {
  const n = base.time.length;
  if (tf === baseTf) {
    const closeBase = new Int32Array(n);
    for (let i = 0; i < n; i++) closeBase[i] = i;
    return { tf, candles: base, closeBase };
  }
  if (TIMEFRAMES.indexOf(tf) < TIMEFRAMES.indexOf(baseTf)) {
    throw new RangeError(`timeframe: "${tf}" is shorter than the series' ${baseTf}; open the ${tf} series instead`);
  }
  if (n === 0) return { tf, candles: emptyCandles(0), closeBase: new Int32Array(0) };
  const all = higherCandles(base, baseTf, tf, stored);
  const lo = lowerBound(all.time, candleOpenTime(base.time[0], tf));
  const hi = lowerBound(all.time, base.time[n - 1] + 1);
  const candles = sliceCandles(all, lo, hi);
  const m = candles.time.length;
  const closeBase = new Int32Array(m);
  for (let k = 0; k < m; k++) closeBase[k] = lastBaseClosedBy(base.time, baseTf, closeTime(candles.time[k], tf));
  return { tf, candles, closeBase };
}

/** Number of view candles closed by time `t` (their close at or before `t`). */
export function closedCount(viewTime: Float64Array, tf: Timeframe, t: number): number {
  return partitionPoint(viewTime.length, (k) => closeTime(viewTime[k], tf) <= t);
}

/**
 * The view candle forming at a cursor whose base bar opens at `barTime` and closes at
 * `barClose`: the index of the first view candle not closed by `barClose` when it has opened by
 * `barTime`, else -1.
 */
export function formingIndex(viewTime: Float64Array, tf: Timeframe, barTime: number, barClose: number): number {
  const k = closedCount(viewTime, tf, barClose);
  return k < viewTime.length && viewTime[k] <= barTime ? k : -1;
}

/**
 * The cursor one view candle later: the last base bar of the first view candle that holds a base
 * bar after `c` (so the candle forming at `c` completes first). `c` itself at the end.
 */
export function nextCursor(closeBase: Int32Array, c: number): number {
  const k = upperBound(closeBase, c);
  return k < closeBase.length ? closeBase[k] : c;
}

/** The cursor one view candle earlier: the close of the last view candle closed before bar `c`; `c` itself at the start. */
export function previousCursor(closeBase: Int32Array, c: number): number {
  const k = lowerBound(closeBase, c);
  return k > 0 && closeBase[k - 1] >= 0 ? closeBase[k - 1] : c;
}

/** The forming candle at base bar `c`: base bars of its bucket from its open up to `c`, aggregated. */
export function partialCandle(base: CandleColumns, c: number, tf: Timeframe): FormingCandle {
  const open = candleOpenTime(base.time[c], tf);
  const s = lowerBound(base.time, open);
  let h = base.high[s];
  let l = base.low[s];
  let v = 0;
  for (let i = s; i <= c; i++) {
    if (base.high[i] > h) h = base.high[i];
    if (base.low[i] < l) l = base.low[i];
    v += base.volume[i];
  }
  return { time: open, open: base.open[s], high: h, low: l, close: base.close[c], volume: v };
}
