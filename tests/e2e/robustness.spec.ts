import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { evaluateRequest, Optimiser, type EvalContext } from '../../src/core/robustness';
import { SIGNAL_ENGINE } from '../../src/core/strategy/signal-engine';
import { parseStandardCsv } from '../../src/core/candles/csv';
import { sharedDataPath } from '../support/shared-data';
import { test, expect } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'candlelab-robustness-e2e-'));

/**
 * The recorded 1h candles of `symbol` from `from` (inclusive) to `to` (exclusive), as a file named
 * like the shared one (so the import names the series the same): a few thousand candles keep the
 * work small on a loaded machine.
 */
function recordedSlice(symbol: string, from: string, to: string): string {
  const [head, ...rows] = readFileSync(sharedDataPath(`binance_${symbol}_1h.csv`), 'utf8').trim().split('\n');
  const lo = Date.parse(`${from}T00:00:00Z`);
  const hi = Date.parse(`${to}T00:00:00Z`);
  const kept = rows.filter((r) => {
    const t = Number(r.slice(0, r.indexOf(',')));
    return t >= lo && t < hi;
  });
  const sub = join(dir, `${from}_${to}`);
  const path = join(sub, `binance_${symbol}_1h.csv`);
  mkdirSync(sub, { recursive: true });
  writeFileSync(path, `${[head, ...kept].join('\n')}\n`);
  return path;
}

async function importSeries(page: Page, symbols: string[], from: string, to: string): Promise<void> {
  await page.goto('/markets/import');
  for (const s of symbols) {
    await page.getByTestId('import-file-input').setInputFiles(recordedSlice(s, from, to));
    await expect(page.getByTestId('import-report').getByTestId('import-series')).toHaveText(`${s.replace('USDT', '/USDT')} 1h`, { timeout: 60_000 });
  }
}

/** Queues one BALANCED backtest of the given symbols as a portfolio over [from, to] and waits for it. */
async function runBacktest(page: Page, symbols: string[], from: string, to: string): Promise<void> {
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  for (const s of symbols) await form.locator(`[data-series-option="binance:${s.replace('USDT', '/USDT')}"] input`).check();
  if (symbols.length > 1) await form.getByLabel('All chosen symbols as one portfolio').check();
  await form.locator('#bt-from-0').fill(from);
  await form.locator('#bt-to-0').fill(to);
  await form.getByRole('button', { name: 'Run 1 backtests' }).click();
  await expect(page.getByTestId('queue-counts')).toContainText('Pending 0', { timeout: 60_000 });
  await expect(page.getByTestId('queue-counts')).toContainText('Running 0', { timeout: 120_000 });
}

/** Ticks a parameter in the space editor and gives it a list of values. */
async function vary(page: Page, key: string, values: string): Promise<void> {
  const row = page.locator(`[data-param="${key}"]`);
  await row.getByRole('checkbox').check();
  await row.getByRole('combobox').selectOption('list');
  await row.getByRole('textbox').fill(values);
}

async function storedOptimisation(page: Page, id: string): Promise<{ status: string; evaluations: Array<{ index: number; score: number | null; params: Record<string, number> }> }> {
  return page.evaluate(
    (runId) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction('optimisationRuns').objectStore('optimisationRuns').get(runId);
          get.onsuccess = () => {
            db.close();
            const r = get.result as { status: string; evaluations: Array<{ index: number; score: number | null; params: Record<string, number> }> };
            resolve({ status: r.status, evaluations: r.evaluations.map((e) => ({ index: e.index, score: e.score, params: e.params })) });
          };
          get.onerror = () => reject(get.error);
        };
      }),
    id,
  );
}

function runIdOf(page: Page): string {
  const id = new URL(page.url()).searchParams.get('run');
  if (!id) throw new Error(`no run id in ${page.url()}`);
  return id;
}

