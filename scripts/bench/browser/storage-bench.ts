/**
 * In-page side of the `storage-chromium` benchmark: exposes `window.storageBench`, whose methods
 * each time one operation with `performance.now()` and return the milliseconds (set-up and
 * clean-up are outside the timed part). Driven by `scripts/bench/suites/storage-chromium.bench.ts`.
 */
import { emptyCandles, type CandleColumns } from '../../../src/core/candles/types';
import { createRng } from '../../../src/core/util/rng';
import {
  CANDLE_CHUNK_SIZE,
  chunkEndOf,
  chunkStartOf,
  deleteSeries,
  getSeries,
  openDb,
  readCandles,
  writeCandles,
  type CandleChunkRecord,
  type CandlelabDb,
  type SeriesKey,
} from '../../../src/data';
import { createTaskContext } from '../../../workers/bridge';
import { importCandles } from '../../../workers/data/import-task';

const MINUTE = 60_000;
const T0 = Date.UTC(2020, 0, 1);
const KEY: SeriesKey = { exchange: 'bench', symbol: 'BENCH/USDT', timeframe: '1m' };
const IMPORT_NAME = 'bench_BENCHUSDT_1m.csv';
const IMPORT_KEY: SeriesKey = { exchange: 'bench', symbol: 'BENCH/USDT', timeframe: '1m' };
const REF_DB = 'storage-bench-reference';
const REF_STORE = 'blobs';
const COLS = 6;

let db: CandlelabDb | undefined;
let candles: CandleColumns | undefined;
let csv = '';
let refDb: IDBDatabase | undefined;

/** `n` 1m candles from a seeded random walk, prices rounded to cents. */
function makeCandles(n: number, seed: number): CandleColumns {
  const rng = createRng(seed);
  const c = emptyCandles(n);
  let p = 30_000;
  for (let i = 0; i < n; i++) {
    const open = p;
    const close = Math.round(open * (1 + rng.normal() * 0.002) * 100) / 100;
    c.time[i] = T0 + i * MINUTE;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = Math.round(Math.max(open, close) * (1 + rng.next() * 0.001) * 100) / 100;
    c.low[i] = Math.round(Math.min(open, close) * (1 - rng.next() * 0.001) * 100) / 100;
    c.volume[i] = Math.round(rng.next() * 1e8) / 1e6;
    p = close;
  }
  return c;
}

function toCsv(c: CandleColumns): string {
  const parts: string[] = ['timestamp,open,high,low,close,volume\n'];
  for (let i = 0; i < c.time.length; i++) parts.push(`${c.time[i]},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}\n`);
  return parts.join('');
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

async function openRef(): Promise<IDBDatabase> {
  const req = indexedDB.open(REF_DB, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(REF_STORE);
  return request(req);
}

async function clearRef(): Promise<void> {
  const tx = refDb!.transaction(REF_STORE, 'readwrite');
  tx.objectStore(REF_STORE).clear();
  await done(tx);
}

/** The simplest storage of the same columns: one put per `size`-candle Float64Array (default CANDLE_CHUNK_SIZE), one transaction. */
async function refPut(c: CandleColumns, size = CANDLE_CHUNK_SIZE): Promise<void> {
  const n = c.time.length;
  const cols = [c.time, c.open, c.high, c.low, c.close, c.volume];
  const tx = refDb!.transaction(REF_STORE, 'readwrite');
  const store = tx.objectStore(REF_STORE);
  for (let s = 0, k = 0; s < n; s += size, k++) {
    const m = Math.min(size, n - s);
    const blob = new Float64Array(COLS * m);
    for (let j = 0; j < COLS; j++) blob.set(cols[j].subarray(s, s + m), j * m);
    store.put(blob, k);
  }
  await done(tx);
}

/** The plainest reading of a standard CSV: split lines and fields, Number() each field. */
function refParse(text: string): CandleColumns {
  const lines = text.split('\n');
  let n = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i] !== '') n++;
  const c = emptyCandles(n);
  const cols = [c.time, c.open, c.high, c.low, c.close, c.volume];
  let k = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const f = lines[i].split(',');
    for (let j = 0; j < COLS; j++) cols[j][k] = Number(f[j]);
    k++;
  }
  return c;
}

const noProgress = (): void => {};

