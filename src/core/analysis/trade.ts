/**
 * The one trade shape every analysis reads, whatever produced the trade: a backtest's `Trade` or a
 * paper trade (decimal strings, any status). Prices and money become numbers here — the analysis
 * only measures; the ledger keeps its decimals.
 */
import type { Trade } from '../backtest/trade';
import type { TradeResult } from '../metrics';
import type { Direction } from '../strategy/types';

export type AnalysisStatus = 'OPEN' | 'CLOSED' | 'CANCELLED';
export const ANALYSIS_STATUSES: readonly AnalysisStatus[] = ['OPEN', 'CLOSED', 'CANCELLED'];

/** A trade as the analyses read it. Levels and exit fields are null where the trade has none. */
export interface AnalysisTrade {
  /** The paper trade's id, or `#n` for the n-th trade of a backtest (from 1). */
  id: string;
  symbol: string;
  direction: Direction;
  status: AnalysisStatus;
  /** UTC ms */
  entryTime: number;
  entryPrice: number;
  quantity: number;
  /** Stop and target levels; null = none. */
  stop: number | null;
  target: number | null;
  exitTime: number | null;
  exitPrice: number | null;
  /** TP, SL, SIGNAL, TIMEOUT, END, or MANUAL (paper); null while open. */
  exitReason: string | null;
  fees: number;
  /** Net of fees; null unless closed. */
  pnl: number | null;
  pnlPct: number | null;
  /** The signal's confidence (0..1); null for manual trades. */
  confidence: number | null;
  /** Open time of the bar that fired the signal; null for manual trades. */
  signalTime: number | null;
}

/** The fields of a paper trade the analysis reads (the ledger's record; money as decimal strings). */
export interface PaperTradeInput {
  id: string;
  symbol: string;
  direction: Direction;
  status: AnalysisStatus;
  entryTime: number;
  entryPrice: string;
  quantity: string;
  stopPrice: string | null;
  targetPrice: string | null;
  exitTime: number | null;
  exitPrice: string | null;
  exitReason: string | null;
  fees: string;
  profitLoss: string | null;
  profitLossPct: string | null;
  confidence?: number | null;
  signalTime?: number | null;
}

/** A backtest trade (always closed) as an analysis trade; `index` numbers it (`#index+1`). */
export function fromBacktestTrade(t: Trade, index: number): AnalysisTrade {
  return {
    id: `#${index + 1}`,
    symbol: t.symbol,
    direction: t.direction,
    status: 'CLOSED',
    entryTime: t.entryTime,
    entryPrice: t.entryPrice,
    quantity: t.quantity,
    stop: t.stop > 0 ? t.stop : null,
    target: t.target > 0 ? t.target : null,
    exitTime: t.exitTime,
    exitPrice: t.exitPrice,
    exitReason: t.exitReason,
    fees: t.fees,
    pnl: t.pnl,
    pnlPct: t.pnlPct,
    confidence: t.confidence,
    signalTime: t.signalTime,
  };
}

function decimal(field: string, v: unknown): number {
  const n = typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new RangeError(`${field}: ${JSON.stringify(v)} is not a decimal number`);
  return n;
}

function decimalOrNull(field: string, v: unknown): number | null {
  return v === null || v === undefined ? null : decimal(field, v);
}

