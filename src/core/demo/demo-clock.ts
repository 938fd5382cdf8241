/**
 * The demo market's live clock: market time as a function of real time.
 *
 * While running, market time = `anchorMarket + (realNow − anchorReal) × speed`; paused, it stays at
 * `anchorMarket`. Changing the speed, pausing or resuming re-anchors at the current market time, so
 * market time never jumps and never runs backwards (a real clock set back leaves it where it was).
 * Real time is always passed in (`realNow`): nothing here reads a clock, so tests never sleep.
 *
 * A candle of timeframe tf is closed at market time T when its close time (open + tf) is ≤ T:
 * {@link closedBefore} gives the open time the first still-forming candle has.
 */
import { candleOpenTime, nextOpenTime, type Timeframe } from '../candles/timeframe';

/** Speeds the clock runs at: real time, one minute per second, ten minutes per second. */
export const DEMO_SPEEDS = [1, 60, 600] as const;
export type DemoSpeed = (typeof DEMO_SPEEDS)[number];
/** Speed of a new clock. */
export const DEMO_DEFAULT_SPEED: DemoSpeed = 60;

export interface DemoClock {
  /** Market time (UTC ms) at `anchorReal`. */
  anchorMarket: number;
  /** Real time (UTC ms) of the last start, speed change or pause. */
  anchorReal: number;
  speed: DemoSpeed;
  running: boolean;
}

export function isDemoSpeed(v: unknown): v is DemoSpeed {
  return (DEMO_SPEEDS as readonly unknown[]).includes(v);
}

/** Throws naming the field and the value unless `c` is a valid clock; returns it typed. */
export function validateDemoClock(c: unknown, field = 'demoClock'): DemoClock {
  if (typeof c !== 'object' || c === null) throw new TypeError(`${field}: ${String(c)} is not a clock`);
  const v = c as Record<string, unknown>;
  for (const k of ['anchorMarket', 'anchorReal'] as const) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) throw new RangeError(`${field}.${k}: ${String(v[k])} is not a time in UTC ms`);
  }
  if (!isDemoSpeed(v.speed)) throw new RangeError(`${field}.speed: ${String(v.speed)} is not one of ${DEMO_SPEEDS.join(', ')}`);
  if (typeof v.running !== 'boolean') throw new TypeError(`${field}.running: ${String(v.running)} is not a boolean`);
  return c as DemoClock;
}

/** A paused clock showing `marketTime`. */
export function createDemoClock(marketTime: number, realNow: number, speed: DemoSpeed = DEMO_DEFAULT_SPEED): DemoClock {
  return validateDemoClock({ anchorMarket: marketTime, anchorReal: realNow, speed, running: false });
}

/** Market time (UTC ms, whole milliseconds) at real time `realNow`. */
export function demoMarketTime(c: DemoClock, realNow: number): number {
  if (!c.running || !(realNow > c.anchorReal)) return c.anchorMarket;
  return c.anchorMarket + Math.floor((realNow - c.anchorReal) * c.speed);
}

function reanchor(c: DemoClock, realNow: number, patch: Partial<Pick<DemoClock, 'speed' | 'running'>>): DemoClock {
  const anchorMarket = demoMarketTime(c, realNow);
  return { anchorMarket, anchorReal: Math.max(realNow, c.anchorReal), speed: patch.speed ?? c.speed, running: patch.running ?? c.running };
}

/** The clock at another speed, market time continuous. */
export function setDemoSpeed(c: DemoClock, speed: DemoSpeed, realNow: number): DemoClock {
  if (!isDemoSpeed(speed)) throw new RangeError(`speed: ${String(speed)} is not one of ${DEMO_SPEEDS.join(', ')}`);
  return reanchor(c, realNow, { speed });
}

/** The clock started (or left running). */
export function startDemoClock(c: DemoClock, realNow: number): DemoClock {
  return c.running ? c : reanchor(c, realNow, { running: true });
}

/** The clock paused at the current market time. */
export function pauseDemoClock(c: DemoClock, realNow: number): DemoClock {
  return c.running ? reanchor(c, realNow, { running: false }) : c;
}

/**
 * Open time of the first candle of `tf` that has not closed at market time `t`: every candle
 * opening before it has closed (close time ≤ t).
 */
export function closedBefore(t: number, tf: Timeframe): number {
  return candleOpenTime(t, tf);
}

/**
 * Real milliseconds from `realNow` until market time reaches `marketTarget` (0 when it already
 * has), or null when the clock is paused and the target is still ahead.
 */
export function realDelayUntil(c: DemoClock, realNow: number, marketTarget: number): number | null {
  const now = demoMarketTime(c, realNow);
  if (marketTarget <= now) return 0;
  if (!c.running) return null;
  return Math.ceil((marketTarget - now) / c.speed);
}

/** Market time of the first close of a `tf` candle strictly after market time `t`. */
export function nextCloseAfter(t: number, tf: Timeframe): number {
  return nextOpenTime(candleOpenTime(t, tf), tf);
}
