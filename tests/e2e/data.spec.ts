import { test, expect, loadDemoMarket } from './fixtures';

test('the demo market loads through the data worker, is labelled synthetic and survives a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('demo-offer')).toBeVisible();
  await loadDemoMarket(page);
  const rows = page.getByTestId('series-table').locator('tbody tr');
  await expect(rows).toHaveCount(18);
  await expect(page.getByTestId('series-table').getByText('Synthetic')).toHaveCount(18);
  await expect(page.locator('[data-series="demo:WILD/USDT:5m"]')).toContainText('210,528');
  await page.reload();
  await expect(rows).toHaveCount(18);
  await page.goto('/');
  await expect(page.getByTestId('stored-summary')).toContainText('18 candle series stored');
});

test('cancelling the demo load keeps nothing and offers it again', async ({ page }) => {
  await page.goto('/markets/data');
  await page.getByRole('button', { name: 'Load demo market' }).click();
  await expect(page.getByTestId('progress')).toBeVisible();
  await page.getByTestId('progress').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Load demo market' })).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Load demo market' })).toBeVisible();
  await expect(page.getByTestId('series-table')).toHaveCount(0);
});

test('deleting a series removes it from storage', async ({ page }) => {
  await loadDemoMarket(page);
  page.on('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete CALM/USDT 4h' }).click();
  await expect(page.getByTestId('series-table').locator('tbody tr')).toHaveCount(17);
  await page.reload();
  await expect(page.getByTestId('series-table').locator('tbody tr')).toHaveCount(17);
  await expect(page.locator('[data-series="demo:CALM/USDT:4h"]')).toHaveCount(0);
});

test('Settings shows storage usage and persistence', async ({ page }) => {
  await page.goto('/settings');
  await expect(page.getByTestId('storage-usage')).toHaveText(/\d/);
  await expect(page.getByTestId('persistence-status')).toContainText(/persistent|best effort|not supported/);
});

test('IndexedDB unavailable: a full-page explanation, never a blank page', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true });
  });
  await page.goto('/');
  await expect(page.getByTestId('db-unavailable')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('cannot store data');
});

test('IndexedDB refusing to open (private mode): the same explanation', async ({ page }) => {
  await page.addInitScript(() => {
    const orig = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
      if (name === 'candlelab') throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
      return orig.call(this, name, version);
    } as typeof orig;
  });
  await page.goto('/');
  await expect(page.getByTestId('db-unavailable')).toBeVisible();
});

test('an older tab stops writing and asks to reload when another tab upgrades; the new tab is not blocked', async ({ context }) => {
  const old = await context.newPage();
  await old.goto('/markets');
  await expect(old.getByRole('heading', { level: 1, name: 'Markets & Data' })).toBeVisible();
  const upgrader = await context.newPage();
  await upgrader.goto('/settings');
  await expect(upgrader.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  // The open settles once every other connection has closed (success) or it fails (error); a tab
  // that kept its connection would leave it pending, and the test would time out.
  const outcome = await upgrader.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const req = indexedDB.open('candlelab', 100_000);
        req.onsuccess = () => {
          req.result.close();
          resolve('opened');
        };
        req.onerror = () => resolve('error');
      }),
  );
  expect(outcome).toBe('opened');
  await expect(old.getByTestId('version-banner')).toBeVisible();
  await expect(old.getByTestId('version-banner')).toContainText('reload');
});

test('storage full while writing: rolled back, the user is told and offered to free space', async ({ page }) => {
  await page.goto('/markets/data');
  await expect(page.getByRole('button', { name: 'Load demo market' })).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 12 * 1024 * 1024 });
  await page.getByRole('button', { name: 'Load demo market' }).click();
  await expect(page.getByTestId('write-error')).toContainText('ran out of storage', { timeout: 60_000 });
  await expect(page.getByTestId('write-error').getByRole('link', { name: 'Free space' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be stored' })).toBeVisible();
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Load demo market' })).toBeVisible();
  await expect(page.getByTestId('series-table')).toHaveCount(0);
});
