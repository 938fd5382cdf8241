import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { sharedDataPath } from '../support/shared-data';
import { test, expect, readBacktestStores } from './fixtures';
import { parseCsv } from '../support/csv';

/** The 2023 window of the shared data README's volatility table. */
const FROM_DAY = '2023-05-06';
const TO_DAY = '2023-12-29';

/** The README's "suggested group" on that window (LOW < 50 %, MEDIUM 50–80 %, HIGH > 80 %) and its volatility. */
const README: Record<string, { group: 'LOW' | 'MEDIUM' | 'HIGH'; vol: string }> = {
  'BTC/USDT': { group: 'LOW', vol: '37.0 %' },
  'ETH/USDT': { group: 'LOW', vol: '40.9 %' },
  'BNB/USDT': { group: 'LOW', vol: '47.9 %' },
  'DOGE/USDT': { group: 'MEDIUM', vol: '64.1 %' },
  'LTC/USDT': { group: 'MEDIUM', vol: '63.9 %' },
  'SOL/USDT': { group: 'HIGH', vol: '93.5 %' },
  'FLOKI/USDT': { group: 'HIGH', vol: '113.0 %' },
  'PEPE/USDT': { group: 'HIGH', vol: '165.1 %' },
};
const SYMBOLS = Object.keys(README);
const GROUPS = ['LOW', 'MEDIUM', 'HIGH'] as const;

/** Opens the candle import panel of Markets & Data. */
async function openImportPanel(page: Page): Promise<void> {
  await page.goto('/markets/import');
  await expect(page.getByTestId('import-file-input')).toBeAttached();
}

async function importSeries(page: Page): Promise<void> {
  await openImportPanel(page);
  for (const symbol of SYMBOLS) {
    const file = `binance_${symbol.replace('/', '')}_1h.csv`;
    await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(file));
    await expect(page.getByTestId('import-report').getByTestId('import-series')).toHaveText(`${symbol} 1h`, { timeout: 60_000 });
  }
}

/** Every job's number, symbols and stored headline metrics, straight from IndexedDB. */
async function storedJobs(page: Page): Promise<Array<{ seq: number; symbols: string[]; stop: number; totalTrades: number | null; winRate: number | null }>> {
  const raw = await readBacktestStores(page);
  const byJob = new Map((raw.results as Array<{ jobId: string; metrics: Record<string, number | null> }>).map((r) => [r.jobId, r.metrics]));
  return (raw.jobs as Array<{ id: string; seq: number; config: { symbols: string[]; params: Record<string, number> } }>).map((j) => ({
    seq: j.seq,
    symbols: j.config.symbols,
    stop: j.config.params.sl_atr_multiplier,
    totalTrades: byJob.get(j.id)?.totalTrades ?? null,
    winRate: byJob.get(j.id)?.winRate ?? null,
  }));
}


/** Symbol of each result row of a group's table, by job number. */
async function groupRows(page: Page, group: string): Promise<Map<number, string>> {
  const rows = page.getByTestId(`vol-rows-${group}`).locator('tbody tr[data-seq]');
  const out = new Map<number, string>();
  for (const r of await rows.all()) out.set(Number(await r.getAttribute('data-seq')), (await r.locator('td').nth(2).innerText()).trim());
  return out;
}

