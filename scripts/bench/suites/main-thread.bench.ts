import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createRng } from '../../../src/core/util/rng';
import { sharedDataPath } from '../../../tests/support/shared-data';
import { withBuiltApp } from '../chromium';
import type { BenchResult, BenchSuite } from '../types';

/** Goals for the longest main-thread task (ms): frames keep coming while backtests run; an import may stutter briefly. */
const GOALS = { backtestBatch: 50, import: 200 };
const IMPORT_ROWS = 1_000_000;
/** The six series of the batch: two of each volatility group on the window below. */
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'DOGEUSDT', 'LTCUSDT', 'SOLUSDT', 'PEPEUSDT'];
const FROM_DAY = '2023-05-06';
const TO_DAY = '2023-12-29';

interface MainThreadWatch {
  longTasks: Array<{ start: number; duration: number }>;
  maxTimerGap: number;
  since: number;
}

/**
 * Installed in every page: records long tasks (the Long Tasks API reports main-thread tasks over
 * 50 ms) and the largest gap between ticks of a 20 ms interval timer, from `since` on.
 */
function installWatch(): void {
  const w = window as unknown as { mainThreadWatch: MainThreadWatch };
  w.mainThreadWatch = { longTasks: [], maxTimerGap: 0, since: Infinity };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.mainThreadWatch.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (last >= w.mainThreadWatch.since) w.mainThreadWatch.maxTimerGap = Math.max(w.mainThreadWatch.maxTimerGap, now - last);
    last = now;
  }, 20);
}

async function startWatching(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { mainThreadWatch: MainThreadWatch };
    w.mainThreadWatch.since = performance.now();
    w.mainThreadWatch.maxTimerGap = 0;
  });
}

async function watched(page: Page): Promise<{ longest: number; count: number; maxTimerGap: number }> {
  return page.evaluate(() => {
    const w = (window as unknown as { mainThreadWatch: MainThreadWatch }).mainThreadWatch;
    const tasks = w.longTasks.filter((t) => t.start >= w.since);
    return { longest: tasks.reduce((m, t) => Math.max(m, t.duration), 0), count: tasks.length, maxTimerGap: w.maxTimerGap };
  });
}

function row(name: string, goal: number, m: { longest: number; count: number; maxTimerGap: number }, extra: Record<string, number>): BenchResult {
  return {
    name,
    ms: m.longest,
    referenceMs: null,
    ratio: null,
    extra: { longTasks: m.count, maxTimerGapMs: m.maxTimerGap, ...extra },
    goal: `ms <= ${goal}`,
    ok: m.longest <= goal,
  };
}

/** Imports a candle file through the Import page and waits for its report (naming `series`, e.g. `BTC/USDT 1h`). */
async function importFile(page: Page, path: string, series: string): Promise<void> {
  await page.getByTestId('import-file-input').setInputFiles(path);
  await page.getByTestId('import-report').getByTestId('import-series').filter({ hasText: series }).waitFor();
}

/** 18 backtests (six series × three stops) from the Backtests page; the main thread is watched while they run. */
async function backtestBatch(page: Page, baseUrl: string): Promise<BenchResult> {
  await page.goto(`${baseUrl}/markets/import`);
  for (const s of SYMBOLS) await importFile(page, sharedDataPath(`binance_${s}_1h.csv`), `${s.replace('USDT', '/USDT')} 1h`);
  await page.goto(`${baseUrl}/backtests`);
  const form = page.getByTestId('backtest-form');
  await form.getByLabel('From', { exact: true }).fill(FROM_DAY);
  await form.getByLabel('To', { exact: true }).fill(TO_DAY);
  for (const g of ['LOW', 'MEDIUM', 'HIGH']) await form.getByRole('button', { name: new RegExp(`^Add ${g}`) }).click();
  await form.getByRole('checkbox', { name: 'Try several values of Stop (× ATR)' }).check();
  await form.getByRole('textbox', { name: 'Values of Stop (× ATR)', exact: true }).fill('1.5, 2, 2.5');
  await form.getByRole('button', { name: 'Run 18 backtests' }).click();
  const counts = page.getByTestId('queue-counts');
  // Watched from when jobs run side by side (the click that queues them is an interaction of its own).
  await counts.filter({ hasText: 'Running 2' }).waitFor();
  await startWatching(page);
  const t0 = Date.now();
  await counts.filter({ hasText: 'Completed 18/18 · Running 0 · Pending 0 · Failed 0' }).waitFor();
  const batchMs = Date.now() - t0;
  return row('main-thread:backtest-batch', GOALS.backtestBatch, await watched(page), { jobs: 18, batchMs });
}

/** A 1,000,000-row 1m file (a seeded walk) in the standard format, written to `dir`. */
async function bigFile(dir: string): Promise<string> {
  const rng = createRng(1_000_000);
  const parts: string[] = ['timestamp,open,high,low,close,volume\n'];
  const t0 = Date.UTC(2020, 0, 1);
  let p = 30_000;
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const open = p;
    const close = Math.round(open * (1 + rng.normal() * 0.002) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + rng.next() * 0.001) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - rng.next() * 0.001) * 100) / 100;
    parts.push(`${t0 + i * 60_000},${open},${high},${low},${close},${Math.round(rng.next() * 1e6) / 100}\n`);
    p = close;
  }
  const path = join(dir, 'binance_BENCHUSDT_1m.csv');
  await writeFile(path, parts.join(''));
  return path;
}

/** A 1,000,000-row file through the Import page; the main thread is watched from the file choice to the report. */
async function bigImport(page: Page, baseUrl: string): Promise<BenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'candlelab-bench-import-'));
  try {
    const path = await bigFile(dir);
    await page.goto(`${baseUrl}/markets/import`);
    await page.getByTestId('import-panel').waitFor();
    await startWatching(page);
    const t0 = Date.now();
    await importFile(page, path, 'BENCH/USDT 1m');
    const importMs = Date.now() - t0;
    const imported = Number((await page.getByTestId('import-report').getByTestId('import-imported').textContent())?.replace(/,/g, ''));
    if (imported !== IMPORT_ROWS) throw new Error(`import: ${imported} candles imported instead of ${IMPORT_ROWS}`);
    return row('main-thread:import-1M', GOALS.import, await watched(page), { rows: IMPORT_ROWS, importMs });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `main-thread:*`: the production build of the app in the system Chromium (persistent profile),
 * driven like a user, with the page's main thread watched while heavy work runs in workers.
 * `ms` is the longest main-thread task in the window (Long Tasks API: 0 means no task over 50 ms);
 * `extra.maxTimerGapMs` is the largest gap between ticks of a 20 ms interval timer.
 * - `main-thread:backtest-batch`: 18 backtests (six shared-data 1h series × three stop values,
 *   May–December 2023) on the compute pool, from when two run side by side until all completed;
 *   goal: no long task (≤ 50 ms).
 * - `main-thread:import-1M`: a 1,000,000-row candle file through the Import page, from choosing
 *   the file to the import report; goal ≤ 200 ms.
 */
const suite: BenchSuite = {
  name: 'main-thread',
  run: () =>
    withBuiltApp(async ({ page, baseUrl }) => {
      await page.addInitScript(installWatch);
      return [await backtestBatch(page, baseUrl), await bigImport(page, baseUrl)];
    }),
};

export default suite;
