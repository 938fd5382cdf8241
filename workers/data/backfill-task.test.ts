import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IDBObjectStore } from 'fake-indexeddb';
import { findGaps } from '../../src/core/candles/hygiene';
import { timeframeMs, type Timeframe } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import { createRng } from '../../src/core/util/rng';
import { CandlelabDb, getSeries, listMarkets, readCandles, setFavourite } from '../../src/data';
import { gapsToRefetch } from '../../src/data/series-gaps';
import { createExchangeClient, type ExchangeClient } from '../../src/data/exchange/client';
import type { ExchangeId } from '../../src/data/exchange/exchanges';
import { getBackfillJob, listBackfillJobs, listResumableBackfillJobs } from '../../src/data/repos/backfill-jobs';
import { memoryIdb } from '../../src/data/testing/memory-db';
import { startBinanceFakeServer, type BinanceFakeServer } from '../../tests/support/binance-fake';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { createTaskContext, type Progress } from '../bridge';
import {
  refetchGaps,
  resumeBackfill,
  resumeBackfills,
  runBackfill,
  updateSeries,
  type BackfillEnv,
  type BackfillProgress,
} from './backfill-task';
import { memoryLock } from './backfill-lock';
import { loadMarketsInto } from './exchange-tasks';

/** The exchange clock: 2023-12-30 19:30 UTC, inside the last (unfinished) BTCUSDT 1h row of the shared data. */
const NOW = Date.UTC(2023, 11, 30, 19, 30);
const H = 3_600_000;

let server: BinanceFakeServer;

beforeAll(async () => {
  server = await startBinanceFakeServer({ now: NOW });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.fake.clearFaults();
  server.fake.setNow(NOW);
  server.fake.requests.length = 0;
});

interface Harness {
  db: CandlelabDb;
  idb: ReturnType<typeof memoryIdb>;
  env: BackfillEnv;
  sleeps: number[];
}

let dbCount = 0;

