import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { formatMetric } from '../../src/core/metrics';
import { sharedDataPath } from '../support/shared-data';
import { test, expect, readBacktestStores } from './fixtures';

interface StoredJob {
  id: string;
  seq: number;
  status: string;
  config: { symbols: string[] };
}

async function importSeries(page: Page, symbols: string[]): Promise<void> {
  await page.goto('/markets/import');
  for (const s of symbols) {
    await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(`binance_${s}_1h.csv`));
    await expect(page.getByTestId('import-report').getByTestId('import-series')).toHaveText(`${s.replace('USDT', '/USDT')} 1h`, { timeout: 60_000 });
  }
}

const table = (page: Page) => page.getByTestId('batch-table');
const seqsShown = async (page: Page): Promise<number[]> =>
  (await table(page).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-batch-seq')))).map(Number);

test('results table of a 20-job batch: sort by Sharpe with trades ≥ 5, filter, delete the failed jobs, compare, export, delete the batch', async ({ page }) => {
  test.setTimeout(240_000);
  // PEPE/USDT starts in May 2023: its jobs over February–April fail (no candles), BTC's complete.
  await importSeries(page, ['BTCUSDT', 'PEPEUSDT']);
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  await form.getByLabel('From', { exact: true }).fill('2023-02-01');
  await form.getByLabel('To', { exact: true }).fill('2023-04-30');
  await form.locator('[data-series-option="binance:BTC/USDT"] input').check();
  await form.locator('[data-series-option="binance:PEPE/USDT"] input').check();
  await form.getByRole('checkbox', { name: 'Try several values of Stop (× ATR)' }).check();
  await form.getByRole('textbox', { name: 'Values of Stop (× ATR)', exact: true }).fill('1, 1.5, 2, 2.5, 3');
  await form.getByRole('checkbox', { name: 'Try several values of Target (× ATR)' }).check();
  await form.getByRole('textbox', { name: 'Values of Target (× ATR)', exact: true }).fill('2, 4');
  await form.getByRole('button', { name: 'Run 20 backtests' }).click();
  await expect(page.getByTestId('queue-counts')).toContainText('Completed 10/20 · Running 0 · Pending 0 · Failed 10', { timeout: 180_000 });

  const results = page.getByTestId('batch-results');
  await expect(table(page).locator('tbody tr')).toHaveCount(20, { timeout: 30_000 });
  // The varied parameters are columns.
  await expect(table(page).locator('thead')).toContainText('sl_atr_multiplier');
  await expect(table(page).locator('thead')).toContainText('tp_atr_multiplier');

  // The oracle: the stored metrics of the completed jobs.
  const raw = await readBacktestStores(page);
  const jobs = raw.jobs as StoredJob[];
  const metricsOf = new Map((raw.results as Array<{ jobId: string; metrics: Record<string, number | null> }>).map((r) => [r.jobId, r.metrics]));
  const completed = jobs.filter((j) => j.status === 'COMPLETED');
  expect(completed).toHaveLength(10);
  expect(completed.every((j) => j.config.symbols[0] === 'BTC/USDT')).toBe(true);

  // Trades ≥ 5, sorted by Sharpe (best first).
  await results.getByRole('button', { name: 'Add threshold' }).click();
  await results.getByLabel('Threshold 1 metric').selectOption('totalTrades');
  await results.getByLabel('Threshold 1 comparison').selectOption('>=');
  await results.getByLabel('Threshold 1 value').fill('5');
  await table(page).locator('button[data-sort="metric:sharpe"]').click();
  const expected = completed
    .map((j) => ({ seq: j.seq, m: metricsOf.get(j.id)! }))
    .filter((x) => (x.m.totalTrades ?? 0) >= 5 && x.m.sharpe !== null)
    .sort((a, b) => b.m.sharpe! - a.m.sharpe! || a.seq - b.seq);
  expect(expected.length).toBeGreaterThan(2);
  await expect.poll(() => seqsShown(page)).toEqual(expected.map((x) => x.seq));
  const best = table(page).locator(`tr[data-batch-seq="${expected[0].seq}"]`);
  await expect(best.locator('[data-col="metric:sharpe"]')).toHaveText(formatMetric('sharpe', expected[0].m.sharpe));
  await expect(best.locator('[data-col="metric:maxDrawdownPct"]')).toHaveText(formatMetric('maxDrawdownPct', expected[0].m.maxDrawdownPct));
  await expect(results.getByTestId('batch-count')).toContainText(`${expected.length} of 20 backtests`);

  // Export the table shown as CSV: a header and a row per backtest shown.
  const [dl] = await Promise.all([page.waitForEvent('download'), results.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await dl.path(), 'utf8').trim().split('\n');
  expect(csv[0].startsWith('seq,name,status,symbols,timeframe,strategy,')).toBe(true);
  expect(csv.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(expected.map((x) => x.seq));

  // Delete the failed jobs: filter by status, pick every row shown, confirm.
  await results.getByLabel('Threshold 1 value').fill('0');
  await results.getByRole('button', { name: 'Remove threshold 1' }).click();
  await results.getByTestId('batch-filter-status').selectOption('FAILED');
  await expect(table(page).locator('tbody tr')).toHaveCount(10);
  await results.getByLabel('Pick every row shown').check();
  await results.getByRole('button', { name: 'Delete picked' }).click();
  await results.getByRole('button', { name: 'Confirm: delete 10 picked' }).click();
  await expect(results.getByTestId('batch-message')).toHaveText('Deleted 10 backtests with their results.');
  await results.getByTestId('batch-filter-status').selectOption('');
  await expect(table(page).locator('tbody tr')).toHaveCount(10);
  await expect(table(page).locator('tbody tr[data-batch-status="FAILED"]')).toHaveCount(0);
  const after = await readBacktestStores(page);
  expect((after.jobs as StoredJob[]).map((j) => j.status).sort()).toEqual(new Array(10).fill('COMPLETED'));
  expect(after.results).toHaveLength(10);

  // Compare the best eight (still sorted by Sharpe, best first): the table takes all eight.
  const top = (await seqsShown(page)).slice(0, 8);
  for (const seq of top) await results.getByLabel(`Pick #${seq}`).check();
  await results.getByRole('button', { name: 'Compare picked' }).click();
  await expect(page).toHaveURL(/\/backtests\/compare\?ids=/);
  await expect(page.getByTestId('compare-table').locator('thead th[data-seq]')).toHaveCount(8, { timeout: 30_000 });
  await page.goBack();

  // Delete the whole batch: jobs and results go together.
  await page.getByTestId('batch-results').getByRole('button', { name: 'Delete batch' }).click();
  await page.getByTestId('batch-results').getByRole('button', { name: 'Confirm: delete all 10 of the batch' }).click();
  await expect(page.getByTestId('batch-results')).toContainText('No batch yet');
  const empty = await readBacktestStores(page);
  expect(empty.jobs).toHaveLength(0);
  expect(empty.results).toHaveLength(0);
});
