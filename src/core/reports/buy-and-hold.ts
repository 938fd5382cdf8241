/**
 * Buy-and-hold benchmark of a backtest: the same capital put into the same symbols over the same
 * window, held to the end (docs/metrics.md, "Report additions").
 *
 * The capital is split equally between the symbols. Each symbol is bought at the open of its first
 * bar in the window, paying the backtest's fee rate (`qty = share / (open * (1 + feeRate))`), and
 * marked at each curve time by the close of its latest bar at or before that time (its cash share
 * before its first bar). The last curve point sells everything at the last close, paying the fee
 * again. Times are the strategy's equity-curve times, so both curves share one time axis; the
 * first point is the initial capital.
 */
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { checkCapital } from '../metrics/compute';

export interface BuyAndHoldInput {
  initialCapital: number;
  feeRate: number;
  /** Each symbol's candles (ascending open times). */
  series: ReadonlyArray<{ symbol: string; candles: CandleColumns }>;
  /** The strategy's equity-curve times: `t_0` (the first bar's open time) then one per bar. */
  times: ArrayLike<number>;
}

export interface BuyAndHoldResult {
  /** Equity at each of the given times. */
  equity: Float64Array;
  /** `(final / C0 - 1) * 100`. */
  returnPct: number;
  /** Largest fall from a running peak of `equity`, in percent. */
  maxDrawdownPct: number;
  /** Each symbol's own buy-and-hold return (before fees), in percent. */
  bySymbol: Array<{ symbol: string; returnPct: number }>;
}

/** The buy-and-hold curve and its headline numbers. */
export function buyAndHold(input: BuyAndHoldInput): BuyAndHoldResult {
  const { initialCapital: c0, feeRate, series, times } = input;
  checkCapital(c0);
  if (!(feeRate >= 0 && feeRate < 1)) throw new RangeError(`feeRate: ${String(feeRate)} is not in [0, 1)`);
  if (series.length === 0) throw new RangeError('series: empty (at least one symbol is needed)');
  const n = times.length;
  if (n === 0) throw new RangeError('times: empty (at least the first curve point is needed)');
  const start = times[0];
  const end = times[n - 1];
  const share = c0 / series.length;
  const equity = new Float64Array(n);
  const bySymbol: BuyAndHoldResult['bySymbol'] = [];
  for (const { symbol, candles } of series) {
    const { time, open, close } = candles;
    const first = lowerBound(time, start);
    if (first >= time.length || time[first] > end) {
      throw new RangeError(`series ${symbol}: no candle between ${start} and ${end}`);
    }
    const buy = open[first];
    if (!(buy > 0)) throw new RangeError(`series ${symbol}: open ${String(buy)} at ${time[first]} is not a positive price`);
    const qty = share / (buy * (1 + feeRate));
    let j = first;
    let lastClose = buy;
    equity[0] += share;
    for (let i = 1; i < n; i++) {
      const t = times[i];
      while (j < time.length && time[j] <= t) {
        lastClose = close[j];
        j++;
      }
      equity[i] += j > first ? qty * lastClose : share;
    }
    if (n > 1 && j > first) equity[n - 1] -= qty * lastClose * feeRate;
    bySymbol.push({ symbol, returnPct: (lastClose / buy - 1) * 100 });
  }
  let peak = equity[0];
  let maxDd = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    else if (peak > 0) maxDd = Math.max(maxDd, ((peak - e) / peak) * 100);
  }
  return { equity, returnPct: (equity[n - 1] / c0 - 1) * 100, maxDrawdownPct: maxDd, bySymbol };
}
