import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { METRIC_DEFINITIONS } from '../../../src/core/metrics';
import { chromiumExecutable, CHROMIUM_ARGS } from '../../../tests/support/chromium';
import { buildResultFileFromCandles, tenThousandTradeResult } from '../../../tests/support/result-files';
import { sharedDataPath } from '../../../tests/support/shared-data';
import { serveStatic } from '../../../tests/support/static-server';
import { ratio } from '../timing';
import type { BenchResult, BenchSuite } from '../types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const GOALS = { open: 500, longestTask: 100 };
const RUNS = 5;

/** What the in-page observer records while a report opens (ms since the navigation started). */
interface OpenTiming {
  /** Every metric card and the first rows of the trades table are in the page. */
  shown: number;
  /** The first task that could run after that: the page answers input from here on. */
  interactive: number;
  /** Main-thread tasks over 50 ms (the Long Tasks API reports no shorter ones), in ms. */
  longTasks: number[];
}

declare global {
  interface Window {
    __reportOpen?: { shown: number; interactive: number } | null;
    __longTasks?: number[];
  }
}

/**
 * Installed before every document (as text: a transpiled function may call helpers the page lacks):
 * records long tasks from the start of the navigation and the moment the report shows every metric
 * card and the first table rows, then the first task after it.
 */
function observeReportOpen(cards: number): string {
  return `
    window.__longTasks = [];
    window.__reportOpen = null;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    const ready = () =>
      document.querySelectorAll('[data-testid="metric-card"]').length === ${cards} &&
      document.querySelector('[data-testid="trades-table"] tr[data-trade-index]') !== null;
    const watch = new MutationObserver(() => {
      if (window.__reportOpen !== null || !ready()) return;
      watch.disconnect();
      const shown = performance.now();
      setTimeout(() => (window.__reportOpen = { shown, interactive: performance.now() }), 0);
    });
    watch.observe(document, { childList: true, subtree: true });
  `;
}

/**
 * Opens the report of backtest `seq` as a trader does: from the Backtests page, by its link (the app
 * is running; `cold`: by typing its address instead, so the app starts first). Times are from the
 * click (or the navigation); resolves once the reader has scrolled past everything on the report.
 */
async function openReport(page: Page, seq: number, cold = false): Promise<OpenTiming> {
  let start = 0;
  if (cold) {
    await page.goto('/markets');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`/backtests/${seq}`);
  } else {
    await page.goto('/backtests');
    const link = page.getByRole('link', { name: `Open report of backtest #${seq}`, exact: true }).first();
    await link.waitFor();
    start = await page.evaluate(() => {
      window.__longTasks = [];
      window.__reportOpen = null;
      return performance.now();
    });
    await link.click();
  }
  await page.waitForFunction(() => window.__reportOpen !== null && window.__reportOpen !== undefined);
  // Then as a reader goes on: down to the price chart (the charts draw as they come into view) and the breakdowns.
  await page.locator('#price-title').scrollIntoViewIfNeeded();
  await page.locator('[data-testid="price-chart"][data-ready="true"][data-markers]').waitFor();
  await page.locator('[data-testid="equity-chart"][data-points]').waitFor();
  await page.getByTestId('breakdowns').scrollIntoViewIfNeeded();
  // Two frames and an idle period, so the last long tasks have been reported.
  await page.evaluate(
    () =>
      new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => r(), { timeout: 2000 })))),
  );
  const open = await page.evaluate(() => ({ ...window.__reportOpen!, longTasks: [...(window.__longTasks ?? [])] }));
  return { shown: open.shown - start, interactive: open.interactive - start, longTasks: open.longTasks };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * `report:*`: the report of a backtest with 10,000 trades (BTCUSDT 1m, its candles stored for the
 * price chart), in the system Chromium on a production build of the app.
 * - `report:open-10k-trades`: ms from the click on its link in the Backtests list until every
 *   metric card and the first rows of the trades table are shown and the page can run its next
 *   task (`extra.coldOpenMs`: the same from typing the address, app start-up included);
 * - `report:longest-task-10k`: the longest main-thread task from the click until the reader has
 *   scrolled down past both charts (drawn as they come into view) to the breakdowns, from the Long
 *   Tasks API (0 = none over 50 ms).
 * Median of 5 opens after one warm-up; `extra` gives the slowest run. The reference is the same
 * measurement on the report of a backtest with about a hundred trades (BTCUSDT 1h, 2022) opened in
 * the same runs, so `ratio` says what the 10,000 trades cost beyond a small report on this machine.
 */
