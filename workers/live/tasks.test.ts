import { afterEach, describe, expect, it } from 'vitest';
import { resample } from '../../src/core/candles/resample';
import { CANDLE_FIELDS, sliceCandles, type CandleColumns } from '../../src/core/candles/types';
import { lowerBound } from '../../src/core/util/binary-search';
import { closedBefore, createDemoClock, demoMarketTime, startDemoClock } from '../../src/core/demo/demo-clock';
import { DEMO_EXCHANGE, DEMO_SYMBOLS, DEMO_TIMEFRAMES, demoMarketStart, generateDemoSeries } from '../../src/core/demo/demo-market';
import { ensureStarterPresets, getSetting, listLiveCursors, readCandles, writeCandles, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext } from '../bridge';
import { setWorkerDb } from '../data/db-connection';
import { loadDemoMarket } from '../data/demo-task';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { demoTick, ingest, processOnly } from './tasks';

const H = 3_600_000;
const END = Date.UTC(2025, 0, 1);
const YEARS = 0.1;
const WATCH = DEMO_SYMBOLS.map((s) => ({ exchange: DEMO_EXCHANGE, symbol: s.symbol, timeframe: '1h' as const }));
/** Market time the tests run the clock to: 2 days and 20 minutes past the stored market. */
const UNTIL = END + 48 * H + 20 * 60_000;

const progress: number[] = [];
const ctx = () => createTaskContext(new AbortController().signal, (p) => progress.push(p.done));

let dbs: CandlelabDb[] = [];
afterEach(() => {
  setWorkerDb(undefined);
  for (const d of dbs) d.close();
  dbs = [];
});

async function demoDb(): Promise<CandlelabDb> {
  const db = await memoryDb();
  dbs.push(db);
  setWorkerDb(db);
  await loadDemoMarket(db, { years: YEARS }, ctx());
  return db;
}

async function snapshot(db: CandlelabDb) {
  const series: Record<string, CandleColumns> = {};
  for (const s of DEMO_SYMBOLS) for (const tf of DEMO_TIMEFRAMES) series[`${s.symbol} ${tf}`] = await readCandles(db, { exchange: DEMO_EXCHANGE, symbol: s.symbol, timeframe: tf });
  return { series, signals: await db.signals.orderBy('id').toArray(), cursors: await listLiveCursors(db) };
}

