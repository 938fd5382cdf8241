import type { Page } from '@playwright/test';
import { runBacktestRequest, type BacktestReport } from '../../src/core/backtest/request';
import { sliceCandles } from '../../src/core/candles/types';
import { loadSharedCandles, sharedDataPath } from '../support/shared-data';
import { test, expect, readBacktestStores } from './fixtures';

/** The 2023 window of the shared data README's volatility table. */
const FROM_DAY = '2023-05-06';
const TO_DAY = '2023-12-29';

interface StoredJob {
  id: string;
  seq: number;
  status: string;
  name: string;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
  config: Record<string, unknown> & { symbols: string[]; from: number | null; to: number | null };
}

interface StoredResult {
  jobId: string;
  trades: number;
  tradeList: unknown[];
  metrics: Record<string, number | null>;
  equityLength: number;
}

/** Every job (by number) and result, straight from IndexedDB. */
async function readStore(page: Page): Promise<{ jobs: StoredJob[]; results: StoredResult[] }> {
  const raw = await readBacktestStores(page);
  return {
    jobs: (raw.jobs as StoredJob[]).sort((a, b) => a.seq - b.seq),
    results: (raw.results as Array<{ jobId: string; trades: unknown[]; metrics: Record<string, number | null>; equity: { time: Float64Array } }>).map((r) => ({
      jobId: r.jobId,
      trades: r.trades.length,
      tradeList: r.trades,
      metrics: r.metrics,
      equityLength: r.equity.time.length,
    })),
  };
}

async function importSeries(page: Page, symbols: string[]): Promise<void> {
  await page.goto('/markets/import');
  for (const s of symbols) {
    await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(`binance_${s}_1h.csv`));
    await expect(page.getByTestId('import-report').getByTestId('import-series')).toHaveText(`${s.replace('USDT', '/USDT')} 1h`, { timeout: 60_000 });
  }
}

const counts = (page: Page) => page.getByTestId('queue-counts');
const rows = (page: Page, status?: string) => page.locator(status ? `tr[data-job-seq][data-status="${status}"]` : 'tr[data-job-seq]');

