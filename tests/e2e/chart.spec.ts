import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { formatStandardCsvRows, STANDARD_CSV_HEADER } from '../../src/core/candles/csv-writer';
import { resample } from '../../src/core/candles/resample';
import { lowerBound } from '../../src/core/util/binary-search';
import { resolveStrategy } from '../../src/core/strategy/registry';
import { buildResultFileFromCandles } from '../support/result-files';
import { loadSharedCandles, sharedDataPath } from '../support/shared-data';
import { expect, test } from './fixtures';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'candlelab-chart-e2e-'));
const MIN = 60_000;
const HOUR = 60 * MIN;
const base = loadSharedCandles('BTCUSDT', '5m');
const stored4h = loadSharedCandles('BTCUSDT', '4h');

/** Runs the real CLI (`npm run cli -- …`) and returns its stdout; fails the test on a non-zero exit. */
function cli(args: string[]): string {
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The CLI's `indicator` output for a candle file: open time → value text (empty during warm-up). */
function cliIndicator(candleFile: string, name: string, period: number): Map<number, string> {
  const out = join(dir, `${name}-${period}-${Math.random().toString(36).slice(2)}.csv`);
  cli(['indicator', '--candles', candleFile, '--name', name, '--period', String(period), '--out', out]);
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => [Number(r.split(',')[0]), r.split(',')[1]]));
}

/** The value read on a 5m bar from a higher timeframe: its last candle closed by the bar's close. */
function lastClosed(map: Map<number, string>, tfMs: number, barTime: number): string {
  const close = barTime + 5 * MIN;
  return map.get(Math.floor(close / tfMs) * tfMs - tfMs)!;
}

const price = (v: string) => new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Number(v));

async function importCandles(page: Page, file: string): Promise<void> {
  await page.goto('/markets/import');
  await page.getByTestId('import-file-input').setInputFiles(sharedDataPath(file));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
}

const chartOf = (page: Page) => page.locator('[data-testid=candle-chart][data-ready=true]');
const replayBar = (page: Page) => page.getByTestId('replay-bar');

async function cursor(page: Page): Promise<number> {
  return Number(await replayBar(page).getAttribute('data-cursor'));
}

async function goTo(page: Page, iso: string): Promise<void> {
  await page.getByTestId('replay-date').fill(iso);
  await page.getByRole('button', { name: 'Go', exact: true }).click();
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(Date.parse(`${iso}Z`)));
}

/** A condition panel reading's raw value. */
function reading(page: Page, label: string): Locator {
  return page.getByTestId('panel-readings').locator(`[data-reading="${label}"]`);
}

async function panelText(page: Page): Promise<string> {
  const panel = page.getByTestId('condition-panel');
  await expect(panel.getByTestId('panel-conditions')).toBeVisible();
  return panel.innerText();
}

/** Arrows drawn on the chart as `[time, 'L' | 'S']`. */
async function arrows(page: Page): Promise<[number, string][]> {
  const codes = (await chartOf(page).getAttribute('data-arrows')) ?? '';
  return codes === '' ? [] : codes.split(' ').map((c) => [Number(c.split(':')[0]), c.split(':')[1]]);
}

/** The signals among `all` fired inside the time span the chart holds (its window of candles). */
async function inSpan(page: Page, all: [number, string][]): Promise<[number, string][]> {
  const from = Number(await chartOf(page).getAttribute('data-span-from'));
  const to = Number(await chartOf(page).getAttribute('data-span-to'));
  return all.filter(([at]) => at >= from && at < to);
}

/** Every signal of a strategy on the 5m candles (4h stored), from the engine. */
function engineSignals(name: string, other = true): [number, string][] {
  const r = resolveStrategy(name);
  const p = r.strategy.prepare({ symbol: 'BTC/USDT', timeframe: '5m', candles: base, ...(other ? { other: { '4h': stored4h } } : {}) }, r.params);
  const out: [number, string][] = [];
  for (let i = 0; i < base.time.length; i++) {
    const s = p.signalAt(i);
    if (s) out.push([base.time[i], s.direction === 'LONG' ? 'L' : 'S']);
  }
  return out;
}