const api = {
  /** Opens both databases and prepares `n` candles and their CSV text. */
  async setup(n: number): Promise<{ candles: number; csvChars: number }> {
    db = await openDb();
    refDb = await openRef();
    candles = makeCandles(n, 20240601);
    csv = toCsv(candles);
    await deleteSeries(db, KEY);
    await clearRef();
    return { candles: n, csvChars: csv.length };
  },
  /** Times `writeCandles` of all candles into an empty series. */
  async write(): Promise<number> {
    await deleteSeries(db!, KEY);
    const t0 = performance.now();
    await writeCandles(db!, KEY, candles!, { source: 'file', label: 'bench' });
    return performance.now() - t0;
  },
  /** Times `readCandles` of the whole series (written by `write`); returns [ms, candles read]. */
  async read(): Promise<[number, number]> {
    const t0 = performance.now();
    const c = await readCandles(db!, KEY);
    return [performance.now() - t0, c.time.length];
  },
  /**
   * Times an alternative read of the same series: the chunk key range split into `parts` equal
   * ranges fetched by concurrent `toArray()` calls in one read transaction, then copied into
   * columns as `readCandles` does. Returns [ms, candles read].
   */
  async readParallel(parts: number): Promise<[number, number]> {
    const d = db!;
    const t0 = performance.now();
    const s = (await getSeries(d, KEY))!;
    const tf = KEY.timeframe;
    const first = chunkStartOf(s.first, tf);
    const end = chunkEndOf(chunkStartOf(s.last, tf), tf);
    const span = chunkEndOf(first, tf) - first;
    const chunks = Math.round((end - first) / span);
    const bounds = Array.from({ length: parts + 1 }, (_, i) => first + Math.round((chunks * i) / parts) * span);
    const lists = await d.transaction('r', d.candleChunks, () =>
      Promise.all(
        bounds.slice(0, -1).map((lo, i) =>
          d.candleChunks
            .where('[exchange+symbol+timeframe+start]')
            .between([KEY.exchange, KEY.symbol, tf, lo], [KEY.exchange, KEY.symbol, tf, bounds[i + 1]], true, false)
            .toArray(),
        ),
      ),
    );
    const all: CandleChunkRecord[] = lists.flat();
    const total = all.reduce((n, c) => n + c.count, 0);
    const out = emptyCandles(total);
    const cols = [out.time, out.open, out.high, out.low, out.close, out.volume];
    let p = 0;
    for (const c of all) {
      for (let j = 0; j < COLS; j++) cols[j].set(c.data.subarray(j * c.count, (j + 1) * c.count), p);
      p += c.count;
    }
    return [performance.now() - t0, total];
  },
  /** Times `importCandles` (parse + clean + write) of the CSV text into an empty series. */
  async import(): Promise<[number, number]> {
    await deleteSeries(db!, IMPORT_KEY);
    const ctx = createTaskContext(new AbortController().signal, noProgress);
    const t0 = performance.now();
    const report = await importCandles(db!, { fileName: IMPORT_NAME, text: csv, now: Date.UTC(2030, 0, 1) }, ctx);
    const ms = performance.now() - t0;
    if (report.invalidCount + report.duplicates + report.gapCount > 0) throw new Error('import: the bench file should be clean');
    return [ms, report.imported];
  },
  /** Reference write: the same candles as `size`-candle blobs (default CANDLE_CHUNK_SIZE), one put each, one transaction. */
  async refWrite(size?: number): Promise<number> {
    await clearRef();
    const t0 = performance.now();
    await refPut(candles!, size);
    return performance.now() - t0;
  },
  /** Reference read: getAll of every blob. */
  async refRead(): Promise<[number, number]> {
    const t0 = performance.now();
    const tx = refDb!.transaction(REF_STORE, 'readonly');
    const all = (await request(tx.objectStore(REF_STORE).getAll())) as Float64Array[];
    const ms = performance.now() - t0;
    return [ms, all.reduce((s, b) => s + b.length / COLS, 0)];
  },
  /** Reference import: plain split/Number parse, then the reference write. */
  async refImport(): Promise<[number, number]> {
    await clearRef();
    const t0 = performance.now();
    const c = refParse(csv);
    await refPut(c);
    return [performance.now() - t0, c.time.length];
  },
  /** Removes what the benchmark stored. */
  async cleanup(): Promise<void> {
    await deleteSeries(db!, KEY);
    await deleteSeries(db!, IMPORT_KEY);
    await clearRef();
  },
};

declare global {
  interface Window {
    storageBench: typeof api;
  }
}

window.storageBench = api;
document.getElementById('status')!.textContent = 'ready';
