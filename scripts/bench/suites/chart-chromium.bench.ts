import { withBenchPages } from '../chromium';
import type { BenchResult, BenchSuite } from '../types';

const N = 1_000_000;
const GOALS = { stepMs: 4, longTaskMs: 50 };

/**
 * `chart:*` in the system Chromium with a persistent profile, on 1,000,000 5m candles in IndexedDB
 * and the Chart page's own store, worker and drawing (`scripts/bench/browser/chart-bench.ts`):
 * - `chart:open-1M-5m`: opening the series with HMA_SMA until its first window (20,000 candles
 *   with SMA 200 and the 1h and 4h HMA 200) is drawn; held to no main-thread task over 50 ms
 *   (the page stays interactive while the worker reads and computes);
 * - `chart:replay-step-20k`: one replay step (forward or back) with a 20,000-candle window, the
 *   main-thread time of the update (median; p95 and max in extra), goal ≤ 4 ms;
 * - `chart:replay-play-64x`: playing at ×64 across the edge of the window (the next window is
 *   loaded and drawn while playing): the longest main-thread task, goal ≤ 50 ms.
 * Nothing is compared with a reference loop (referenceMs null).
 */
const suite: BenchSuite = {
  name: 'chart-chromium',
  async run(): Promise<BenchResult[]> {
    return withBenchPages(['chart-bench.html'], async ({ page, baseUrl }): Promise<BenchResult[]> => {
      await page.setViewportSize({ width: 1400, height: 800 });
      await page.goto(`${baseUrl}/chart-bench.html`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      await page.evaluate((n) => window.chartBench.setup(n), N);
      const open = await page.evaluate(() => window.chartBench.open());
      const steps = await page.evaluate(() => window.chartBench.steps(200));
      const play = await page.evaluate(() => window.chartBench.play(60_000));
      await page.evaluate(() => window.chartBench.cleanup());
      const longestPlay = Math.max(play.longestTaskMs, play.longestWindowDrawMs);
      return [
        {
          name: 'chart:open-1M-5m',
          ms: open.ms,
          referenceMs: null,
          ratio: null,
          extra: { longestTaskMs: open.longestTaskMs, longTasks: open.longTasks, windowDrawMs: open.windowDrawMs, windowCandles: open.candles, signals: open.signals },
          goal: `longestTaskMs <= ${GOALS.longTaskMs}`,
          ok: open.longestTaskMs <= GOALS.longTaskMs,
        },
        {
          name: 'chart:replay-step-20k',
          ms: steps.median,
          referenceMs: null,
          ratio: null,
          extra: { p95Ms: steps.p95, maxMs: steps.max, windowCandles: steps.window },
          goal: `ms <= ${GOALS.stepMs}`,
          ok: steps.median <= GOALS.stepMs && steps.window === 20_000,
        },
        {
          name: 'chart:replay-play-64x',
          ms: longestPlay,
          referenceMs: null,
          ratio: null,
          extra: { longTasks: play.longTasks, windowDraws: play.windowDraws, windowDrawMs: play.longestWindowDrawMs, bars: play.bars },
          goal: `ms <= ${GOALS.longTaskMs}`,
          ok: play.windowDraws >= 1 && longestPlay <= GOALS.longTaskMs,
        },
      ];
    });
  },
};

export default suite;