test('a batch of 18 over the three volatility groups runs in parallel, resumes after a reload and completes each job once', async ({ page }) => {
  test.setTimeout(240_000);
  await importSeries(page, ['BTCUSDT', 'ETHUSDT', 'DOGEUSDT', 'LTCUSDT', 'SOLUSDT', 'PEPEUSDT']);

  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  await expect(page.getByTestId('backtests-no-jobs')).toBeVisible();
  await form.getByLabel('From', { exact: true }).fill(FROM_DAY);
  await form.getByLabel('To', { exact: true }).fill(TO_DAY);

  // Symbols by volatility group (README: BTC, ETH LOW; DOGE, LTC MEDIUM; SOL, PEPE HIGH on this window).
  await expect(form.getByRole('button', { name: 'Add LOW (2)' })).toBeEnabled({ timeout: 30_000 });
  await expect(form.getByRole('button', { name: 'Add MEDIUM (2)' })).toBeEnabled();
  await expect(form.getByRole('button', { name: 'Add HIGH (2)' })).toBeEnabled();
  await expect(form.locator('[data-series-option="binance:BTC/USDT"]')).toContainText('LOW 37.0 %');
  await expect(form.locator('[data-series-option="binance:SOL/USDT"]')).toContainText('HIGH 93.5 %');
  for (const g of ['LOW', 'MEDIUM', 'HIGH']) await form.getByRole('button', { name: new RegExp(`^Add ${g}`) }).click();
  await expect(form).toContainText('6 chosen');

  // One parameter tried with three values: 6 symbols × 3 = 18 backtests, counted before launch.
  await form.getByRole('checkbox', { name: 'Try several values of Stop (× ATR)' }).check();
  const values = form.getByRole('textbox', { name: 'Values of Stop (× ATR)', exact: true });
  await values.fill('1.5, x');
  await expect(form.locator('#bt-param-sl_atr_multiplier-err')).toHaveText('sl_atr_multiplier: "x" is not a number');
  await expect(form.getByTestId('backtest-form-reason')).toHaveText('sl_atr_multiplier: "x" is not a number');
  await expect(form.getByRole('button', { name: /^Run \d+ backtests$/ })).toBeDisabled();
  await values.fill('1.5, 2, 2.5');
  const run = form.getByRole('button', { name: 'Run 18 backtests' });
  await expect(run).toBeEnabled();

  await run.click();
  await expect(form.getByTestId('backtest-form-message')).toHaveText('Queued 18 backtests: #1–#18.');
  // The pool (one worker per core, 2 here) runs jobs side by side.
  await expect(counts(page)).toContainText('Running 2', { timeout: 15_000 });
  await expect(page.getByTestId('running-jobs').locator('progress')).toHaveCount(2);
  await expect(rows(page)).toHaveCount(18);
  // The page answers input while the jobs run in the workers.
  await page.getByLabel('Select jobs').fill('3-1');
  await expect(page.getByTestId('selection-message')).toHaveText('ids: "3-1" is a reversed range (write 1-3)');
  await expect(counts(page)).toContainText('Running 2');
  await page.getByLabel('Select jobs').fill('');

  // Reload mid-batch: some done, some still waiting.
  await expect.poll(async () => rows(page, 'COMPLETED').count(), { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(1);
  const before = await readStore(page);
  const doneBefore = before.jobs.filter((j) => j.status === 'COMPLETED');
  expect(before.jobs.filter((j) => j.status === 'PENDING').length).toBeGreaterThan(0);
  await page.reload();
  await expect(counts(page)).toBeVisible();

  await expect(counts(page)).toContainText('Completed 18/18 · Running 0 · Pending 0 · Failed 0', { timeout: 120_000 });

  const after = await readStore(page);
  expect(after.jobs).toHaveLength(18);
  expect(after.jobs.every((j) => j.status === 'COMPLETED' && j.error === null)).toBe(true);
  expect(new Set(after.results.map((r) => r.jobId))).toEqual(new Set(after.jobs.map((j) => j.id)));
  // Jobs completed before the reload were not run again.
  for (const j of doneBefore) expect(after.jobs.find((x) => x.id === j.id)?.finishedAt).toBe(j.finishedAt);
  expect(new Set(after.jobs.map((j) => `${j.config.symbols[0]}|${(j.config.params as Record<string, number>).sl_atr_multiplier}`)).size).toBe(18);

  // The list shows headline metrics of completed jobs, newest first.
  await expect(rows(page).first()).toHaveAttribute('data-job-seq', '18');
  const first = rows(page).last();
  await expect(first).toHaveAttribute('data-job-seq', '1');
  await expect(first).toContainText('BTC/USDT');
  await expect(first).toContainText('%');

  // Selection by number.
  const select = page.getByLabel('Select jobs');
  const message = page.getByTestId('selection-message');
  await select.fill('1 5-x');
  await expect(message).toHaveText('ids: "5-x" is not a number or a range like 5-8');
  await select.fill('8-5');
  await expect(message).toHaveText('ids: "8-5" is a reversed range (write 5-8)');
  await select.fill('3 40-41');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(message).toHaveText('ids: #40, #41 do not exist');
  await select.fill('1');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(message).toHaveText('ids: "1" selects 1 backtest; Compare takes 2 or more');
  await select.fill('1 3');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(page).toHaveURL(/\/backtests\/compare\?ids=1,3$/);
  await page.goBack();
  await page.getByLabel('Select jobs').fill('1-18');
  await page.getByRole('button', { name: 'Volatility report' }).click();
  await expect(page).toHaveURL(/\/backtests\/volatility\?ids=1-18$/);
  await page.goBack();
  await page.getByLabel('Select jobs').fill('2');
  await page.getByRole('button', { name: 'Open report' }).click();
  await expect(page).toHaveURL(/\/backtests\/2$/);
  await page.goBack();
  await rows(page).filter({ has: page.getByRole('link', { name: 'Open report of backtest #4' }) }).getByRole('link').click();
  await expect(page).toHaveURL(/\/backtests\/4$/);

  // Determinism across the app and the engine: job #1 run through the core in Node gives the same trades and metrics.
  const job1 = after.jobs[0];
  const stored = after.results.find((r) => r.jobId === job1.id)!;
  const c = job1.config as unknown as {
    backtest: BacktestReport['config'];
    strategy: string;
    params: Record<string, number>;
    from: number;
    to: number;
    symbols: string[];
  };
  expect(c.symbols).toEqual(['BTC/USDT']);
  const all = loadSharedCandles('BTCUSDT', '1h');
  let end = 0;
  while (end < all.time.length && all.time[end] <= c.to) end++;
  const report = runBacktestRequest({
    config: c.backtest,
    strategy: { name: c.strategy, params: c.params },
    series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: sliceCandles(all, 0, end) }],
    from: c.from,
    to: c.to,
  });
  expect(report.trades.length).toBeGreaterThan(0);
  expect(stored.trades).toBe(report.trades.length);
  expect(stored.tradeList).toEqual(JSON.parse(JSON.stringify(report.trades)));
  expect(stored.metrics).toEqual(JSON.parse(JSON.stringify(report.metrics)));
  expect(stored.equityLength).toBe(report.equity.length);
});