test('BTC/USDT 5m with stored 4h: strategy lines from closed candles, arrows, 1h view, replay to a LONG arrow and why it fired', async ({ page }) => {
  test.setTimeout(240_000);
  await page.clock.install();
  await importCandles(page, 'binance_BTCUSDT_5m.csv');
  await importCandles(page, 'binance_BTCUSDT_4h.csv');
  await page.goto('/chart');
  await page.getByTestId('chart-series').selectOption({ label: 'BTC/USDT · 5m · binance · 10,000 candles' });
  const chart = chartOf(page);
  await expect(chart).toHaveAttribute('data-view-tf', '5m', { timeout: 60_000 });
  await expect(page.getByTestId('chart-strategy')).toHaveValue('HMA_SMA');

  // The strategy's lines; the 4h HMA removed and added again through the indicator form.
  const chips = page.getByTestId('overlay-controls').locator('.cl-chip');
  await expect(chips).toHaveText([/SMA 200 · 5m/, /HMA 200 · 1h/, /HMA 200 · 4h/]);
  await page.getByRole('button', { name: 'Remove HMA 200 · 4h' }).click();
  await expect(chips).toHaveCount(2);
  await page.getByRole('button', { name: '+ Indicator' }).click();
  await page.getByTestId('overlay-indicator').selectOption('hma');
  await page.getByTestId('overlay-param-period').fill('200');
  await page.getByTestId('overlay-timeframe').selectOption('4h');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(chips).toHaveText([/SMA 200 · 5m/, /HMA 200 · 1h/, /HMA 200 · 4h/]);

  // Every arrow is a signal of the engine, and every signal in the window held has its arrow (5m: one per bar).
  const hmaSignals = engineSignals('HMA_SMA');
  await expect.poll(async () => ((await arrows(page)).length > 0 ? (await arrows(page)).length - (await inSpan(page, hmaSignals)).length : -1)).toBe(0);
  expect(await arrows(page)).toEqual(await inSpan(page, hmaSignals));

  // The HMAs at a bar: the CLI's values on the last closed 1h and 4h candles, changing only when they close.
  const hma4h = cliIndicator(sharedDataPath('binance_BTCUSDT_4h.csv'), 'hma', 200);
  const hourly = join(dir, 'binance_BTCUSDT_1h-from-5m.csv');
  writeFileSync(hourly, `${STANDARD_CSV_HEADER}\n${formatStandardCsvRows(resample(base, '5m', '1h'))}`);
  const hma1h = cliIndicator(hourly, 'hma', 200);
  await goTo(page, '2024-10-14T11:50');
  let t = await cursor(page);
  await expect(reading(page, 'HMA(200) 4h (last closed)')).toHaveAttribute('data-value', lastClosed(hma4h, 4 * HOUR, t));
  await expect(reading(page, 'HMA(200) 1h (last closed)')).toHaveAttribute('data-value', lastClosed(hma1h, HOUR, t));
  await expect(page.getByTestId('chart-legend')).toContainText(`HMA 200 · 4h ${price(lastClosed(hma4h, 4 * HOUR, t))}`);
  const before4h = lastClosed(hma4h, 4 * HOUR, t);
  await page.keyboard.press('ArrowRight');
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(t + 5 * MIN));
  t += 5 * MIN;
  // 11:55 closes at 12:00: the 08:00 4h candle has just closed.
  const after4h = lastClosed(hma4h, 4 * HOUR, t);
  expect(after4h).not.toBe(before4h);
  await expect(reading(page, 'HMA(200) 4h (last closed)')).toHaveAttribute('data-value', after4h);
  await expect(reading(page, 'HMA(200) 4h (closed before)')).toHaveAttribute('data-value', before4h);
  await expect(page.getByTestId('chart-legend')).toContainText(`HMA 200 · 4h ${price(after4h)}`);

  // Nothing after the cursor is drawn.
  await expect(chart).toHaveAttribute('data-last-drawn', String(t));
  expect((await arrows(page)).every(([at]) => at <= t)).toBe(true);

  // Stepping back and forward gives the same panel.
  const here = await panelText(page);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('condition-panel')).toHaveAttribute('data-time', String(t - 5 * MIN));
  expect(await panelText(page)).not.toBe(here);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('condition-panel')).toHaveAttribute('data-time', String(t));
  expect(await panelText(page)).toBe(here);

  // 1h view: the cursor mid-hour draws the forming hour built from the bars up to it, then back to 5m.
  await goTo(page, '2024-10-14T07:20');
  await page.getByTestId('chart-timeframes').getByRole('button', { name: '1h', exact: true }).click();
  await expect(chart).toHaveAttribute('data-view-tf', '1h');
  await expect(chart).toHaveAttribute('data-forming', String(Date.UTC(2024, 9, 14, 7)));
  await expect(chart).toHaveAttribute('data-last-drawn', String(Date.UTC(2024, 9, 14, 6)));
  await expect(page.getByTestId('chart-legend')).toContainText('forming');
  // → completes the forming hour; ← goes back one whole hour.
  await page.keyboard.press('ArrowRight');
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(Date.UTC(2024, 9, 14, 7, 55)));
  await expect(chart).toHaveAttribute('data-last-drawn', String(Date.UTC(2024, 9, 14, 7)));
  await expect(chart).toHaveAttribute('data-forming', '');
  await page.keyboard.press('ArrowLeft');
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(Date.UTC(2024, 9, 14, 6, 55)));
  const hourArrows = await arrows(page);
  expect(hourArrows.every(([at]) => at <= Date.UTC(2024, 9, 14, 6))).toBe(true);
  await page.getByTestId('chart-timeframes').getByRole('button', { name: '5m', exact: true }).click();
  await expect(chart).toHaveAttribute('data-view-tf', '5m');
  await expect(chart).toHaveAttribute('data-last-drawn', String(Date.UTC(2024, 9, 14, 6, 55)));

  // Replay from midnight at ×16 (keyboard), pausing on the first LONG arrow; the panel says why it fired.
  await goTo(page, '2024-10-14T00:00');
  await page.getByTestId('replay-pause-on').selectOption('LONG');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('-');
  await expect(replayBar(page)).toHaveAttribute('data-speed', '8');
  await page.keyboard.press('+');
  await expect(replayBar(page)).toHaveAttribute('data-speed', '16');
  await page.keyboard.press('Space');
  await expect(replayBar(page)).toHaveAttribute('data-playing', 'true');
  await page.clock.runFor(20_000);
  await expect(replayBar(page)).toHaveAttribute('data-playing', 'false');
  const firstLong = engineSignals('HMA_SMA').find(([at, d]) => at >= Date.UTC(2024, 9, 14) && d === 'L')![0];
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(firstLong));
  const signal = page.getByTestId('panel-signal');
  await expect(signal).toHaveAttribute('data-direction', 'LONG');
  await expect(signal).toContainText('confidence 1.00 (VERY HIGH)');
  await expect(page.getByTestId('should-long')).toHaveAttribute('data-value', 'true');
  const rows = page.getByTestId('panel-conditions').locator('tbody tr');
  for (const c of ['close > SMA(200)', 'close > HMA(200) 1h', 'close > HMA(200) 4h', 'HMA(200) 1h rising', 'HMA(200) 4h rising']) {
    await expect(rows.filter({ has: page.locator(`th:text-is("${c}")`) })).toHaveAttribute('data-pass', 'true');
  }
  // Space plays again; Space pauses.
  await page.keyboard.press('Space');
  await expect(replayBar(page)).toHaveAttribute('data-playing', 'true');
  await page.keyboard.press('Space');
  await expect(replayBar(page)).toHaveAttribute('data-playing', 'false');
});

