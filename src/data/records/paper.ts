import type { ExitReason } from '../../core/backtest/trade';
import type { Direction } from '../../core/strategy/types';
import type { DecimalString } from './common';

/** The `account` of SYSTEM trades and decisions (those not tied to a paper account). */
export const SYSTEM_ACCOUNT = 'SYSTEM';

export interface CircuitBreakerSettings {
  enabled: boolean;
  /** Losing trades in a row that pause automatic trading. */
  maxConsecutiveLosses: number;
  /** How long the pause lasts, in minutes. */
  cooldownMinutes: number;
}

/** A simulated trading account. Money is decimal strings; percents are in percent (10 = 10 %). */
export interface PaperAccountRecord {
  id: string;
  name: string;
  initialBalance: DecimalString;
  currentBalance: DecimalString;
  autoTrading: boolean;
  maxOpenTrades: number;
  /** 0..1 */
  minConfidence: number;
  maxPositionSizePct: number;
  minPositionSize: DecimalString;
  stopLossPct: number;
  takeProfitPct: number;
  maxDailyLossPct: number;
  maxDailyTrades: number;
  minMinutesBetweenTrades: number;
  circuitBreaker: CircuitBreakerSettings;
  createdAt: number;
  updatedAt: number;
}

export type TradeStatus = 'OPEN' | 'CLOSED' | 'CANCELLED';
export const TRADE_STATUSES: readonly TradeStatus[] = ['OPEN', 'CLOSED', 'CANCELLED'];

export type PaperExitReason = ExitReason | 'MANUAL';

/** A paper trade. Every price, amount and P&L is a decimal string (ledger precision). */
export interface PaperTradeRecord {
  id: string;
  /** Paper account id, or SYSTEM_ACCOUNT for the fixed-size trade opened for every signal. */
  account: string;
  signalId: string | null;
  /** Bot session that opened it; null for manual trades. */
  session: string | null;
  symbol: string;
  direction: Direction;
  status: TradeStatus;
  /** UTC ms */
  entryTime: number;
  entryPrice: DecimalString;
  quantity: DecimalString;
  /** quantity × entry price, in quote currency. */
  positionSize: DecimalString;
  stopPrice: DecimalString | null;
  targetPrice: DecimalString | null;
  exitTime: number | null;
  exitPrice: DecimalString | null;
  exitReason: PaperExitReason | null;
  fees: DecimalString;
  profitLoss: DecimalString | null;
  profitLossPct: DecimalString | null;
  mode: 'MANUAL' | 'AUTOMATIC';
  updatedAt: number;
}
