/**
 * Catch-up: replaying closed candles the bot has not seen, in time order, through the same step.
 * Given the state as it was left (each symbol remembers the last bar it processed) and the candles
 * of every watched symbol, it steps once per open time of the union of their bars after that point,
 * so an interrupted run resumed here has exactly the ledger of a run that never stopped.
 */
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { BotStep, type BotBar, type BotContext, type BotSignal, type BotStepResult, type BotTick } from './bot';
import type { BotConfig, BotState } from './state';

/** One watched symbol's candles (ascending open times). */
export interface CatchUpSeries {
  symbol: string;
  candles: CandleColumns;
}

/** The signal fired on the close of bar `index` (open time `time`) of `symbol`, or null. */
export type SignalLookup = (symbol: string, index: number, time: number) => BotSignal | null;

export interface CatchUpOptions {
  /** Close every position at its symbol's last bar (`END`), as a backtest does at the end of its data. */
  closeAtEnd?: boolean;
  /** Only bars opening at or before this time are replayed. */
  until?: number;
}

/** First index whose time is greater than `t` (every index when `t` is null); times strictly ascending. */
function firstAfter(time: Float64Array, t: number | null): number {
  if (t === null) return 0;
  const i = lowerBound(time, t);
  return i < time.length && time[i] === t ? i + 1 : i;
}

/** The ticks of `series` after each symbol's last processed bar, in time order (symbol order within a tick). */
export function* catchUpTicks(
  state: BotState,
  series: readonly CatchUpSeries[],
  signals: SignalLookup,
  opts: CatchUpOptions = {},
): Generator<BotTick> {
  const ptr = series.map((s) => firstAfter(s.candles.time, state.runtime.symbols[s.symbol]?.lastTime ?? null));
  const until = opts.until ?? Infinity;
  for (;;) {
    let t = Infinity;
    for (let k = 0; k < series.length; k++) {
      const c = series[k].candles;
      if (ptr[k] < c.time.length && c.time[ptr[k]] < t) t = c.time[ptr[k]];
    }
    if (t === Infinity || t > until) return;
    const bars: BotBar[] = [];
    const sigs: BotSignal[] = [];
    const final: string[] = [];
    for (let k = 0; k < series.length; k++) {
      const { symbol, candles: c } = series[k];
      const i = ptr[k];
      if (i >= c.time.length || c.time[i] !== t) continue;
      bars.push({ symbol, time: t, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] });
      const s = signals(symbol, i, t);
      if (s !== null) sigs.push(s);
      if (opts.closeAtEnd && i === c.time.length - 1) final.push(symbol);
      ptr[k] = i + 1;
    }
    yield final.length > 0 ? { time: t, bars, signals: sigs, final } : { time: t, bars, signals: sigs };
  }
}

/** Replays every unseen closed candle of `series` (see the file comment); returns the state and everything emitted. */
export function catchUp(
  state: BotState,
  cfg: BotConfig,
  series: readonly CatchUpSeries[],
  signals: SignalLookup,
  ctx: BotContext,
  opts: CatchUpOptions = {},
): BotStepResult {
  const seen = new Set<string>();
  for (const s of series) {
    if (seen.has(s.symbol)) throw new RangeError(`series: ${s.symbol} appears twice`);
    seen.add(s.symbol);
  }
  // One working copy for the whole replay: each tick goes through the same step as stepBot.
  const step = new BotStep(state, cfg, ctx);
  for (const tick of catchUpTicks(state, series, signals, opts)) step.applyTick(tick);
  return step.result();
}
