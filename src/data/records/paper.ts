import type { PaperAccountSettings } from '../../core/paper/account';
import type { PaperTrade } from '../../core/paper/types';
import type { DecimalString } from './common';

export { SYSTEM_ACCOUNT, TRADE_STATUSES } from '../../core/paper/types';
export type { TradeStatus, PaperExitReason, TradeMode } from '../../core/paper/types';
export type { CircuitBreakerSettings, PaperAccountSettings } from '../../core/paper/account';

/** A simulated trading account: its settings, and its balances as decimal strings. */
export interface PaperAccountRecord extends PaperAccountSettings {
  id: string;
  initialBalance: DecimalString;
  /** Free cash: the initial balance plus realised P&L, less what open positions hold (notional and entry fee). */
  currentBalance: DecimalString;
  createdAt: number;
  updatedAt: number;
}

/** A paper trade (the core's PaperTrade, stored as is). */
export type PaperTradeRecord = PaperTrade;
