/**
 * Trades drawn on the chart, from a completed backtest or a paper session, in one shape: entry
 * and exit with their prices, the levels, and the result. Paper decimals become numbers here for
 * drawing only; the ledger keeps its strings.
 */
import type { Trade } from '../backtest/trade';
import type { Direction } from '../strategy/types';
import type { PaperTrade } from '../paper/types';
import { normaliseSymbol } from '../strategy/scripted';

export interface ChartTrade {
  symbol: string;
  direction: Direction;
  /** Open time of the bar that fired the signal (the entry time when there was none). */
  signalTime: number;
  entryTime: number;
  entryPrice: number;
  /** Null while the trade is open. */
  exitTime: number | null;
  exitPrice: number | null;
  /** TP, SL, SIGNAL, TIMEOUT, END or MANUAL; null while open. */
  exitReason: string | null;
  /** Levels at the fill (0 = none). */
  stop: number;
  target: number;
  /** Net P&L and its percentage; null while open. */
  pnl: number | null;
  pnlPct: number | null;
}

/** A trade and its 0-based index in the list it came from (a backtest's trades, a session's trades). */
export interface IndexedChartTrade {
  index: number;
  trade: ChartTrade;
}

export function backtestChartTrade(t: Trade): ChartTrade {
  return {
    symbol: t.symbol,
    direction: t.direction,
    signalTime: t.signalTime,
    entryTime: t.entryTime,
    entryPrice: t.entryPrice,
    exitTime: t.exitTime,
    exitPrice: t.exitPrice,
    exitReason: t.exitReason,
    stop: t.stop,
    target: t.target,
    pnl: t.pnl,
    pnlPct: t.pnlPct,
  };
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export function paperChartTrade(t: PaperTrade): ChartTrade {
  const closed = t.status === 'CLOSED' && t.exitTime !== null && t.exitPrice !== null;
  return {
    symbol: t.symbol,
    direction: t.direction,
    signalTime: t.signalTime ?? t.entryTime,
    entryTime: t.entryTime,
    entryPrice: Number(t.entryPrice),
    exitTime: closed ? t.exitTime : null,
    exitPrice: closed ? num(t.exitPrice) : null,
    exitReason: closed ? (t.exitReason ?? null) : null,
    stop: t.stopPrice === null ? 0 : Number(t.stopPrice),
    target: t.targetPrice === null ? 0 : Number(t.targetPrice),
    pnl: closed ? num(t.profitLoss) : null,
    pnlPct: closed ? num(t.profitLossPct) : null,
  };
}

/** A paper session's trades in the order they were entered (ties by id), as the chart numbers them. */
export function sessionTradeOrder(trades: readonly PaperTrade[]): PaperTrade[] {
  return [...trades].sort((a, b) => a.entryTime - b.entryTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Those of `all` on `symbol` (matched without case or punctuation), each with its index in `all`. */
export function chartTradesOfSymbol(all: readonly ChartTrade[], symbol: string): IndexedChartTrade[] {
  const want = normaliseSymbol(symbol);
  const out: IndexedChartTrade[] = [];
  all.forEach((trade, index) => {
    if (normaliseSymbol(trade.symbol) === want) out.push({ index, trade });
  });
  return out;
}
