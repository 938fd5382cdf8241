/**
 * Realised-volatility classes of a series: the annualised standard deviation of its log returns
 * over a window, and the LOW / MEDIUM / HIGH group it falls in.
 */
import { nextOpenTime, timeframeMs, type Timeframe } from '../candles/timeframe';
import { type CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';

export type VolatilityGroup = 'LOW' | 'MEDIUM' | 'HIGH';
export const VOLATILITY_GROUPS: readonly VolatilityGroup[] = ['LOW', 'MEDIUM', 'HIGH'];

/**
 * Group boundaries in percent of annualised volatility: below `low` is LOW, above `high` is HIGH,
 * from `low` to `high` (both included) is MEDIUM.
 */
export interface VolatilityThresholds {
  low: number;
  high: number;
}

/** LOW < 50 %, MEDIUM 50–80 %, HIGH > 80 %. */
export const DEFAULT_VOLATILITY_THRESHOLDS: Readonly<VolatilityThresholds> = Object.freeze({ low: 50, high: 80 });

const YEAR_DAYS = 365;
const DAY_MS = 86_400_000;

/** Candles of `tf` in a 365-day year (8760 for 1h, 365 for 1d, 12 for 1M). */
export function periodsPerYear(tf: Timeframe): number {
  if (tf === '1M') return 12;
  return (YEAR_DAYS * DAY_MS) / timeframeMs(tf);
}

function checkBound(v: number | undefined, field: string): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
    throw new RangeError(`${field}: ${String(v)} is not a time in UTC ms`);
  }
}

/**
 * Annualised realised volatility, in percent (37.0 means 37 %), of the candles whose open time is
 * in [from, to] (both inclusive, either optional): the sample standard deviation (n − 1) of the log
 * returns ln(close[i] / close[i−1]) between consecutive candles, times √(periods per year)
 * ({@link periodsPerYear}; √8760 for 1h). A return spanning a gap (the next candle does not open
 * one timeframe after the previous) is skipped, as is one with a non-positive or non-finite close.
 * Null when fewer than two returns remain.
 */
export function annualisedVolatility(candles: CandleColumns, tf: Timeframe, from?: number, to?: number): number | null {
  checkBound(from, 'from');
  checkBound(to, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new RangeError(`from: ${from} is after to ${to}`);
  const time = candles.time;
  const close = candles.close;
  const start = from === undefined ? 0 : lowerBound(time, from);
  const end = to === undefined ? time.length : lowerBound(time, to + 1);
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = start + 1; i < end; i++) {
    if (time[i] !== nextOpenTime(time[i - 1], tf)) continue;
    const a = close[i - 1];
    const b = close[i];
    if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    const r = Math.log(b / a);
    n++;
    const d = r - mean;
    mean += d / n;
    m2 += d * (r - mean);
  }
  if (n < 2) return null;
  return Math.sqrt(m2 / (n - 1)) * Math.sqrt(periodsPerYear(tf)) * 100;
}

/** Throws unless `t` holds two finite percentages with `low` ≤ `high`. */
export function validateVolatilityThresholds(t: VolatilityThresholds): void {
  if (t === null || typeof t !== 'object') throw new RangeError(`thresholds: ${String(t)} is not { low, high }`);
  for (const k of ['low', 'high'] as const) {
    const v = t[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new RangeError(`thresholds.${k}: ${String(v)} is not a non-negative percentage`);
    }
  }
  if (t.low > t.high) throw new RangeError(`thresholds.low: ${t.low} is above thresholds.high ${t.high}`);
}

/** The group of an annualised volatility in percent (see {@link VolatilityThresholds}). */
export function volatilityGroup(v: number, thresholds: VolatilityThresholds = DEFAULT_VOLATILITY_THRESHOLDS): VolatilityGroup {
  validateVolatilityThresholds(thresholds);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`volatility: ${String(v)} is not a finite percentage`);
  if (v < thresholds.low) return 'LOW';
  if (v > thresholds.high) return 'HIGH';
  return 'MEDIUM';
}
