/**
 * The bot's signals: the same strategies as backtests, prepared on a symbol's candles up to the bar
 * being read. A preparation is reused while the candles it was made on are the ones asked about
 * (a replay of history prepares once); a longer series (a new closed candle) is prepared again.
 * Since every built-in strategy reads only bars `0..i` at bar `i` (the bias check proves it), the
 * signal at bar `i` is the backtest's whichever longer history it was prepared on.
 */
import type { Timeframe } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import type { PreparedStrategy, Signal, Strategy, StrategyParams } from '../strategy/types';

export class SignalFeed {
  private readonly warmup: number;
  private readonly cache = new Map<string, { candles: CandleColumns; length: number; prepared: PreparedStrategy }>();

  constructor(
    private readonly strategy: Strategy,
    private readonly params: StrategyParams,
    private readonly timeframe: Timeframe,
  ) {
    this.warmup = Math.max(0, Math.floor(strategy.warmup(params)));
  }

  /**
   * The signal fired on the close of bar `index` of `candles` (every candle of `symbol` known so far,
   * ascending), or null; null too while fewer candles than the strategy's warm-up exist.
   */
  signalAt(symbol: string, candles: CandleColumns, index: number): Signal | null {
    const n = candles.time.length;
    if (!(Number.isInteger(index) && index >= 0 && index < n)) throw new RangeError(`index: ${index} is not a bar of ${symbol} (0..${n - 1})`);
    if (n < this.warmup) return null;
    let c = this.cache.get(symbol);
    if (c === undefined || c.candles !== candles || c.length !== n) {
      c = { candles, length: n, prepared: this.strategy.prepare({ symbol, timeframe: this.timeframe, candles }, this.params) };
      this.cache.set(symbol, c);
    }
    return c.prepared.signalAt(index);
  }
}
