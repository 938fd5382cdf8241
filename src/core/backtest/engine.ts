/**
 * Portfolio backtester.
 *
 * # How fills work
 *
 * One model, shared with paper trading (docs/fill-model.md). `s` is the slippage fraction,
 * `f` the fee rate.
 *
 * **Time.** A candle's `time` is its open time; bar `i` closes at its open + timeframe. A strategy
 * evaluated on bar `i` sees bars `0..i` only and fires on the close of bar `i`.
 *
 * **Entry.** A signal on bar `i` enters at the open of bar `i+1` of the same symbol; with no bar
 * `i+1` there is no trade (the signal is listed in `skipped`, reason `no next bar`). Market fills
 * are worsened by slippage: long pays `open * (1 + s)`, short receives `open * (1 - s)`. The
 * signal's stop and target distances become levels relative to that fill: long
 * `stop = fill * (1 - stopFraction)`, `target = fill * (1 + targetFraction)`; short
 * `stop = fill * (1 + stopFraction)`, `target = fill * (1 - targetFraction)`. A distance of 0 (or missing,
 * negative, not finite) means no such level (recorded as 0 in the trade).
 *
 * **Exits**, checked on every bar from the entry bar on, in this order:
 * 1. From the bar after the entry bar: the bar opens beyond the stop (long `open <= stop`, short
 *    `open >= stop`) → exit at `open` with slippage, `SL`; opens beyond the target (long
 *    `open >= target`, short `open <= target`) → exit at `open` without slippage, `TP`.
 * 2. Both levels touched in the bar (long `low <= stop && high >= target`) → `SL` at the stop,
 *    unless `lower` candles of that bar are given: they are walked in order, and the first one that
 *    touches exactly one level decides (`TP` at the target or `SL` at the stop); a lower candle
 *    touching both, or no lower candle touching either, leaves the stop first.
 * 3. `low <= stop` → `SL` at the stop; `high >= target` → `TP` at the target (short: mirrored).
 * 4. An opposite signal on the close of bar `j` (when `exitOnOpposite`) → exit at the open of
 *    `j+1`, `SIGNAL`; the signal then enters its own direction at that same open when the
 *    portfolio rules allow (stop-and-reverse). A signal in the held direction is ignored (not
 *    listed in `skipped`). An opposite signal whose direction is not allowed still closes the
 *    position (it is an exit signal) but opens nothing; it is listed in `skipped`. With
 *    `exitOnOpposite` off an opposite signal changes nothing and is listed in `skipped`
 *    (`position open`).
 * 5. Held `maxBars` bars (the entry bar counts as the first) → exit at the open of the next bar,
 *    `TIMEOUT`.
 * 6. Still open after the symbol's last bar → exit at that bar's close, `END`. A symbol whose data
 *    ends before others' is closed at its own last bar, so the last equity point is the cash after
 *    every exit: final equity = initial capital + total P&L.
 *
 * Rule 1 is checked before pending `SIGNAL` / `TIMEOUT` exits at the same open: a gap through a
 * level closes the position with that level's reason. Stop, signal, timeout and end exits are
 * market fills (long exit `price * (1 - s)`, short exit `price * (1 + s)`); target exits are limit
 * fills at the target price (or the better open, rule 1) without slippage.
 *
 * **Costs and sizing.** Fee `f * notional` on entry and on exit (`notional = qty * fill`). The
 * notional of an entry is `fixed:X` → `X`; `equity:P` → `P %` of equity; `risk:R` →
 * `equity * R / 100 / stopFraction` (so hitting the stop loses `R %` of equity before costs; a signal
 * without a stop is skipped). Equity here is the equity at the fill: cash plus the open positions
 * valued at their latest price (this bar's open for symbols that have a bar at this time, their
 * last close otherwise). The notional is then capped by `maxPositionPct %` of that equity and by
 * free cash after the entry fee (`cash / (1 + f)`); below `minOrder` (or the series' exchange
 * minimum when given and larger) the signal is skipped.
 * `qty = notional / fill`.
 *
 * **Shorts.** A short locks its notional of cash as collateral; its value at price `p` is
 * `collateral + qty * (entry - p)`, and its exit returns that value minus the exit fee.
 *
 * **Portfolio.** All symbols share one cash balance and step through the sorted union of their
 * bar times; a symbol without a bar at a time just keeps its last close as its price. At most one
 * position per symbol and `maxOpenTrades` in all. At each time, exits at the open come first (they
 * free cash and slots), then the entries due at that open, taken by descending confidence, then
 * symbol name (code-unit order). Equity is marked to market at every bar close
 * (`cash + Σ position value at its latest close`).
 *
 * **Equity curve.** `equityTime[0]` is the open time of the earliest bar with value `C0` (the
 * equity before the first bar); then one point per time of the union: its time and the equity at
 * the close of the bars opening then. `barsInMarket` counts the times at which a position is held
 * after the entries at the open (positions closed at that open do not count).
 *
 * **Skipped signals.** Every signal that opens nothing is listed in `skipped` with its bar's open
 * time and one of these reasons: `no next bar`, `LONG not allowed` / `SHORT not allowed`,
 * `position open`, `max open trades (N) reached`, `risk sizing needs a stop`,
 * `size X below min order Y`. Signals in the held direction are ignored without a record.
 *
 * **Trade P&L.** Long `qty * (exit - entry) - fees`, short `qty * (entry - exit) - fees`,
 * `pnlPct = pnl / (qty * entry) * 100`. `entryTime` is the open time of the entry bar, `exitTime`
 * the open time of the exit bar (gap, signal and timeout exits: the bar whose open filled; SL / TP:
 * the bar that touched the level; END: the last bar).
 */
