import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumExecutable, CHROMIUM_ARGS } from '../../../tests/support/chromium';
import { serveStatic } from '../../../tests/support/static-server';
import type { BenchResult, BenchSuite } from '../types';

const N = 1_000_000;
const GOALS = { stepMs: 4, longTaskMs: 50 };
const browserDir = resolve(dirname(fileURLToPath(import.meta.url)), '../browser');

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
    const outDir = await mkdtemp(join(tmpdir(), 'candlelab-chart-bench-page-'));
    const profile = await mkdtemp(join(tmpdir(), 'candlelab-chart-bench-profile-'));
    try {
      await build({
        root: browserDir,
        configFile: false,
        logLevel: 'error',
        worker: { format: 'es' },
        build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(browserDir, 'chart-bench.html') } },
      });
      const server = await serveStatic(outDir);
      const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS, headless: true, viewport: { width: 1400, height: 800 } });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        page.setDefaultTimeout(300_000);
        await page.goto(`${server.url}/chart-bench.html`);
        await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
        await page.evaluate((n) => window.chartBench.setup(n), N);
        const open = await page.evaluate(() => window.chartBench.open());
        const steps = await page.evaluate(() => window.chartBench.steps(200));
        const play = await page.evaluate(() => window.chartBench.play(4000));
        await page.evaluate(() => window.chartBench.cleanup());
        if (play.windowDraws < 1) throw new Error(`chart:replay-play-64x: no window was drawn while playing (${JSON.stringify({ open, steps, play })})`);
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
            ok: longestPlay <= GOALS.longTaskMs,
          },
        ];
      } finally {
        await context.close();
        await server.close();
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  },
};

export default suite;