test('a 16-job batch over the three volatility groups is grouped as the README predicts; thresholds, CSV and print', async ({ page, errors }) => {
  test.setTimeout(360_000);
  await importSeries(page);

  // A second tab shows the report of jobs 1-16 before they exist; it fills in as they complete.
  const watcher = await page.context().newPage();
  watcher.on('console', (m) => {
    if (m.type() === 'error') errors.push(`second tab: ${m.text()}`);
  });
  watcher.on('pageerror', (e) => errors.push(`second tab: ${e.message}`));
  await watcher.goto('/backtests/volatility?ids=1-16');
  await expect(watcher.getByTestId('vol-empty')).toContainText('None of the selected backtests (1-16) has completed');
  await expect(watcher.getByTestId('vol-skipped')).toContainText('#1 (no backtest has this number)');

  // One action queues 8 symbols (picked by volatility group) × 2 stop multipliers = 16 backtests.
  await page.bringToFront();
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  await form.getByLabel('From', { exact: true }).fill(FROM_DAY);
  await form.getByLabel('To', { exact: true }).fill(TO_DAY);
  await expect(form.getByRole('button', { name: 'Add LOW (3)' })).toBeEnabled({ timeout: 30_000 });
  await expect(form.getByRole('button', { name: 'Add MEDIUM (2)' })).toBeEnabled();
  await expect(form.getByRole('button', { name: 'Add HIGH (3)' })).toBeEnabled();
  for (const g of GROUPS) await form.getByRole('button', { name: new RegExp(`^Add ${g}`) }).click();
  await expect(form).toContainText('8 chosen');
  await form.getByRole('checkbox', { name: 'Try several values of Stop (× ATR)' }).check();
  await form.getByRole('textbox', { name: 'Values of Stop (× ATR)' }).fill('1.5, 2');
  await form.getByRole('button', { name: 'Run 16 backtests' }).click();
  await expect(form.getByTestId('backtest-form-message')).toHaveText('Queued 16 backtests: #1–#16.');
  await expect(page.getByTestId('queue-counts')).toContainText('Completed 16/16 · Running 0 · Pending 0 · Failed 0', { timeout: 240_000 });

  // The second tab picked the completed jobs up by itself.
  await expect(watcher.locator('[data-testid^="vol-rows-"] tbody tr[data-seq]')).toHaveCount(16, { timeout: 60_000 });
  await expect(watcher.getByTestId('vol-skipped')).toHaveCount(0);
  await watcher.close();

  // Select every job for the volatility report.
  await page.getByLabel('Select jobs').fill('1-16');
  await page.getByRole('button', { name: 'Volatility report' }).click();
  await expect(page).toHaveURL(/\/backtests\/volatility\?ids=1-16$/);
  const report = page.getByTestId('volatility-report');
  await expect(page.locator('[data-testid^="vol-rows-"] tbody tr[data-seq]')).toHaveCount(16, { timeout: 60_000 });

  const jobs = await storedJobs(page);
  expect(jobs).toHaveLength(16);
  const symbolOf = new Map(jobs.map((j) => [j.seq, j.symbols[0]]));

  // Every job sits in the group the README predicts for its symbol, with the README's volatility.
  for (const g of GROUPS) {
    const rows = await groupRows(page, g);
    const expected = jobs.filter((j) => README[j.symbols[0]].group === g).map((j) => j.seq).sort((a, b) => a - b);
    expect([...rows.keys()], g).toEqual(expected);
    for (const [seq, symbol] of rows) expect(symbol).toBe(symbolOf.get(seq));
  }
  for (const j of jobs) {
    await expect(page.locator(`[data-testid^="vol-rows-"] tr[data-seq="${j.seq}"]`)).toContainText(README[j.symbols[0]].vol);
  }
  await expect(page.getByTestId('vol-group-UNCLASSIFIED')).toHaveCount(0);
  // Each group shows both configurations (stop 1.5 and 2 ATR), its best performers and the overall summary.
  await expect(page.getByTestId('vol-group-LOW').locator('table.vol-configs tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('vol-best-HIGH')).toContainText('Best by profit factor: #');
  await expect(page.getByTestId('vol-overall').locator('tbody tr').last()).toContainText('All backtests');
  await expect(page.getByTestId('vol-overall').locator('tbody tr').last().locator('td').first()).toHaveText('16');
  // The chart has one bar per symbol, coloured by group.
  for (const s of SYMBOLS) await expect(page.getByTestId('vol-chart').locator(`g[data-symbol="${s}"]`)).toHaveAttribute('data-group', README[s].group);
  // A job number opens that backtest's report.
  await expect(page.getByTestId('vol-rows-LOW').getByRole('link').first()).toHaveAttribute('href', /\/backtests\/\d+$/);

  // Raising LOW to 45 % moves BNB (47.9 %) from LOW to MEDIUM at once.
  await page.getByLabel('LOW below (%)').fill('45');
  await expect(page.getByTestId('vol-rows-LOW').locator('tbody tr[data-seq]')).toHaveCount(4);
  await expect(page.getByTestId('vol-rows-MEDIUM').locator('tbody tr[data-seq]')).toHaveCount(6);
  const bnb = jobs.filter((j) => j.symbols[0] === 'BNB/USDT').map((j) => j.seq);
  for (const seq of bnb) await expect(page.getByTestId('vol-rows-MEDIUM').locator(`tr[data-seq="${seq}"]`)).toBeVisible();
  await expect(page.getByTestId('vol-chart').locator('g[data-symbol="BNB/USDT"]')).toHaveAttribute('data-group', 'MEDIUM');
  // An invalid pair is refused with the reason, and the last valid grouping stays.
  await page.getByLabel('HIGH above (%)').fill('30');
  await expect(page.getByTestId('vol-threshold-error')).toHaveText('thresholds.high: 30 must be greater than thresholds.low (45)');
  await expect(page.getByTestId('vol-rows-LOW').locator('tbody tr[data-seq]')).toHaveCount(4);
  await page.getByLabel('HIGH above (%)').fill('80');
  await expect(page.getByTestId('vol-threshold-error')).toHaveCount(0);

  // CSV export: one row per backtest with its group under the current thresholds, and the stored metrics.
  const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('volatility-report-1-16.csv');
  const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
  const header = csv[0];
  const col = (name: string) => {
    const i = header.indexOf(name);
    expect(i, name).toBeGreaterThanOrEqual(0);
    return i;
  };
  const body = csv.slice(1);
  expect(body).toHaveLength(16);
  expect(body.map((r) => Number(r[col('seq')])).sort((a, b) => a - b)).toEqual(jobs.map((j) => j.seq).sort((a, b) => a - b));
  for (const r of body) {
    const job = jobs.find((j) => j.seq === Number(r[col('seq')]))!;
    const symbol = job.symbols[0];
    expect(r[col('symbols')]).toBe(symbol);
    expect(r[col('group')]).toBe(symbol === 'BNB/USDT' ? 'MEDIUM' : README[symbol].group);
    expect(`${Number(r[col('annualised_vol_pct')]).toFixed(1)} %`).toBe(README[symbol].vol);
    expect([r[col('low_threshold_pct')], r[col('high_threshold_pct')]]).toEqual(['45', '80']);
    expect(r[col('from')]).toBe('2023-05-06T00:00:00.000Z');
    expect(r[col('strategy')]).toBe('BALANCED');
    expect(Number(r[col('stop_atr_mult')])).toBe(job.stop);
    expect(Number(r[col('total_trades')])).toBe(job.totalTrades);
    if (job.winRate !== null) expect(Number(r[col('win_rate_pct')])).toBeCloseTo(job.winRate * 100, 2);
  }
  // Rows come group by group: LOW, MEDIUM, HIGH.
  const order = body.map((r) => GROUPS.indexOf(r[col('group')] as (typeof GROUPS)[number]));
  expect(order).toEqual([...order].sort((a, b) => a - b));

  // The printable page: navigation and buttons hidden, the tables fit the page width.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('nav.sidebar')).toBeHidden();
  await expect(report.getByRole('button', { name: 'Export CSV' })).toBeHidden();
  await expect(report.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByLabel('LOW below (%)')).toBeHidden();
  await expect(page.getByTestId('vol-rows-HIGH')).toBeVisible();
  await expect(page.getByTestId('vol-overall')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('nav.sidebar')).toBeVisible();

  // A phone-width screen scrolls the tables inside their frames, not the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('vol-rows-LOW')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('an empty, invalid or not-yet-completed selection is explained', async ({ page }) => {
  await page.goto('/backtests/volatility');
  await expect(page.getByTestId('vol-empty')).toContainText('No backtests selected');
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeDisabled();

  await page.goto('/backtests/volatility?ids=3-x');
  await expect(page.getByTestId('vol-selection-error')).toHaveText('The selection “3-x” cannot be read: ids: "3-x" is not a number or a range like 5-8');

  // Typing a selection on the page itself; numbers without a job are listed as not included.
  await page.getByLabel('Backtests', { exact: true }).fill('4 7-8');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/ids=4\+7-8$/);
  await expect(page.getByTestId('vol-skipped')).toContainText('#4 (no backtest has this number), #7 (no backtest has this number), #8');
  await expect(page.getByTestId('vol-empty')).toContainText('None of the selected backtests (4 7 8) has completed');
  await expect(page.getByTestId('vol-selection-error')).toHaveCount(0);
});