import { nextOpenTime, isTimeframe, type Timeframe } from '../candles/timeframe';
import { type CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { cancelledBy, type CancelSignal } from '../util/cancel';
import { computeMetrics, type Metrics } from '../metrics';
import type { Direction, PreparedStrategy, Signal } from '../strategy/types';
import { validateBacktestConfig, type BacktestConfig, type Sizing } from './config';
import type { ExitReason, Trade } from './trade';

export interface BacktestSeries {
  symbol: string;
  timeframe: Timeframe;
  candles: CandleColumns;
  strategy: PreparedStrategy;
  /**
   * Lower-timeframe candles covering the same period, used only to tell whether the stop or the
   * target came first in a bar that touched both.
   */
  lower?: CandleColumns;
  /** The exchange's minimum order notional for this symbol, when known (quote units, ≥ 0). */
  minOrder?: number;
}

export interface BacktestInput {
  config: BacktestConfig;
  series: readonly BacktestSeries[];
}

export interface BacktestHooks {
  /** Called about every 1 % of the time steps, and once at the end, with steps done and total. */
  onProgress?(done: number, total: number): void;
  /** Read about every 1 % of the time steps; once aborted, the run throws a `CancelledError`. */
  signal?: CancelSignal;
}

/** A signal that opened no position, with why. `time` is the open time of the signal's bar. */
export interface SkippedSignal {
  symbol: string;
  time: number;
  direction: Direction;
  reason: string;
}

export interface BacktestResult {
  /** Closed trades in exit order (same time: symbol order). */
  trades: Trade[];
  equityTime: Float64Array;
  equityValue: Float64Array;
  barsInMarket: number;
  totalBars: number;
  skipped: SkippedSignal[];
  metrics: Metrics;
}

const NO_EXIT = 0;
const EXIT_SIGNAL = 1;
const EXIT_TIMEOUT = 2;

function checkColumns(c: CandleColumns, field: string): number {
  if (c === null || typeof c !== 'object') throw new TypeError(`${field}: ${String(c)} is not candle columns`);
  const cols = ['time', 'open', 'high', 'low', 'close'] as const;
  for (const k of cols) {
    if (!(c[k] instanceof Float64Array)) throw new TypeError(`${field}.${k}: is not a Float64Array`);
  }
  const n = c.time.length;
  for (const k of cols) {
    if (c[k].length !== n) throw new RangeError(`${field}.${k}: length ${c[k].length} differs from time length ${n}`);
  }
  const t = c.time;
  for (let i = 0; i < n; i++) {
    const v = t[i];
    if (!Number.isFinite(v)) throw new RangeError(`${field}.time[${i}]: ${v} is not a finite time`);
    if (i > 0 && v <= t[i - 1]) {
      throw new RangeError(`${field}.time[${i}]: ${v} is not after time[${i - 1}] ${t[i - 1]}`);
    }
  }
  return n;
}

/** Sorted, duplicate-free union of the series' bar times. */
function unionTimes(series: readonly BacktestSeries[]): Float64Array {
  if (series.length === 1) return series[0].candles.time;
  let total = 0;
  for (const s of series) total += s.candles.time.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const s of series) {
    all.set(s.candles.time, o);
    o += s.candles.time.length;
  }
  all.sort();
  let m = 0;
  for (let i = 0; i < total; i++) {
    if (m === 0 || all[i] !== all[m - 1]) all[m++] = all[i];
  }
  return all.subarray(0, m);
}

