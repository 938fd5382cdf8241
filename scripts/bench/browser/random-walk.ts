/** Synthetic candles for the browser bench pages. */
import { emptyCandles, type CandleColumns } from '../../../src/core/candles/types';
import { createRng } from '../../../src/core/util/rng';

/** How a {@link randomWalkCandles} series looks. */
export interface RandomWalk {
  /** Open time of the first candle (UTC ms) and the spacing of candles. */
  t0: number;
  stepMs: number;
  /** Standard deviation of one candle's close-to-open change, as a fraction. */
  volatility: number;
  /** Volumes are uniform in [0, volumeMax), rounded to `volumeDecimals`. */
  volumeMax: number;
  volumeDecimals: number;
}

/** `n` candles from a seeded random walk starting at 30,000, prices rounded to cents. */
export function randomWalkCandles(n: number, seed: number, w: RandomWalk): CandleColumns {
  const rng = createRng(seed);
  const c = emptyCandles(n);
  const volumeUnit = 10 ** w.volumeDecimals;
  let p = 30_000;
  for (let i = 0; i < n; i++) {
    const open = p;
    const close = Math.round(open * (1 + rng.normal() * w.volatility) * 100) / 100;
    c.time[i] = w.t0 + i * w.stepMs;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = Math.round(Math.max(open, close) * (1 + rng.next() * 0.001) * 100) / 100;
    c.low[i] = Math.round(Math.min(open, close) * (1 - rng.next() * 0.001) * 100) / 100;
    c.volume[i] = Math.round(rng.next() * w.volumeMax * volumeUnit) / volumeUnit;
    p = close;
  }
  return c;
}
