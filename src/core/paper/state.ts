/**
 * The paper bot's state as plain, JSON-safe data: the ledger (cash and open trades) and the runtime
 * (what the bot remembers between candles). The data layer keeps the ledger in the account and
 * trade records and the runtime in one record per book, so a state rebuilt from storage continues
 * exactly where the last step ended.
 */
import type { Timeframe } from '../candles/timeframe';
import type { Signal } from '../strategy/types';
import type { PaperAccountSettings } from './account';
import { Money, moneyString, price, type DecimalString } from './money';
import type { PaperTrade } from './types';

/** Cash and open positions of one book (a paper account, or the SYSTEM trades). */
export interface PaperLedger {
  /** Free cash (decimal string). */
  cash: DecimalString;
  /** Open trades, at most one per symbol. */
  open: PaperTrade[];
}

/** A signal waiting for the next open to be filled. */
export interface PendingEntry {
  signal: Signal;
  signalId: string | null;
}

/** What the bot remembers about one symbol. */
export interface SymbolRuntime {
  /** Open time of the last bar whose close was processed. */
  lastTime: number | null;
  /** Open time of the last bar whose open was processed. */
  openTime: number | null;
  /** Latest price seen: the bar's open during its open phase, its close after. */
  mark: number | null;
  /** Entry due at the next open. */
  pendingEntry: PendingEntry | null;
  /** The position closes at the next open (an opposite signal fired). */
  pendingExit: boolean;
}

/** Counters of the current UTC day. */
export interface DayCounters {
  /** UTC midnight (ms) of the day. */
  day: number;
  /** Equity when the day's first step began. */
  startEquity: DecimalString;
  /** Entries opened during the day. */
  trades: number;
  /** Realised P&L of the trades closed during the day. */
  pnl: DecimalString;
}

export interface BotRuntime {
  /** The book's key ({@link bookKey}): the account id, or `SYSTEM:<timeframe>`. */
  book: string;
  /** Last number used for a trade or decision id of this book. */
  seq: number;
  symbols: Record<string, SymbolRuntime>;
  day: DayCounters | null;
  /** Time of the latest entry (any symbol). */
  lastEntryTime: number | null;
  /** Losing trades in a row since the last win (or the last circuit-breaker pause). */
  lossStreak: number;
  /** Automatic entries are paused until this time (circuit breaker); null = not paused. */
  pausedUntil: number | null;
}

export interface BotState {
  ledger: PaperLedger;
  runtime: BotRuntime;
}

/** Who the bot trades for, and by which rules. */
export interface BotConfig {
  /** Account id, or SYSTEM_ACCOUNT. */
  book: string;
  timeframe: Timeframe;
  /**
   * The account's settings. The SYSTEM book uses only `feePct`, `slippagePct`, `allowLong` and
   * `allowShort`: it opens a fixed-size trade for every signal, without risk rules or cash limits.
   */
  settings: PaperAccountSettings;
  system: boolean;
}

/**
 * The key of a book's runtime and ids: the account id; for the SYSTEM trades `SYSTEM:<timeframe>`
 * (each watched timeframe has its own system positions).
 */
export function bookKey(cfg: Pick<BotConfig, 'book' | 'timeframe' | 'system'>): string {
  return cfg.system ? `${cfg.book}:${cfg.timeframe}` : cfg.book;
}

/** A fresh runtime for the book `key`. */
export function newRuntime(key: string): BotRuntime {
  return { book: key, seq: 0, symbols: {}, day: null, lastEntryTime: null, lossStreak: 0, pausedUntil: null };
}

/** A fresh state of the book `key`: `cash` and nothing else. */
export function newBotState(key: string, cash: DecimalString): BotState {
  return { ledger: { cash, open: [] }, runtime: newRuntime(key) };
}

/** A runtime after an account reset: the symbols' positions in time and the id counter stay, everything else starts over. */
export function resetRuntime(rt: BotRuntime): BotRuntime {
  const symbols: Record<string, SymbolRuntime> = {};
  for (const [s, r] of Object.entries(rt.symbols)) symbols[s] = { ...r, pendingEntry: null, pendingExit: false };
  return { ...newRuntime(rt.book), seq: rt.seq, symbols };
}

/** A runtime without entries waiting for their open (a session starts or ends: no signal of another run is filled). */
export function dropPendingEntries(rt: BotRuntime): BotRuntime {
  const symbols: Record<string, SymbolRuntime> = {};
  for (const [s, r] of Object.entries(rt.symbols)) symbols[s] = { ...r, pendingEntry: null };
  return { ...rt, symbols };
}

/** A copy that a step may change without touching `s` (trades and signals are never changed in place). */
export function copyState(s: BotState): BotState {
  const symbols: Record<string, SymbolRuntime> = {};
  for (const [k, v] of Object.entries(s.runtime.symbols)) symbols[k] = { ...v };
  return {
    ledger: { cash: s.ledger.cash, open: [...s.ledger.open] },
    runtime: { ...s.runtime, symbols, day: s.runtime.day === null ? null : { ...s.runtime.day } },
  };
}

/** The runtime of `symbol`, created empty on first use. */
export function symbolRuntime(rt: BotRuntime, symbol: string): SymbolRuntime {
  let r = rt.symbols[symbol];
  if (r === undefined) {
    r = { lastTime: null, openTime: null, mark: null, pendingEntry: null, pendingExit: false };
    rt.symbols[symbol] = r;
  }
  return r;
}

/** The open trade of `symbol`, if any. */
export function openTradeOf(ledger: PaperLedger, symbol: string): PaperTrade | undefined {
  return ledger.open.find((t) => t.symbol === symbol);
}

/**
 * What an open trade is worth at `mark` (its entry price when there is no mark): a long
 * `qty × mark`; a short its collateral plus its gain, `positionSize + qty × (entry − mark)`.
 */
export function positionValue(t: PaperTrade, mark: number | null): Money {
  const qty = new Money(t.quantity);
  const entry = new Money(t.entryPrice);
  const p = mark === null ? entry : price(mark);
  return t.direction === 'LONG' ? qty.mul(p) : new Money(t.positionSize).plus(qty.mul(entry.minus(p)));
}

/**
 * Cash plus every open position valued at its symbol's mark, summed in symbol order (so the
 * result does not depend on the order the open trades were loaded in).
 */
export function equityOf(state: BotState): Money {
  let e = new Money(state.ledger.cash);
  const open = state.ledger.open.length > 1 ? [...state.ledger.open].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)) : state.ledger.open;
  for (const t of open) e = e.plus(positionValue(t, state.runtime.symbols[t.symbol]?.mark ?? null));
  return e;
}

/** Equity as a decimal string. */
export function equityString(state: BotState): DecimalString {
  return moneyString(equityOf(state));
}