/** A signal's stop or target distance as used by the fills: positive and finite, else 0 (none). */
function levelFraction(v: number | undefined): number {
  return typeof v === 'number' && v > 0 && Number.isFinite(v) ? v : 0;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : String(v);
}

/** Position and cash state of one run, in flat arrays indexed by series. */
class Book {
  cash: number;
  openCount = 0;
  readonly trades: Trade[] = [];
  readonly skipped: SkippedSignal[] = [];
  // Open position per series (at most one per symbol); dir 0 = flat, 1 = long, -1 = short.
  readonly dir: Int8Array;
  readonly qty: Float64Array;
  readonly entryPx: Float64Array;
  readonly stopPx: Float64Array;
  readonly targetPx: Float64Array;
  readonly entryFee: Float64Array;
  readonly entryTime: Float64Array;
  readonly entryBar: Int32Array;
  readonly sigTime: Float64Array;
  readonly sig: (Signal | null)[];
  /** Latest price seen per series: the open during the open phase, the close after it. */
  readonly mark: Float64Array;
  // Actions decided on a close, executed at the series' next open.
  readonly pendDir: Int8Array;
  readonly pendSig: (Signal | null)[];
  readonly pendSigTime: Float64Array;
  readonly pendExit: Int8Array;

  private readonly open: Float64Array[];
  private readonly high: Float64Array[];
  private readonly low: Float64Array[];
  private readonly close: Float64Array[];
  private readonly strategies: PreparedStrategy[];
  private readonly feeRate: number;
  private readonly slip: number;
  private readonly maxBars: number;
  private readonly maxOpen: number;
  private readonly sizingKind: Sizing['kind'];
  private readonly sizingValue: number;
  private readonly maxPosFrac: number;
  /** Smallest entry notional per series: the larger of the config's and the exchange's minimum. */
  private readonly minOrder: Float64Array;
  private readonly allowLong: boolean;
  private readonly allowShort: boolean;
  private readonly exitOnOpposite: boolean;