test('a preset on 5m draws exactly the signals the CLI backtest traded or skipped', async ({ page }) => {
  test.setTimeout(180_000);
  const out = join(dir, 'scalper.json');
  cli(['backtest', '--candles', sharedDataPath('binance_BTCUSDT_5m.csv'), '--timeframe', '5m', '--strategy', 'SCALPER', '--out', out]);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { trades: { signalTime: number; direction: string }[]; skipped: { time: number; direction: string }[] };
  expect(report.trades.length).toBeGreaterThan(20);
  await importCandles(page, 'binance_BTCUSDT_5m.csv');
  await page.goto('/chart?exchange=binance&symbol=BTC%2FUSDT&timeframe=5m&strategy=SCALPER');
  await expect(page.getByTestId('chart-strategy')).toHaveValue('SCALPER');
  const scalper = engineSignals('SCALPER', false);
  await expect.poll(async () => ((await arrows(page)).length > 0 ? (await arrows(page)).length - (await inSpan(page, scalper)).length : -1), { timeout: 60_000 }).toBe(0);
  const shown = await arrows(page);
  expect(shown).toEqual(await inSpan(page, scalper));
  const from = Number(await chartOf(page).getAttribute('data-span-from'));
  const drawn = new Set(shown.map(([at, d]) => `${at}:${d}`));
  const traded = report.trades.filter((tr) => tr.signalTime >= from);
  const skipped = report.skipped.filter((s) => s.time >= from);
  expect(traded.length).toBeGreaterThan(5);
  for (const tr of traded) expect(drawn.has(`${tr.signalTime}:${tr.direction[0]}`)).toBe(true);
  for (const s of skipped) expect(drawn.has(`${s.time}:${s.direction[0]}`)).toBe(true);
});

