/**
 * The paper bot as a pure state machine: `(state, candles, signals) → (state, ledger events, decisions)`.
 *
 * The bot's clock is the candles' own times, never the wall clock, so replaying missed candles gives
 * exactly the ledger an always-open tab would have produced (`catch-up.ts`), and the CLI's `paper`
 * command runs this code on history with a simulated clock.
 *
 * # One step (docs/fill-model.md, the backtester's order)
 *
 * A tick holds the candles of every watched symbol that opened at the same `time` and have closed,
 * and the signals fired on their close. For each book (an account, or SYSTEM):
 * 1. **Day.** When `time` falls on a new UTC day, the day's counters start over: its starting equity
 *    (cash plus positions at their latest price), entries 0, realised P&L 0.
 * 2. **Opens**, symbol by symbol (code-unit order): the mark becomes the open; a position whose bar
 *    opens beyond its stop or target exits at the open (gap: `SL` with slippage, `TP` without); a
 *    position an opposite signal closed exits at the open with slippage (`SIGNAL`).
 * 3. **Entries due at this open**, by descending signal confidence, then symbol: the rules below;
 *    the fill is `open × (1 ± slippage)`; stop and target levels come from the signal's distances (an
 *    account uses its default stop / target when the signal carries none).
 * 4. **Closes**, symbol by symbol: a stop or target touched inside the bar exits (stop first when both
 *    were touched; stop at the stop level with slippage, target at the target as a limit fill); the
 *    mark becomes the close; the bar's signal is read: the same direction as the position is a HOLD,
 *    the opposite direction closes the position at the next open (and enters its own direction there
 *    when the rules allow); a signal with no position becomes an entry due at the next open. In
 *    replays of history, a symbol whose data ends with this bar closes its position at the close (`END`).
 * Fees are `fee rate × notional` on entry and exit; P&L `qty × (exit − entry) − fees` (short: mirrored).
 *
 * # Entry rules of an account, in this order (the first that fails is the SKIP reason)
 * 1. auto-trading is on;
 * 2. the signal's confidence ≥ `minConfidence`;
 * 3. open positions < `maxOpenTrades`;
 * 4. size = `maxPositionSizePct` % of equity (cash plus positions at their latest price);
 * 5. that size ≥ `minPositionSize`;
 * 6. today's realised loss < `maxDailyLossPct` % of the day's starting equity (UTC day of the fill);
 * 7. entries today < `maxDailyTrades`;
 * 8. minutes since the latest entry ≥ `minMinutesBetweenTrades`;
 * 9. the circuit breaker does not pause trading: after `maxConsecutiveLosses` losing trades in a row
 *    (P&L < 0; any other result resets the count), entries pause for `cooldownMinutes` from the
 *    moment the last loss was known (the open for exits at the open, the bar's close for exits
 *    inside the bar);
 * 10. free cash: the size is capped at `cash / (1 + fee rate)`; capped below `minPositionSize` → SKIP.
 * A position opened by hand is the trader's: the bot manages its stop and target but neither closes
 * it on a signal nor opens another on its symbol. The SYSTEM book opens a trade of
 * `TRADING_DEFAULTS.systemTradeSize` for every signal, with no rules and no cash limit.
 *
 * With the rules relaxed (auto-trading on, min confidence 0, daily limits out of reach, no spacing,
 * no circuit breaker) an account trades exactly as `runBacktest` with sizing `equity:P`.
 */
import {
  barExit,
  bothTouchedExit,
  entryFillPrice,
  EXIT_BOTH,
  EXIT_NONE,
  EXIT_STOP,
  levelExitPrice,
  levelFraction,
  marketExitPrice,
  openExit,
  stopLevel,
  targetLevel,
} from '../backtest/fill-rules';
import type { FormingCandle } from '../candles/hygiene';
import { nextOpenTime } from '../candles/timeframe';
import { TRADING_DEFAULTS } from '../defaults';
import type { Direction, Signal } from '../strategy/types';
import type { PaperAccountSettings } from './account';
import { decisionEntry, indicatorsOf, moneyText, pctText, priceText, signalFactors, type DecisionParts } from './decision-log';
import { formatDateTime } from '../util/format-time';
import { applyLedgerEvent, closeEvent, openEvent, type LedgerEvent } from './ledger';
import { Money, moneyString, rateOfPercent } from './money';
import type { ScoreInput } from './scores';
import { bookKey, copyState, equityOf, openTradeOf, symbolRuntime, type BotConfig, type BotState, type SymbolRuntime } from './state';
import type { BotDecision, MarketSnapshot, PaperExitReason, PaperTrade } from './types';

