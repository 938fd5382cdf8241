/**
 * Gaps drawn as gaps. A time-scale chart puts consecutive data points next to each other, so a
 * stretch of missing candles would vanish; empty slots (whitespace points) at the missing open
 * times keep it visible, at most `maxPerGap` per gap so that a gap of months stays a readable gap.
 */
import { nextOpenTime, type Timeframe } from '../candles/timeframe';

/** The slots of a run of candles: every slot's time, and the slot of each candle. */
export interface GapSlots {
  /** Open time of every slot, ascending: candles and the empty slots between them. */
  time: Float64Array;
  /** Per slot: the candle's index in the run, or -1 for an empty slot. */
  candle: Int32Array;
  /** Per candle: the number of slots up to and including it. */
  end: Int32Array;
}

/** Default cap of empty slots per gap. */
export const MAX_GAP_SLOTS = 240;

/**
 * Slots for candles with open times `time` (ascending, on the `tf` grid): one per candle, and one
 * per missing open time between two candles, up to `maxPerGap` per gap (the first ones).
 */
export function gapSlots(time: ArrayLike<number>, tf: Timeframe, maxPerGap = MAX_GAP_SLOTS): GapSlots {
  const n = time.length;
  const times: number[] = [];
  const candle: number[] = [];
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      let t = nextOpenTime(time[i - 1], tf);
      for (let k = 0; k < maxPerGap && t < time[i]; k++) {
        times.push(t);
        candle.push(-1);
        t = nextOpenTime(t, tf);
      }
    }
    times.push(time[i]);
    candle.push(i);
    end[i] = times.length;
  }
  return { time: Float64Array.from(times), candle: Int32Array.from(candle), end };
}
