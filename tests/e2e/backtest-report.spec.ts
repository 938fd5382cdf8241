import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { runBacktestRequest, serializeReport } from '../../src/core/backtest/request';
import type { ResultFile } from '../../src/core/backtest/result-file';
import { tradesCsv } from '../../src/core/backtest/trades-csv';
import { formatMetric, formatValue, METRIC_DEFINITIONS } from '../../src/core/metrics';
import { formatInt } from '../../src/ui/format';
import { TRADE_ROW_HEIGHT } from '../../src/ui/components/report/model';
import { buildResultFileFromCandles, tenThousandTradeResult, type BuiltResultFile } from '../support/result-files';
import { loadSharedCandles, sharedDataPath } from '../support/shared-data';
import { test, expect } from './fixtures';

const FROM = Date.UTC(2022, 0, 1);
const TO = Date.UTC(2022, 11, 31, 23);
const dir = mkdtempSync(join(tmpdir(), 'candlelab-report-e2e-'));

/** Built once per worker process, on first use. */
const cache = new Map<string, { built: BuiltResultFile; path: string }>();

function resultFile(key: 'btc' | 'eth' | 'big'): { built: BuiltResultFile; path: string } {
  let hit = cache.get(key);
  if (hit) return hit;
  let built: BuiltResultFile;
  if (key === 'btc') {
    built = buildResultFileFromCandles({ name: 'BTC balanced 2022', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED', from: FROM, to: TO });
  } else if (key === 'eth') {
    built = buildResultFileFromCandles({ name: 'ETH aggressive 2022', symbol: 'ETHUSDT', timeframe: '1h', strategy: 'AGGRESSIVE', from: FROM, to: TO });
  } else {
    // 10,000 scripted trades on BTCUSDT 1m: a signal every 4 bars, closed by stop, target or a 3-bar time limit.
    built = tenThousandTradeResult();
  }
  const path = join(dir, `${key}.json`);
  writeFileSync(path, built.text);
  hit = { built, path };
  cache.set(key, hit);
  return hit;
}

/** Imports a shared candle file through the Markets import panel. */
async function importCandles(page: Page, file: string): Promise<void> {
  await page.goto('/markets/import');
  await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(file));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
}

/** Imports a result file through the report page's header control and waits for its report. */
async function importResult(page: Page, path: string, seq: number): Promise<void> {
  await page.getByTestId('import-result-input').setInputFiles(path);
  await expect(page).toHaveURL(new RegExp(`/backtests/${seq}$`), { timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 1, name: `Backtest #${seq}` })).toBeVisible();
  await expect(page.getByTestId('metric-card')).toHaveCount(METRIC_DEFINITIONS.length, { timeout: 30_000 });
}

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

async function metricTexts(page: Page): Promise<string[]> {
  return page.getByTestId('metric-value').allTextContents();
}

function expectedMetricTexts(file: ResultFile): string[] {
  return METRIC_DEFINITIONS.map((d) => formatMetric(d.key, file.metrics[d.key] ?? null, file.metrics));
}

/** The rows the virtualised trades table has rendered (those in view and a few around them). */
const rowsOf = (page: Page) => page.getByTestId('trades-table').locator('tbody tr[data-trade-index]');

