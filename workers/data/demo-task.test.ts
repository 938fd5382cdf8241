import { afterEach, describe, expect, it } from 'vitest';
import { CANDLE_FIELDS } from '../../src/core/candles/types';
import { DEMO_EXCHANGE, DEMO_SYMBOLS, DEMO_TIMEFRAMES, generateDemoMarket } from '../../src/core/demo/demo-market';
import { getSetting, listSeries, readCandles, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext, type Progress } from '../bridge';
import { loadDemoMarket, type DemoHelper } from './demo-task';
import { demoSymbolSeries } from '../compute/demo-tasks';
import { rejection } from '../bridge/test-support/rejection';

const END = Date.UTC(2025, 0, 1);
/** About a week of 5m candles per symbol: small enough for a quick test, several chunks of 1h and 4h rows. */
const YEARS = 0.02;

let dbs: CandlelabDb[] = [];
afterEach(() => {
  for (const d of dbs) d.close();
  dbs = [];
});

async function freshDb(): Promise<CandlelabDb> {
  const db = await memoryDb();
  dbs.push(db);
  return db;
}

describe('loadDemoMarket', () => {
  // Without a helper (as on Node) every symbol is generated in place; with one, every symbol after the first comes from it.
  const inPlace = (): DemoHelper | null => null;
  let helped: string[] = [];
  const helper = (): DemoHelper => ({
    generate: async (a) => {
      helped.push(a.symbol);
      return demoSymbolSeries(a);
    },
    stop: () => undefined,
  });

  it.each([
    ['in place', inPlace],
    ['with a helper', helper],
  ])('stores every series with the bytes the generator gives for the seed, the first symbol’s 4h series first (%s)', async (_, startHelper) => {
    helped = [];
    const db = await freshDb();
    const stored: string[] = [];
    const seriesCounts: number[] = [];
    const ctx = createTaskContext(new AbortController().signal, (p: Progress) => {
      if (p.message?.startsWith('Stored ')) stored.push(p.message.slice('Stored '.length));
    });
    let seriesUpdates = 0;
    db.candleSeries.hook('creating', () => {
      seriesCounts.push(stored.length);
    });
    db.candleSeries.hook('updating', () => {
      seriesUpdates++;
    });
    const result = await loadDemoMarket(db, { seed: 7, years: YEARS, end: END }, ctx, startHelper);
    expect(helped).toEqual(startHelper === helper ? DEMO_SYMBOLS.slice(1).map((s) => s.symbol) : []);

    const market = generateDemoMarket({ seed: 7, years: YEARS, end: END });
    expect(result).toEqual({
      symbols: DEMO_SYMBOLS.length,
      series: DEMO_SYMBOLS.length * DEMO_TIMEFRAMES.length,
      candles: market.series.reduce((n, s) => n + DEMO_TIMEFRAMES.reduce((m, tf) => m + s.candles[tf].time.length, 0), 0),
    });
    for (const s of market.series) {
      for (const tf of DEMO_TIMEFRAMES) {
        const got = await readCandles(db, { exchange: DEMO_EXCHANGE, symbol: s.symbol.symbol, timeframe: tf });
        for (const f of CANDLE_FIELDS) expect(got[f], `${s.symbol.symbol} ${tf} ${f}`).toEqual(s.candles[tf][f]);
      }
    }
    expect(stored[0]).toBe(`${DEMO_SYMBOLS[0].symbol} 4h`);
    expect(stored).toHaveLength(DEMO_SYMBOLS.length * DEMO_TIMEFRAMES.length);
    // One series row written per series: each is created once, in the order the series were stored.
    expect(seriesCounts).toEqual(stored.map((_, i) => i));
    expect(seriesUpdates).toBe(0);
    expect((await listSeries(db)).every((r) => r.source === 'demo')).toBe(true);
    expect(await getSetting(db, 'demoClock')).toMatchObject({ seed: 7 });
  });

  it('keeps nothing when cancelled after the first series is stored', async () => {
    const db = await freshDb();
    const controller = new AbortController();
    const ctx = createTaskContext(controller.signal, (p: Progress) => {
      if (p.message === `Stored ${DEMO_SYMBOLS[0].symbol} 4h`) controller.abort();
    });
    const e = await rejection(loadDemoMarket(db, { years: YEARS, end: END }, ctx));
    expect(e).toMatchObject({ code: 'CANCELLED' });
    expect(await listSeries(db)).toEqual([]);
    expect(await db.candleChunks.count()).toBe(0);
    expect(await getSetting(db, 'demoClock')).toBeNull();
  });

  it('keeps nothing when a write fails part-way, and reports that failure', async () => {
    const db = await freshDb();
    let writes = 0;
    db.candleSeries.hook('creating', () => {
      if (++writes === 5) throw new Error('disk full');
    });
    const e = await rejection(loadDemoMarket(db, { years: YEARS, end: END }, createTaskContext(new AbortController().signal, () => undefined)));
    expect(String((e as Error).message)).toContain('disk full');
    expect(await listSeries(db)).toEqual([]);
    expect(await db.candleChunks.count()).toBe(0);
  });
});
