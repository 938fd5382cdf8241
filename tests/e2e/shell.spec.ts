import { readFileSync } from 'node:fs';
import { formatBytes, formatInt, formatShare } from '../../src/ui/format';
import { routeBinance } from '../support/binance-fake-route';
import { sharedDataPath } from '../support/shared-data';
import { APP_ROUTES, loadDemoWithBacktests, openRoute } from './app-routes';
import { test, expect, loadDemoMarket, waitForServiceWorker } from './fixtures';

const ROUTES = [
  ['/', 'Welcome to Candlelab'],
  ['/markets', 'Markets & Data'],
  ['/chart', 'Chart'],
  ['/signals', 'Signals'],
  ['/backtests', 'Backtests'],
  ['/robustness', 'Robustness'],
  ['/paper', 'Paper trading'],
  ['/bot-performance', 'Bot performance'],
  ['/analysis', 'Analysis'],
  ['/settings', 'Settings'],
] as const;

test('every route renders its page with no console error', async ({ page, errors }) => {
  for (const [path, title] of ROUTES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('every section is reachable from the navigation and empty sections say what to do first', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const [path, title] of ROUTES.slice(1)) {
    await nav.getByRole('link', { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    if (!['/markets', '/settings'].includes(path)) {
      await expect(page.getByTestId('empty-state')).toContainText('First:');
    }
  }
});

test('keyboard: skip link, tab through navigation with visible focus, Alt+digit shortcuts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Candlelab' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveAttribute('href', '/markets');
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/markets$/);
  await page.keyboard.press('Alt+4');
  await expect(page).toHaveURL(/\/backtests$/);
  await page.keyboard.press('Alt+9');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('theme follows the system and the switch overrides it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/settings');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await bg();
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  expect(dark).not.toBe(light);
  await page.getByRole('group', { name: 'Theme' }).first().getByRole('button', { name: 'Dark' }).click();
  expect(await bg()).toBe(dark);
  await page.reload();
  expect(await bg()).toBe(dark);
  await page.getByRole('group', { name: 'Theme' }).first().getByRole('button', { name: 'Auto' }).click();
  expect(await bg()).toBe(light);
});

test('phone layout (390 px): navigation opens from the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link', { name: 'Backtests' })).not.toBeInViewport();
  await menu.click();
  await expect(nav.getByRole('link', { name: 'Backtests' })).toBeInViewport();
  await nav.getByRole('link', { name: 'Backtests' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backtests' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Backtests' })).not.toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

test('an unknown path shows a not-found page with a way back', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
});

/** Tables wider than their frame at the current width (each named by its test id or class), and table buttons cut off. */
async function clippedTables(page: import('@playwright/test').Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const table of document.querySelectorAll('main table')) {
      const frame = (table.closest('.table-wrap') as HTMLElement | null) ?? (table.parentElement as HTMLElement);
      const name = (table as HTMLElement).dataset.testid ?? (table.className || table.closest('[data-testid]')?.getAttribute('data-testid') || 'table');
      if (table.scrollWidth > frame.clientWidth + 1) out.push(`${name}: ${table.scrollWidth} px in ${frame.clientWidth} px`);
      const right = frame.getBoundingClientRect().right;
      for (const b of table.querySelectorAll('button, a.btn')) {
        const r = b.getBoundingClientRect();
        if (r.width > 0 && r.right > right + 1) out.push(`${name}: "${b.getAttribute('aria-label') ?? b.textContent}" cut off`);
      }
    }
    return out;
  });
}

test('with data, a phone (390 px) never scrolls sideways and 1280 / 1440 px show every column and action', async ({ context, page, errors }) => {
  test.setTimeout(300_000);
  await loadDemoWithBacktests(page);
  // A third backtest fails (no candles that early), so the job list shows a Retry button and an error.
  const form = page.getByTestId('backtest-form');
  await form.locator('[data-series-option="demo:WILD/USDT"] input').uncheck();
  await form.locator('[data-series-option="demo:CALM/USDT"] input').check();
  await form.getByLabel('From', { exact: true }).fill('2020-01-01');
  await form.getByLabel('To', { exact: true }).fill('2020-02-01');
  await form.getByRole('button', { name: 'Run 1 backtests' }).click();
  await expect(page.locator('tr[data-job-seq="3"]')).toHaveAttribute('data-status', 'FAILED', { timeout: 60_000 });
  // Binance's market list too (served by the fake Binance).
  await routeBinance(context);
  await page.goto('/markets');
  await page.getByRole('button', { name: 'Load markets' }).click();
  await expect(page.getByTestId('market-table').locator('tbody tr')).toHaveCount(16);
  await page.setViewportSize({ width: 390, height: 844 });
  const sideways: string[] = [];
  for (const route of APP_ROUTES) {
    await openRoute(page, route);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    if (scroll > inner) sideways.push(`${route.path}: ${scroll} px wide`);
  }
  expect(sideways).toEqual([]);

  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    const clipped: string[] = [];
    for (const route of APP_ROUTES) {
      await openRoute(page, route);
      for (const c of await clippedTables(page)) clipped.push(`${width} px ${route.path} ${c}`);
    }
    expect(clipped).toEqual([]);
  }
  // At 1440 px the stored series show their Delete buttons and the job list its Retry-side columns, inside their frames.
  const insideFrame = (el: Element) => {
    const frame = el.closest('.table-wrap')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.left >= frame.left && r.right <= frame.right;
  };
  await openRoute(page, APP_ROUTES.find((r) => r.path === '/markets/data')!);
  expect(await page.getByRole('button', { name: 'Delete WILD/USDT 4h' }).evaluate(insideFrame)).toBe(true);
  await openRoute(page, APP_ROUTES.find((r) => r.path === '/backtests')!);
  expect(await page.locator('tr[data-job-seq="1"] td[data-label="Max drawdown"]').evaluate(insideFrame)).toBe(true);
  expect(await page.getByRole('button', { name: 'Retry #3' }).evaluate(insideFrame)).toBe(true);
  expect(errors).toEqual([]);
});