async function harness(opts: { maxAttempts?: number; timeoutMs?: number; idb?: ReturnType<typeof memoryIdb>; name?: string } = {}): Promise<Harness> {
  const idb = opts.idb ?? memoryIdb();
  const db = new CandlelabDb({ name: opts.name ?? `bf-${++dbCount}`, ...idb });
  await db.open();
  const sleeps: number[] = [];
  const rng = createRng(7);
  const clients = new Map<ExchangeId, Promise<ExchangeClient>>();
  const client = (id: ExchangeId): Promise<ExchangeClient> => {
    let c = clients.get(id);
    if (!c) {
      c = createExchangeClient(id, {
        proxyUrl: server.proxyUrl,
        rateLimitMs: 1,
        // Generous unless a test injects timeouts: a loopback request on a loaded machine can take seconds.
        timeoutMs: opts.timeoutMs ?? 30_000,
        websocket: false,
        now: () => server.fake.now(),
        retry: {
          maxAttempts: opts.maxAttempts ?? 5,
          random: () => rng.next(),
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
      });
      clients.set(id, c);
    }
    return c;
  };
  return { db, idb, sleeps, env: { db, client, now: () => server.fake.now(), lock: memoryLock() } };
}

function ctxOf(token = new AbortController()): { ctx: ReturnType<typeof createTaskContext>; events: Progress[]; token: AbortController } {
  const events: Progress[] = [];
  return { ctx: createTaskContext(token.signal, (p) => events.push(p)), events, token };
}

function filterCandles(c: CandleColumns, keep: (t: number) => boolean): CandleColumns {
  const idx: number[] = [];
  for (let i = 0; i < c.time.length; i++) if (keep(c.time[i])) idx.push(i);
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  return { time: pick(c.time), open: pick(c.open), high: pick(c.high), low: pick(c.low), close: pick(c.close), volume: pick(c.volume) };
}

/** Independent 4h aggregation of 1h candles (bucket = floor(t / 4h)); partial buckets kept. */
function aggregate4h(c: CandleColumns): CandleColumns {
  const span = 4 * H;
  const out: number[][] = [];
  for (let i = 0; i < c.time.length; i++) {
    const b = Math.floor(c.time[i] / span) * span;
    const last = out[out.length - 1];
    if (!last || last[0] !== b) out.push([b, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]);
    else {
      last[2] = Math.max(last[2], c.high[i]);
      last[3] = Math.min(last[3], c.low[i]);
      last[4] = c.close[i];
      last[5] += c.volume[i];
    }
  }
  const col = (j: number) => Float64Array.from(out, (r) => r[j]);
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

/** What Binance holds for a series at `now`: closed candles opening at or after `from` (and at or before `to`). */
function expected(symbol: 'BTCUSDT' | 'ETHUSDT', tf: '1h' | '4h', from: number, now = NOW, to = Infinity): CandleColumns {
  const src = symbol === 'ETHUSDT' && tf === '4h' ? aggregate4h(loadSharedCandles('ETHUSDT', '1h')) : loadSharedCandles(symbol, tf);
  const ms = timeframeMs(tf);
  return filterCandles(src, (t) => t >= from && t <= to && t + ms <= now);
}

function expectSameCandles(actual: CandleColumns, want: CandleColumns, volumeExact = true): void {
  expect(actual.time.length).toBe(want.time.length);
  expect(Array.from(actual.time)).toEqual(Array.from(want.time));
  expect(Array.from(actual.open)).toEqual(Array.from(want.open));
  expect(Array.from(actual.high)).toEqual(Array.from(want.high));
  expect(Array.from(actual.low)).toEqual(Array.from(want.low));
  expect(Array.from(actual.close)).toEqual(Array.from(want.close));
  if (volumeExact) expect(Array.from(actual.volume)).toEqual(Array.from(want.volume));
  else for (let i = 0; i < want.volume.length; i++) expect(Math.abs(actual.volume[i] - want.volume[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, want.volume[i]));
}

const BTC1H = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as Timeframe };

/** The five outages of the shared 1h files, as listed in ../shared/data/README.md (first and last missing open time). */
const REAL_GAPS = [
  { from: Date.UTC(2021, 3, 20, 2), to: Date.UTC(2021, 3, 20, 3), missing: 2 },
  { from: Date.UTC(2021, 3, 25, 5), to: Date.UTC(2021, 3, 25, 7), missing: 3 },
  { from: Date.UTC(2021, 7, 13, 2), to: Date.UTC(2021, 7, 13, 5), missing: 4 },
  { from: Date.UTC(2021, 8, 29, 7), to: Date.UTC(2021, 8, 29, 8), missing: 2 },
  { from: Date.UTC(2023, 2, 24, 13), to: Date.UTC(2023, 2, 24, 13), missing: 1 },
];

describe('backfill over the real ccxt code path against the fake Binance', () => {
  it('stores BTC/USDT and ETH/USDT × 1h and 4h since 2021-01-01 exactly as the exchange serves them, with the 5 real gaps', async () => {
    const { db, env } = await harness();
    const { ctx, events } = ctxOf();
    const from = Date.UTC(2021, 0, 1);
    const result = await runBackfill(env, { symbols: ['BTC/USDT', 'ETH/USDT'], timeframes: ['1h', '4h'], from }, ctx);
    expect(result.status).toBe('COMPLETED');

    for (const [symbol, raw] of [['BTC/USDT', 'BTCUSDT'], ['ETH/USDT', 'ETHUSDT']] as const) {
      for (const tf of ['1h', '4h'] as const) {
        const got = await readCandles(db, { exchange: 'binance', symbol, timeframe: tf });
        expectSameCandles(got, expected(raw, tf, from), !(raw === 'ETHUSDT' && tf === '4h'));
        const s = await getSeries(db, { exchange: 'binance', symbol, timeframe: tf });
        expect(s?.count).toBe(got.time.length);
        expect(s?.gaps).toEqual(findGaps(got.time, tf));
      }
    }
    // The unfinished row the source captured (2023-12-30 19:00) is still forming at NOW: never stored.
    const btc = await getSeries(db, BTC1H);
    expect(btc?.last).toBe(Date.UTC(2023, 11, 30, 18));
    expect(btc?.gaps).toEqual(REAL_GAPS);
    expect(btc?.confirmedEmpty).toEqual([]);

    // Only public spot endpoints, full pages.
    const paths = new Set(server.fake.requests.map((r) => r.path));
    expect([...paths].sort()).toEqual(['/api/v3/exchangeInfo', '/api/v3/klines']);
    expect(server.fake.requestsTo('klines').every((r) => r.params.limit === '1000')).toBe(true);

    // Progress: per mille of the range, never going back, ending with the final update.
    const bf = events as BackfillProgress[];
    const fetching = bf.filter((p) => p.phase === 'fetching');
    expect(fetching.length).toBeGreaterThan(10);
    for (let i = 1; i < fetching.length; i++) expect(fetching[i].fraction).toBeGreaterThanOrEqual(fetching[i - 1].fraction);
    expect(fetching.some((p) => typeof p.etaMs === 'number')).toBe(true);
    const last = bf[bf.length - 1];
    expect(last.done).toBe(last.total);
    expect(last.candles).toBe(result.candles);
    expect(result.candles).toBe(result.series.reduce((s, x) => s + x.fetched, 0));
    const job = await getBackfillJob(db, result.jobId!);
    expect(job?.status).toBe('COMPLETED');
    expect(job?.cursors.every((c) => c.done)).toBe(true);

    // Re-fetching the gaps: the exchange again has nothing there, so each is confirmed empty.
    server.fake.requests.length = 0;
    const re = await refetchGaps(env, BTC1H, ctxOf().ctx);
    expect(re.gapsBefore).toBe(5);
    expect(re.filled).toBe(0);
    expect(re.gapsAfter).toBe(0);
    expect(re.confirmedEmpty).toEqual(REAL_GAPS.map((g) => ({ from: g.from, to: g.to })));
    // Each gap: asked twice (an empty answer proves nothing by itself), then probed past it.
    const klines = server.fake.requestsTo('klines');
    expect(klines.map((r) => [Number(r.params.startTime), r.params.endTime === undefined ? null : Number(r.params.endTime), r.params.limit])).toEqual(
      REAL_GAPS.flatMap((g) => [
        [g.from, g.to, '1000'],
        [g.from, g.to, '1000'],
        [g.from, null, '1'],
      ]),
    );
    const after = await getSeries(db, BTC1H);
    expect(after?.gaps).toEqual(REAL_GAPS);
    expect(after?.count).toBe(btc?.count);
    // Nothing left to re-fetch.
    expect((await refetchGaps(env, BTC1H, ctxOf().ctx)).gapsBefore).toBe(0);
  });

  it('survives 429 (Retry-After), 418, 5xx, timeouts, malformed and truncated bodies with nothing lost or duplicated', async () => {
    // The client gives up after 5 s; the timeout faults answer later than that, or never.
    const { db, env, sleeps } = await harness({ timeoutMs: 5000 });
    const f = server.fake;
    f.inject({ path: 'klines', skip: 0, fault: { type: 'status', status: 429, retryAfterSec: 2 } });
    f.inject({ path: 'klines', skip: 1, fault: { type: 'status', status: 500 } });
    f.inject({ path: 'klines', skip: 2, fault: { type: 'malformed' } });
    f.inject({ path: 'klines', skip: 3, fault: { type: 'timeout', delayMs: 10_000 } });
    f.inject({ path: 'klines', skip: 4, fault: { type: 'truncate', keep: 137 } });
    f.inject({ path: 'klines', skip: 5, fault: { type: 'status', status: 502 } });
    f.inject({ path: 'klines', skip: 6, fault: { type: 'shortRows' } });
    f.inject({ path: 'klines', skip: 7, fault: { type: 'status', status: 503 }, times: 2 });
    f.inject({ path: 'klines', skip: 9, fault: { type: 'status', status: 418, retryAfterSec: 1 } });
    f.inject({ path: 'klines', skip: 10, fault: { type: 'truncate', keep: 1 } });
    f.inject({ path: 'klines', skip: 11, fault: { type: 'timeout' } });
    const from = Date.UTC(2023, 0, 1);
    const { ctx, events } = ctxOf();
    const result = await runBackfill(env, { symbols: ['BTC/USDT', 'ETH/USDT'], timeframes: ['1h', '4h'], from }, ctx);
    expect(result.status).toBe('COMPLETED');
    expect(f.pendingFaults()).toBe(0);
    for (const [symbol, raw] of [['BTC/USDT', 'BTCUSDT'], ['ETH/USDT', 'ETHUSDT']] as const) {
      for (const tf of ['1h', '4h'] as const) {
        const got = await readCandles(db, { exchange: 'binance', symbol, timeframe: tf });
        expectSameCandles(got, expected(raw, tf, from), !(raw === 'ETHUSDT' && tf === '4h'));
      }
    }
    const faults = f.requests.filter((r) => r.fault !== null).map((r) => r.fault);
    expect(faults).toEqual(['status', 'status', 'malformed', 'timeout', 'truncate', 'status', 'shortRows', 'status', 'status', 'status', 'truncate', 'timeout']);
    const retried = (events as BackfillProgress[]).filter((p) => p.phase === 'waiting').map((p) => p.retry!.code);
    expect(new Set(retried)).toEqual(new Set(['EXCHANGE_RATE_LIMIT', 'EXCHANGE_UNAVAILABLE', 'EXCHANGE_BAD_RESPONSE', 'EXCHANGE_TIMEOUT']));
    // The 429's Retry-After (2 s) is honoured as a lower bound; every wait stays within the cap.
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(sleeps.every((ms) => ms <= 30_000)).toBe(true);
    expect(sleeps.length).toBe(retried.length);
  });

  it('a cancelled job keeps its cursor and resumes to exactly the source rows', async () => {
    const { db, env } = await harness();
    const token = new AbortController();
    let pages = 0;
    env.afterPage = () => {
      if (++pages === 3) token.abort();
    };
    const from = Date.UTC(2023, 0, 1);
    const run = runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf(token).ctx);
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    const [job] = await listBackfillJobs(db);
    expect(job.status).toBe('CANCELLED');
    expect(job.cursors[0].done).toBe(false);
    const partial = await readCandles(db, BTC1H);
    expect(partial.time.length).toBe(3000);
    expect(job.cursors[0].cursor).toBe(partial.time[2999] + H);

    env.afterPage = undefined;
    server.fake.requests.length = 0;
    const done = await resumeBackfill(env, job.id, ctxOf().ctx);
    expect(done.status).toBe('COMPLETED');
    expect(Number(server.fake.requestsTo('klines')[0].params.startTime)).toBe(partial.time[2999] + H);
    expectSameCandles(await readCandles(db, BTC1H), expected('BTCUSDT', '1h', from));
    expect((await getBackfillJob(db, job.id))?.candles).toBe(expected('BTCUSDT', '1h', from).time.length);
  });

  it('a job interrupted mid-run (tab closed after page 2) stays RUNNING and resumeBackfills finishes it exactly', async () => {
    const first = await harness({ name: 'crash' });
    let pages = 0;
    const token = new AbortController();
    first.env.afterPage = async () => {
      // The tab goes away: nothing after this point runs.
      if (++pages === 2) await new Promise<never>(() => {});
    };
    const from = Date.UTC(2022, 6, 1);
    void runBackfill(first.env, { symbols: ['BTC/USDT', 'ETH/USDT'], timeframes: ['1h'], from }, ctxOf(token).ctx);
    await expect.poll(() => pages, { timeout: 20_000 }).toBe(2);

    // Reopen: a new connection to the same database, as after a reload.
    const second = await harness({ idb: first.idb, name: 'crash' });
    const resumable = await listResumableBackfillJobs(second.db);
    expect(resumable.map((j) => j.status)).toEqual(['RUNNING']);
    expect((await readCandles(second.db, BTC1H)).time.length).toBe(2000);
    server.fake.requests.length = 0;
    const res = await resumeBackfills(second.env, ctxOf().ctx);
    expect(res.jobs).toEqual([{ jobId: resumable[0].id, status: 'COMPLETED', candles: expect.any(Number), error: null, errorCode: null }]);
    expect(Number(server.fake.requestsTo('klines')[0].params.startTime)).toBe(from + 2000 * H);
    expectSameCandles(await readCandles(second.db, BTC1H), expected('BTCUSDT', '1h', from));
    expectSameCandles(await readCandles(second.db, { ...BTC1H, symbol: 'ETH/USDT' }), expected('ETHUSDT', '1h', from));
    expect(await listResumableBackfillJobs(second.db)).toEqual([]);
    token.abort();
  });

  it('an unknown symbol fails fast with a clear message, before any job or candle request', async () => {
    const { db, env } = await harness();
    await expect(runBackfill(env, { symbols: ['BTC/USDT', 'FOO/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 0, 1) }, ctxOf().ctx)).rejects.toMatchObject({
      code: 'EXCHANGE_BAD_SYMBOL',
      message: expect.stringContaining('"FOO/USDT" is not a spot market of Binance'),
    });
    expect(await listBackfillJobs(db)).toEqual([]);
    expect(server.fake.requestsTo('klines')).toEqual([]);
  });

  it("the exchange's own Invalid symbol answer (-1121) is not retried: the job fails with EXCHANGE_BAD_SYMBOL", async () => {
    const { db, env, sleeps } = await harness();
    server.fake.inject({ path: 'klines', fault: { type: 'status', status: 400, body: '{"code":-1121,"msg":"Invalid symbol."}' } });
    await expect(runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 0, 1) }, ctxOf().ctx)).rejects.toMatchObject({
      code: 'EXCHANGE_BAD_SYMBOL',
    });
    expect(server.fake.requestsTo('klines')).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const [job] = await listBackfillJobs(db);
    expect(job.status).toBe('FAILED');
    expect(job.errorCode).toBe('EXCHANGE_BAD_SYMBOL');
    expect(job.error).toContain('Invalid symbol');
  });

  it('a timeframe the exchange does not serve fails fast (coinbase has no 4h candles)', async () => {
    const { db, env } = await harness();
    await expect(runBackfill(env, { exchange: 'coinbase', symbols: ['BTC/USD'], timeframes: ['4h'], from: 0 }, ctxOf().ctx)).rejects.toMatchObject({
      code: 'EXCHANGE_NOT_SUPPORTED',
      message: expect.stringContaining('Coinbase has no 4h candles'),
    });
    expect(await listBackfillJobs(db)).toEqual([]);
  });

  it('persistent failures give up after 5 attempts with the code of the last one', async () => {
    const { db, env, sleeps } = await harness();
    server.fake.inject({ path: 'klines', fault: { type: 'status', status: 503 }, times: 5 });
    await expect(runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 0, 1) }, ctxOf().ctx)).rejects.toMatchObject({
      code: 'EXCHANGE_UNAVAILABLE',
      message: expect.stringContaining('gave up after 5 attempts'),
    });
    expect(sleeps).toHaveLength(4);
    // Bounded exponential backoff with equal jitter: attempt k waits within [base·2^(k−1)/2, base·2^(k−1)].
    sleeps.forEach((ms, k) => {
      expect(ms).toBeGreaterThanOrEqual(500 * 2 ** k);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** k);
    });
    const [job] = await listBackfillJobs(db);
    expect(job.status).toBe('FAILED');
    // A failed job resumes once the exchange is back.
    const res = await resumeBackfill(env, job.id, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    expectSameCandles(await readCandles(db, BTC1H), expected('BTCUSDT', '1h', Date.UTC(2023, 0, 1)));
  });

  it('"last N candles" stores exactly the last N closed candles of each series', async () => {
    const { db, env } = await harness();
    const res = await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h', '4h'], lastN: 1500 }, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    for (const tf of ['1h', '4h'] as const) {
      const all = expected('BTCUSDT', tf, -Infinity);
      const got = await readCandles(db, { ...BTC1H, timeframe: tf });
      // Counted on the grid, so an outage inside the window leaves fewer than N candles.
      const firstOpen = all.time[all.time.length - 1] - 1499 * timeframeMs(tf);
      expectSameCandles(got, expected('BTCUSDT', tf, firstOpen));
    }
  });

  it('"update" fetches only what is newer than the last stored candle', async () => {
    const { db, env } = await harness();
    const from = Date.UTC(2023, 4, 1);
    server.fake.setNow(Date.UTC(2023, 5, 1, 0, 30));
    await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf().ctx);
    const before = await getSeries(db, BTC1H);
    expect(before?.last).toBe(Date.UTC(2023, 4, 31, 23));

    server.fake.setNow(NOW);
    server.fake.requests.length = 0;
    const res = await updateSeries(env, BTC1H, ctxOf().ctx);
    expect(res.jobId).not.toBeNull();
    expect(res.status).toBe('COMPLETED');
    expect(Number(server.fake.requestsTo('klines')[0].params.startTime)).toBe(Date.UTC(2023, 5, 1));
    expect((await getBackfillJob(db, res.jobId!))?.kind).toBe('update');
    expectSameCandles(await readCandles(db, BTC1H), expected('BTCUSDT', '1h', from));
    // Up to date: nothing to do, no job.
    const again = await updateSeries(env, BTC1H, ctxOf().ctx);
    expect(again.jobId).toBeNull();
    await expect(updateSeries(env, { ...BTC1H, symbol: 'ETH/USDT' }, ctxOf().ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a failed market load is not kept: the next load fetches again and stores the spot markets', async () => {
    const { db, env } = await harness({ maxAttempts: 2 });
    const client = await env.client('binance');
    server.fake.inject({ path: 'exchangeInfo', fault: { type: 'status', status: 503 }, times: 2 });
    await expect(loadMarketsInto(db, client)).rejects.toMatchObject({ code: 'EXCHANGE_UNAVAILABLE' });
    expect(await listMarkets(db, 'binance')).toEqual([]);

    const ok = await loadMarketsInto(db, client);
    expect(ok).toMatchObject({ exchange: 'binance', count: 16, active: 16, removed: 0, fetchedAt: NOW });
    expect(server.fake.requestsTo('exchangeInfo')).toHaveLength(3);
    const markets = await listMarkets(db, 'binance');
    expect(markets.map((m) => m.symbol)).toContain('BTC/USDT');
    const btc = markets.find((m) => m.symbol === 'BTC/USDT')!;
    // From the real exchangeInfo filters: PRICE_FILTER tickSize 0.01, LOT_SIZE stepSize/minQty 0.00001, NOTIONAL minNotional 5.
    expect(btc).toMatchObject({ base: 'BTC', quote: 'USDT', type: 'spot', active: true, pricePrecision: 0.01, amountPrecision: 0.00001, minAmount: 0.00001, minCost: 5, favourite: false });

    await setFavourite(db, 'binance', 'BTC/USDT', true);
    await loadMarketsInto(db, client, { reload: true });
    expect(server.fake.requestsTo('exchangeInfo')).toHaveLength(4);
    expect((await listMarkets(db, 'binance')).find((m) => m.symbol === 'BTC/USDT')?.favourite).toBe(true);
  });

  it('backfills queue per exchange: a second job waits for the first', async () => {
    const { db, env } = await harness();
    const order: string[] = [];
    env.afterPage = ({ key }) => {
      order.push(key.symbol);
    };
    const a = runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 6, 1) }, ctxOf().ctx);
    const b = runBackfill(env, { symbols: ['ETH/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 6, 1) }, ctxOf().ctx);
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.status, rb.status]).toEqual(['COMPLETED', 'COMPLETED']);
    const firstEth = order.indexOf('ETH/USDT');
    expect(firstEth).toBeGreaterThan(0);
    expect(order.slice(firstEth).every((s) => s === 'ETH/USDT')).toBe(true);
    expect(await listBackfillJobs(db, 'COMPLETED')).toHaveLength(2);
  });

  it('a job cancelled while waiting in the queue is marked CANCELLED, not left for resumeBackfills', async () => {
    const { db, env } = await harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    env.afterPage = async ({ key }) => {
      if (key.symbol === 'BTC/USDT') await gate;
    };
    const a = runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 11, 1) }, ctxOf().ctx);
    const token = new AbortController();
    const b = runBackfill(env, { symbols: ['ETH/USDT'], timeframes: ['1h'], from: Date.UTC(2023, 11, 1) }, ctxOf(token).ctx);
    await expect.poll(async () => (await listBackfillJobs(db)).length).toBe(2);
    token.abort();
    await expect(b).rejects.toMatchObject({ code: 'CANCELLED' });
    release();
    await expect(a).resolves.toMatchObject({ status: 'COMPLETED' });
    expect((await listBackfillJobs(db)).map((j) => [j.symbols[0], j.status]).sort()).toEqual([
      ['BTC/USDT', 'COMPLETED'],
      ['ETH/USDT', 'CANCELLED'],
    ]);
    expect(await listResumableBackfillJobs(db)).toEqual([]);
    expect(await getSeries(db, { ...BTC1H, symbol: 'ETH/USDT' })).toBeUndefined();
  });

  it('rejects bad arguments naming the field', async () => {
    const { env } = await harness();
    await expect(runBackfill(env, { symbols: [], timeframes: ['1h'], from: 0 }, ctxOf().ctx)).rejects.toThrow(/symbols: \[\] is not a non-empty list/);
    await expect(runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['2h' as Timeframe], from: 0 }, ctxOf().ctx)).rejects.toThrow(/timeframes\[0\]: "2h"/);
    await expect(runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'] }, ctxOf().ctx)).rejects.toThrow(/exactly one of from and lastN/);
    await expect(runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], lastN: 0 }, ctxOf().ctx)).rejects.toThrow(/lastN: 0 is not a positive integer/);
    await expect(runBackfill(env, { exchange: 'kraken' as ExchangeId, symbols: ['BTC/USDT'], timeframes: ['1h'], from: 0 }, ctxOf().ctx)).rejects.toThrow(/exchange: "kraken"/);
  });
});

