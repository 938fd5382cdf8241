/**
 * Maximum adverse and favourable excursion (MAE / MFE) of trades: how far price went against and
 * for each trade while it was open (docs/metrics.md, "Report additions").
 *
 * The prices a trade saw: its entry price; the high and low of every bar from the entry bar up to,
 * not including, the exit bar; and on the exit bar only the exit price — except for an `END` exit,
 * which holds the whole last bar and exits at its close. (Inside the exit bar the order of the high,
 * the low and the exit is unknown, so nothing beyond the exit price is assumed.)
 *
 * For a long, MAE = (entry − lowest) / entry and MFE = (highest − entry) / entry; a short mirrors
 * them. Both are in percent of the entry price (≥ 0), and in R: the excursion divided by the
 * trade's stop distance `|entry − stop|` (null when the trade had no stop).
 */
import type { Trade } from '../backtest/trade';
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';

export interface TradeExcursion {
  maePct: number;
  mfePct: number;
  /** In multiples of the stop distance; null without a stop. */
  maeR: number | null;
  mfeR: number | null;
}

/** MAE and MFE of one trade over `candles` (the trade's symbol, its timeframe, ascending times). */
export function tradeExcursion(trade: Trade, candles: CandleColumns): TradeExcursion {
  const entry = trade.entryPrice;
  if (!(entry > 0)) throw new RangeError(`trade.entryPrice: ${String(entry)} is not a positive price`);
  let hi = Math.max(entry, trade.exitPrice);
  let lo = Math.min(entry, trade.exitPrice);
  const { time, high, low } = candles;
  const from = lowerBound(time, trade.entryTime);
  const endBar = lowerBound(time, trade.exitTime);
  const to = trade.exitReason === 'END' ? Math.min(endBar + 1, time.length) : endBar;
  for (let i = from; i < to; i++) {
    if (high[i] > hi) hi = high[i];
    if (low[i] < lo) lo = low[i];
  }
  const long = trade.direction === 'LONG';
  const adverse = long ? entry - lo : hi - entry;
  const favourable = long ? hi - entry : entry - lo;
  const risk = trade.stop > 0 ? Math.abs(entry - trade.stop) : 0;
  return {
    maePct: (adverse / entry) * 100,
    mfePct: (favourable / entry) * 100,
    maeR: risk > 0 ? adverse / risk : null,
    mfeR: risk > 0 ? favourable / risk : null,
  };
}

/**
 * MAE and MFE of every trade, in the trades' order. `candlesOf(symbol)` gives the candles the
 * backtest ran on; a trade whose symbol has none gets null.
 */
export function tradeExcursions(
  trades: readonly Trade[],
  candlesOf: (symbol: string) => CandleColumns | undefined,
): Array<TradeExcursion | null> {
  return trades.map((t) => {
    const c = candlesOf(t.symbol);
    return c ? tradeExcursion(t, c) : null;
  });
}
