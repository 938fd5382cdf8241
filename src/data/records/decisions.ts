import type { Timeframe } from '../../core/candles/timeframe';
import type { ConfidenceLevel } from '../../core/strategy/types';

export type Decision = 'BUY' | 'SELL' | 'HOLD' | 'SKIP' | 'STOP_LOSS' | 'TAKE_PROFIT';
export const DECISIONS: readonly Decision[] = ['BUY', 'SELL', 'HOLD', 'SKIP', 'STOP_LOSS', 'TAKE_PROFIT'];

/** Longest `reasoning` text kept, in characters. */
export const MAX_REASONING_LENGTH = 500;

/** What the bot saw when it decided. */
export interface MarketSnapshot {
  price: number;
  /** Indicator name → value at the decision. */
  indicators: Record<string, number | null>;
  [key: string]: unknown;
}

/** One of the bot's "thoughts": what it decided for a symbol on a candle, and why. */
export interface DecisionRecord {
  id: string;
  /** UTC ms */
  time: number;
  /** Paper account id, or `SYSTEM_ACCOUNT` for decisions not tied to an account. */
  account: string;
  symbol: string;
  timeframe: Timeframe;
  decision: Decision;
  /** 0..1 */
  confidence: number;
  level: ConfidenceLevel;
  /** 0..100 */
  riskScore: number;
  /** 0..100 */
  opportunityScore: number;
  /** At most MAX_REASONING_LENGTH characters. */
  reasoning: string;
  keyFactors: string[];
  snapshot: MarketSnapshot;
  strategy: string;
  preset: string | null;
  session: string | null;
  signalId: string | null;
}