  constructor(
    private readonly series: readonly BacktestSeries[],
    private readonly len: Int32Array,
    cfg: BacktestConfig,
  ) {
    const S = series.length;
    this.open = series.map((se) => se.candles.open);
    this.high = series.map((se) => se.candles.high);
    this.low = series.map((se) => se.candles.low);
    this.close = series.map((se) => se.candles.close);
    this.strategies = series.map((se) => se.strategy);
    this.maxBars = cfg.maxBars;
    this.cash = cfg.initialCapital;
    this.dir = new Int8Array(S);
    this.qty = new Float64Array(S);
    this.entryPx = new Float64Array(S);
    this.stopPx = new Float64Array(S);
    this.targetPx = new Float64Array(S);
    this.entryFee = new Float64Array(S);
    this.entryTime = new Float64Array(S);
    this.entryBar = new Int32Array(S);
    this.sigTime = new Float64Array(S);
    this.sig = new Array<Signal | null>(S).fill(null);
    this.mark = new Float64Array(S);
    this.pendDir = new Int8Array(S);
    this.pendSig = new Array<Signal | null>(S).fill(null);
    this.pendSigTime = new Float64Array(S);
    this.pendExit = new Int8Array(S);
    this.feeRate = cfg.feeRate;
    this.slip = cfg.slippage;
    this.maxOpen = cfg.maxOpenTrades;
    this.sizingKind = cfg.sizing.kind;
    this.sizingValue = cfg.sizing.value;
    this.maxPosFrac = cfg.maxPositionPct / 100;
    this.minOrder = new Float64Array(S);
    for (let s = 0; s < S; s++) this.minOrder[s] = Math.max(cfg.minOrder, series[s].minOrder ?? 0);
    this.allowLong = cfg.allowLong;
    this.allowShort = cfg.allowShort;
    this.exitOnOpposite = cfg.exitOnOpposite;
  }

  /** Cash plus every open position valued at its mark. */
  equity(): number {
    let v = this.cash;
    if (this.openCount === 0) return v;
    const { dir, qty, mark, entryPx } = this;
    for (let s = 0; s < dir.length; s++) {
      const d = dir[s];
      if (d === 1) v += qty[s] * mark[s];
      else if (d === -1) v += qty[s] * entryPx[s] + qty[s] * (entryPx[s] - mark[s]);
    }
    return v;
  }

  skip(s: number, time: number, d: number, reason: string): void {
    this.skipped.push({ symbol: this.series[s].symbol, time, direction: d === 1 ? 'LONG' : 'SHORT', reason });
  }

  /** Closes the position of series `s` at `price` (slippage already applied) and records the trade. */
  exit(s: number, price: number, reason: ExitReason, time: number): void {
    const d = this.dir[s];
    const q = this.qty[s];
    const e = this.entryPx[s];
    const exitFee = q * price * this.feeRate;
    let gross: number;
    if (d === 1) {
      gross = q * (price - e);
      this.cash += q * price - exitFee;
    } else {
      gross = q * (e - price);
      this.cash += q * e + gross - exitFee;
    }
    const fees = this.entryFee[s] + exitFee;
    const pnl = gross - fees;
    const sig = this.sig[s] as Signal;
    this.trades.push({
      symbol: this.series[s].symbol,
      direction: d === 1 ? 'LONG' : 'SHORT',
      entryTime: this.entryTime[s],
      entryPrice: e,
      exitTime: time,
      exitPrice: price,
      quantity: q,
      fees,
      pnl,
      pnlPct: (pnl / (q * e)) * 100,
      exitReason: reason,
      confidence: sig.confidence,
      stop: this.stopPx[s],
      target: this.targetPx[s],
      signalTime: this.sigTime[s],
      reasons: sig.reasons,
    });
    this.dir[s] = 0;
    this.sig[s] = null;
    this.pendExit[s] = NO_EXIT;
    this.openCount--;
  }

