import { timeframeMs, type Timeframe } from './timeframe';

const DAY = 86_400_000;
const FIXED_STEPS: ReadonlyArray<[number, Timeframe]> = (['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w'] as const).map(
  (tf) => [timeframeMs(tf), tf],
);

/**
 * The timeframe whose step is the most common difference between consecutive distinct open
 * times (after sorting, when the times are not ascending); steps of 28 to 31 days count
 * together as `1M`; ties go to the shorter step. Null when there are fewer than two distinct
 * times or the most common step is not a supported timeframe. O(n), plus a sort of a copy when
 * the times are not ascending.
 */
export function inferTimeframe(time: ArrayLike<number>): Timeframe | null {
  let ascending = true;
  for (let i = 1; i < time.length && ascending; i++) ascending = !(time[i] < time[i - 1]);
  const t: ArrayLike<number> = ascending ? time : Float64Array.from(time).sort();
  const counts = new Map<number, number>();
  let prev = NaN;
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (!Number.isFinite(v)) continue;
    const d = v - prev;
    if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
    prev = v;
  }
  let best = 0;
  let step = 0;
  let monthly = 0;
  for (const [d, c] of counts) {
    if (d >= 28 * DAY && d <= 31 * DAY) monthly += c;
    if (c > best || (c === best && d < step)) {
      best = c;
      step = d;
    }
  }
  if (best === 0) return null;
  if (monthly > best) return '1M';
  return FIXED_STEPS.find(([ms]) => ms === step)?.[1] ?? null;
}