/** A closed candle of one symbol (`time` is its open time, UTC ms). */
export interface BotBar extends FormingCandle {
  symbol: string;
}

/** A signal with the id of its stored record (null when it has none). */
export interface BotSignal {
  signal: Signal;
  id: string | null;
}

/** Candles that opened at `time` and have closed, and the signals fired on their close. */
export interface BotTick {
  time: number;
  bars: readonly BotBar[];
  /** At most one per symbol; each for a symbol of `bars`, with `signal.time === time`. */
  signals: readonly BotSignal[];
  /** Symbols whose data ends with this bar (replays of history): their positions close at its close (`END`). */
  final?: readonly string[];
}

/** Bars that have just opened (the open phase only; their closes follow in a later tick). */
export interface BotOpenTick {
  time: number;
  opens: ReadonlyArray<{ symbol: string; open: number }>;
}

export interface BotContext {
  /** Session the new trades and decisions belong to; null when none runs. */
  session: string | null;
  /** Signals are acted on. When false (no session runs) stops and targets are still managed and signals are ignored. */
  trading: boolean;
  /** Strategy and preset named by decisions that no signal explains (exits). */
  strategy: string;
  preset: string | null;
}

export interface BotStepResult {
  state: BotState;
  events: LedgerEvent[];
  decisions: BotDecision[];
}

const MINUTE = 60_000;

function dirOf(d: Direction | string): 1 | -1 {
  if (d === 'LONG') return 1;
  if (d === 'SHORT') return -1;
  throw new RangeError(`direction: ${JSON.stringify(d)} is not LONG or SHORT`);
}

/** An open trade's direction and levels as numbers (0 = none), read once per trade. */
interface Levels {
  d: 1 | -1;
  stop: number;
  target: number;
}
const LEVELS = new WeakMap<PaperTrade, Levels>();

function levelsOf(t: PaperTrade): Levels {
  let l = LEVELS.get(t);
  if (l === undefined) {
    l = { d: dirOf(t.direction), stop: t.stopPrice === null ? 0 : Number(t.stopPrice), target: t.targetPrice === null ? 0 : Number(t.targetPrice) };
    LEVELS.set(t, l);
  }
  return l;
}

function utcDay(t: number): number {
  return t - (((t % 86_400_000) + 86_400_000) % 86_400_000);
}