  /** Fills the pending entry of series `s` at the open of its bar `k` (time `time`), or skips it. */
  enter(s: number, k: number, time: number): void {
    const d = this.pendDir[s];
    const sig = this.pendSig[s] as Signal;
    const sigTime = this.pendSigTime[s];
    this.pendDir[s] = 0;
    this.pendSig[s] = null;
    if (this.openCount >= this.maxOpen) {
      this.skip(s, sigTime, d, `max open trades (${this.maxOpen}) reached`);
      return;
    }
    const open = this.open[s][k];
    const fill = d === 1 ? open * (1 + this.slip) : open * (1 - this.slip);
    const stopFraction = levelFraction(sig.stopFraction);
    const targetFraction = levelFraction(sig.targetFraction);
    const equity = this.equity();
    let notional: number;
    if (this.sizingKind === 'fixed') notional = this.sizingValue;
    else if (this.sizingKind === 'equity') notional = (equity * this.sizingValue) / 100;
    else {
      if (stopFraction === 0) {
        this.skip(s, sigTime, d, 'risk sizing needs a stop');
        return;
      }
      notional = (equity * this.sizingValue) / 100 / stopFraction;
    }
    const capPos = equity * this.maxPosFrac;
    if (notional > capPos) notional = capPos;
    const capCash = this.cash / (1 + this.feeRate);
    if (notional > capCash) notional = capCash;
    const minOrder = this.minOrder[s];
    if (!(notional > 0) || notional < minOrder) {
      this.skip(s, sigTime, d, `size ${fmt(notional)} below min order ${fmt(minOrder)}`);
      return;
    }
    const fee = notional * this.feeRate;
    this.cash -= notional + fee;
    this.dir[s] = d;
    this.qty[s] = notional / fill;
    this.entryPx[s] = fill;
    this.entryFee[s] = fee;
    this.stopPx[s] = stopFraction === 0 ? 0 : d === 1 ? fill * (1 - stopFraction) : fill * (1 + stopFraction);
    this.targetPx[s] = targetFraction === 0 ? 0 : d === 1 ? fill * (1 + targetFraction) : fill * (1 - targetFraction);
    this.entryTime[s] = time;
    this.entryBar[s] = k;
    this.sig[s] = sig;
    this.sigTime[s] = sigTime;
    this.pendExit[s] = NO_EXIT;
    this.openCount++;
  }

  /** Handles a signal fired on the close of bar `k` (open time `time`) of series `s`. */
  onSignal(s: number, k: number, time: number, sig: Signal): void {
    const sd = sig.direction === 'LONG' ? 1 : sig.direction === 'SHORT' ? -1 : 0;
    if (sd === 0) {
      throw new RangeError(`series[${s}] signal at bar ${k}: direction "${String(sig.direction)}" is not LONG or SHORT`);
    }
    const held = this.dir[s];
    if (held === sd) return;
    if (held !== 0) {
      if (!this.exitOnOpposite) {
        this.skip(s, time, sd, 'position open');
        return;
      }
      this.pendExit[s] = EXIT_SIGNAL;
    }
    if (sd === 1 ? !this.allowLong : !this.allowShort) {
      this.skip(s, time, sd, `${sig.direction} not allowed`);
      return;
    }
    if (k + 1 >= this.len[s]) {
      this.skip(s, time, sd, 'no next bar');
      return;
    }
    this.pendDir[s] = sd;
    this.pendSig[s] = sig;
    this.pendSigTime[s] = time;
  }

  /**
   * The open of bar `k` (open time `time`) of series `s`: marks the open, takes a gap exit
   * (rule 1), then a pending SIGNAL / TIMEOUT exit. Returns true when an entry is due at this open.
   */
  openBar(s: number, k: number, time: number): boolean {
    const open = this.open[s][k];
    this.mark[s] = open;
    const d = this.dir[s];
    if (d !== 0) {
      const slip = this.slip;
      const stop = this.stopPx[s];
      const target = this.targetPx[s];
      if (d === 1) {
        if (stop > 0 && open <= stop) this.exit(s, open * (1 - slip), 'SL', time);
        else if (target > 0 && open >= target) this.exit(s, open, 'TP', time);
      } else {
        if (stop > 0 && open >= stop) this.exit(s, open * (1 + slip), 'SL', time);
        else if (target > 0 && open <= target) this.exit(s, open, 'TP', time);
      }
      const pe = this.pendExit[s];
      if (pe !== NO_EXIT && this.dir[s] !== 0) {
        this.exit(s, d === 1 ? open * (1 - slip) : open * (1 + slip), pe === EXIT_SIGNAL ? 'SIGNAL' : 'TIMEOUT', time);
      }
    }
    return this.pendDir[s] !== 0;
  }