test('the gap list of a series is paged, 20 gaps a page', async ({ page }) => {
  const rows = readFileSync(sharedDataPath('binance_LTCUSDT_1h.csv'), 'utf8').trimEnd().split('\n');
  // Every 40th of the first 2,000 candles removed: 50 gaps of one candle each.
  const kept = rows.filter((_, i) => i === 0 || i > 2000 || i % 40 !== 0);
  await page.goto('/markets/import');
  await page.getByTestId('import-file-input').setInputFiles({ name: 'binance_LTCUSDT_1h.csv', mimeType: 'text/csv', buffer: Buffer.from(kept.join('\n') + '\n') });
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await page.goto('/markets/data');
  const row = page.locator('[data-series="binance:LTC/USDT:1h"]');
  await expect(row.getByTestId('series-gap-count')).toHaveText('55');
  await row.getByRole('button', { name: 'Show gaps of LTC/USDT 1h' }).click();
  const list = page.getByTestId('gap-list');
  const pager = list.getByTestId('gap-pager');
  await expect(list.locator('tbody tr')).toHaveCount(20);
  await expect(pager).toContainText('1–20 of 55 gaps');
  await expect(pager).toContainText('Page 1 of 3');
  const firstPage = await list.locator('tbody tr').first().getAttribute('data-from');
  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(pager).toContainText('21–40 of 55 gaps');
  expect(await list.locator('tbody tr').first().getAttribute('data-from')).not.toBe(firstPage);
  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(list.locator('tbody tr')).toHaveCount(15);
  await expect(pager.getByRole('button', { name: 'Next' })).toBeDisabled();
  await pager.getByRole('button', { name: 'Previous' }).click();
  await expect(pager).toContainText('Page 2 of 3');
});

test('storage: the card reports used, quota and share together, the candles as the table adds them up, and each button says what it did', async ({ page }) => {
  await loadDemoMarket(page);
  const card = page.getByTestId('storage-card');
  await expect(card.getByTestId('storage-usage')).toHaveText(/\d/);
  // The candle figure is the series' stored counts × 48 bytes, as the Size column shows them.
  const candles = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('candleSeries').objectStore('candleSeries').getAll();
          get.onsuccess = () => {
            req.result.close();
            resolve((get.result as Array<{ count: number }>).reduce((n, s) => n + s.count, 0));
          };
        };
      }),
  );
  await expect(card.getByTestId('storage-candles')).toContainText(`18 series, ${formatInt(candles)} candles, ${formatBytes(candles * 48)} of candle data`);
  // The share is the shown usage over the shown quota.
  const used = await card.getByTestId('storage-usage').textContent();
  const share = await card.getByTestId('storage-share').textContent();
  const est = await page.evaluate(async () => {
    const e = await navigator.storage.estimate();
    return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
  });
  expect(used).toBe(formatBytes(est.usage));
  expect(share).toBe(formatShare(est.usage, est.quota));

  await card.getByRole('button', { name: 'Measure again' }).click();
  await expect(card.getByTestId('storage-outcome')).toContainText(/^Measured at \d\d:\d\d:\d\d UTC\.$/);
  const ask = card.getByRole('button', { name: 'Ask to keep data persistent' });
  if ((await ask.count()) > 0) {
    await ask.click();
    await expect(card.getByTestId('storage-outcome')).toContainText(/^(Granted|The browser declined)/);
  }
});

test('Check for updates says it is checking, then what it found', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Check for updates' }).click();
  await expect(page.getByTestId('update-outcome')).toContainText(/^You have the latest version \(checked at \d\d:\d\d:\d\d UTC\)\.$/);
});

test('the backtest form opens without an error: it asks for a series, and runs once one is chosen', async ({ page }) => {
  await loadDemoMarket(page);
  await page.goto('/backtests');
  const form = page.getByTestId('backtest-form');
  const reason = form.getByTestId('backtest-form-reason');
  await expect(reason).toHaveText('Choose one or more series under Symbols, then run.');
  await expect(reason).not.toHaveClass(/bt-error/);
  await expect(form.locator('.bt-error, [role="alert"]')).toHaveCount(0);
  await form.locator('[data-series-option="demo:CALM/USDT"] input').check();
  await expect(reason).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Run 1 backtests' })).toBeEnabled();
});