function finite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${field}: ${String(v)} is not a finite number`);
  return v;
}

/** One step of one book: a working copy of the state, and what the step emits. */
export class BotStep {
  readonly st: BotState;
  readonly events: LedgerEvent[] = [];
  readonly decisions: BotDecision[] = [];
  private fee: Money | null = null;
  readonly slip: number;
  readonly s: PaperAccountSettings;

  constructor(
    state: BotState,
    readonly cfg: BotConfig,
    readonly ctx: BotContext,
  ) {
    this.st = copyState(state);
    const key = bookKey(cfg);
    if (this.st.runtime.book !== key) {
      throw new RangeError(`book: the state belongs to ${JSON.stringify(this.st.runtime.book)}, not ${JSON.stringify(key)}`);
    }
    this.s = cfg.settings;
    this.slip = this.s.slippagePct / 100;
  }

  /** The fee rate of the book's fills (`feePct / 100`), exactly. */
  get feeRate(): Money {
    if (this.fee === null) this.fee = rateOfPercent(this.s.feePct);
    return this.fee;
  }

  result(): BotStepResult {
    return { state: this.st, events: this.events, decisions: this.decisions };
  }

  /**
   * A new id of this book: `<prefix>_<book key>_<n>`, `n` zero-padded to 10 digits so that ids of
   * one book sort in the order they were made (the decision log pages by time, then id).
   */
  nextId(prefix: string): string {
    this.st.runtime.seq += 1;
    return `${prefix}_${this.st.runtime.book}_${String(this.st.runtime.seq).padStart(10, '0')}`;
  }

  emit(ev: LedgerEvent): void {
    this.st.ledger = applyLedgerEvent(this.st.ledger, ev);
    this.events.push(ev);
  }

  decide(p: DecisionParts): void {
    this.decisions.push(decisionEntry(this.nextId('dec'), this.cfg.book, this.cfg.timeframe, this.ctx.session, p));
  }

  /** Starts the day's counters when `time` is on a later UTC day than the current ones. */
  rollDay(time: number): void {
    const rt = this.st.runtime;
    const day = utcDay(time);
    if (rt.day !== null && rt.day.day >= day) return;
    rt.day = { day, startEquity: moneyString(equityOf(this.st)), trades: 0, pnl: '0' };
  }

  /** Scores of a decision about `symbol` after it; distances as fractions. */
  scores(confidence: number, stopFraction: number, targetFraction: number): ScoreInput {
    if (this.cfg.system) return { confidence, stopFraction, targetFraction, exposure: 0, dailyLossUsed: 0 };
    // Scores are indicative (0–100), so plain numbers do here; the rules themselves compare decimals.
    const day = this.st.runtime.day;
    let used = 0;
    if (day !== null) {
      const limit = (Number(day.startEquity) * this.s.maxDailyLossPct) / 100;
      const lost = -Number(day.pnl);
      used = limit > 0 && lost > 0 ? lost / limit : 0;
    }
    return { confidence, stopFraction, targetFraction, exposure: this.st.ledger.open.length / this.s.maxOpenTrades, dailyLossUsed: used };
  }

  snapshot(priceNow: number, signal: Signal | null, extra: Record<string, unknown> = {}): MarketSnapshot {
    return {
      price: priceNow,
      indicators: indicatorsOf(signal),
      ...extra,
      cash: this.st.ledger.cash,
      openPositions: this.st.ledger.open.length,
    };
  }

  /** Closes `t` at `exit` (slippage applied): the CLOSE event, day P&L, loss streak, circuit breaker, the decision. */
  close(t: PaperTrade, exit: number, reason: PaperExitReason, time: number, knownAt: number, why: string, bar?: BotBar): void {
    const ev = closeEvent(t, exit, reason, time, this.feeRate);
    this.emit(ev);
    const closed = ev.trade;
    const pnl = new Money(closed.profitLoss as string);
    const rt = this.st.runtime;
    let breaker = '';
    if (rt.day !== null) rt.day.pnl = moneyString(new Money(rt.day.pnl).plus(pnl));
    if (!this.cfg.system) {
      if (pnl.isNegative() && !pnl.isZero()) {
        rt.lossStreak += 1;
        const cb = this.s.circuitBreaker;
        if (cb.enabled && rt.lossStreak >= cb.maxConsecutiveLosses) {
          rt.pausedUntil = knownAt + cb.cooldownMinutes * MINUTE;
          breaker = ` Circuit breaker: ${rt.lossStreak} losing trades in a row, automatic trading paused until ${formatDateTime(rt.pausedUntil)}.`;
          rt.lossStreak = 0;
        }
      } else rt.lossStreak = 0;
    }
    const entry = Number(t.entryPrice);
    const stopF = t.stopPrice === null ? 0 : Math.abs(entry - Number(t.stopPrice)) / entry;
    const targetF = t.targetPrice === null ? 0 : Math.abs(Number(t.targetPrice) - entry) / entry;
    const decision = reason === 'SL' ? 'STOP_LOSS' : reason === 'TP' ? 'TAKE_PROFIT' : t.direction === 'LONG' ? 'SELL' : 'BUY';
    const pnlPct = new Money(closed.profitLossPct as string).toNumber();
    this.decide({
      time,
      symbol: t.symbol,
      decision,
      confidence: t.confidence ?? 0,
      scores: this.scores(t.confidence ?? 0, stopF, targetF),
      reasoning:
        `${why}: closed ${t.direction} ${t.symbol} at ${priceText(exit)} (entry ${priceText(entry)}); ` +
        `P&L ${moneyText(pnl)} (${Math.round(pnlPct * 100) / 100} %), fees ${moneyText(new Money(closed.fees))}.${breaker}`,
      keyFactors: [`exit ${reason}`, `P&L ${moneyText(pnl)}`, ...(breaker ? ['circuit breaker'] : [])],
      snapshot: this.snapshot(exit, null, bar ? { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume } : {}),
      strategy: this.ctx.strategy,
      preset: this.ctx.preset,
      signalId: t.signalId,
    });
  }

  /** The open of `symbol`'s bar at `time`: mark, gap exits, exits ordered by an opposite signal. */
  openPhase(symbol: string, open: number, time: number): void {
    const r = symbolRuntime(this.st.runtime, symbol);
    r.mark = open;
    r.openTime = time;
    let t = openTradeOf(this.st.ledger, symbol);
    if (t !== undefined) {
      const { d, stop, target } = levelsOf(t);
      const gap = openExit(d, open, stop, target);
      if (gap !== EXIT_NONE) {
        const stop = gap === EXIT_STOP;
        this.close(t, levelExitPrice(gap, d, open, this.slip), stop ? 'SL' : 'TP', time, time, stop ? 'The bar opened beyond the stop' : 'The bar opened beyond the target');
      }
      t = openTradeOf(this.st.ledger, symbol);
      if (r.pendingExit && t !== undefined) {
        this.close(t, marketExitPrice(open, d, this.slip), 'SIGNAL', time, time, 'Opposite signal');
      }
    }
    r.pendingExit = false;
  }

  /** Fills the entries due at the opens of `opens` (symbol → open), by descending confidence, then symbol. */
  fillEntries(opens: ReadonlyMap<string, number>, time: number): void {
    if (!this.ctx.trading) {
      // No session runs: nothing opens (a signal accepted while one ran is dropped).
      for (const symbol of opens.keys()) {
        const r = this.st.runtime.symbols[symbol];
        if (r !== undefined) r.pendingEntry = null;
      }
      return;
    }
    const due: Array<{ symbol: string; conf: number }> = [];
    for (const symbol of opens.keys()) {
      const pe = this.st.runtime.symbols[symbol]?.pendingEntry;
      if (pe) due.push({ symbol, conf: Number.isFinite(pe.signal.confidence) ? pe.signal.confidence : 0 });
    }
    due.sort((a, b) => (a.conf !== b.conf ? b.conf - a.conf : a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    for (const { symbol } of due) this.fillEntry(symbol, opens.get(symbol) as number, time);
  }

  /** The rule (1–10 of the file comment) that blocks an automatic entry of `notional`, or null; `size` receives the capped size. */
  private entryBlock(sig: Signal, time: number, size: { notional: Money }): string | null {
    const s = this.s;
    const rt = this.st.runtime;
    if (!s.autoTrading) return 'auto-trading is off';
    if (!(sig.confidence >= s.minConfidence)) return `confidence ${sig.confidence.toFixed(2)} is below the minimum ${s.minConfidence.toFixed(2)}`;
    if (this.st.ledger.open.length >= s.maxOpenTrades) return `max open trades ${s.maxOpenTrades} reached`;
    const equity = equityOf(this.st);
    let notional = equity.mul(s.maxPositionSizePct).div(100);
    const minPos = new Money(s.minPositionSize);
    if (notional.lt(minPos)) {
      return `position ${moneyText(notional)} (${s.maxPositionSizePct} % of equity ${moneyText(equity)}) is below the min position ${moneyText(minPos)}`;
    }
    const day = rt.day;
    if (day !== null) {
      const limit = new Money(day.startEquity).mul(s.maxDailyLossPct).div(100);
      const lost = new Money(day.pnl).neg();
      if (lost.gte(limit)) return `max daily loss ${s.maxDailyLossPct} % reached: lost ${moneyText(lost)} of the limit ${moneyText(limit)} today`;
      if (day.trades >= s.maxDailyTrades) return `max daily trades ${s.maxDailyTrades} reached`;
    }
    if (rt.lastEntryTime !== null && time - rt.lastEntryTime < s.minMinutesBetweenTrades * MINUTE) {
      return `${Math.round(((time - rt.lastEntryTime) / MINUTE) * 100) / 100} min since the last trade, min ${s.minMinutesBetweenTrades} min between trades`;
    }
    if (s.circuitBreaker.enabled && rt.pausedUntil !== null && time < rt.pausedUntil) {
      return `circuit breaker: automatic trading paused until ${formatDateTime(rt.pausedUntil)}`;
    }
    const cash = new Money(this.st.ledger.cash);
    const capCash = cash.div(this.feeRate.plus(1));
    if (notional.gt(capCash)) notional = capCash;
    if (!notional.gt(0) || notional.lt(minPos)) {
      return `free cash ${moneyText(cash)} allows ${moneyText(notional)} only, below the min position ${moneyText(minPos)}`;
    }
    size.notional = notional;
    return null;
  }

  /** Fills (or skips) the pending entry of `symbol` at `open`. */
  fillEntry(symbol: string, open: number, time: number): void {
    const r = symbolRuntime(this.st.runtime, symbol);
    const pe = r.pendingEntry;
    r.pendingEntry = null;
    if (pe === null) return;
    const sig = pe.signal;
    const d = dirOf(sig.direction);
    const held = openTradeOf(this.st.ledger, symbol);
    const skip = (why: string) =>
      this.decide({
        time,
        symbol,
        decision: 'SKIP',
        confidence: sig.confidence,
        scores: this.scores(sig.confidence, levelFraction(sig.stopFraction), levelFraction(sig.targetFraction)),
        reasoning: `Skipped the ${sig.direction} signal on ${symbol} (confidence ${sig.confidence.toFixed(2)}): ${why}.`,
        keyFactors: [`rule: ${why}`, ...signalFactors(sig)],
        snapshot: this.snapshot(open, sig, { signalPrice: sig.price }),
        strategy: sig.strategy,
        preset: sig.preset ?? null,
        signalId: pe.signalId,
      });
    if (held !== undefined) {
      skip(`a ${held.mode === 'MANUAL' ? 'manual ' : ''}${held.direction} position is open on ${symbol}`);
      return;
    }
    const size = { notional: new Money(TRADING_DEFAULTS.systemTradeSize) };
    if (!this.cfg.system) {
      const block = this.entryBlock(sig, time, size);
      if (block !== null) {
        skip(block);
        return;
      }
    }
    const fill = entryFillPrice(open, d, this.slip);
    let stopF = levelFraction(sig.stopFraction);
    let targetF = levelFraction(sig.targetFraction);
    let defaults = '';
    if (!this.cfg.system) {
      if (stopF === 0 && this.s.stopLossPct > 0) {
        stopF = levelFraction(this.s.stopLossPct / 100);
        defaults += ' stop';
      }
      if (targetF === 0 && this.s.takeProfitPct > 0) {
        targetF = levelFraction(this.s.takeProfitPct / 100);
        defaults += ' target';
      }
    }
    const stop = stopLevel(fill, d, stopF);
    const target = targetLevel(fill, d, targetF);
    const ev = openEvent({
      id: this.nextId('tr'),
      account: this.cfg.book,
      session: this.ctx.session,
      signalId: pe.signalId,
      signalTime: sig.time,
      confidence: sig.confidence,
      symbol,
      timeframe: this.cfg.timeframe,
      direction: sig.direction,
      mode: 'AUTOMATIC',
      time,
      fill,
      stop,
      target,
      notional: size.notional,
      feeRate: this.feeRate,
    });
    this.emit(ev);
    const rt = this.st.runtime;
    if (rt.day !== null) rt.day.trades += 1;
    rt.lastEntryTime = time;
    const levels =
      `stop ${stop > 0 ? `${priceText(stop)} (${pctText(stopF)})` : 'none'}, ` +
      `target ${target > 0 ? `${priceText(target)} (${pctText(targetF)})` : 'none'}` +
      (defaults ? ` (account default${defaults})` : '');
    const sizing = this.cfg.system ? 'system trade' : `${this.s.maxPositionSizePct} % of equity`;
    this.decide({
      time,
      symbol,
      decision: d === 1 ? 'BUY' : 'SELL',
      confidence: sig.confidence,
      scores: this.scores(sig.confidence, stopF, targetF),
      reasoning:
        `Opened ${sig.direction} ${symbol} at ${priceText(fill)} on a ${sig.preset ?? sig.strategy} signal ` +
        `(confidence ${sig.confidence.toFixed(2)}): ${moneyText(size.notional)} (${sizing}); ${levels}.`,
      keyFactors: [`confidence ${sig.confidence.toFixed(2)}`, `size ${moneyText(size.notional)}`, ...signalFactors(sig)],
      snapshot: this.snapshot(fill, sig, { open, signalPrice: sig.price }),
      strategy: sig.strategy,
      preset: sig.preset ?? null,
      signalId: pe.signalId,
    });
  }

  /** The rest of `bar` after the entries at its open: exits inside the bar, the mark, the signal, END. */
  closePhase(bar: BotBar, signal: BotSignal | undefined, final: boolean): void {
    const r = symbolRuntime(this.st.runtime, bar.symbol);
    const knownAt = nextOpenTime(bar.time, this.cfg.timeframe);
    const t = openTradeOf(this.st.ledger, bar.symbol);
    if (t !== undefined) {
      const { d, stop, target } = levelsOf(t);
      const touched = barExit(d, bar.high, bar.low, stop, target);
      // The live bot has no lower-timeframe candles: with both levels touched, the stop came first.
      const hit = touched === EXIT_BOTH ? bothTouchedExit(d, stop, target, undefined, bar.time, this.cfg.timeframe) : touched;
      if (hit !== EXIT_NONE) {
        const isStop = hit === EXIT_STOP;
        this.close(
          t,
          levelExitPrice(hit, d, isStop ? stop : target, this.slip),
          isStop ? 'SL' : 'TP',
          bar.time,
          knownAt,
          isStop ? 'Stop loss hit' : 'Take profit reached',
          bar,
        );
      }
    }
    r.mark = bar.close;
    if (signal !== undefined && this.ctx.trading) this.onSignal(r, bar, signal);
    r.lastTime = bar.time;
    if (final) {
      const left = openTradeOf(this.st.ledger, bar.symbol);
      if (left !== undefined) {
        this.close(left, marketExitPrice(bar.close, dirOf(left.direction), this.slip), 'END', bar.time, knownAt, 'End of the data', bar);
      }
    }
  }

  /** The opens of a {@link BotOpenTick} (see {@link openBot}). */
  applyOpens(tick: BotOpenTick): void {
    finite('tick.time', tick.time);
    const opens = new Map<string, number>();
    for (const o of bySymbol(tick.opens)) {
      finite(`open of ${o.symbol}`, o.open);
      const r = this.st.runtime.symbols[o.symbol];
      if (r !== undefined && ((r.lastTime !== null && r.lastTime >= tick.time) || (r.openTime !== null && r.openTime >= tick.time))) continue;
      opens.set(o.symbol, o.open);
    }
    if (opens.size === 0) return;
    this.rollDay(tick.time);
    for (const [symbol, open] of opens) this.openPhase(symbol, open, tick.time);
    this.fillEntries(opens, tick.time);
  }

  /** A {@link BotTick} (see {@link stepBot}). */
  applyTick(tick: BotTick): void {
    checkTick(tick);
    const symbols = this.st.runtime.symbols;
    const bars = bySymbol(tick.bars).filter((b) => {
      const last = symbols[b.symbol]?.lastTime;
      return last === undefined || last === null || b.time > last;
    });
    if (bars.length === 0) return;
    this.rollDay(tick.time);
    const opens = new Map<string, number>();
    for (const b of bars) {
      if (symbols[b.symbol]?.openTime === b.time) continue;
      this.openPhase(b.symbol, b.open, b.time);
      opens.set(b.symbol, b.open);
    }
    this.fillEntries(opens, tick.time);
    const final = tick.final;
    for (const b of bars) {
      const sig = tick.signals.length === 0 ? undefined : tick.signals.find((x) => x.signal.symbol === b.symbol);
      this.closePhase(b, sig, final !== undefined && final.includes(b.symbol));
    }
  }

  /** A signal fired on the close of `bar`. */
  private onSignal(r: SymbolRuntime, bar: BotBar, bs: BotSignal): void {
    const sig = bs.signal;
    const sd = dirOf(sig.direction);
    const held = openTradeOf(this.st.ledger, bar.symbol);
    const base = () => ({
      time: bar.time,
      symbol: bar.symbol,
      confidence: sig.confidence,
      scores: this.scores(sig.confidence, levelFraction(sig.stopFraction), levelFraction(sig.targetFraction)),
      snapshot: this.snapshot(bar.close, sig, { open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume }),
      strategy: sig.strategy,
      preset: sig.preset ?? null,
      signalId: bs.id,
    });
    if (held !== undefined) {
      if (held.mode === 'MANUAL') {
        this.decide({
          ...base(),
          decision: 'SKIP',
          reasoning: `A ${sig.direction} signal on ${bar.symbol} (confidence ${sig.confidence.toFixed(2)}) is left alone: the open ${held.direction} position was opened by hand.`,
          keyFactors: ['rule: manual position open', ...signalFactors(sig)],
        });
        return;
      }
      if (dirOf(held.direction) === sd) {
        this.decide({
          ...base(),
          decision: 'HOLD',
          reasoning:
            `Holding ${held.direction} ${bar.symbol} (since ${formatDateTime(held.entryTime)} at ${priceText(Number(held.entryPrice))}): ` +
            `a new ${sig.direction} signal (confidence ${sig.confidence.toFixed(2)}) agrees with the position.`,
          keyFactors: ['position in the signal direction', ...signalFactors(sig)],
        });
        return;
      }
      r.pendingExit = true;
    }
    if (sd === 1 ? !this.s.allowLong : !this.s.allowShort) {
      const closing = held !== undefined ? ` The ${held.direction} position closes at the next open.` : '';
      this.decide({
        ...base(),
        decision: 'SKIP',
        reasoning: `Skipped the ${sig.direction} signal on ${bar.symbol}: ${sig.direction} trades are not allowed on this account.${closing}`,
        keyFactors: [`rule: ${sig.direction} not allowed`, ...signalFactors(sig)],
      });
      return;
    }
    r.pendingEntry = { signal: sig, signalId: bs.id };
  }
}

function checkTick(tick: BotTick): void {
  if (tick === null || typeof tick !== 'object') throw new RangeError(`tick: ${String(tick)} is not a tick`);
  finite('tick.time', tick.time);
  const seen = new Set<string>();
  tick.bars.forEach((b, i) => {
    const f = `tick.bars[${i}]`;
    if (typeof b.symbol !== 'string' || b.symbol === '') throw new RangeError(`${f}.symbol: ${JSON.stringify(b.symbol)} is not a symbol`);
    if (seen.has(b.symbol)) throw new RangeError(`${f}.symbol: ${b.symbol} appears twice in one tick`);
    seen.add(b.symbol);
    if (b.time !== tick.time) throw new RangeError(`${f}.time: ${b.time} differs from the tick's time ${tick.time}`);
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) finite(`${f}.${k}`, b[k]);
  });
  const signalled = new Set<string>();
  tick.signals.forEach((bs, i) => {
    const f = `tick.signals[${i}]`;
    const s = bs?.signal;
    if (s === null || typeof s !== 'object') throw new RangeError(`${f}.signal: ${String(s)} is not a signal`);
    if (!seen.has(s.symbol)) throw new RangeError(`${f}.signal.symbol: ${s.symbol} has no bar in this tick`);
    if (signalled.has(s.symbol)) throw new RangeError(`${f}.signal.symbol: ${s.symbol} has two signals in one tick`);
    signalled.add(s.symbol);
    if (s.time !== tick.time) throw new RangeError(`${f}.signal.time: ${s.time} differs from the tick's time ${tick.time}`);
    dirOf(s.direction);
  });
}

function bySymbol<T extends { symbol: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/**
 * The opens of bars that have just started: marks, gap and signal exits, and the entries due there.
 * Optional: a later {@link stepBot} with the closed bars skips what this already did, with the same
 * ledger as without it. Give the opens of every watched symbol of one time together.
 */
export function openBot(state: BotState, cfg: BotConfig, tick: BotOpenTick, ctx: BotContext): BotStepResult {
  const step = new BotStep(state, cfg, ctx);
  step.applyOpens(tick);
  return step.result();
}

/**
 * One tick of one book: the closed candles of `tick.time` and their signals (file comment).
 * Candles of a symbol at or before the last one it processed are ignored, so a tick given twice
 * changes nothing.
 */
export function stepBot(state: BotState, cfg: BotConfig, tick: BotTick, ctx: BotContext): BotStepResult {
  const step = new BotStep(state, cfg, ctx);
  step.applyTick(tick);
  return step.result();
}