  /**
   * The rest of bar `k` after the entries at its open: stop / target inside the bar (rules 2–3),
   * the signal fired on its close, the timeout (rule 5) and the end of the series' data (rule 6).
   */
  closeBar(s: number, k: number, time: number): void {
    const slip = this.slip;
    let d = this.dir[s];
    if (d !== 0) {
      const stop = this.stopPx[s];
      const target = this.targetPx[s];
      const hi = this.high[s][k];
      const lo = this.low[s][k];
      const hitStop = stop > 0 && (d === 1 ? lo <= stop : hi >= stop);
      const hitTarget = target > 0 && (d === 1 ? hi >= target : lo <= target);
      if (hitStop && (!hitTarget || !this.targetFirst(s, time))) {
        this.exit(s, d === 1 ? stop * (1 - slip) : stop * (1 + slip), 'SL', time);
      } else if (hitTarget) {
        this.exit(s, target, 'TP', time);
      }
    }
    const cl = this.close[s][k];
    this.mark[s] = cl;
    const sig = this.strategies[s].signalAt(k);
    if (sig !== null && sig !== undefined) this.onSignal(s, k, time, sig);
    d = this.dir[s];
    if (d !== 0) {
      if (k + 1 >= this.len[s]) {
        this.exit(s, d === 1 ? cl * (1 - slip) : cl * (1 + slip), 'END', time);
      } else if (this.maxBars > 0 && this.pendExit[s] === NO_EXIT && k - this.entryBar[s] + 1 >= this.maxBars) {
        this.pendExit[s] = EXIT_TIMEOUT;
      }
    }
  }

  /** True when the lower candles of the bar of series `s` opening at `time` show the target touched first. */
  targetFirst(s: number, time: number): boolean {
    const lower = this.series[s].lower;
    if (lower === undefined) return false;
    const end = nextOpenTime(time, this.series[s].timeframe);
    const lt = lower.time;
    const lh = lower.high;
    const ll = lower.low;
    const d = this.dir[s];
    const stop = this.stopPx[s];
    const target = this.targetPx[s];
    for (let j = lowerBound(lt, time); j < lt.length && lt[j] < end; j++) {
      if (d === 1 ? ll[j] <= stop : lh[j] >= stop) return false;
      if (d === 1 ? lh[j] >= target : ll[j] <= target) return true;
    }
    return false;
  }
}

/**
 * Runs the strategies of every series over their candles as one portfolio, following the fill
 * model above. Throws a RangeError / TypeError naming the field for bad config or series, and a
 * `CancelledError` when cancelled.
 */
