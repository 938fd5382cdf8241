import type { Timeframe } from '../../core/candles/timeframe';

/**
 * How far the live signal stream has processed one watched candle series: every stored candle
 * opening at or before `last` has been run through the active strategy (its signal stored, the
 * lifecycle applied); later stored candles are still to be processed (catch-up).
 */
export interface LiveCursorRecord {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  /** Open time of the last processed candle (UTC ms). */
  last: number;
  /** Market time of the step that moved the cursor (UTC ms). */
  updatedAt: number;
}
