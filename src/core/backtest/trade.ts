import type { Direction, Reason } from '../strategy/types';

export type ExitReason = 'TP' | 'SL' | 'SIGNAL' | 'TIMEOUT' | 'END';
export const EXIT_REASONS: readonly ExitReason[] = ['TP', 'SL', 'SIGNAL', 'TIMEOUT', 'END'];

/** A closed trade, as the backtester records it and every report reads it. */
export interface Trade {
  symbol: string;
  direction: Direction;
  /** Open time (UTC ms) of the bar whose open filled the entry. */
  entryTime: number;
  entryPrice: number;
  /** Time of the exit: the open time of the exit bar (intrabar and open exits) or of the last bar (END). */
  exitTime: number;
  exitPrice: number;
  quantity: number;
  /** Entry fee + exit fee. */
  fees: number;
  /** Net of fees. */
  pnl: number;
  pnlPct: number;
  exitReason: ExitReason;
  confidence: number;
  /** Levels at the fill (0 = none). */
  stop: number;
  target: number;
  /** Open time of the bar that fired the signal. */
  signalTime: number;
  reasons: Reason[];
}

/** A deep copy of a trade holding exactly the Trade fields (no extra properties carried along). */
export function copyTrade(t: Trade): Trade {
  return {
    symbol: t.symbol,
    direction: t.direction,
    entryTime: t.entryTime,
    entryPrice: t.entryPrice,
    exitTime: t.exitTime,
    exitPrice: t.exitPrice,
    quantity: t.quantity,
    fees: t.fees,
    pnl: t.pnl,
    pnlPct: t.pnlPct,
    exitReason: t.exitReason,
    confidence: t.confidence,
    stop: t.stop,
    target: t.target,
    signalTime: t.signalTime,
    reasons: t.reasons.map((r) => ({ condition: r.condition, value: r.value, threshold: r.threshold, pass: r.pass })),
  };
}