export function runBacktest(input: BacktestInput, hooks: BacktestHooks = {}): BacktestResult {
  const cfg = input.config;
  validateBacktestConfig(cfg);
  const series = input.series;
  if (!Array.isArray(series) || series.length === 0) {
    throw new RangeError(`series: ${Array.isArray(series) ? 'empty' : String(series)} (at least one series is needed)`);
  }
  const S = series.length;
  const seen = new Set<string>();
  const len = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    const se = series[s];
    const f = `series[${s}]`;
    if (typeof se.symbol !== 'string' || se.symbol === '') {
      throw new RangeError(`${f}.symbol: "${String(se.symbol)}" is not a symbol`);
    }
    if (seen.has(se.symbol)) throw new RangeError(`${f}.symbol: "${se.symbol}" appears in more than one series`);
    seen.add(se.symbol);
    if (!isTimeframe(se.timeframe)) throw new RangeError(`${f}.timeframe: "${String(se.timeframe)}" is not a timeframe`);
    len[s] = checkColumns(se.candles, `${f}.candles`);
    if (!se.strategy || typeof se.strategy.signalAt !== 'function') {
      throw new TypeError(`${f}.strategy: has no signalAt(i) function`);
    }
    if (se.lower !== undefined) checkColumns(se.lower, `${f}.lower`);
    if (se.minOrder !== undefined && !(typeof se.minOrder === 'number' && se.minOrder >= 0 && Number.isFinite(se.minOrder))) {
      throw new RangeError(`${f}.minOrder: ${String(se.minOrder)} must be a finite number ≥ 0`);
    }
  }

  const times = unionTimes(series);
  const nSteps = times.length;
  if (nSteps === 0) throw new RangeError('series: no candles in any series');

  // Series visited in symbol order; rank breaks confidence ties.
  const order = new Int32Array(S);
  for (let s = 0; s < S; s++) order[s] = s;
  order.sort((a, b) => (series[a].symbol < series[b].symbol ? -1 : series[a].symbol > series[b].symbol ? 1 : a - b));
  const rank = new Int32Array(S);
  for (let r = 0; r < S; r++) rank[order[r]] = r;

  const C0 = cfg.initialCapital;
  const book = new Book(series, len, cfg);
  let barsInMarket = 0;
  const equityTime = new Float64Array(nSteps + 1);
  const equityValue = new Float64Array(nSteps + 1);
  equityTime[0] = times[0];
  equityValue[0] = C0;

  const onProgress = hooks.onProgress;
  const signal = hooks.signal;
  const chunk = Math.max(1, Math.ceil(nSteps / 100));
  let nextCheck = 0;

  if (S === 1) {
    // One series: its bars are the time steps.
    for (let k = 0; k < nSteps; k++) {
      if (k === nextCheck) {
        nextCheck += chunk;
        if (signal !== undefined && signal.aborted) throw cancelledBy(signal, 'backtest cancelled');
        if (onProgress !== undefined) onProgress(k, nSteps);
      }
      const t = times[k];
      if (book.openBar(0, k, t)) book.enter(0, k, t);
      if (book.openCount > 0) barsInMarket++;
      book.closeBar(0, k, t);
      equityTime[k + 1] = t;
      equityValue[k + 1] = book.equity();
    }
  } else {
    const T = series.map((se) => se.candles.time);
    const pendSig = book.pendSig;
    const ptr = new Int32Array(S);
    const active = new Int32Array(S);
    const entryList = new Int32Array(S);
    const entryConf = new Float64Array(S);
    for (let step = 0; step < nSteps; step++) {
      if (step === nextCheck) {
        nextCheck += chunk;
        if (signal !== undefined && signal.aborted) throw cancelledBy(signal, 'backtest cancelled');
        if (onProgress !== undefined) onProgress(step, nSteps);
      }
      const t = times[step];
      // Opens of the series with a bar now, in symbol order; entries due now, ordered by
      // descending confidence, then symbol rank (insertion sort).
      let nActive = 0;
      let nEntries = 0;
      for (let oi = 0; oi < S; oi++) {
        const s = order[oi];
        const k = ptr[s];
        if (k >= len[s] || T[s][k] !== t) continue;
        active[nActive++] = s;
        if (!book.openBar(s, k, t)) continue;
        const c = (pendSig[s] as Signal).confidence;
        entryConf[s] = Number.isFinite(c) ? c : 0;
        let j = nEntries++;
        while (j > 0) {
          const p = entryList[j - 1];
          if (entryConf[p] > entryConf[s] || (entryConf[p] === entryConf[s] && rank[p] < rank[s])) break;
          entryList[j] = p;
          j--;
        }
        entryList[j] = s;
      }
      for (let e = 0; e < nEntries; e++) {
        const s = entryList[e];
        book.enter(s, ptr[s], t);
      }
      if (book.openCount > 0) barsInMarket++;
      for (let a = 0; a < nActive; a++) {
        const s = active[a];
        book.closeBar(s, ptr[s], t);
        ptr[s]++;
      }
      equityTime[step + 1] = t;
      equityValue[step + 1] = book.equity();
    }
  }
  if (onProgress !== undefined) onProgress(nSteps, nSteps);

  const { trades, skipped } = book;
  const totalBars = nSteps;
  const metrics = computeMetrics({ initialCapital: C0, trades, equityTime, equityValue, barsInMarket, totalBars });
  return { trades, equityTime, equityValue, barsInMarket, totalBars, skipped, metrics };
}
