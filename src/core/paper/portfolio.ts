/**
 * The closed side of a portfolio: per symbol, what the account's closed trades realised (decimal
 * sums), how many there were, how many won and lost, their fees, and when the last one closed.
 */
import { Money, moneyString, type DecimalString } from './money';
import type { PaperTrade } from './types';

export interface ClosedPosition {
  symbol: string;
  /** Closed trades of the symbol. */
  trades: number;
  /** Trades with a P&L above zero / below zero. */
  wins: number;
  losses: number;
  /** Sum of the trades' P&L (net of fees). */
  realisedPnl: DecimalString;
  fees: DecimalString;
  /** Exit time of the latest trade (UTC ms). */
  lastClosed: number;
}

/** The closed positions by symbol, the most recently closed first (ties by symbol). */
export function closedPositions(trades: readonly PaperTrade[]): ClosedPosition[] {
  const by = new Map<string, { trades: number; wins: number; losses: number; pnl: Money; fees: Money; last: number }>();
  for (const t of trades) {
    if (t.status !== 'CLOSED' || t.exitTime === null || t.profitLoss === null) continue;
    const p = new Money(t.profitLoss);
    const cur = by.get(t.symbol) ?? { trades: 0, wins: 0, losses: 0, pnl: new Money(0), fees: new Money(0), last: t.exitTime };
    cur.trades += 1;
    if (p.gt(0)) cur.wins += 1;
    else if (p.lt(0)) cur.losses += 1;
    cur.pnl = cur.pnl.plus(p);
    cur.fees = cur.fees.plus(new Money(t.fees));
    cur.last = Math.max(cur.last, t.exitTime);
    by.set(t.symbol, cur);
  }
  return [...by.entries()]
    .map(([symbol, c]) => ({ symbol, trades: c.trades, wins: c.wins, losses: c.losses, realisedPnl: moneyString(c.pnl), fees: moneyString(c.fees), lastClosed: c.last }))
    .sort((a, b) => b.lastClosed - a.lastClosed || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}