function time(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${field}: ${JSON.stringify(v)} is not a time in UTC ms`);
  return v;
}

/**
 * A paper trade as an analysis trade. `where` prefixes error messages (`trades[3]`); a bad field
 * throws a RangeError naming it and its value. A level of 0 means none, as in a backtest.
 */
export function fromPaperTrade(r: PaperTradeInput, where = 'trade'): AnalysisTrade {
  if (r === null || typeof r !== 'object') throw new RangeError(`${where}: ${String(r)} is not a paper trade`);
  if (typeof r.symbol !== 'string' || r.symbol === '') throw new RangeError(`${where}.symbol: ${JSON.stringify(r.symbol)} is not a symbol`);
  if (r.direction !== 'LONG' && r.direction !== 'SHORT') throw new RangeError(`${where}.direction: ${JSON.stringify(r.direction)} is not LONG or SHORT`);
  if (!ANALYSIS_STATUSES.includes(r.status)) throw new RangeError(`${where}.status: ${JSON.stringify(r.status)} is not OPEN, CLOSED or CANCELLED`);
  const closed = r.status === 'CLOSED';
  const stop = decimalOrNull(`${where}.stopPrice`, r.stopPrice);
  const target = decimalOrNull(`${where}.targetPrice`, r.targetPrice);
  const pnl = decimalOrNull(`${where}.profitLoss`, r.profitLoss);
  if (closed && pnl === null) throw new RangeError(`${where}.profitLoss: null, but the trade is CLOSED`);
  const exitTime = r.exitTime === null || r.exitTime === undefined ? null : time(`${where}.exitTime`, r.exitTime);
  if (closed && exitTime === null) throw new RangeError(`${where}.exitTime: null, but the trade is CLOSED`);
  return {
    id: String(r.id),
    symbol: r.symbol,
    direction: r.direction,
    status: r.status,
    entryTime: time(`${where}.entryTime`, r.entryTime),
    entryPrice: decimal(`${where}.entryPrice`, r.entryPrice),
    quantity: decimal(`${where}.quantity`, r.quantity),
    stop: stop !== null && stop > 0 ? stop : null,
    target: target !== null && target > 0 ? target : null,
    exitTime,
    exitPrice: decimalOrNull(`${where}.exitPrice`, r.exitPrice),
    exitReason: r.exitReason ?? null,
    fees: decimal(`${where}.fees`, r.fees),
    pnl,
    pnlPct: decimalOrNull(`${where}.profitLossPct`, r.profitLossPct),
    confidence: typeof r.confidence === 'number' && Number.isFinite(r.confidence) ? r.confidence : null,
    signalTime: typeof r.signalTime === 'number' && Number.isFinite(r.signalTime) ? r.signalTime : null,
  };
}

/** A closed trade with its exit (the type guard the metrics and excursions need). */
export type ClosedAnalysisTrade = AnalysisTrade & { status: 'CLOSED'; exitTime: number; exitPrice: number; pnl: number };

export function isClosed(t: AnalysisTrade): t is ClosedAnalysisTrade {
  return t.status === 'CLOSED' && t.exitTime !== null && t.exitPrice !== null && t.pnl !== null;
}

/** What the metrics read of a closed trade. */
export function tradeResult(t: ClosedAnalysisTrade): TradeResult {
  return { pnl: t.pnl, fees: t.fees, entryTime: t.entryTime, exitTime: t.exitTime };
}

/** Stop and target distances of a trade, in percent of its entry price, and their ratio. */
export interface LevelDistances {
  targetPct: number | null;
  stopPct: number | null;
  /** targetPct / stopPct; null without both. */
  rewardRisk: number | null;
}

export function levelDistances(t: AnalysisTrade): LevelDistances {
  const e = t.entryPrice;
  const targetPct = t.target !== null && e > 0 ? (Math.abs(t.target - e) / e) * 100 : null;
  const stopPct = t.stop !== null && e > 0 ? (Math.abs(e - t.stop) / e) * 100 : null;
  const rewardRisk = targetPct !== null && stopPct !== null && stopPct > 0 ? targetPct / stopPct : null;
  return { targetPct, stopPct, rewardRisk };
}

/** The latest time the trades show (entry or exit); null for none. */
export function latestTime(trades: readonly AnalysisTrade[]): number | null {
  let t = -Infinity;
  for (const x of trades) t = Math.max(t, x.entryTime, x.exitTime ?? -Infinity);
  return Number.isFinite(t) ? t : null;
}
