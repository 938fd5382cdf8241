/**
 * Market data end to end, over the real ccxt code path in the data worker: the fake Binance
 * (`routeBinance`) serves Binance's REST API from the real candles of `../shared/data`, every other
 * host fails, and Chromium resolves no host name but localhost.
 */
import { readFileSync } from 'node:fs';
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { klineTable, NO_NETWORK_CHROMIUM_ARGS, routeBinance, shiftToNow, type BinanceFault } from '../support/binance-fake';
import { CHROMIUM_ARGS, chromiumExecutable } from '../support/chromium';
import { sharedDataPath } from '../support/shared-data';

/** Console noise the browser itself logs for what these tests provoke on purpose. */
const EXPECTED_NOISE = [/Failed to load resource/, /WebSocket connection to '.*' failed/, /net::ERR_/];

/** Fails a test on any console error or uncaught error in any page of its context, except {@link EXPECTED_NOISE}. */
const test = base.extend<{ errors: string[] }>({
  errors: async ({ context }, use) => {
    const errors: string[] = [];
    context.on('console', (m) => {
      if (m.type() === 'error' && !EXPECTED_NOISE.some((re) => re.test(m.text()))) errors.push(m.text());
    });
    context.on('weberror', (e) => errors.push(e.error().message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});

test.use({ launchOptions: { executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS, ...NO_NETWORK_CHROMIUM_ARGS] } });

const HOUR = 3_600_000;
const HEADER = 'timestamp,open,high,low,close,volume';

/** The 5 Binance outages of BTCUSDT 1h listed in `../shared/data/README.md` (first and last missing open time). */
const README_GAPS = [
  { from: Date.UTC(2021, 3, 20, 2), to: Date.UTC(2021, 3, 20, 3), missing: 2 },
  { from: Date.UTC(2021, 3, 25, 5), to: Date.UTC(2021, 3, 25, 7), missing: 3 },
  { from: Date.UTC(2021, 7, 13, 2), to: Date.UTC(2021, 7, 13, 5), missing: 4 },
  { from: Date.UTC(2021, 8, 29, 7), to: Date.UTC(2021, 8, 29, 8), missing: 2 },
  { from: Date.UTC(2023, 2, 24, 13), to: Date.UTC(2023, 2, 24, 13), missing: 1 },
];

function sharedText(file: string): string {
  return readFileSync(sharedDataPath(file), 'utf8');
}

/** Data lines of a shared file. */
function sharedLines(file: string): string[] {
  return sharedText(file).split('\n').slice(1).filter((l) => l !== '');
}

/** The standard CSV of the shared file's rows with open time in [from, to]. */
function sharedCsvBetween(file: string, from: number, to: number): string {
  const rows = sharedLines(file).filter((l) => {
    const t = Number(l.slice(0, l.indexOf(',')));
    return t >= from && t <= to;
  });
  return [HEADER, ...rows].join('\n') + '\n';
}

/** `"59205.00000000"` → `"59205"`, `"0.00001412"` unchanged: the shared files' number style. */
function trimDecimal(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** What the fake serves for a symbol and interval, as a standard CSV (for intervals with no file of their own). */
function servedCsv(symbol: string, interval: '4h'): string {
  const t = klineTable(symbol, interval);
  const lines = [HEADER];
  for (let i = 0; i < t.time.length; i++) lines.push([t.time[i], t.open[i], t.high[i], t.low[i], t.close[i], t.volume[i]].map((v) => trimDecimal(String(v))).join(','));
  return lines.join('\n') + '\n';
}

/** Gaps of a shared 1h file computed from its timestamps (independent of the app). */
function fileGaps(file: string): Array<{ from: number; to: number; missing: number }> {
  const times = sharedLines(file).map((l) => Number(l.slice(0, l.indexOf(','))));
  const out: Array<{ from: number; to: number; missing: number }> = [];
  for (let i = 1; i < times.length; i++) {
    const d = times[i] - times[i - 1];
    if (d > HOUR) out.push({ from: times[i - 1] + HOUR, to: times[i] - HOUR, missing: d / HOUR - 1 });
  }
  return out;
}

function intOf(text: string | null): number {
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

async function downloadExport(page: Page, seriesKey: string, label: string): Promise<{ name: string; text: string }> {
  const row = page.locator(`[data-series="${seriesKey}"]`).first();
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `Export ${label} as CSV` }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
}

/** The sub-page tabs of Markets & Data. */
function tabs(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Markets & Data pages' });
}

async function loadMarkets(page: Page): Promise<void> {
  await page.goto('/markets');
  await expect(page.getByTestId('exchange-select')).toHaveValue('binance');
  await page.getByRole('button', { name: 'Load markets' }).click();
  await expect(page.getByTestId('market-table').locator('tbody tr')).toHaveCount(16);
  await expect(page.getByTestId('markets-age')).toContainText('16 markets · updated just now');
}

/** Fills and submits the backfill form (on the Backfill tab). */
async function submitBackfill(page: Page, o: { symbols: string; timeframes: string[]; from?: string; to?: string; lastN?: number }): Promise<void> {
  const form = page.getByTestId('backfill-form');
  if (o.symbols !== '') await form.getByTestId('backfill-symbol-input').fill(o.symbols);
  for (const tf of ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M']) {
    await form.getByRole('checkbox', { name: tf, exact: true }).setChecked(o.timeframes.includes(tf));
  }
  if (o.lastN !== undefined) {
    await form.getByRole('radio', { name: 'Last N candles' }).check();
    await form.getByLabel('Candles per series').fill(String(o.lastN));
  } else {
    await form.getByRole('radio', { name: 'Dates' }).check();
    await form.getByLabel('From (UTC)').fill(o.from ?? '');
    await form.getByLabel(/^To \(UTC/).fill(o.to ?? '');
  }
  await form.getByRole('button', { name: 'Start backfill' }).click();
}

async function newTab(context: BrowserContext, path: string): Promise<Page> {
  const p = await context.newPage();
  await p.goto(path);
  return p;
}

test('Binance: favourites, a 2 × 2 backfill from 2021-01-01 that survives closing the tab, the real gaps, byte-exact exports, gaps confirmed empty', async ({
  context,
  page,
  errors,
}) => {
  test.setTimeout(170_000);
  const binance = await routeBinance(context);
  // A little latency per page, so that the tab can be closed while the job is halfway.
  binance.fake.setFaultPolicy((t) => (t.pathname.endsWith('/klines') ? { type: 'timeout', delayMs: 250 } : null));

  await loadMarkets(page);
  const table = page.getByTestId('market-table');
  await page.getByTestId('market-search').fill('btc');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await table.getByRole('button', { name: 'Favourite BTC/USDT' }).click();
  await expect(table.getByRole('button', { name: 'Favourite BTC/USDT' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('market-search').fill('ETH/USDT');
  await table.getByRole('button', { name: 'Favourite ETH/USDT' }).click();
  await page.getByTestId('market-search').fill('');
  await page.getByTestId('favourites-only').check();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  expect(await table.locator('tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-symbol')))).toEqual(['BTC/USDT', 'ETH/USDT']);

  await tabs(page).getByRole('link', { name: 'Backfill' }).click();
  await expect(page).toHaveURL(/\/markets\/backfill$/);
  await page.getByRole('button', { name: 'Add BTC/USDT' }).click();
  await page.getByRole('button', { name: 'Add ETH/USDT' }).click();
  await expect(page.getByTestId('backfill-symbols').locator('.chip')).toHaveText([/BTC\/USDT/, /ETH\/USDT/]);
  await submitBackfill(page, { symbols: '', timeframes: ['1h', '4h'], from: '2021-01-01' });

  const job = page.getByTestId('backfill-job').first();
  await expect(job).toHaveAttribute('data-status', 'RUNNING');
  await expect(job.getByTestId('job-eta')).toContainText('about');
  await expect(job.getByTestId('job-percent')).toHaveText(/^\d+(\.\d)? %$/);
  await expect.poll(async () => intOf(await job.getByTestId('job-candles').textContent()), { timeout: 60_000, intervals: [250] }).toBeGreaterThan(15_000);
  const before = intOf(await job.getByTestId('job-candles').textContent());
  expect(before).toBeLessThan(40_000);

  // Close the tab halfway and open Candlelab again: the job resumes from its last stored page.
  await page.close();
  binance.fake.clearFaults();
  const tab = await newTab(context, '/markets/backfill');
  const resumed = tab.getByTestId('backfill-job').first();
  await expect(resumed).toHaveAttribute('data-status', 'COMPLETED', { timeout: 90_000 });
  const expected = {
    'BTC/USDT 1h': sharedLines('binance_BTCUSDT_1h.csv').length,
    'ETH/USDT 1h': sharedLines('binance_ETHUSDT_1h.csv').length,
    'BTC/USDT 4h': sharedLines('binance_BTCUSDT_4h.csv').length,
    'ETH/USDT 4h': klineTable('ETHUSDT', '4h').time.length,
  };
  const total = Object.values(expected).reduce((a, b) => a + b, 0);
  // Every candle was stored exactly once over both runs: nothing fetched twice, nothing skipped.
  await expect(resumed.getByTestId('job-candles')).toHaveText(total.toLocaleString('en-US'));
  await expect(resumed.getByTestId('job-percent')).toHaveText('100 %');

  await tabs(tab).getByRole('link', { name: 'Stored data' }).click();
  const series = tab.getByTestId('series-table');
  for (const [label, n] of Object.entries(expected)) {
    const [sym, tf] = label.split(' ');
    await expect(series.locator(`[data-series="binance:${sym}:${tf}"]`)).toContainText(n.toLocaleString('en-US'));
  }
  const btc = series.locator('[data-series="binance:BTC/USDT:1h"]');
  await expect(btc.getByTestId('series-gap-count')).toHaveText('5');
  await btc.getByRole('button', { name: 'Show gaps of BTC/USDT 1h' }).click();
  const gapRows = tab.getByTestId('gap-list').locator('tbody tr');
  await expect(gapRows).toHaveCount(5);
  const shown = await gapRows.evaluateAll((rows) =>
    rows.map((r) => ({ from: Number(r.getAttribute('data-from')), to: Number(r.getAttribute('data-to')), missing: Number(r.getAttribute('data-missing')) })),
  );
  expect(shown).toEqual(README_GAPS);
  expect(shown).toEqual(fileGaps('binance_BTCUSDT_1h.csv'));
  await expect(gapRows.first()).toContainText('20 Apr 2021 02:00 UTC');
  await expect(gapRows.nth(4)).toContainText('24 Mar 2023 13:00 UTC');
  expect(await gapRows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status')))).toEqual(['open', 'open', 'open', 'open', 'open']);

  // What was exported is what the exchange served, byte for byte.
  const out = await downloadExport(tab, 'binance:BTC/USDT:1h', 'BTC/USDT 1h');
  expect(out.name).toBe('binance_BTCUSDT_1h.csv');
  expect(out.text).toBe(sharedText('binance_BTCUSDT_1h.csv'));
  expect((await downloadExport(tab, 'binance:ETH/USDT:1h', 'ETH/USDT 1h')).text).toBe(sharedText('binance_ETHUSDT_1h.csv'));
  expect((await downloadExport(tab, 'binance:BTC/USDT:4h', 'BTC/USDT 4h')).text).toBe(sharedText('binance_BTCUSDT_4h.csv'));
  expect((await downloadExport(tab, 'binance:ETH/USDT:4h', 'ETH/USDT 4h')).text).toBe(servedCsv('ETHUSDT', '4h'));

  // Re-fetch gaps: the exchange has nothing for the 5 outages, so they are recorded as confirmed empty.
  const before5 = binance.fake.requestsTo('klines').length;
  await btc.getByRole('button', { name: 'Re-fetch gaps of BTC/USDT 1h' }).click();
  await expect(btc.getByTestId('series-action-message')).toContainText('Re-fetched 5 gaps: 0 candles found', { timeout: 30_000 });
  await expect(btc.getByTestId('series-confirmed-count')).toHaveText('5 confirmed empty');
  await expect(gapRows).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await expect(gapRows.nth(i)).toHaveAttribute('data-status', 'confirmed');
    await expect(gapRows.nth(i)).toContainText('Confirmed empty by Binance');
  }
  // Each gap is asked for twice (one empty answer proves nothing), then probed past it (1 candle).
  const asked = binance.fake
    .requestsTo('klines')
    .slice(before5)
    .filter((r) => r.params.symbol === 'BTCUSDT' && r.params.interval === '1h')
    .map((r) => [Number(r.params.startTime), r.params.limit]);
  expect(asked).toEqual(README_GAPS.flatMap((g) => [[g.from, '1000'], [g.from, '1000'], [g.from, '1']]));
  // Gaps are never filled: the series and its export are unchanged.
  await expect(btc).toContainText('23,988');
  expect((await downloadExport(tab, 'binance:BTC/USDT:1h', 'BTC/USDT 1h')).text).toBe(sharedText('binance_BTCUSDT_1h.csv'));

  // Update fetches only what is newer than the last stored candle (the exchange has nothing newer).
  const before6 = binance.fake.requestsTo('klines').length;
  await btc.getByRole('button', { name: 'Update BTC/USDT 1h' }).click();
  await expect(btc.getByTestId('series-action-message')).toContainText('Fetched 0 new candles.', { timeout: 30_000 });
  const update = binance.fake.requestsTo('klines').slice(before6);
  // The empty answer is asked again and probed (from there, then the latest candle) before it counts as nothing newer.
  const next = String(Date.UTC(2023, 11, 30, 20));
  expect(update.map((r) => [r.params.startTime ?? null, r.params.limit])).toEqual([
    [next, '1000'],
    [next, '1000'],
    [next, '1'],
    [null, '1'],
  ]);

  await tab.getByTestId('storage-card').getByTestId('storage-usage').waitFor();
  await expect(tab.getByTestId('persistence-status')).toContainText(/persistent|best effort|not supported/);
  expect(binance.blocked).toEqual([]);
  expect(errors).toEqual([]);
});

test('injected 429s, 500s, 503s, timeouts and malformed, truncated or short answers are survived: same rows, none lost or duplicated', async ({ context, page }) => {
  test.setTimeout(120_000);
  const binance = await routeBinance(context);
  const plan: Record<number, BinanceFault> = {
    1: { type: 'status', status: 429, retryAfterSec: 1 },
    2: { type: 'status', status: 500 },
    4: { type: 'status', status: 503 },
    6: { type: 'timeout' },
    8: { type: 'malformed' },
    10: { type: 'truncate', keep: 300 },
    11: { type: 'shortRows' },
    13: { type: 'status', status: 429 },
  };
  let k = 0;
  binance.fake.setFaultPolicy((t) => (t.pathname.endsWith('/klines') ? (plan[++k] ?? null) : null));
  await page.goto('/markets/backfill');
  await page.evaluate(() => {
    const w = window as unknown as { retryNotices: string[] };
    w.retryNotices = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="job-retry-notice"]')) {
        const t = el.textContent ?? '';
        if (!w.retryNotices.includes(t)) w.retryNotices.push(t);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await submitBackfill(page, { symbols: 'btcusdt', timeframes: ['1h'], from: '2022-01-01', to: '2022-08-31' });
  const job = page.getByTestId('backfill-job').first();
  await expect(job).toHaveAttribute('data-status', 'COMPLETED', { timeout: 90_000 });

  const from = Date.UTC(2022, 0, 1);
  const to = Date.UTC(2022, 7, 31, 23);
  const source = sharedCsvBetween('binance_BTCUSDT_1h.csv', from, to);
  const rows = source.split('\n').length - 2;
  await expect(job.getByTestId('job-candles')).toHaveText(rows.toLocaleString('en-US'));
  const faults = binance.fake.requestsTo('klines').filter((r) => r.fault !== null).map((r) => `${r.fault}${r.fault === 'status' ? ` ${r.status}` : ''}`);
  expect(faults).toEqual(['status 429', 'status 500', 'status 503', 'timeout', 'malformed', 'truncate', 'shortRows', 'status 429']);
  // The timeout's retry is announced while it waits.
  const notices = await page.evaluate(() => (window as unknown as { retryNotices: string[] }).retryNotices);
  expect(notices.some((n) => /^No answer in time — retrying in \d+ s \(attempt 2 of 5\)$/.test(n)), notices.join(' | ')).toBe(true);

  await tabs(page).getByRole('link', { name: 'Stored data' }).click();
  await expect(page.locator('[data-series="binance:BTC/USDT:1h"]')).toContainText(rows.toLocaleString('en-US'));
  const out = await downloadExport(page, 'binance:BTC/USDT:1h', 'BTC/USDT 1h');
  expect(out.text).toBe(source);
  expect(binance.blocked).toEqual([]);
});

test('a cancelled backfill resumes on request, a reload in the middle resumes it on its own, and it ends with exactly the source rows', async ({
  context,
  page,
}) => {
  test.setTimeout(90_000);
  const binance = await routeBinance(context);
  binance.fake.setFaultPolicy((t) => (t.pathname.endsWith('/klines') ? { type: 'timeout', delayMs: 250 } : null));
  await page.goto('/markets/backfill');
  await submitBackfill(page, { symbols: 'BTC/USDT ETH/USDT', timeframes: ['1h'], from: '2022-01-01', to: '2022-12-31' });
  const job = page.getByTestId('backfill-job').first();
  const candles = async () => intOf(await job.getByTestId('job-candles').textContent());
  await expect.poll(candles, { timeout: 30_000, intervals: [100] }).toBeGreaterThanOrEqual(2000);
  await job.getByRole('button', { name: /^Cancel backfill/ }).click();
  await expect(job).toHaveAttribute('data-status', 'CANCELLED');
  await expect(job.getByTestId('job-error')).toHaveText('Cancelled. Resume continues from where it stopped.');
  const stopped = await candles();
  const asked = binance.fake.requestsTo('klines').length;
  // Resume is offered once no task of this tab runs the job any more: its work has ended.
  const resume = job.getByRole('button', { name: /^Resume backfill/ });
  await expect(resume).toBeVisible();
  expect(binance.fake.requestsTo('klines').length, 'no request after the cancel settled').toBe(asked);
  await resume.click();
  await expect(job).toHaveAttribute('data-status', 'RUNNING');
  await expect.poll(candles, { timeout: 30_000, intervals: [100] }).toBeGreaterThanOrEqual(stopped + 2000);
  await page.reload();
  binance.fake.clearFaults();
  await expect(page.getByTestId('backfill-job')).toHaveCount(1);
  await expect(job).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  const from = Date.UTC(2022, 0, 1);
  const to = Date.UTC(2022, 11, 31, 23);
  const btc = sharedCsvBetween('binance_BTCUSDT_1h.csv', from, to);
  const eth = sharedCsvBetween('binance_ETHUSDT_1h.csv', from, to);
  const total = btc.split('\n').length - 2 + (eth.split('\n').length - 2);
  await expect(job.getByTestId('job-candles')).toHaveText(total.toLocaleString('en-US'));
  await page.goto('/markets/data');
  expect((await downloadExport(page, 'binance:BTC/USDT:1h', 'BTC/USDT 1h')).text).toBe(btc);
  expect((await downloadExport(page, 'binance:ETH/USDT:1h', 'ETH/USDT 1h')).text).toBe(eth);
});

test('plain errors: a symbol Binance does not list fails fast, a failed market load is retried on Refresh, proxy URLs are checked and kept', async ({
  context,
  page,
  errors,
}) => {
  const binance = await routeBinance(context);
  // Markets: rate limited with a wait longer than the retry policy accepts → fails at once, and is not remembered as failed.
  binance.fake.inject({ path: 'exchangeInfo', fault: { type: 'status', status: 429, retryAfterSec: 120 } });
  await page.goto('/markets');
  await page.getByRole('button', { name: 'Load markets' }).click();
  await expect(page.getByTestId('markets-error')).toContainText('The market list was not refreshed. Binance is limiting requests');
  await page.getByRole('button', { name: 'Load markets' }).click();
  await expect(page.getByTestId('market-table').locator('tbody tr')).toHaveCount(16);
  await expect(page.getByTestId('markets-error')).toHaveCount(0);

  // A symbol the exchange does not list: refused before any candle is asked for, and no job is kept.
  await tabs(page).getByRole('link', { name: 'Backfill' }).click();
  await submitBackfill(page, { symbols: 'XYZ/USDT', timeframes: ['1h'], lastN: 100 });
  await expect(page.getByTestId('backfill-start-error')).toHaveText('Binance does not list XYZ/USDT.');
  expect(binance.fake.requestsTo('klines')).toEqual([]);
  await expect(page.getByTestId('backfill-job')).toHaveCount(0);
  await page.getByTestId('backfill-start').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('backfill-start')).toHaveCount(0);
  // The form checks what it can itself.
  await submitBackfill(page, { symbols: 'BTC/USDT', timeframes: [], from: '2022-01-01' });
  await expect(page.getByTestId('backfill-form-error')).toContainText('timeframes: none chosen');

  // Proxy URLs: checked, saved in the settings, listed on the Settings page too, with the warning.
  await tabs(page).getByRole('link', { name: 'Markets' }).click();
  await page.getByTestId('exchange-select').selectOption('coinbase');
  const proxy = page.getByTestId('proxy-setting-coinbase');
  await expect(proxy).toContainText('sees all of that traffic');
  await proxy.getByLabel('Coinbase CORS proxy URL (optional)').fill('not a url');
  await proxy.getByRole('button', { name: 'Save proxy' }).click();
  await expect(proxy.getByRole('alert')).toContainText('"not a url" is not a URL');
  await proxy.getByLabel('Coinbase CORS proxy URL (optional)').fill('https://proxy.example/');
  await proxy.getByRole('button', { name: 'Save proxy' }).click();
  await expect(proxy.getByRole('status')).toContainText('Saved');
  await page.goto('/settings');
  const settings = page.getByTestId('exchange-settings');
  await expect(settings.getByLabel('Coinbase CORS proxy URL (optional)')).toHaveValue('https://proxy.example/');
  await expect(settings.getByLabel('Binance CORS proxy URL (optional)')).toHaveValue('');
  await page.goto('/markets');
  await expect(page.getByTestId('exchange-select')).toHaveValue('coinbase');
  expect(binance.blocked).toEqual([]);
  expect(errors).toEqual([]);
});

test('live candles: closed candles arrive in order, and those missed while the tab was hidden arrive in order on return', async ({ context, page, errors }) => {
  test.setTimeout(90_000);
  // The 1m file's December 2024 moved to now; the exchange starts 5 minutes behind.
  const shift = shiftToNow(Date.UTC(2024, 11, 15));
  const lag = { ms: 5 * 60_000 };
  const binance = await routeBinance(context, { shiftMs: shift, now: () => Date.now() - lag.ms });
  const closes = new Map(sharedLines('binance_BTCUSDT_1m.csv').map((l) => {
    const f = l.split(',');
    return [Number(f[0]) + shift, Number(f[4])] as const;
  }));
  await page.addInitScript(() => {
    const w = window as unknown as { portPosts: string[] };
    w.portPosts = [];
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
      const type = (message as { type?: unknown } | null)?.type;
      if (typeof type === 'string') w.portPosts.push(type);
      return (post as (...a: unknown[]) => void).call(this, message, ...rest);
    } as typeof post;
  });
  await page.goto('/markets');
  const panel = page.getByTestId('live-panel');
  await panel.getByLabel('Symbol').fill('BTC/USDT');
  await panel.getByLabel('Timeframe').selectOption('1m');
  const minuteBefore = Math.floor(Date.now() / 60_000) * 60_000;
  await panel.getByRole('button', { name: 'Watch' }).click();
  const minuteAfter = Math.floor(Date.now() / 60_000) * 60_000;
  await expect(panel.getByTestId('live-status')).toContainText('Watching BTC/USDT 1m on Binance');

  const rows = panel.getByTestId('live-closed').locator('tbody tr');
  const received = async () =>
    (
      await rows.evaluateAll((trs) =>
        trs.map((r) => ({ seq: Number(r.getAttribute('data-seq')), time: Number(r.getAttribute('data-time')), close: Number(r.getAttribute('data-close')), catchUp: r.getAttribute('data-catch-up') === 'true' })),
      )
    ).sort((a, b) => a.seq - b.seq);
  const checkInOrder = (list: Awaited<ReturnType<typeof received>>) => {
    for (let i = 0; i < list.length; i++) {
      expect(list[i].close, `close of ${new Date(list[i].time).toISOString()}`).toBe(closes.get(list[i].time));
      if (i > 0) expect(list[i].time - list[i - 1].time, `after ${new Date(list[i - 1].time).toISOString()}`).toBe(60_000);
    }
  };
  // The last 10 closed candles are asked for; the exchange has those up to 5 minutes ago.
  await expect.poll(async () => (await received()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
  const first = await received();
  const firstWanted = first[0].time;
  expect([minuteBefore - 10 * 60_000, minuteAfter - 10 * 60_000]).toContain(firstWanted);
  checkInOrder(first);

  // The tab is hidden; meanwhile the exchange moves on by 5 minutes.
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const resyncsBefore = await page.evaluate(() => (window as unknown as { portPosts: string[] }).portPosts.filter((t) => t === 'resync').length);
  expect(resyncsBefore).toBe(0);
  lag.ms = 0;
  // Candles opened before `missedBefore` (a minute before the latest closed one) were missed:
  // whenever they arrive, even after another minute has closed, they are not the latest closed
  // candle, so they come flagged as caught up.
  const missedBefore = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  // Back: the app asks the worker to resync, and every candle closed since arrives, in order, once.
  expect(await page.evaluate(() => (window as unknown as { portPosts: string[] }).portPosts.filter((t) => t === 'resync').length)).toBe(1);
  const lastClosed = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  await expect.poll(async () => (await received()).at(-1)?.time, { timeout: 20_000 }).toBeGreaterThanOrEqual(lastClosed);
  const all = await received();
  expect(all.slice(0, first.length)).toEqual(first);
  checkInOrder(all);
  expect(all.length).toBeGreaterThanOrEqual(first.length + 4);
  const missed = all.slice(first.length).filter((c) => c.time < missedBefore);
  expect(missed.length).toBeGreaterThanOrEqual(2);
  expect(missed.every((c) => c.catchUp), 'missed candles are flagged as caught up').toBe(true);
  // The candle still forming is shown apart, never as closed.
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  await expect(panel.getByTestId('live-forming')).toHaveAttribute('data-time', new RegExp(`^(${minute}|${minute + 60_000})$`), { timeout: 20_000 });
  expect(all.some((c) => c.time >= Math.floor(Date.now() / 60_000) * 60_000)).toBe(false);

  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByTestId('live-status')).toHaveCount(0);
  // No WebSocket or request left the machine: everything else was refused.
  expect(binance.blocked.filter((u) => !u.startsWith('wss://'))).toEqual([]);
  expect(errors).toEqual([]);
});

test('a stretch Binance answers empty mid-history is not confirmed: the job and the gap list say so and Re-fetch gaps fills it; invalid candles are listed on the job card', async ({
  context,
  page,
  errors,
}) => {
  test.setTimeout(120_000);
  const binance = await routeBinance(context);
  const from = Date.UTC(2022, 0, 1);
  // The fourth page of 2022 (1,000 candles) is answered empty, every time it is asked for.
  const holeFrom = from + 3000 * HOUR;
  const holeTo = holeFrom + 999 * HOUR;
  binance.fake.setFaultPolicy((t) => {
    const start = Number(t.searchParams.get('startTime') ?? NaN);
    return t.pathname.endsWith('/klines') && start >= holeFrom && start <= holeTo ? { type: 'empty' } : null;
  });
  // The second page carries one candle whose high is below its low.
  binance.fake.inject({ path: 'klines', skip: 1, fault: { type: 'badCandle', kind: 'high-below-low', index: 3 } });
  const bad = from + 1003 * HOUR;
  await page.goto('/markets/backfill');
  await submitBackfill(page, { symbols: 'BTC/USDT', timeframes: ['1h'], from: '2022-01-01', to: '2022-12-31' });
  const job = page.getByTestId('backfill-job').first();
  await expect(job).toHaveAttribute('data-status', 'COMPLETED', { timeout: 60_000 });
  const year = sharedLines('binance_BTCUSDT_1h.csv').filter((l) => {
    const t = Number(l.slice(0, l.indexOf(',')));
    return t >= from && t < Date.UTC(2023, 0, 1);
  }).length;
  expect(year).toBe(8760);
  await expect(job.getByTestId('job-candles')).toHaveText((8760 - 1000 - 1).toLocaleString('en-US'));
  const unconfirmed = job.getByTestId('job-unconfirmed');
  await expect(unconfirmed).toContainText('Binance answered empty for 1 stretch although it has candles around it: not confirmed empty.');
  await expect(unconfirmed).toContainText('BTC/USDT 1h: 06 May 2022 00:00 UTC to 16 Jun 2022 15:00 UTC');
  await expect(job.getByTestId('job-rejected-count')).toHaveText('1');
  await expect(job.getByTestId('job-rejected-examples')).toContainText('BTC/USDT 1h 11 Feb 2022 19:00 UTC: high 42049 is below low 42050');

  await tabs(page).getByRole('link', { name: 'Stored data' }).click();
  const btc = page.locator('[data-series="binance:BTC/USDT:1h"]');
  await expect(btc).toContainText('7,759');
  await expect(btc.getByTestId('series-gap-count')).toHaveText('2');
  await btc.getByRole('button', { name: 'Show gaps of BTC/USDT 1h' }).click();
  const gapRows = page.getByTestId('gap-list').locator('tbody tr');
  await expect(gapRows).toHaveCount(2);
  expect(
    await gapRows.evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-from')), Number(r.getAttribute('data-to')), r.getAttribute('data-status')])),
  ).toEqual([
    [bad, bad, 'open'],
    [holeFrom, holeTo, 'unconfirmed'],
  ]);
  await expect(gapRows.nth(1)).toContainText('Answered empty, not confirmed (re-fetch to retry)');

  // Binance answers again: Re-fetch gaps stores both stretches; nothing was ever confirmed empty.
  binance.fake.clearFaults();
  await btc.getByRole('button', { name: 'Re-fetch gaps of BTC/USDT 1h' }).click();
  await expect(btc.getByTestId('series-action-message')).toContainText('Re-fetched 2 gaps: 1,001 candles found', { timeout: 30_000 });
  await expect(btc).toContainText('8,760');
  await expect(btc.getByTestId('series-gap-count')).toHaveText('0');
  const out = await downloadExport(page, 'binance:BTC/USDT:1h', 'BTC/USDT 1h');
  expect(out.text).toBe(sharedCsvBetween('binance_BTCUSDT_1h.csv', from, Date.UTC(2022, 11, 31, 23)));
  expect(binance.blocked).toEqual([]);
  expect(errors).toEqual([]);
});

test('with a CORS proxy set, live candles poll through it: the panel says polling and when the last candle arrived, with no error', async ({ context, page, errors, baseURL }) => {
  test.setTimeout(60_000);
  const shift = shiftToNow(Date.UTC(2024, 11, 15));
  // A proxy on the app's own origin ('self' in the Content-Security-Policy; any other proxy origin is
  // named in the policy at build time, README → Deploying): requests go to <origin>/<Binance URL>.
  const proxyUrl = new URL('/', baseURL).href;
  const binance = await routeBinance(context, { shiftMs: shift, proxyPrefixes: [`${proxyUrl}http`] });
  await page.goto('/markets');
  const proxy = page.getByTestId('proxy-setting-binance');
  await proxy.getByLabel('Binance CORS proxy URL (optional)').fill(proxyUrl);
  await proxy.getByRole('button', { name: 'Save proxy' }).click();
  await expect(proxy.getByRole('status')).toContainText('Saved');

  const panel = page.getByTestId('live-panel');
  await panel.getByLabel('Symbol').fill('BTC/USDT');
  await panel.getByLabel('Timeframe').selectOption('1m');
  await panel.getByRole('button', { name: 'Watch' }).click();
  await expect(panel.getByTestId('live-mode')).toHaveText('polling');
  await expect(panel.getByTestId('live-mode')).toHaveAttribute('data-mode', 'polling');
  await expect(panel.getByTestId('live-closed').locator('tbody tr')).toHaveCount(10, { timeout: 30_000 });
  await expect(panel.getByTestId('live-last')).toContainText(/^Last candle received at \d\d:\d\d:\d\d UTC \(opens \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d UTC\)$/);
  await expect(panel.getByTestId('live-note')).toHaveCount(0);
  // Every candle request went through the proxy.
  const klines = binance.fake.requestsTo('klines');
  expect(klines.length).toBeGreaterThan(0);
  await panel.getByRole('button', { name: 'Stop' }).click();
  expect(binance.blocked).toEqual([]);
  expect(errors).toEqual([]);
});