test('a pending job can be cancelled and retried; a failed job shows why; the form refuses bad input with the reason', async ({ page }) => {
  test.setTimeout(300_000);
  await importSeries(page, ['BTCUSDT', 'SOLUSDT']);
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');

  // Validated as typed, naming the field and the value.
  const rsi = form.getByRole('spinbutton', { name: 'RSI period', exact: true });
  const reason = form.getByTestId('backtest-form-reason');
  await rsi.fill('1');
  await expect(form.locator('#bt-param-rsi_period-err')).toHaveText('rsi_period: 1 is out of range [2, 100]');
  await expect(reason).toHaveText('rsi_period: 1 is out of range [2, 100]');
  await expect(form.getByRole('button', { name: /^Run \d+ backtests$/ })).toBeDisabled();
  await rsi.fill('14');
  await expect(form.locator('#bt-param-rsi_period-err')).toHaveCount(0);
  await expect(reason).toHaveText('Choose one or more series under Symbols, then run.');
  await form.locator('[data-series-option="binance:BTC/USDT"] input').check();
  await expect(reason).toHaveCount(0);
  await form.getByLabel('Initial balance', { exact: false }).fill('50');
  await expect(reason).toHaveText('initial balance: 50 must be between 100 and 1,000,000');
  await expect(form.locator('#bt-capital-err')).toHaveText('initial balance: 50 must be between 100 and 1,000,000');
  await form.getByLabel('Initial balance', { exact: false }).fill('10000');
  await form.getByLabel('Sizing').fill('equity:abc');
  await expect(form.locator('#bt-sizing-err')).toHaveText('sizing: "equity:abc" is not a sizing (expected fixed:X, equity:P or risk:R)');
  await form.getByLabel('Sizing').fill('equity:10');

  // A batch of 10 (2 symbols × 5 ADX thresholds); the last one is cancelled while it waits
  // (the pool holds at most two jobs per worker, so #10 is still pending when it is cancelled).
  await form.locator('[data-series-option="binance:SOL/USDT"] input').check();
  await form.getByRole('checkbox', { name: 'Try several values of ADX threshold' }).check();
  await form.getByRole('textbox', { name: 'Values of ADX threshold', exact: true }).fill('15 20 25 30 35');
  await form.getByRole('button', { name: 'Run 10 backtests' }).click();
  const last = page.locator('tr[data-job-seq="10"]');
  await last.getByRole('button', { name: 'Cancel #10' }).click();
  await expect(last).toHaveAttribute('data-status', 'CANCELLED');
  await expect(counts(page)).toContainText('Completed 9/10 · Running 0 · Pending 0 · Failed 0', { timeout: 60_000 });
  await expect(page.getByTestId('queue-monitor')).toContainText('Cancelled 1');
  let store = await readStore(page);
  expect(store.jobs.find((j) => j.seq === 10)?.startedAt).toBeNull();
  expect(store.results).toHaveLength(9);

  await last.getByRole('button', { name: 'Retry #10' }).click();
  await expect(last).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  await expect(counts(page)).toContainText('Completed 10/10');
  store = await readStore(page);
  expect(store.results).toHaveLength(10);
  expect(store.jobs.find((j) => j.seq === 10)?.name).toContain('adx_threshold=35');

  // A job whose series has too little history before its window fails with a message naming it.
  await form.getByRole('checkbox', { name: 'Try several values of ADX threshold' }).uncheck();
  await form.getByRole('combobox', { name: 'Strategy', exact: true }).selectOption('SWING');
  await form.getByRole('spinbutton', { name: 'EMA trend period', exact: true }).fill('1000');
  await form.locator('[data-series-option="binance:SOL/USDT"] input').uncheck();
  await form.getByLabel('From', { exact: true }).fill('2021-04-05');
  await form.getByLabel('To', { exact: true }).fill('2021-04-20');
  await form.getByRole('button', { name: 'Run 1 backtests' }).click();
  const failed = page.locator('tr[data-job-seq="11"]');
  await expect(failed).toHaveAttribute('data-status', 'FAILED', { timeout: 60_000 });
  await expect(failed.getByTestId('job-error')).toContainText('series[0].candles: BTC/USDT has');
  await expect(counts(page)).toContainText('Failed 1');
  await page.getByRole('button', { name: 'Retry failed' }).click();
  await expect(failed).toHaveAttribute('data-status', 'FAILED', { timeout: 60_000 });

  // Edit and run: the form takes the settings a job ran with.
  await page.goto('/backtests?edit=10');
  await expect(page.getByText('The form holds the settings backtest #10 ran with')).toBeVisible();
  await expect(form.getByRole('spinbutton', { name: 'ADX threshold', exact: true })).toHaveValue('35');
  await expect(form.locator('[data-series-option="binance:SOL/USDT"] input')).toBeChecked();
  await expect(form.locator('[data-series-option="binance:BTC/USDT"] input')).not.toBeChecked();
  await expect(form.getByLabel('From', { exact: true })).toHaveValue(store.jobs[9].config.from === null ? '' : new Date(store.jobs[9].config.from).toISOString().slice(0, 10));
  await expect(form.getByRole('button', { name: 'Run 1 backtests' })).toBeEnabled();

  // SCRIPTED: signals from a CSV.
  await form.locator('[data-series-option="binance:SOL/USDT"] input').uncheck();
  await form.locator('[data-series-option="binance:BTC/USDT"] input').check();
  await form.getByRole('combobox', { name: 'Strategy', exact: true }).selectOption('SCRIPTED');
  await expect(form.getByTestId('backtest-form-reason')).toHaveText('script: empty (paste the signals CSV or choose a file)');
  await form.getByLabel('Signals CSV').fill('time,symbol,direction,stopPct,targetPct\n2023-06-01T10:00Z,BTC/USDT,LONG,2,4\n2023-10-02T10:00Z,BTC/USDT,SHORT,2,4\n');
  await form.getByLabel('From', { exact: true }).fill('2023-05-01');
  await form.getByLabel('To', { exact: true }).fill('2023-12-29');
  await form.getByRole('button', { name: 'Run 1 backtests' }).click();
  const scripted = page.locator('tr[data-job-seq="12"]');
  await expect(scripted).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  await expect(scripted).toContainText('SCRIPTED');
  store = await readStore(page);
  const trades = store.results.find((r) => r.jobId === store.jobs[11].id)!.tradeList as Array<{ direction: string; entryTime: number }>;
  expect(trades.map((t) => t.direction)).toEqual(['LONG', 'SHORT']);
  expect(trades[0].entryTime).toBe(Date.UTC(2023, 5, 1, 11));
});

