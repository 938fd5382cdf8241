/** The check that a series' candles are spaced by the timeframe it is said to be. */
import { nextOpenTime, timeframeMs, TIMEFRAMES, type Timeframe } from '../candles/timeframe';

const STEP_NAMES: ReadonlyArray<readonly [number, string]> = TIMEFRAMES.filter((tf) => tf !== '1M').map(
  (tf) => [timeframeMs(tf), tf] as const,
);

/** A step in ms as a timeframe name when it is one, else in ms. */
function describeStep(ms: number): string {
  const named = STEP_NAMES.find(([v]) => v === ms);
  return named ? `${named[1]} (${ms} ms)` : `${ms} ms`;
}

/**
 * Throws unless the most common step between consecutive open times is one candle of `tf` (for
 * 1M: one calendar month). Series of fewer than two candles pass. Ties go to `tf`.
 */
export function checkCandleSpacing(time: ArrayLike<number>, tf: Timeframe, field = 'timeframe'): void {
  const n = time.length;
  if (n < 2) return;
  let match = 0;
  const counts = new Map<number, number>();
  for (let i = 1; i < n; i++) {
    const prev = time[i - 1];
    const t = time[i];
    if (t === nextOpenTime(prev, tf)) match++;
    else counts.set(t - prev, (counts.get(t - prev) ?? 0) + 1);
  }
  let best = 0;
  let bestStep = 0;
  for (const [step, c] of counts) {
    if (c > best || (c === best && step < bestStep)) {
      best = c;
      bestStep = step;
    }
  }
  if (best > match) {
    throw new RangeError(
      `${field}: "${tf}" does not match the candles: their most common step is ${describeStep(bestStep)} (${best} of ${n - 1} steps), one ${tf} step occurs ${match} times`,
    );
  }
}