const suite: BenchSuite = {
  name: 'report-chromium',
  async run(): Promise<BenchResult[]> {
    const outDir = await mkdtemp(join(tmpdir(), 'candlelab-bench-app-'));
    const profile = await mkdtemp(join(tmpdir(), 'candlelab-bench-profile-'));
    try {
      await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true } });
      const built = tenThousandTradeResult();
      const small = buildResultFileFromCandles({ name: 'BTC balanced 2022', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED', from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 11, 31, 23) });
      const files = await mkdtemp(join(tmpdir(), 'candlelab-bench-results-'));
      const bigPath = join(files, 'big.json');
      const smallPath = join(files, 'small.json');
      await writeFile(bigPath, built.text);
      await writeFile(smallPath, small.text);
      const server = await serveStatic(outDir);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumExecutable(),
        args: CHROMIUM_ARGS,
        headless: true,
        baseURL: server.url,
        viewport: { width: 1440, height: 900 },
        serviceWorkers: 'block',
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        page.setDefaultTimeout(120_000);
        for (const file of ['binance_BTCUSDT_1m.csv', 'binance_BTCUSDT_1h.csv']) {
          await page.goto('/markets/import');
          await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(file));
          await page.getByTestId('import-report').waitFor();
        }
        for (const [path, seq] of [[bigPath, 1], [smallPath, 2]] as const) {
          await page.goto('/backtests');
          await page.getByTestId('import-result-input').setInputFiles(path);
          await page.waitForURL(new RegExp(`/backtests/${seq}$`));
        }
        await context.addInitScript({ content: observeReportOpen(METRIC_DEFINITIONS.length) });
        const runs: OpenTiming[] = [];
        const reference: OpenTiming[] = [];
        for (let i = 0; i < RUNS + 1; i++) {
          const big = await openReport(page, 1);
          const ref = await openReport(page, 2);
          if (i === 0) continue;
          runs.push(big);
          reference.push(ref);
        }
        const cold: OpenTiming[] = [];
        for (let i = 0; i < 3; i++) cold.push(await openReport(page, 1, true));
        const open = runs.map((r) => r.interactive);
        const longest = runs.map((r) => Math.max(0, ...r.longTasks));
        const openMs = median(open);
        const longestMs = median(longest);
        const refOpen = median(reference.map((r) => r.interactive));
        const refLongest = median(reference.map((r) => Math.max(0, ...r.longTasks)));
        return [
          {
            name: 'report:open-10k-trades',
            ms: openMs,
            referenceMs: refOpen,
            ratio: ratio(openMs, refOpen),
            extra: { shownMs: median(runs.map((r) => r.shown)), slowestMs: Math.max(...open), coldOpenMs: median(cold.map((r) => r.interactive)), trades: built.file.trades.length, referenceTrades: small.file.trades.length },
            goal: `ms <= ${GOALS.open}`,
            ok: openMs <= GOALS.open,
          },
          {
            name: 'report:longest-task-10k',
            ms: longestMs,
            referenceMs: refLongest,
            ratio: ratio(longestMs, refLongest),
            extra: { worstRunMs: Math.max(...longest), longTasksPerOpen: median(runs.map((r) => r.longTasks.length)) },
            goal: `ms <= ${GOALS.longestTask}`,
            ok: longestMs <= GOALS.longestTask,
          },
        ];
      } finally {
        await context.close();
        await server.close();
        await rm(files, { recursive: true, force: true });
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    }
  },
};

export default suite;
