/**
 * Builders for paper-bot tests: relaxed settings, books run over hand-built candles with scripted
 * signals (the backtester's test strategies), and the ledger identity every run must keep.
 */
import type { CandleColumns } from '../candles/types';
import { candlesOf, scriptedStrategy, type Ohlc, type ScriptStep } from '../backtest/test-support';
import { accountSettings, type PaperAccountSettings } from './account';
import type { BotContext, BotStepResult } from './bot';
import { catchUp, type CatchUpSeries, type SignalLookup } from './catch-up';
import { Money, moneyString } from './money';
import { bookKey, newBotState, type BotConfig, type BotState } from './state';
import { SYSTEM_ACCOUNT, type PaperTrade } from './types';

export const H = 3_600_000;
export const MIN = 60_000;
/** Midnight UTC, 1 Jan 2024: hourly test candles start here. */
export const T0 = Date.UTC(2024, 0, 1);

/** Settings under which only the size rules act: auto-trading on, every other limit out of reach, no costs. */
export const RELAXED: Partial<PaperAccountSettings> = {
  autoTrading: true,
  minConfidence: 0,
  maxDailyLossPct: 100,
  maxDailyTrades: 1_000_000,
  minMinutesBetweenTrades: 0,
  circuitBreaker: { enabled: false, maxConsecutiveLosses: 5, cooldownMinutes: 60 },
  feePct: 0,
  slippagePct: 0,
  stopLossPct: 0,
  takeProfitPct: 0,
};

export function testSettings(over: Partial<PaperAccountSettings> = {}): PaperAccountSettings {
  return accountSettings({ name: 'Test', ...RELAXED, ...over });
}

export const CTX: BotContext = { session: 'ses_test', trading: true, strategy: 'TEST', preset: null };

/** One symbol's hand-built hourly candles and the signals fired on their closes. */
export interface TestSeries {
  symbol: string;
  rows: readonly Ohlc[];
  script?: readonly ScriptStep[];
  /** Open time of the first candle (default T0). */
  start?: number;
}

export interface Book {
  cfg: BotConfig;
  series: CatchUpSeries[];
  lookup: SignalLookup;
}

/** The candles and signal lookup of `series`, and the config of an account (or the SYSTEM book). */
export function book(series: readonly TestSeries[], settings: PaperAccountSettings, system = false, book = 'acc_test'): Book {
  const prepared = new Map<string, { candles: CandleColumns; signalAt: (i: number) => ReturnType<ReturnType<typeof scriptedStrategy>['signalAt']> }>();
  const out: CatchUpSeries[] = [];
  for (const s of series) {
    const candles = candlesOf(s.rows, s.start ?? T0, H);
    const strat = scriptedStrategy(s.symbol, candles, s.script ?? []);
    prepared.set(s.symbol, { candles, signalAt: (i) => strat.signalAt(i) });
    out.push({ symbol: s.symbol, candles });
  }
  const lookup: SignalLookup = (symbol, i) => {
    const sig = prepared.get(symbol)?.signalAt(i) ?? null;
    return sig === null ? null : { signal: sig, id: `sig_${symbol}_${i}` };
  };
  return { cfg: { book: system ? SYSTEM_ACCOUNT : book, timeframe: '1h', settings, system }, series: out, lookup };
}

/** A fresh state for the book. */
export function fresh(b: Book, cash = '10000'): BotState {
  return newBotState(bookKey(b.cfg), cash);
}

/** Runs the book over all its candles from a fresh state. */
export function runAll(b: Book, cash = '10000', closeAtEnd = false): BotStepResult {
  return catchUp(fresh(b, cash), b.cfg, b.series, b.lookup, CTX, { closeAtEnd });
}

/**
 * The right-hand side of the ledger identity: cash = initial + Σ closed P&L − Σ open
 * (positionSize + entry fee), up to the 28-digit rounding of each addition.
 */
export function ledgerIdentity(initial: string, r: BotStepResult): string {
  let v = new Money(initial);
  for (const e of r.events) if (e.type === 'CLOSE') v = v.plus(e.trade.profitLoss as string);
  for (const t of r.state.ledger.open) v = v.minus(t.positionSize).minus(t.fees);
  return moneyString(v);
}

/**
 * A stored trade for tests of what reads the ledger: a LONG of 10 AAA/USDT at 10, open at T0 (no
 * exit, no P&L, no fees) unless `over` says otherwise; `exitHours` closes it that many hours after
 * T0 at 11 by its target, with the P&L given.
 */
export function tradeRecord(over: Partial<PaperTrade> & { exitHours?: number } = {}): PaperTrade {
  const { exitHours, ...rest } = over;
  const closed = exitHours === undefined ? {} : { status: 'CLOSED' as const, exitTime: T0 + exitHours * H, exitPrice: '11', exitReason: 'TP' as const };
  return {
    id: 'trd_1',
    account: 'acc_test',
    signalId: null,
    session: null,
    symbol: 'AAA/USDT',
    timeframe: '1h',
    direction: 'LONG',
    status: 'OPEN',
    entryTime: T0,
    entryPrice: '10',
    quantity: '10',
    positionSize: '100',
    stopPrice: null,
    targetPrice: null,
    exitTime: null,
    exitPrice: null,
    exitReason: null,
    fees: '0',
    profitLoss: null,
    profitLossPct: null,
    mode: 'AUTOMATIC',
    signalTime: null,
    confidence: null,
    updatedAt: 0,
    ...closed,
    ...rest,
  };
}
