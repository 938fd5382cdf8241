import { test as base, expect, type Page } from '@playwright/test';

/** A page fixture that fails the test on any console error or uncaught page error. */
export const test = base.extend<{ errors: string[] }>({
  errors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await use(errors);
    expect(errors, 'console errors').toEqual([]);
  },
});
export { expect };

/** Waits until the service worker controls the page (first visit: after one reload). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
  if (!controlled) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
}

export async function loadDemoMarket(page: Page): Promise<void> {
  await page.goto('/markets/data');
  await page.getByRole('button', { name: 'Load demo market' }).first().click();
  await expect(page.getByTestId('series-table').locator('tbody tr')).toHaveCount(18, { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0);
}

/** Every backtest job and result as stored in the page's IndexedDB (read in one transaction). */
export async function readBacktestStores(page: Page): Promise<{ jobs: unknown[]; results: unknown[] }> {
  return page.evaluate(
    () =>
      new Promise<{ jobs: unknown[]; results: unknown[] }>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['backtestJobs', 'backtestResults']);
          const jobs = tx.objectStore('backtestJobs').getAll();
          const results = tx.objectStore('backtestResults').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ jobs: jobs.result, results: results.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