test('optimise, walk forward and Monte Carlo on BTC/ETH/SOL 1h: heatmap, stitched out-of-sample curve, PBO and risk of ruin', async ({ page }) => {
  test.setTimeout(300_000);
  // Eight months of real 1h candles per symbol (2022-01-01 → 2022-08-31): about 5,800 each.
  await importSeries(page, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], '2022-01-01', '2022-09-01');
  await page.goto('/robustness');
  await expect(page.getByTestId('robustness-no-source')).toBeVisible();
  await runBacktest(page, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], '2022-01-01', '2022-08-31');

  // Optimise stop/target multipliers and the ADX threshold over the backtest's window.
  await page.goto('/robustness');
  const panel = page.getByTestId('new-run');
  await panel.getByRole('button', { name: 'Optimise' }).click();
  // Bad input is refused before anything is stored, naming the field and the value.
  await panel.getByRole('button', { name: 'Start optimisation' }).click();
  await expect(panel.getByTestId('run-error')).toHaveText('space: empty (choose at least one parameter to vary)');
  const adx = page.locator('[data-param="adx_threshold"]');
  await adx.getByRole('checkbox').check();
  await adx.getByLabel('ADX threshold min').fill('30');
  await adx.getByLabel('ADX threshold max').fill('20');
  await panel.getByRole('button', { name: 'Start optimisation' }).click();
  await expect(panel.getByTestId('run-error')).toHaveText('space.adx_threshold.min: 30 is greater than max 20');
  await adx.getByLabel('ADX threshold min').fill('20');
  await adx.getByLabel('ADX threshold max').fill('30');
  await adx.getByLabel('ADX threshold step').fill('5');
  await vary(page, 'sl_atr_multiplier', '1, 2');
  await vary(page, 'tp_atr_multiplier', '2, 4');
  await panel.getByRole('button', { name: 'Start optimisation' }).click();
  await expect(page).toHaveURL(/run=opt_/);
  await expect(page.getByTestId('run-status')).toHaveText('COMPLETED', { timeout: 120_000 });
  const opt = page.getByTestId('opt-result');
  await expect(opt.getByTestId('opt-table').locator('tbody tr')).toHaveCount(12);
  await expect(opt.locator('tr.rb-best')).toHaveCount(1);
  await expect(opt.locator('tr.rb-best td').first()).toContainText('★ best');
  // Heatmap over the first two varied parameters (ADX threshold × stop): one cell per pair of values.
  await expect(opt.getByTestId('opt-heatmap').locator('g[aria-label="cell"] rect')).toHaveCount(6);
  // Its legend's colour bar is an image the page's policy lets it show.
  const ramp = opt.getByTestId('opt-heatmap').locator('svg image');
  await expect(ramp).toHaveCount(1);
  const rampWidth = await ramp.evaluate(async (el) => {
    const img = new Image();
    img.src = el.getAttribute('href') ?? el.getAttribute('xlink:href') ?? '';
    return img.decode().then(
      () => img.naturalWidth,
      () => 0,
    );
  });
  expect(rampWidth).toBeGreaterThan(0);
  await expect(opt.getByTestId('pbo-verdict')).toContainText(/\d+ %/);
  await expect(opt.getByTestId('dsr-verdict')).toContainText(/probability the best Sharpe ratio/);
  // Sorting by a metric reorders the table; the numbers are formatted.
  await opt.locator('button[data-sort="maxDrawdownPct"]').click();
  const dd = await opt.getByTestId('opt-table').locator('tbody tr td:nth-child(11)').allTextContents();
  const ddNums = dd.map((t) => Number(t.replace('%', '')));
  expect(ddNums).toEqual([...ddNums].sort((a, b) => a - b));
  for (const t of dd) expect(t).toMatch(/^\d+\.\d{2}%$/);
  // CSV export: one line per evaluation.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('index,adx_threshold,sl_atr_multiplier,tp_atr_multiplier,score,roiPct,sharpe,sqn,profitFactor,calmar,maxDrawdownPct,totalTrades,winRate,error');
  expect(csv.length).toBe(13);

  // The best parameters as a backtest of their own: the source of the Monte Carlo.
  await opt.getByRole('button', { name: 'Backtest the best parameters' }).click();
  await expect(page).toHaveURL(/\/backtests\/2$/);
  await expect(page.getByTestId('metric-card').first()).toBeVisible({ timeout: 120_000 });

  // Walk-forward over the eight months with re-optimisation on every in-sample window: three
  // rolling windows of 90 in-sample and 45 out-of-sample days.
  await page.goto('/robustness');
  const source = panel.getByTestId('source-select');
  await expect(source.locator('option')).toHaveCount(2);
  await source.selectOption({ index: 1 });
  await expect(source.locator('option:checked')).toContainText('#1 ');
  await panel.getByRole('button', { name: 'Walk-forward' }).click();
  await panel.getByLabel('From', { exact: true }).fill('2022-01-01');
  await panel.getByLabel('To', { exact: true }).fill('2022-08-31');
  await panel.getByLabel('In-sample days').fill('90');
  await panel.getByLabel('Out-of-sample days').fill('45');
  await vary(page, 'sl_atr_multiplier', '1, 2');
  await vary(page, 'tp_atr_multiplier', '2, 4');
  await panel.getByRole('button', { name: 'Start walk-forward' }).click();
  await expect(page).toHaveURL(/run=wf_/);
  await expect(page.getByTestId('run-status')).toHaveText('COMPLETED', { timeout: 120_000 });
  const wf = page.getByTestId('wf-result');
  await expect(wf.getByTestId('wf-windows').locator('tbody tr')).toHaveCount(3);
  await expect(wf.getByTestId('equity-chart')).toHaveAttribute('data-ready', 'true');
  await expect(wf.getByTestId('wf-roi')).toContainText(/-?\d+\.\d{2}%/);
  await expect(wf.getByTestId('wf-pbo-verdict')).toContainText(/in sample|splits|Not enough/);

  // 2,000 Monte Carlo paths on the best backtest, and its risk of ruin.
  await page.goto('/robustness');
  await expect(source.locator('option')).toHaveCount(2);
  await source.selectOption({ index: 0 });
  await expect(source.locator('option:checked')).toContainText('#2 ');
  await panel.getByRole('button', { name: 'Monte Carlo', exact: true }).click();
  await panel.getByLabel('Runs (up to 100,000)').fill('2000');
  await panel.getByRole('button', { name: 'Run Monte Carlo' }).click();
  await expect(page).toHaveURL(/run=mc_/);
  await expect(page.getByTestId('run-status')).toHaveText('COMPLETED', { timeout: 120_000 });
  await expect(page.getByTestId('mc-ruin')).toContainText(/\d+\.\d\d %/);
  await expect(page.getByTestId('mc-percentiles').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('mc-fan').locator('g[aria-label="area"]')).toHaveCount(2);
  await expect(page.getByTestId('mc-histogram')).toHaveCount(5);

  // The list shows all three runs completed.
  await page.goto('/robustness');
  await expect(page.getByTestId('run-list').locator('tr[data-status="COMPLETED"]')).toHaveCount(3);
});