async function rowIndices(page: Page): Promise<number[]> {
  return (await rowsOf(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-trade-index')))).map(Number);
}

/** Scrolls the trades table to its top, bottom or a pixel offset. */
async function scrollTrades(page: Page, to: 'top' | 'bottom' | number): Promise<void> {
  await page.getByTestId('trades-scroll').evaluate((el, t) => {
    el.scrollTop = t === 'top' ? 0 : t === 'bottom' ? el.scrollHeight : t;
  }, to);
}

test('an imported backtest: every metric card with its help, a losing trade on the chart, sort, filter and scrolling', async ({ page }) => {
  test.setTimeout(180_000);
  const { built, path } = resultFile('btc');
  const trades = built.file.trades;
  expect(trades.length).toBeGreaterThan(60);

  await importCandles(page, 'binance_BTCUSDT_1h.csv');
  await page.goto('/backtests/1');
  await expect(page.getByTestId('report-missing')).toContainText('No backtest #1');
  await importResult(page, path, 1);

  // Every metric of docs/metrics.md, formatted as the engine's metrics say.
  expect(await metricTexts(page)).toEqual(expectedMetricTexts(built.file));
  const cards = page.getByTestId('metric-card');
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))).toEqual(METRIC_DEFINITIONS.map((d) => d.key));

  // The explanation shows on hover and on keyboard focus, and is the card's accessible description.
  const sharpe = page.locator('[data-metric="sharpe"]');
  const sharpeDef = METRIC_DEFINITIONS.find((d) => d.key === 'sharpe')!;
  await expect(sharpe.getByRole('tooltip')).toBeHidden();
  await sharpe.hover();
  await expect(sharpe.getByRole('tooltip')).toBeVisible();
  await expect(sharpe.getByRole('tooltip')).toContainText(sharpeDef.explanation);
  await expect(sharpe).toHaveAttribute('title', new RegExp(sharpeDef.explanation.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.mouse.move(0, 0);
  const winRate = page.locator('[data-metric="winRate"]');
  await page.locator('[data-metric="breakeven"]').focus();
  await page.keyboard.press('Tab');
  await expect(winRate).toBeFocused();
  await expect(winRate.getByRole('tooltip')).toBeVisible();
  await expect(winRate).toHaveAccessibleDescription(/Wins divided by all closed trades\./);
  await expect(sharpe.getByRole('tooltip')).toBeHidden();

  // The table renders the rows in view and a few more, in stored order; scrolling shows the rest.
  const shown = await rowIndices(page);
  expect(shown.length).toBeGreaterThanOrEqual(12);
  expect(shown.length).toBeLessThan(trades.length);
  expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => i));
  await scrollTrades(page, 'bottom');
  await expect.poll(async () => (await rowIndices(page)).at(-1)).toBe(trades.length - 1);
  const tail = await rowIndices(page);
  expect(tail).toEqual(Array.from({ length: tail.length }, (_, i) => trades.length - tail.length + i));
  await scrollTrades(page, 'top');
  await expect.poll(async () => (await rowIndices(page))[0]).toBe(0);
  // Keyboard: End on a row goes to the last trade, Home back to the first.
  await rowsOf(page).first().focus();
  await page.keyboard.press('End');
  await expect(page.locator(`tr[data-trade-index="${trades.length - 1}"]`)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.locator('tr[data-trade-index="0"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('tr[data-trade-index="1"]')).toBeFocused();

  // Sort by P&L ascending: the worst trade first.
  const byPnl = trades.map((t, i) => ({ t, i })).sort((a, b) => a.t.pnl - b.t.pnl || a.i - b.i);
  const pnlHeader = page.getByTestId('trades-table').locator('button[data-sort="pnl"]');
  await pnlHeader.click();
  await expect(page.getByTestId('trades-table').locator('th[aria-sort="descending"]')).toHaveCount(1);
  await pnlHeader.click();
  await expect(page.getByTestId('trades-table').locator('th[aria-sort="ascending"]')).toContainText('P&L');
  const sortedShown = await rowIndices(page);
  expect(sortedShown).toEqual(byPnl.slice(0, sortedShown.length).map((x) => x.i));

  // Click the worst (losing) trade: the price chart moves to it and draws its stop and target.
  const worst = byPnl[0];
  expect(worst.t.pnl).toBeLessThan(0);
  await rowsOf(page).first().click();
  const chart = page.getByTestId('price-chart');
  await expect(chart).toHaveAttribute('data-selected-trade', String(worst.i), { timeout: 30_000 });
  await expect(rowsOf(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect
    .poll(async () => {
      const from = Number(await chart.getAttribute('data-visible-from'));
      const to = Number(await chart.getAttribute('data-visible-to'));
      return from <= worst.t.entryTime && to >= worst.t.exitTime && to - from < 400 * 3_600_000;
    })
    .toBe(true);
  if (worst.t.stop > 0) await expect(chart).toHaveAttribute('data-stop', String(worst.t.stop));
  if (worst.t.target > 0) await expect(chart).toHaveAttribute('data-target', String(worst.t.target));
  const panel = page.getByTestId('selected-trade');
  await expect(panel).toContainText(`Trade #${worst.i + 1}`);
  await expect(page.getByTestId('selected-stop')).toContainText(worst.t.stop > 0 ? 'Stop' : 'none');
  await expect(page.getByTestId('selected-target')).toContainText('Target');

  // Enter on a focused row selects it too.
  const second = byPnl[1];
  await rowsOf(page).nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(chart).toHaveAttribute('data-selected-trade', String(second.i));
  await expect
    .poll(async () => Number(await chart.getAttribute('data-visible-from')) <= second.t.entryTime && Number(await chart.getAttribute('data-visible-to')) >= second.t.exitTime)
    .toBe(true);

  // Sort by entry price ascending.
  await page.getByTestId('trades-table').locator('button[data-sort="entryPrice"]').click();
  const byEntry = trades.map((t, i) => ({ t, i })).sort((a, b) => a.t.entryPrice - b.t.entryPrice || a.i - b.i);
  await expect.poll(async () => (await rowIndices(page))[0]).toBe(byEntry[0].i);
  const byEntryShown = await rowIndices(page);
  expect(byEntryShown).toEqual(byEntry.slice(0, byEntryShown.length).map((x) => x.i));

  // Filters: direction, exit reason and symbol.
  await page.getByTestId('filter-direction').selectOption('SHORT');
  const shorts = trades.filter((t) => t.direction === 'SHORT');
  await expect(page.getByTestId('trades-count')).toHaveText(`${shorts.length.toLocaleString('en-US')} of ${trades.length.toLocaleString('en-US')} trades`);
  const shortCells = await rowsOf(page).locator('td[data-col="direction"]').allTextContents();
  expect(shortCells.length).toBeGreaterThan(0);
  expect(new Set(shortCells)).toEqual(new Set(['SHORT']));
  await page.getByTestId('filter-exit-reason').selectOption('SL');
  const shortStops = trades.filter((t) => t.direction === 'SHORT' && t.exitReason === 'SL');
  await expect(page.getByTestId('trades-count')).toHaveText(`${shortStops.length} of ${trades.length.toLocaleString('en-US')} trades`);
  expect(new Set(await rowsOf(page).locator('td[data-col="exitReason"]').allTextContents())).toEqual(new Set(shortStops.length > 0 ? ['SL'] : []));
  await page.getByTestId('filter-direction').selectOption('');
  await page.getByTestId('filter-exit-reason').selectOption('');
  await page.getByTestId('filter-symbol').selectOption('BTC/USDT');
  await expect(page.getByTestId('trades-count')).toHaveText(`${trades.length.toLocaleString('en-US')} of ${trades.length.toLocaleString('en-US')} trades`);

  // Breakdowns, the heat table and the configuration (drawn as they come into view).
  await page.getByTestId('breakdowns').scrollIntoViewIfNeeded();
  const longs = trades.filter((t) => t.direction === 'LONG').length;
  await expect(page.getByTestId('breakdown-direction').locator('tr[data-group="LONG"] td').first()).toHaveText(longs.toLocaleString('en-US'));
  await expect(page.getByTestId('breakdown-exitReason').locator('tr[data-group="SL"] td').first()).toHaveText(
    trades.filter((t) => t.exitReason === 'SL').length.toLocaleString('en-US'),
  );
  await expect(page.getByTestId('breakdown-confidence').locator('tbody tr')).toHaveCount(5);
  const first = trades[0];
  const d = (((Math.floor(first.entryTime / 86_400_000) + 3) % 7) + 7) % 7;
  const h = new Date(first.entryTime).getUTCHours();
  const sameCell = trades.filter((t) => new Date(t.entryTime).getUTCHours() === h && (((Math.floor(t.entryTime / 86_400_000) + 3) % 7) + 7) % 7 === d).length;
  await expect(page.getByTestId('entry-heat').locator(`td[data-cell="${d}-${h}"] .heat-count`)).toHaveText(String(sameCell));
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(page.getByTestId('config-strategy')).toContainText('BALANCED');
  await expect(page.getByTestId('config-params')).toContainText('adx_threshold');
  await expect(page.getByTestId('config-settings')).toContainText('10 % of equity per trade');
  await expect(page.getByRole('link', { name: 'Edit and run' })).toHaveAttribute('href', '/backtests?edit=1');
  await page.locator('#equity-title').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('equity-chart')).toHaveAttribute('data-points', String(built.file.equity.length));

  // A phone-sized window does not scroll sideways: wide tables scroll inside their frame.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Run again: the queue runs the same configuration on the stored candles and gets the same result.
  await page.getByRole('button', { name: 'Run again' }).click();
  const queued = page.getByTestId('run-again-status');
  await expect(queued).toContainText('Queued as backtest #2');
  await queued.getByRole('link', { name: 'backtest #2' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtest #2' })).toBeVisible();
  await expect(page.getByTestId('metric-card')).toHaveCount(METRIC_DEFINITIONS.length, { timeout: 60_000 });
  expect(await metricTexts(page)).toEqual(expectedMetricTexts(built.file));
  await expect(page.getByTestId('trades-count')).toHaveText(`${trades.length.toLocaleString('en-US')} of ${trades.length.toLocaleString('en-US')} trades`);
});

test('report additions: buy-and-hold on the chart and as cards, monthly returns, worst drawdowns, MAE/MFE scatter, durations', async ({ page }) => {
  test.setTimeout(180_000);
  const { built, path } = resultFile('btc');
  const file = built.file;
  await importCandles(page, 'binance_BTCUSDT_1h.csv');
  await page.goto('/backtests/1');
  await importResult(page, path, 1);

  // Buy-and-hold by hand: bought at the first bar's open, sold at the last close, the fee both ways.
  const candles = loadSharedCandles('BTCUSDT', '1h');
  const times = file.equity.map((p) => p[0]);
  const first = candles.time.findIndex((t) => t >= times[0]);
  const lastTime = times[times.length - 1];
  let last = first;
  while (last + 1 < candles.time.length && candles.time[last + 1] <= lastTime) last++;
  const fee = file.job.config.backtest.feeRate;
  const c0 = file.job.config.backtest.initialCapital;
  const final = (c0 / (candles.open[first] * (1 + fee))) * candles.close[last] * (1 - fee);
  const bhReturn = (final / c0 - 1) * 100;
  const benchmark = page.getByTestId('benchmark');
  await expect(benchmark.locator('[data-metric="bh-return"] .metric-value')).toHaveText(formatValue('pct', bhReturn), { timeout: 30_000 });
  await expect(benchmark.locator('[data-metric="excess-return"] .metric-value')).toHaveText(formatValue('pct', file.metrics.roiPct! - bhReturn));
  await expect(page.getByTestId('equity-chart')).toHaveAttribute('data-benchmark-points', String(file.equity.length), { timeout: 30_000 });

  // Monthly returns of 2022: twelve months, the year cell is the run's return.
  const year = page.getByTestId('returns-table').locator('tr[data-year="2022"]');
  await expect(year.locator('td')).toHaveCount(13);
  await expect(year.locator('td.returns-total')).toHaveText(formatValue('pct', file.metrics.roiPct!));
  for (const text of await year.locator('td').allTextContents()) expect(text).toMatch(/^-?[\d,]+\.\d\d%$/);

  // The five worst drawdowns, the deepest first: the max drawdown metric.
  const dd = page.getByTestId('worst-drawdowns').locator('tbody tr');
  await expect(dd).toHaveCount(5);
  await expect(dd.first().locator('[data-col="depth"]')).toHaveText(formatValue('pct', -file.metrics.maxDrawdownPct!));
  await expect(dd.first()).toContainText(/\d\d [A-Z][a-z]{2} 2022 \d\d:\d\d UTC/);

  // MAE / MFE: one dot per trade (every trade's candles are stored); R for trades with a stop.
  await page.locator('#excursions-title').scrollIntoViewIfNeeded();
  const scatter = page.getByTestId('excursions');
  await expect(scatter.getByTestId('excursion-count')).toHaveText(`${formatInt(file.trades.length)} of ${formatInt(file.trades.length)} trades`, { timeout: 30_000 });
  await expect(scatter.locator('svg circle')).toHaveCount(file.trades.length, { timeout: 30_000 });
  await scatter.getByRole('button', { name: 'MFE' }).click();
  await scatter.getByRole('button', { name: 'R', exact: true }).click();
  const withStop = file.trades.filter((t) => t.stop > 0).length;
  await expect(scatter.locator('svg circle')).toHaveCount(withStop);

  // Durations: a bar per bin of the histogram.
  await page.locator('#durations-title').scrollIntoViewIfNeeded();
  const hist = page.getByTestId('duration-histogram');
  await expect(hist.locator('svg g[aria-label="bar"] rect').first()).toBeVisible({ timeout: 30_000 });
  await expect(hist).toContainText('same bar');
});

test('compare two backtests: the best value of each row is highlighted, two equity lines', async ({ page }) => {
  test.setTimeout(120_000);
  const a = resultFile('btc');
  const b = resultFile('eth');
  await page.goto('/backtests/1');
  await importResult(page, a.path, 1);
  await importResult(page, b.path, 2);

  await page.goto('/backtests/compare?ids=1');
  await expect(page.getByTestId('compare-message')).toContainText('names 1 backtest; compare needs 2 or more');
  await page.goto('/backtests/compare?ids=1%20x');
  await expect(page.getByTestId('compare-message')).toContainText('ids: "x" is not a number or a range like 5-8');

  await page.goto('/backtests/compare?ids=1,2');
  const table = page.getByTestId('compare-table');
  await expect(table.locator('tbody tr')).toHaveCount(METRIC_DEFINITIONS.length);
  const ma = a.built.file.metrics;
  const mb = b.built.file.metrics;
  for (const def of METRIC_DEFINITIONS) {
    const row = table.locator(`tr[data-metric="${def.key}"]`);
    const va = ma[def.key];
    const vb = mb[def.key];
    let expected = [false, false];
    const infA = def.key === 'profitFactor' && va === null && ma.grossLoss === 0 && (ma.grossProfit ?? 0) > 0;
    const infB = def.key === 'profitFactor' && vb === null && mb.grossLoss === 0 && (mb.grossProfit ?? 0) > 0;
    const xa = infA ? Infinity : va;
    const xb = infB ? Infinity : vb;
    if (def.better !== 'none' && xa !== null && xb !== null && xa !== xb) {
      const aWins = def.better === 'higher' ? xa > xb : xa < xb;
      expected = [aWins, !aWins];
    }
    const best = await row.locator('td').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-best') === 'true'));
    expect(best, def.key).toEqual(expected);
    await expect(row.locator('td').nth(0)).toHaveText(new RegExp(`^${formatMetric(def.key, va, ma).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }
  expect(await table.locator('td.best').count()).toBeGreaterThan(5);
  const chart = page.getByTestId('compare-equity-chart');
  await expect(chart).toHaveAttribute('data-series-count', '2', { timeout: 30_000 });
  const legend = page.getByTestId('compare-legend').locator('li');
  await expect(legend).toHaveText(['#1 BTC balanced 2022', '#2 ETH aggressive 2022']);

  // Line colours differ from each other in both themes.
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const colours = await legend.locator('.swatch').evaluateAll((s) => s.map((e) => getComputedStyle(e).backgroundColor));
    expect(new Set(colours).size, theme).toBe(2);
  }
});

test('exports: trades CSV and result JSON; the JSON imports back identically; foreign files are refused', async ({ page }) => {
  test.setTimeout(120_000);
  const { built, path } = resultFile('btc');
  await page.goto('/backtests/1');
  await importResult(page, path, 1);
  const metrics1 = await metricTexts(page);
  expect(metrics1).toEqual(expectedMetricTexts(built.file));

  const csv = await download(page, 'Export trades CSV');
  expect(csv.name).toBe('backtest-1-btc-balanced-2022-trades.csv');
  expect(csv.text).toBe(tradesCsv(built.file.trades));
  expect(csv.text.trimEnd().split('\n')).toHaveLength(built.file.trades.length + 1);

  const json = await download(page, 'Export result JSON');
  expect(json.name).toBe('backtest-1-btc-balanced-2022.json');
  expect(json.text).toBe(built.text);
  const exported = join(dir, 'exported-1.json');
  writeFileSync(exported, json.text);

  await importResult(page, exported, 2);
  expect(await metricTexts(page)).toEqual(metrics1);
  await expect(page.getByTestId('trades-count')).toHaveText(new RegExp(`of ${built.file.trades.length.toLocaleString('en-US')} trades`));
  const again = await download(page, 'Export result JSON');
  expect(again.name).toBe('backtest-2-btc-balanced-2022.json');
  expect(again.text).toBe(json.text);

  // A CLI report is a different format: refused, saying so; nothing is added.
  const cliReport = runBacktestRequest({
    config: built.report.config,
    strategy: { name: 'BALANCED' },
    series: [{ symbol: 'BTCUSDT', timeframe: '1h', candles: loadSharedCandles('BTCUSDT', '1h') }],
    from: FROM,
    to: Date.UTC(2022, 2, 31),
  });
  const cliPath = join(dir, 'result.json');
  writeFileSync(cliPath, serializeReport(cliReport));
  await page.getByTestId('import-result-input').setInputFiles(cliPath);
  const error = page.getByTestId('import-result-error');
  await expect(error).toContainText('result.json was refused: format: missing: this is a backtest report written by the command line (npm run cli -- backtest)');
  await expect(page).toHaveURL(/\/backtests\/2$/);

  // A damaged file is refused naming the field.
  const damaged = JSON.parse(built.text) as { trades: Array<{ exitReason: string }> };
  damaged.trades[3].exitReason = 'STOP';
  const damagedPath = join(dir, 'damaged.json');
  writeFileSync(damagedPath, JSON.stringify(damaged));
  await page.getByTestId('import-result-input').setInputFiles(damagedPath);
  await expect(error).toContainText('damaged.json was refused: trades[3].exitReason: "STOP" is not one of TP, SL, SIGNAL, TIMEOUT, END');

  // A file whose metrics its trades contradict is refused on the Backtests page, naming the metric and both values.
  await page.goto('/backtests');
  await expect(page.locator('tr[data-job-seq]')).toHaveCount(2);
  const tampered = JSON.parse(built.text) as { metrics: Record<string, number | null> };
  const realReturn = tampered.metrics.roiPct!;
  Object.assign(tampered.metrics, { roiPct: 999.5, sharpe: 9.9, maxDrawdownPct: 0.01 });
  const tamperedPath = join(dir, 'tampered.json');
  writeFileSync(tamperedPath, JSON.stringify(tampered));
  await page.getByTestId('import-result-input').setInputFiles(tamperedPath);
  await expect(error).toHaveText(
    `tampered.json was refused: metrics.roiPct: 999.5 does not match the trades and equity, which give ${Number(realReturn.toPrecision(10))} (Return) Dismiss`,
  );
  await expect(page).toHaveURL(/\/backtests$/);
  await expect(page.locator('tr[data-job-seq]')).toHaveCount(2);

  await page.goto('/backtests/3');
  await expect(page.getByTestId('report-missing')).toContainText('No backtest #3');
});

test('a failed backtest shows its error', async ({ page }) => {
  await page.goto('/backtests/1');
  await expect(page.getByTestId('report-missing')).toBeVisible();
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('backtestJobs', 'readwrite');
          tx.objectStore('backtestJobs').put({
            id: 'bt_failed_e2e',
            seq: 1,
            name: 'broken',
            batch: null,
            config: { exchange: 'binance', symbols: ['DOGE/USDT'], timeframe: '1h', strategy: 'BALANCED', params: {}, from: null, to: null },
            status: 'FAILED',
            progress: 0,
            createdAt: 1,
            startedAt: 2,
            finishedAt: 3,
            error: 'config.symbols: "DOGE/USDT" has no stored binance 1h candles',
          });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  // Written behind the app's back (as another tab's old version might): a reload reads it.
  await page.reload();
  await expect(page.getByTestId('report-failed')).toContainText('Backtest #1 failed');
  await expect(page.getByTestId('report-failed')).toContainText('config.symbols: "DOGE/USDT" has no stored binance 1h candles');
  await expect(page.getByRole('button', { name: 'Export result JSON' })).toHaveCount(0);
});

test('a result with 10,000 trades: the virtualised table shows the right rows scrolled, sorted and filtered; the chart marks trades in view', async ({ page }) => {
  test.setTimeout(240_000);
  const { built, path } = resultFile('big');
  const trades = built.file.trades;
  expect(trades.length).toBe(10_000);
  await importCandles(page, 'binance_BTCUSDT_1m.csv');
  await page.goto('/backtests/1');
  await importResult(page, path, 1);

  // Opened from another page, as a reader comes back to it.
  await page.goto('/markets');
  await page.goto('/backtests/1');
  await expect(page.getByTestId('metric-card')).toHaveCount(METRIC_DEFINITIONS.length);
  expect(await metricTexts(page)).toEqual(expectedMetricTexts(built.file));
  await expect(page.getByTestId('trades-count')).toHaveText('10,000 of 10,000 trades');

  // Only the rows in view (and a few around them) are in the page.
  const first = await rowIndices(page);
  expect(first.length).toBeGreaterThanOrEqual(12);
  expect(first.length).toBeLessThanOrEqual(60);
  expect(first).toEqual(Array.from({ length: first.length }, (_, i) => i));
  await expect(rowsOf(page).first().locator('td[data-col="index"]')).toHaveText('1');
  await expect(page.getByTestId('trades-table')).toHaveAttribute('aria-rowcount', '10001');

  // Scrolled to the middle: the rows around trade #5,001, in order, with their own figures.
  await scrollTrades(page, 5_000 * TRADE_ROW_HEIGHT);
  await expect.poll(async () => (await rowIndices(page)).includes(5_000)).toBe(true);
  const middle = await rowIndices(page);
  expect(middle.length).toBeLessThanOrEqual(60);
  expect(middle).toEqual(Array.from({ length: middle.length }, (_, i) => middle[0] + i));
  const row = page.locator('tr[data-trade-index="5000"]');
  await expect(row.locator('td[data-col="index"]')).toHaveText('5,001');
  await expect(row.locator('td[data-col="pnl"] [data-field="pnl"]')).toHaveText(formatMetric('totalPnl', trades[5_000].pnl));
  await expect(row.locator('td[data-col="entry"] [data-field="entryTime"]')).toContainText(new Date(trades[5_000].entryTime).getUTCFullYear().toString());
  await expect(row.locator('td[data-col="exitReason"]')).toHaveText(trades[5_000].exitReason);

  // Sorted by P&L, best first: back at the top, in the engine's order.
  await page.getByTestId('trades-table').locator('button[data-sort="pnl"]').click();
  const byPnl = trades.map((t, i) => ({ t, i })).sort((a, b) => b.t.pnl - a.t.pnl || a.i - b.i);
  await expect.poll(async () => (await rowIndices(page))[0]).toBe(byPnl[0].i);
  const sorted = await rowIndices(page);
  expect(sorted).toEqual(byPnl.slice(0, sorted.length).map((x) => x.i));
  await scrollTrades(page, 'bottom');
  await expect.poll(async () => (await rowIndices(page)).at(-1)).toBe(byPnl[byPnl.length - 1].i);

  // Filtered to the stops of shorts: the count, and only such rows.
  await page.getByTestId('filter-direction').selectOption('SHORT');
  await page.getByTestId('filter-exit-reason').selectOption('SL');
  const shortStops = trades.filter((t) => t.direction === 'SHORT' && t.exitReason === 'SL');
  await expect(page.getByTestId('trades-count')).toHaveText(`${shortStops.length.toLocaleString('en-US')} of 10,000 trades`);
  expect(new Set(await rowsOf(page).locator('td[data-col="direction"]').allTextContents())).toEqual(new Set(['SHORT']));
  expect(new Set(await rowsOf(page).locator('td[data-col="exitReason"]').allTextContents())).toEqual(new Set(['SL']));
  await page.getByTestId('filter-direction').selectOption('');
  await page.getByTestId('filter-exit-reason').selectOption('');

  // The price chart opens on the traded range and marks only the trades in view.
  await page.locator('#price-title').scrollIntoViewIfNeeded();
  const chart = page.getByTestId('price-chart');
  await expect(chart).toHaveAttribute('data-markers', /^\d+$/, { timeout: 30_000 });
  const inView = Number(await chart.getAttribute('data-trades-in-view'));
  expect(inView).toBeGreaterThan(0);
  expect(inView).toBeLessThan(trades.length);
  expect(Number(await chart.getAttribute('data-markers'))).toBe(2 * inView);
  expect(Number(await chart.getAttribute('data-visible-from'))).toBeLessThanOrEqual(trades[0].entryTime);
  expect(Number(await chart.getAttribute('data-candles'))).toBeLessThanOrEqual(3_000);

  // Selecting a trade far in moves the chart to it and marks it.
  await page.getByTestId('trades-table').locator('button[data-sort="index"]').click();
  await scrollTrades(page, 7_000 * TRADE_ROW_HEIGHT);
  await expect.poll(async () => (await rowIndices(page)).includes(7_000)).toBe(true);
  await page.locator('tr[data-trade-index="7000"]').click();
  await expect(chart).toHaveAttribute('data-selected-trade', '7000');
  await expect
    .poll(async () => {
      const from = Number(await chart.getAttribute('data-visible-from'));
      const to = Number(await chart.getAttribute('data-visible-to'));
      return from <= trades[7_000].entryTime && to >= trades[7_000].exitTime && Number(await chart.getAttribute('data-markers')) > 0;
    })
    .toBe(true);
  await expect(page.getByTestId('selected-trade')).toContainText('Trade #7001');

  // 10,000 excursions: binned into hexagons sized by count, not 10,000 dots.
  await page.locator('#excursions-title').scrollIntoViewIfNeeded();
  const scatter = page.getByTestId('excursions');
  await expect(scatter.getByTestId('excursion-count')).toHaveText('10,000 of 10,000 trades', { timeout: 30_000 });
  const hexagons = scatter.locator('svg g[aria-label="dot"] path');
  await expect(hexagons.first()).toBeVisible({ timeout: 30_000 });
  expect(await hexagons.count()).toBeLessThan(2_000);
  await expect(scatter.locator('svg circle')).toHaveCount(0);
  await expect(scatter).toContainText('nearby trades share a hexagon sized by their count');
});
