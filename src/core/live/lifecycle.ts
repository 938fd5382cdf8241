/**
 * The life of a live signal, as pure decisions on plain data.
 *
 * A signal is ACTIVE from the close of its bar. Then, in this order at each market time at which
 * watched candles close (a step):
 * 1. **EXPIRED** — an ACTIVE signal that no trade took by the close of the
 *    {@link SIGNAL_EXPIRY_BARS}-th bar after its own (with 1: when the next candle of its
 *    timeframe closes). A trade enters at the open of the bar after the signal (the fill model),
 *    so a signal nobody acted on by then is stale.
 * 2. **CANCELLED** — an ACTIVE signal on the same exchange and symbol (any timeframe) when a
 *    signal in the opposite direction fires.
 * 3. **TRIGGERED** — set by whoever opens a trade on an ACTIVE signal (the paper bot), not here.
 * TRIGGERED, EXPIRED and CANCELLED are final.
 */
import { nextOpenTime } from '../candles/timeframe';
import type { Direction } from '../strategy/types';
import type { LiveSeriesKey } from './steps';

/** Bars after its own bar within which a signal can still be taken. */
export const SIGNAL_EXPIRY_BARS = 1;

/** What the lifecycle needs to know of an ACTIVE signal. */
export interface OpenSignal extends LiveSeriesKey {
  id: string;
  /** Open time of the signal's bar. */
  time: number;
  direction: Direction;
}

/** Market time at which a signal of bar `time` expires: the close of the {@link SIGNAL_EXPIRY_BARS}-th bar after it. */
export function signalExpiresAt(s: Pick<OpenSignal, 'time' | 'timeframe'>, bars = SIGNAL_EXPIRY_BARS): number {
  let t = nextOpenTime(s.time, s.timeframe);
  for (let k = 0; k < bars; k++) t = nextOpenTime(t, s.timeframe);
  return t;
}

/** Ids of the signals that expire at a step closing at `closeTime`, in the order given. */
export function expiredAt(active: readonly OpenSignal[], closeTime: number): string[] {
  return active.filter((s) => signalExpiresAt(s) <= closeTime).map((s) => s.id);
}

/** Ids of the signals a new `fired` signal cancels: same exchange and symbol, opposite direction. */
export function cancelledBy(active: readonly OpenSignal[], fired: Pick<OpenSignal, 'id' | 'exchange' | 'symbol' | 'direction'>): string[] {
  return active
    .filter((s) => s.id !== fired.id && s.exchange === fired.exchange && s.symbol === fired.symbol && s.direction !== fired.direction)
    .map((s) => s.id);
}
