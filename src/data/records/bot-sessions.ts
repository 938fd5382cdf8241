import type { Timeframe } from '../../core/candles/timeframe';
import type { StrategyParams } from '../../core/strategy/types';
import type { DecimalString } from './common';

export type SessionStatus = 'STARTING' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'COMPLETED' | 'ERROR';
export const SESSION_STATUSES: readonly SessionStatus[] = ['STARTING', 'RUNNING', 'PAUSED', 'STOPPED', 'COMPLETED', 'ERROR'];

/** One run of the paper bot on an account. */
export interface BotSessionRecord {
  id: string;
  name: string;
  account: string;
  exchange: string;
  strategy: string;
  preset: string | null;
  /** The strategy parameters in force when the session started. */
  config: StrategyParams;
  symbols: string[];
  timeframe: Timeframe;
  status: SessionStatus;
  startedAt: number;
  stoppedAt: number | null;
  /** Stop after this long (ms); null = no limit. */
  runtimeLimitMs: number | null;
  startingBalance: DecimalString;
  endingBalance: DecimalString | null;
  stopReason: string | null;
}