describe('empty answers, invalid candles and a full disk', () => {
  const realPut = IDBObjectStore.prototype.put;
  afterEach(() => {
    IDBObjectStore.prototype.put = realPut;
  });

  const from = Date.UTC(2023, 0, 1);
  const klineStarts = () => server.fake.requestsTo('klines').map((r) => Number(r.params.startTime ?? NaN));

  it('one transient empty answer mid-history is asked again: every candle stored, nothing confirmed empty', async () => {
    const { db, env } = await harness();
    server.fake.inject({ path: 'klines', skip: 3, fault: { type: 'empty' } });
    const res = await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    const want = expected('BTCUSDT', '1h', from);
    expect(want.time.length).toBeGreaterThan(8000);
    expectSameCandles(await readCandles(db, BTC1H), want);
    const s = await getSeries(db, BTC1H);
    expect(s?.confirmedEmpty).toEqual([]);
    expect(s?.unconfirmed).toBeUndefined();
    expect(res.series[0].unconfirmed).toEqual([]);
    // The empty page was asked for again at the same start, then the job went on.
    const starts = klineStarts();
    expect(starts[4]).toBe(starts[3]);
    expect(starts[5]).toBeGreaterThan(starts[4]);
  });

  it('a stretch answered empty although the exchange has candles after it is an unconfirmed gap, never confirmed empty; Re-fetch gaps fills it', async () => {
    const { db, env } = await harness();
    // The fourth page starts here (the third holds the real outage of 24 Mar 2023 13:00).
    const holeFrom = from + 3001 * H;
    const holeTo = holeFrom + 999 * H;
    server.fake.setFaultPolicy((t) => {
      const start = Number(t.searchParams.get('startTime') ?? NaN);
      return t.pathname.endsWith('/klines') && start >= holeFrom && start <= holeTo ? { type: 'empty' } : null;
    });
    const res = await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    const want = expected('BTCUSDT', '1h', from);
    // Everything after the hole was fetched: the job did not stop at it.
    expectSameCandles(await readCandles(db, BTC1H), filterCandles(want, (t) => t < holeFrom || t > holeTo));
    const s = await getSeries(db, BTC1H);
    expect(s?.confirmedEmpty).toEqual([]);
    expect(s?.unconfirmed).toEqual([{ from: holeFrom, to: holeTo }]);
    expect(res.series[0].unconfirmed).toEqual([{ from: holeFrom, to: holeTo }]);
    const outage = REAL_GAPS[4];
    expect(gapsToRefetch(s!)).toEqual([outage, { from: holeFrom, to: holeTo, missing: 1000 }]);
    expect(res.series[0].gaps).toBe(2);
    // Asked twice, then probed from the hole's start (1 candle), then for the latest candle.
    const asked = server.fake.requestsTo('klines').filter((r) => Number(r.params.startTime) === holeFrom || r.params.startTime === undefined);
    expect(asked.map((r) => [r.params.startTime ?? null, r.params.limit])).toEqual([
      [String(holeFrom), '1000'],
      [String(holeFrom), '1000'],
      [String(holeFrom), '1'],
      [null, '1'],
    ]);

    // The exchange answers again: Re-fetch gaps asks for the unconfirmed stretch and stores it.
    server.fake.clearFaults();
    const re = await refetchGaps(env, BTC1H, ctxOf().ctx);
    expect(re).toMatchObject({ gapsBefore: 2, filled: 1000, gapsAfter: 0 });
    expectSameCandles(await readCandles(db, BTC1H), want);
    const after = await getSeries(db, BTC1H);
    expect(after?.unconfirmed).toBeUndefined();
    expect(after?.gaps).toEqual([outage]);
    expect(after?.confirmedEmpty).toEqual([{ from: outage.from, to: outage.to }]);
  });

  it('a range past the last candle is confirmed empty only after a repeated empty answer that a probe agrees with', async () => {
    const { db, env } = await harness();
    const now = Date.UTC(2024, 1, 1, 0, 30);
    server.fake.setNow(now);
    const start = Date.UTC(2023, 11, 1);
    const res = await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from: start }, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    const last = Date.UTC(2023, 11, 30, 19);
    const s = await getSeries(db, BTC1H);
    expect(s?.last).toBe(last);
    expect(s?.confirmedEmpty).toEqual([{ from: last + H, to: Date.UTC(2024, 0, 31, 23) }]);
    expect(s?.unconfirmed).toBeUndefined();
    const tail = server.fake.requestsTo('klines').slice(-4);
    expect(tail.map((r) => [r.params.startTime ?? null, r.params.limit])).toEqual([
      [String(last + H), '1000'],
      [String(last + H), '1000'],
      [String(last + H), '1'],
      [null, '1'],
    ]);
  });

  it('an empty answer over a range the exchange covers, with no candle anywhere after, is not confirmed when the exchange answers nothing at all', async () => {
    const { db, env } = await harness();
    const holeFrom = from + 2001 * H;
    // From the hole on, every kline request is answered empty (the latest-candle probe included).
    server.fake.setFaultPolicy((t) => {
      const start = t.searchParams.get('startTime');
      return t.pathname.endsWith('/klines') && (start === null || Number(start) >= holeFrom) ? { type: 'empty' } : null;
    });
    const res = await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    const s = await getSeries(db, BTC1H);
    expect(s?.count).toBe(2000);
    expect(s?.confirmedEmpty).toEqual([]);
    expect(s?.unconfirmed).toEqual([{ from: holeFrom, to: Date.UTC(2023, 11, 30, 18) }]);
  });

  it('invalid candles from the exchange (high below low, NaN) are skipped, counted and kept as examples on the job', async () => {
    const { db, env } = await harness();
    server.fake.inject({ path: 'klines', skip: 1, fault: { type: 'badCandle', kind: 'high-below-low', index: 5 } });
    server.fake.inject({ path: 'klines', skip: 1, fault: { type: 'badCandle', kind: 'nan', index: 7 } });
    const res = await runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf().ctx);
    expect(res.status).toBe('COMPLETED');
    const bad1 = from + 1005 * H;
    const bad2 = from + 2001 * H + 7 * H;
    expect(res.series[0].rejected).toBe(2);
    expect(res.rejectedExamples).toEqual([
      { symbol: 'BTC/USDT', timeframe: '1h', time: bad1, reason: expect.stringMatching(/high .* below low|high.*low/i) },
      { symbol: 'BTC/USDT', timeframe: '1h', time: bad2, reason: expect.stringMatching(/close/i) },
    ]);
    const job = await getBackfillJob(db, res.jobId!);
    expect(job?.rejectedExamples).toEqual(res.rejectedExamples);
    expect(job?.cursors[0].rejected).toBe(2);
    // Nothing invented: the two candles are missing (gaps), everything else is stored.
    const want = expected('BTCUSDT', '1h', from);
    expectSameCandles(await readCandles(db, BTC1H), filterCandles(want, (t) => t !== bad1 && t !== bad2));
    const gaps = (await getSeries(db, BTC1H))?.gaps ?? [];
    expect(gaps).toContainEqual({ from: bad1, to: bad1, missing: 1 });
    expect(gaps).toContainEqual({ from: bad2, to: bad2, missing: 1 });
  });

  it('storage full mid-backfill: the task fails with QUOTA_EXCEEDED, the page is not stored, and the job says why', async () => {
    const { db, env } = await harness();
    let pages = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'candleChunks' && ++pages >= 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    await expect(runBackfill(env, { symbols: ['BTC/USDT'], timeframes: ['1h'], from }, ctxOf().ctx)).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    IDBObjectStore.prototype.put = realPut;
    const [job] = await listBackfillJobs(db);
    expect(job).toMatchObject({ status: 'FAILED', errorCode: 'QUOTA_EXCEEDED' });
    expect(job.error).toMatch(/quota/i);
    const stored = await readCandles(db, BTC1H);
    expect(stored.time.length).toBe(2000);
    expect(job.cursors[0].cursor).toBe(stored.time[1999] + H);
  });
});