test('one tab runs the queue; another observes it and takes over when the first closes', async ({ page, context }) => {
  test.setTimeout(180_000);
  await importSeries(page, ['BTCUSDT', 'SOLUSDT', 'ETHUSDT']);
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  for (const s of ['BTC', 'SOL', 'ETH']) await form.locator(`[data-series-option="binance:${s}/USDT"] input`).check();
  await form.getByRole('checkbox', { name: 'Try several values of Target (× ATR)' }).check();
  await form.getByRole('textbox', { name: 'Values of Target (× ATR)', exact: true }).fill('2 3 4 5');

  const other = await context.newPage();
  await other.goto('/backtests');
  await expect(other.getByTestId('queue-monitor')).toContainText('Another tab runs the queue');

  await form.getByRole('button', { name: 'Run 12 backtests' }).click();
  await expect(counts(other)).toContainText('Running 2', { timeout: 30_000 });
  await expect.poll(async () => rows(other, 'COMPLETED').count(), { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(1);
  await page.close();
  await expect(other.getByTestId('queue-monitor')).toContainText('Runs up to 2 backtests at once');
  await expect(counts(other)).toContainText('Completed 12/12 · Running 0 · Pending 0 · Failed 0', { timeout: 120_000 });
  const store = await readStore(other);
  expect(store.results).toHaveLength(12);
  expect(store.jobs.every((j) => j.status === 'COMPLETED')).toBe(true);
  await other.close();
});

test('without stored candles the page says where to get them', async ({ page }) => {
  await page.goto('/backtests');
  const empty = page.getByTestId('backtests-no-candles');
  await expect(empty).toContainText('Backtests run on stored candles');
  await expect(page.getByTestId('backtest-form')).toHaveCount(0);
  await expect(page.getByTestId('backtests-no-jobs')).toBeVisible();
  await empty.getByRole('link', { name: 'Go to Markets & Data' }).click();
  await expect(page).toHaveURL(/\/markets$/);
});