describe('the demo clock ticking the live stream', () => {
  it('stores the same candles and signals whether it ticks at ×600, jumps at once, or resumes after a break', async () => {
    // ×600 ticking every 30 s of real time.
    const a = await demoDb();
    const r0 = Date.UTC(2031, 0, 1);
    const clock = startDemoClock(createDemoClock(END, r0, 600), r0);
    let ticks = 0;
    let processed = 0;
    for (let r = r0; ; r += 30_000) {
      const until = Math.min(demoMarketTime(clock, r), UNTIL);
      const res = await demoTick({ until, watch: WATCH }, ctx());
      processed += res.run.candles;
      ticks++;
      if (until === UNTIL) break;
    }
    expect(ticks).toBeGreaterThan(9);
    expect(processed).toBe(48 * WATCH.length);
    const ticking = await snapshot(a);
    expect(ticking.signals.length).toBeGreaterThan(3);

    // One jump: the app reopened after the clock ran while no tab was open.
    const b = await demoDb();
    const jump = await demoTick({ until: UNTIL, watch: WATCH, catchUp: true }, ctx());
    expect(jump.run.candles).toBe(48 * WATCH.length);
    expect(jump.run.problems).toEqual([]);
    expect(await snapshot(b)).toEqual(ticking);

    // Half, a break, the rest.
    const c = await demoDb();
    await demoTick({ until: END + 20 * H + 5 * 60_000, watch: WATCH }, ctx());
    const rest = await demoTick({ until: UNTIL, watch: WATCH, catchUp: true }, ctx());
    expect(rest.run.candles).toBe(28 * WATCH.length);
    expect(await snapshot(c)).toEqual(ticking);

    // The stored series are the market generated with a later end: 1h = resample of the 5m candles.
    const start = demoMarketStart(END, YEARS);
    for (const s of [DEMO_SYMBOLS[0], DEMO_SYMBOLS[5]]) {
      const m5 = generateDemoSeries(s, { seed: 20240101, start, end: closedBefore(UNTIL, '5m') });
      for (const tf of DEMO_TIMEFRAMES) {
        const want = tf === '5m' ? m5 : resample(m5, '5m', tf);
        const got = ticking.series[`${s.symbol} ${tf}`];
        const cut = sliceCandles(want, 0, lowerBound(want.time, closedBefore(UNTIL, tf)));
        for (const f of CANDLE_FIELDS) expect(Array.from(got[f]), `${s.symbol} ${tf} ${f}`).toEqual(Array.from(cut[f]));
      }
    }
  }, 240_000);

  it('loading the demo market sets the clock paused at its end and starts the stream from there', async () => {
    const db = await demoDb();
    const clock = await getSetting(db, 'demoClock');
    expect(clock).toMatchObject({ seed: 20240101, marketStart: demoMarketStart(END, YEARS), anchorMarket: END, running: false, speed: 60 });
    const idle = await demoTick({ until: END, watch: WATCH }, ctx());
    expect(idle).toEqual({ generated: 0, run: expect.objectContaining({ candles: 0, preset: 'BALANCED', problems: [] }) });
    expect((await listLiveCursors(db)).map((c) => [c.symbol, c.last]).sort()).toEqual(WATCH.map((w) => [w.symbol, END - H]).sort());
    await expect(demoTick({ until: Number.NaN, watch: WATCH }, ctx())).rejects.toThrow('until: NaN is not a time');
    await expect(demoTick({ until: END, watch: [{ exchange: 'demo' }] as never }, ctx())).rejects.toThrow('watch[0]: {"exchange":"demo"} is not');
  });
});

describe('exchange candles through the live worker', () => {
  const KEY = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as const };
  const all = loadSharedCandles('BTCUSDT', '1h');
  const btc = sliceCandles(all, all.time.length - 1200, all.time.length);
  const LIVE = 60;
  const START = btc.time.length - LIVE;

  async function exchangeDb(): Promise<CandlelabDb> {
    const db = await memoryDb();
    dbs.push(db);
    setWorkerDb(db);
    await ensureStarterPresets(db, 0);
    await writeCandles(db, KEY, sliceCandles(btc, 0, START), { source: 'exchange', now: 0 });
    await processOnly({ watch: [KEY] }, ctx());
    return db;
  }

  it('each closed candle from the live feed is stored and run; a backfilled gap then caught up gives the same stream', { timeout: 180_000 }, async () => {
    const live = await exchangeDb();
    let processed = 0;
    for (let i = START; i < btc.time.length; i++) {
      const candle = { time: btc.time[i], open: btc.open[i], high: btc.high[i], low: btc.low[i], close: btc.close[i], volume: btc.volume[i] };
      processed += (await ingest({ ...KEY, candles: [candle], watch: [KEY] }, ctx())).candles;
    }
    expect(processed).toBe(LIVE);
    const stored = await readCandles(live, KEY);
    expect(Array.from(stored.close)).toEqual(Array.from(btc.close));
    const liveSignals = await live.signals.orderBy('id').toArray();
    expect(liveSignals.length).toBeGreaterThan(0);

    // Same candles arriving through the backfill "update" path while no tab ran the stream, then the catch-up run.
    const later = await exchangeDb();
    await writeCandles(later, KEY, sliceCandles(btc, START, btc.time.length), { source: 'exchange', now: 0 });
    const run = await processOnly({ watch: [KEY], catchUp: true }, ctx());
    expect(run.candles).toBe(LIVE);
    expect(await later.signals.orderBy('id').toArray()).toEqual(liveSignals);
    expect(await listLiveCursors(later)).toEqual(await listLiveCursors(live));
  });
});