test('links: a losing backtest trade opens on its bar, a signal link and a stored series row open the chart there', async ({ page }) => {
  test.setTimeout(180_000);
  const built = buildResultFileFromCandles({ name: 'BTC 5m balanced', symbol: 'BTCUSDT', timeframe: '5m', strategy: 'BALANCED' }, base);
  const resultPath = join(dir, 'btc-5m.json');
  writeFileSync(resultPath, built.text);
  // A losing trade on the first page of the trades table.
  const losing = built.report.trades.findIndex((t) => t.pnl < 0);
  expect(losing).toBeGreaterThanOrEqual(0);
  expect(losing).toBeLessThan(25);
  const trade = built.report.trades[losing];

  await importCandles(page, 'binance_BTCUSDT_5m.csv');
  // From the stored series row.
  await page.goto('/markets/data');
  await page.getByRole('link', { name: 'Chart of BTC/USDT 5m' }).click();
  await expect(page).toHaveURL(/\/chart\?exchange=binance&symbol=BTC%2FUSDT&timeframe=5m$/);
  await expect(chartOf(page)).toHaveAttribute('data-view-tf', '5m', { timeout: 60_000 });
  await expect(page.getByTestId('chart-series')).toHaveValue('binance|BTC/USDT|5m');
  // The date filter: only the candles of the chosen days (UTC) are held, the last of them drawn last.
  await page.getByTestId('chart-from').fill('2024-10-10');
  await page.getByTestId('chart-to').fill('2024-10-12');
  await expect(chartOf(page)).toHaveAttribute('data-last-drawn', String(Date.UTC(2024, 9, 12, 23, 55)));
  await expect(chartOf(page)).toHaveAttribute('data-span-from', String(Date.UTC(2024, 9, 10)));
  await expect(page.getByTestId('chart-from')).toHaveValue('2024-10-10');

  // A signal's link (the Signals page writes this form).
  const at = base.time[5000];
  await page.goto(`/chart?exchange=binance&symbol=${encodeURIComponent('BTC/USDT')}&timeframe=5m&time=${at}`);
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(at), { timeout: 60_000 });
  await expect(chartOf(page)).toHaveAttribute('data-last-drawn', String(at));
  await expect(page.getByTestId('condition-panel')).toHaveAttribute('data-time', String(at));

  // A losing trade of an imported backtest.
  await page.goto('/backtests/1');
  await page.getByTestId('import-result-input').setInputFiles(resultPath);
  await expect(page).toHaveURL(/\/backtests\/1$/, { timeout: 60_000 });
  await page.getByTestId('trades-table').locator(`tbody tr[data-trade-index="${losing}"]`).click();
  await page.getByTestId('selected-trade-chart').click();
  await expect(page).toHaveURL(new RegExp(`/chart\\?.*backtest=1&trade=${losing}`));
  await expect(replayBar(page)).toHaveAttribute('data-cursor', String(trade.signalTime), { timeout: 60_000 });
  await expect(page.getByTestId('chart-strategy')).toHaveValue('BALANCED');
  await expect(page.getByTestId('trade-strip')).toHaveAttribute('data-selected', String(losing));
  await expect(page.getByTestId('selected-chart-trade')).toContainText(`Trade #${losing + 1} ${trade.direction}`);
  await expect(page.getByTestId('panel-signal')).toHaveAttribute('data-direction', trade.direction);
  // Its entry is drawn once the cursor passes the entry bar.
  await page.keyboard.press('ArrowRight');
  await expect(chartOf(page)).not.toHaveAttribute('data-trade-markers', '0');
  const entryBar = lowerBound(base.time, trade.entryTime);
  expect(base.time[entryBar]).toBe(trade.entryTime);
});

test('dragged back to the first candle drawn, the chart draws the earlier candles of its window in front', async ({ page }) => {
  await importCandles(page, 'binance_BTCUSDT_5m.csv');
  await page.goto('/chart?exchange=binance&symbol=BTC%2FUSDT&timeframe=5m');
  const chart = chartOf(page);
  await expect(chart).toHaveAttribute('data-view-tf', '5m', { timeout: 60_000 });
  const last = (await chart.getAttribute('data-last-drawn'))!;
  const firstDrawn = Number(await chart.getAttribute('data-span-from'));
  const firstHeld = lowerBound(base.time, firstDrawn);
  expect(firstHeld).toBeGreaterThan(0);
  const windowFrom = (await chart.getAttribute('data-window-from'))!;
  const box = (await chart.boundingBox())!;
  // Zoomed out first (the wheel), so that each drag moves the view back a few hundred candles.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 600);
  await expect
    .poll(
      async () => {
        await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 4 });
        await page.mouse.up();
        return Number(await chart.getAttribute('data-span-from'));
      },
      { timeout: 60_000 },
    )
    .toBeLessThan(firstDrawn);
  const earlier = Number(await chart.getAttribute('data-span-from'));
  expect(base.time).toContain(earlier);
  // The same window of candles, more of it drawn.
  await expect(chart).toHaveAttribute('data-window-from', windowFrom);
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(firstHeld - lowerBound(base.time, earlier));
  await expect(chart).toHaveAttribute('data-last-drawn', last);
});
