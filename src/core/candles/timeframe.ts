export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE = 60_000;
const FIXED_MS: Record<Exclude<Timeframe, '1M'>, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};
/** Monday 1970-01-05T00:00Z: exchange weeks open on Monday. */
const WEEK_ORIGIN = 4 * 1440 * MINUTE;

export function isTimeframe(v: unknown): v is Timeframe {
  return typeof v === 'string' && (TIMEFRAMES as readonly string[]).includes(v);
}

export function parseTimeframe(v: string, field = 'timeframe'): Timeframe {
  if (!isTimeframe(v)) {
    throw new RangeError(`${field}: "${v}" is not a timeframe (expected one of ${TIMEFRAMES.join(', ')})`);
  }
  return v;
}

/** Nominal length of one candle in ms (a month counts as 30 days; use nextOpenTime for exact month bounds). */
export function timeframeMs(tf: Timeframe): number {
  return tf === '1M' ? 30 * 1440 * MINUTE : FIXED_MS[tf];
}

/** Open time of the candle of timeframe `tf` that contains instant `t`. */
export function candleOpenTime(t: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  if (tf === '1w') return Math.floor((t - WEEK_ORIGIN) / FIXED_MS['1w']) * FIXED_MS['1w'] + WEEK_ORIGIN;
  const ms = FIXED_MS[tf];
  return Math.floor(t / ms) * ms;
}

/** Open time of the candle after the one opening at `open` (= its close time). */
export function nextOpenTime(open: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(open);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return open + FIXED_MS[tf];
}

export function isOnGrid(t: number, tf: Timeframe): boolean {
  return candleOpenTime(t, tf) === t;
}
