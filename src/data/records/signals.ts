import type { Timeframe } from '../../core/candles/timeframe';
import type { ConfidenceLevel, Direction, Reason } from '../../core/strategy/types';

export type SignalStatus = 'ACTIVE' | 'TRIGGERED' | 'EXPIRED' | 'CANCELLED';
export const SIGNAL_STATUSES: readonly SignalStatus[] = ['ACTIVE', 'TRIGGERED', 'EXPIRED', 'CANCELLED'];

/** A trade idea produced by a strategy, as the Signals screen shows it. */
export interface SignalRecord {
  id: string;
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  /** Open time of the bar that fired the signal (UTC ms). */
  time: number;
  direction: Direction;
  market: 'spot';
  /** Entry reference price: the close of the signal bar. */
  price: number;
  /** Stop and target distances as fractions of price (0.02 = 2 %); 0 = none. */
  stopFraction: number;
  targetFraction: number;
  /** Stop and target levels relative to `price`; null = none. */
  stopPrice: number | null;
  targetPrice: number | null;
  /** 0..1 */
  confidence: number;
  level: ConfidenceLevel;
  strategy: string;
  preset: string | null;
  reasons: Reason[];
  status: SignalStatus;
  /** When the status last changed (UTC ms). */
  statusAt: number;
  createdAt: number;
}
