import { DEMO_SYMBOLS, demoSymbolSeed, generateDemoMarket } from '../../../src/core/demo/demo-market';
import { createRng } from '../../../src/core/util/rng';
import { medianMs, ratio } from '../timing';
import type { BenchResult, BenchSuite } from '../types';

/**
 * `demo:generate-2y-6sym`: the default demo market (6 symbols × 2 years of 5m, plus 1h and 4h
 * resampled). Reference: the cost floor, a plain loop filling one Float64Array per symbol with
 * a Gaussian random walk of the same length from the same seeded rng.
 */
const suite: BenchSuite = {
  name: 'demo',
  async run(): Promise<BenchResult[]> {
    let candles = 0;
    const ms = medianMs(() => {
      const m = generateDemoMarket();
      candles = m.series.reduce((n, s) => n + s.candles['5m'].time.length, 0);
    }, 5, 1);
    const perSymbol = candles / DEMO_SYMBOLS.length;
    let sink = 0;
    const referenceMs = medianMs(() => {
      for (const s of DEMO_SYMBOLS) {
        const rng = createRng(demoSymbolSeed(20240101, s.symbol));
        const close = new Float64Array(perSymbol);
        let x = Math.log(s.startPrice);
        for (let i = 0; i < perSymbol; i++) {
          x += 0.001 * rng.normal();
          close[i] = x;
        }
        sink += close[perSymbol - 1];
      }
    }, 5, 1);
    if (!Number.isFinite(sink)) throw new Error('reference walk produced a non-finite value');
    return [
      {
        name: 'demo:generate-2y-6sym',
        ms,
        referenceMs,
        ratio: ratio(ms, referenceMs),
        extra: { candles5m: candles, nsPerCandle: (ms * 1e6) / candles },
        goal: 'ms < 2000',
        ok: ms < 2000,
      },
    ];
  },
};

export default suite;