test('an optimisation interrupted by a reload resumes from its stored evaluations and equals an uninterrupted run', async ({ page }) => {
  test.setTimeout(300_000);
  await importSeries(page, ['BTCUSDT'], '2022-01-01', '2023-01-01');
  await runBacktest(page, ['BTCUSDT'], '2022-01-01', '2022-12-31');
  await page.goto('/robustness');
  const panel = page.getByTestId('new-run');
  await panel.getByRole('button', { name: 'Optimise' }).click();
  await vary(page, 'sl_atr_multiplier', '1, 1.5, 2, 2.5, 3');
  await vary(page, 'tp_atr_multiplier', '2, 3, 4, 5');
  await vary(page, 'adx_threshold', '15, 20, 25, 30, 35');
  await panel.getByRole('button', { name: 'Start optimisation' }).click();
  await expect(page).toHaveURL(/run=opt_/);
  const id = runIdOf(page);
  // Reload once some evaluations are stored and before the run completes.
  await expect.poll(async () => (await storedOptimisation(page, id)).evaluations.length, { timeout: 120_000 }).toBeGreaterThan(0);
  const before = await storedOptimisation(page, id);
  expect(before.status).toBe('RUNNING');
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveText('COMPLETED', { timeout: 200_000 });
  const after = await storedOptimisation(page, id);
  expect(after.evaluations.map((e) => e.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  // What was stored before the reload was kept, not evaluated again differently.
  for (const e of before.evaluations) expect(after.evaluations[e.index]).toEqual(e);

  // The same search run uninterrupted in Node on the same candles gives the same scores.
  const settings = await page.evaluate(
    (runId) =>
      new Promise<{ data: { config: typeof DEFAULT_BACKTEST_CONFIG; strategy: { name: string; params: Record<string, number> } }; run: { from: number; to: number; optimiser: ConstructorParameters<typeof Optimiser>[1] } }>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('optimisationRuns').objectStore('optimisationRuns').get(runId);
          get.onsuccess = () => {
            req.result.close();
            resolve(get.result.config);
          };
        };
      }),
    id,
  );
  const candles = parseStandardCsv(readFileSync(recordedSlice('BTCUSDT', '2022-01-01', '2023-01-01'), 'utf8'));
  const ctx: EvalContext = {
    base: { config: settings.data.config, strategy: settings.data.strategy, series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles }] },
    objective: settings.run.optimiser.objective,
    constraints: settings.run.optimiser.constraints,
  };
  expect(ctx.constraints).toEqual({ minTrades: 20 });
  const o = new Optimiser(SIGNAL_ENGINE, settings.run.optimiser);
  const range = { from: settings.run.from, to: settings.run.to };
  for (const e of after.evaluations) {
    const node = evaluateRequest(ctx, { key: 'x', candidate: o.candidateAt(e.index), range, detail: false }).evaluation;
    expect(e.params).toEqual(node.params);
    expect(e.score).toBe(node.score);
  }
});
