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

/** Puts records into the page's IndexedDB stores (one transaction), as the app's repositories store them. */
export async function putRecords(page: Page, tables: Record<string, unknown[]>): Promise<void> {
  await page.evaluate(
    (t) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(Object.keys(t), 'readwrite');
          for (const [name, rows] of Object.entries(t)) for (const r of rows) tx.objectStore(name).put(r);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    tables,
  );
}

/**
 * Every object store of the page's IndexedDB as its record count and the SHA-256 of its records in
 * key order (keys of objects sorted, typed arrays with their type): equal digests = equal records.
 */
export async function digestDatabase(page: Page): Promise<Record<string, { count: number; sha256: string }>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, { count: number; sha256: string }>>((resolve, reject) => {
        const canonical = (v: unknown): unknown => {
          if (ArrayBuffer.isView(v)) return [v.constructor.name, ...Array.from(v as unknown as ArrayLike<number>)];
          if (v instanceof ArrayBuffer) return ['ArrayBuffer', ...Array.from(new Uint8Array(v))];
          if (v instanceof Date) return ['Date', v.toISOString()];
          if (Array.isArray(v)) return v.map(canonical);
          if (v !== null && typeof v === 'object') {
            const o = v as Record<string, unknown>;
            return Object.keys(o)
              .sort()
              .map((k) => [k, canonical(o[k])]);
          }
          return v;
        };
        const req = indexedDB.open('candlelab');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const all = names.map((n) => tx.objectStore(n).getAll());
          tx.oncomplete = () => {
            db.close();
            void Promise.all(
              names.map(async (n, i) => {
                const bytes = new TextEncoder().encode(JSON.stringify(canonical(all[i].result)));
                const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
                return [n, { count: all[i].result.length, sha256: Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('') }] as const;
              }),
            ).then((entries) => resolve(Object.fromEntries(entries)), reject);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}
