import type { Page } from '@playwright/test';
import { withBenchPages } from '../chromium';
import { median, ratio } from '../timing';
import type { BenchResult, BenchSuite } from '../types';

const N = 1_000_000;
const GOALS = { write: 1500, read: 300, import: 3000 };

/** Runs the in-page timer `fn` `warmup + runs` times; returns the medians of the timed runs and the last count. */
async function timeInPage(page: Page, fn: 'write' | 'read' | 'import' | 'refWrite' | 'refRead' | 'refImport', runs: number, warmup = 1) {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < warmup + runs; i++) {
    const r = await page.evaluate((f) => window.storageBench[f]() as Promise<number | [number, number]>, fn);
    const [ms, n] = Array.isArray(r) ? r : [r, N];
    if (i >= warmup) times.push(ms);
    count = n;
  }
  return { ms: median(times), count };
}

/**
 * `storage:*` in the system Chromium with a persistent profile (IndexedDB on disk, as for a user):
 * - `storage:write-1M`: `writeCandles` of 1,000,000 1m candles into an empty series (one transaction);
 * - `storage:read-1M`: `readCandles` of those candles;
 * - `storage:import-1M`: `importCandles` on a 1,000,000-row standard CSV text (parse, clean, write).
 * Each reference is the simplest IndexedDB code doing the same volume of work: one put per
 * CANDLE_CHUNK_SIZE-candle Float64Array blob in one transaction (after a split/Number parse for the import),
 * and one getAll. `storage:read-1M` also gives `fourConcurrentRangesMs`: the same read with the
 * chunk range split into four concurrent requests in one transaction. Times are measured inside
 * the page (median of the timed runs, after one warm-up). `reference16kBlobsMs` is the plain
 * reference again with 16,384-candle blobs, to show what a larger chunk would give; the bench page is a Vite build of
 * `scripts/bench/browser/storage-bench.html`.
 */
const suite: BenchSuite = {
  name: 'storage-chromium',
  run: () =>
    withBenchPages(['storage-bench.html'], async ({ page, baseUrl }): Promise<BenchResult[]> => {
      await page.goto(`${baseUrl}/storage-bench.html`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      const setup = await page.evaluate((n) => window.storageBench.setup(n), N);

      const write = await timeInPage(page, 'write', 5);
      const refWrite = await timeInPage(page, 'refWrite', 5);
      const read = await timeInPage(page, 'read', 7);
      const refRead = await timeInPage(page, 'refRead', 7);
      const parallel: number[] = [];
      for (let i = 0; i < 8; i++) {
        const [ms, n] = await page.evaluate(() => window.storageBench.readParallel(4));
        if (n !== N) throw new Error(`readParallel: read ${n} candles instead of ${N}`);
        if (i > 0) parallel.push(ms);
      }
      // The plain reference with 4× larger blobs (16,384 candles, 786 KB each).
      const bigWrite: number[] = [];
      const bigRead: number[] = [];
      for (let i = 0; i < 6; i++) {
        const w = await page.evaluate(() => window.storageBench.refWrite(4 * 4096));
        const [r, n] = await page.evaluate(() => window.storageBench.refRead());
        if (n !== N) throw new Error(`refRead: read ${n} candles instead of ${N}`);
        if (i > 0) {
          bigWrite.push(w);
          bigRead.push(r);
        }
      }
      const imp = await timeInPage(page, 'import', 3);
      const refImport = await timeInPage(page, 'refImport', 3);
      await page.evaluate(() => window.storageBench.cleanup());

      const result = (name: string, m: { ms: number; count: number }, ref: { ms: number }, goal: number, extra: Record<string, number>): BenchResult => ({
        name,
        ms: m.ms,
        referenceMs: ref.ms,
        ratio: ratio(m.ms, ref.ms),
        extra: { candles: m.count, ...extra },
        goal: `ms <= ${goal}`,
        ok: m.ms <= goal && m.count === N,
      });
      return [
        result('storage:write-1M', write, refWrite, GOALS.write, { reference16kBlobsMs: median(bigWrite) }),
        result('storage:read-1M', read, refRead, GOALS.read, { fourConcurrentRangesMs: median(parallel), reference16kBlobsMs: median(bigRead) }),
        result('storage:import-1M', imp, refImport, GOALS.import, { megabytes: setup.csvChars / 1e6 }),
      ];
    }),
};

export default suite;
