import { afterEach, describe, expect, it } from 'vitest';
import { IDBObjectStore } from 'fake-indexeddb';
import { emptyCandles, type CandleColumns } from '../core/candles/types';
import type { Timeframe } from '../core/candles/timeframe';
import { createRng } from '../core/util/rng';
import { loadSharedCandles } from '../../tests/support/shared-data';
import {
  chunkEndOf,
  CANDLE_CHUNK_SIZE,
  chunkStartOf,
  deleteSeries,
  getSeries,
  listSeries,
  readCandles,
  seriesSizeBytes,
  writeCandles,
} from './candles-repo';
import type { CandlelabDb } from './db';
import { DataError } from './errors';
import type { SeriesKey } from './records/candles';
import { memoryDb } from './testing/memory-db';

const H = 3_600_000;
const M = 60_000;
const BTC_1H: SeriesKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };

/** Candles at the given open times; every value derives from the time and a salt. */
function candlesAt(times: number[], salt = 0): CandleColumns {
  const c = emptyCandles(times.length);
  times.forEach((t, i) => {
    const base = t / 1e9 + salt;
    c.time[i] = t;
    c.open[i] = base;
    c.high[i] = base + 2;
    c.low[i] = base - 2;
    c.close[i] = base + 1;
    c.volume[i] = salt * 1000 + i;
  });
  return c;
}

type Row = [number, number, number, number, number];

function rowsOf(c: CandleColumns): Map<number, Row> {
  const m = new Map<number, Row>();
  for (let i = 0; i < c.time.length; i++) m.set(c.time[i], [c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]);
  return m;
}

/** Columns from an oracle map (sorted by time), optionally limited to [from, to). */
function columnsOf(rows: Map<number, Row>, from = -Infinity, to = Infinity): CandleColumns {
  const times = [...rows.keys()].filter((t) => t >= from && t < to).sort((a, b) => a - b);
  const c = emptyCandles(times.length);
  times.forEach((t, i) => {
    const r = rows.get(t)!;
    c.time[i] = t;
    [c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]] = r;
  });
  return c;
}

/** Asserts equal candles; reports the first differing cell (fast on large columns). */
function expectSameCandles(actual: CandleColumns, expected: CandleColumns): void {
  const fields = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
  for (const f of fields) {
    expect(actual[f]).toBeInstanceOf(Float64Array);
    expect(`${f}.length ${actual[f].length}`).toBe(`${f}.length ${expected[f].length}`);
    const a = actual[f];
    const b = expected[f];
    let i = 0;
    while (i < a.length && Object.is(a[i], b[i])) i++;
    expect(i < a.length ? `${f}[${i}] = ${a[i]}` : 'equal').toBe(i < a.length ? `${f}[${i}] = ${b[i]}` : 'equal');
  }
}

let db: CandlelabDb;
afterEach(() => db?.close());

describe('chunk alignment', () => {
  it('aligns fixed timeframes to multiples of CANDLE_CHUNK_SIZE candles', () => {
    const span = CANDLE_CHUNK_SIZE * H;
    const t = 1_700_000_000_000 - (1_700_000_000_000 % H);
    expect(chunkStartOf(t, '1h')).toBe(Math.floor(t / span) * span);
    expect(chunkEndOf(chunkStartOf(t, '1h'), '1h')).toBe(Math.floor(t / span) * span + span);
  });

  it('uses a month index for 1M (CANDLE_CHUNK_SIZE months from 1970-01)', () => {
    expect(chunkStartOf(Date.UTC(2024, 5, 1), '1M')).toBe(Date.UTC(1970, 0, 1));
    expect(chunkEndOf(Date.UTC(1970, 0, 1), '1M')).toBe(Date.UTC(1970 + Math.floor(CANDLE_CHUNK_SIZE / 12), CANDLE_CHUNK_SIZE % 12, 1));
    expect(chunkStartOf(Date.UTC(1969, 11, 1), '1M')).toBe(Date.UTC(1970 - Math.ceil(CANDLE_CHUNK_SIZE / 12), (12 - (CANDLE_CHUNK_SIZE % 12)) % 12, 1));
  });
});

describe('writeCandles / readCandles', () => {
  it('splits at chunk boundaries and reads back across them', async () => {
    db = await memoryDb();
    const span = CANDLE_CHUNK_SIZE * H;
    const boundary = Math.ceil(Date.UTC(2024, 0, 1) / span) * span;
    const times = [-2, -1, 0, 1, 2].map((k) => boundary + k * H);
    const c = candlesAt(times);
    const meta = await writeCandles(db, BTC_1H, c, { source: 'exchange', now: 1 });
    const chunks = await db.candleChunks.toArray();
    expect(chunks.map((x) => [x.start, x.count])).toEqual([
      [boundary - span, 2],
      [boundary, 3],
    ]);
    expect(meta).toMatchObject({ first: times[0], last: times[4], count: 5, gaps: [], lastUpdate: 1, source: 'exchange', label: null });
    expectSameCandles(await readCandles(db, BTC_1H), c);
    expectSameCandles(await readCandles(db, BTC_1H, boundary - H, boundary + H), columnsOf(rowsOf(c), boundary - H, boundary + H));
  });

  it('reads any [from, to) range across many chunks exactly', async () => {
    db = await memoryDb();
    const key: SeriesKey = { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1m' };
    const start = Date.UTC(2024, 0, 1, 3, 7);
    const times = Array.from({ length: 20_000 }, (_, i) => start + i * M).filter((_, i) => i % 97 !== 5);
    const chunks = Math.floor((start + 20_000 * M) / (CANDLE_CHUNK_SIZE * M)) - Math.floor(start / (CANDLE_CHUNK_SIZE * M)) + 1;
    const c = candlesAt(times, 3);
    await writeCandles(db, key, c, { source: 'file', label: 'eth.csv' });
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(await db.candleChunks.count()).toBe(chunks);
    const rows = rowsOf(c);
    const rng = createRng(11);
    for (let k = 0; k < 30; k++) {
      const from = start - 100 * M + rng.int(20_300) * M + (k % 3 === 0 ? 17_000 : 0);
      const to = from + rng.int(9000) * M;
      expectSameCandles(await readCandles(db, key, from, to), columnsOf(rows, from, to));
    }
    expectSameCandles(await readCandles(db, key, undefined, start + 10 * M), columnsOf(rows, -Infinity, start + 10 * M));
    expectSameCandles(await readCandles(db, key, start + 19_990 * M), columnsOf(rows, start + 19_990 * M));
    expect((await readCandles(db, key, start + 5 * M, start + 5 * M)).time.length).toBe(0);
  });

  it('merges into stored chunks: a candle with a stored open time replaces it', async () => {
    db = await memoryDb();
    const start = Date.UTC(2024, 2, 1);
    const at = (idx: number[]) => idx.map((i) => start + i * H);
    const first = candlesAt(at(Array.from({ length: 100 }, (_, i) => 2 * i)), 1); // even hours 0..198
    const second = candlesAt(at([...Array.from({ length: 60 }, (_, i) => 2 * i + 1), 10, 50, 150, 250, 251]).sort((a, b) => a - b), 2);
    const oracle = rowsOf(first);
    await writeCandles(db, BTC_1H, first, { source: 'exchange' });
    for (const [t, r] of rowsOf(second)) oracle.set(t, r);
    const meta = await writeCandles(db, BTC_1H, second, { source: 'exchange' });
    expectSameCandles(await readCandles(db, BTC_1H), columnsOf(oracle));
    expect(meta!.count).toBe(oracle.size);
    // Hours 121, 123, …, 197 are still missing (odd hours after 119), then 199..249 (51 candles).
    const expectedGaps = [];
    for (let h = 121; h <= 197; h += 2) expectedGaps.push({ from: start + h * H, to: start + h * H, missing: 1 });
    expectedGaps.push({ from: start + 199 * H, to: start + 249 * H, missing: 51 });
    expect(meta!.gaps).toEqual(expectedGaps);
  });

  it('writing the same candles again changes nothing but the values', async () => {
    db = await memoryDb();
    const times = Array.from({ length: 5000 }, (_, i) => Date.UTC(2024, 0, 1) + i * H);
    await writeCandles(db, BTC_1H, candlesAt(times, 1), { source: 'demo', label: 'demo run' });
    const again = candlesAt(times, 2);
    const meta = await writeCandles(db, BTC_1H, again, { source: 'demo' });
    expectSameCandles(await readCandles(db, BTC_1H), again);
    expect(meta).toMatchObject({ count: 5000, gaps: [], label: 'demo run' });
  });

  it('stores real BTCUSDT 1h with exactly the 5 known gaps (12 missing candles)', async () => {
    db = await memoryDb();
    const btc = loadSharedCandles('BTCUSDT', '1h');
    const meta = await writeCandles(db, BTC_1H, btc, { source: 'file', label: 'binance_BTCUSDT_1h.csv' });
    const u = (s: string) => Date.parse(`${s}:00Z`);
    const gaps = [
      { from: u('2021-04-20T02:00'), to: u('2021-04-20T03:00'), missing: 2 },
      { from: u('2021-04-25T05:00'), to: u('2021-04-25T07:00'), missing: 3 },
      { from: u('2021-08-13T02:00'), to: u('2021-08-13T05:00'), missing: 4 },
      { from: u('2021-09-29T07:00'), to: u('2021-09-29T08:00'), missing: 2 },
      { from: u('2023-03-24T13:00'), to: u('2023-03-24T13:00'), missing: 1 },
    ];
    expect(meta).toMatchObject({ first: u('2021-04-04T20:00'), last: u('2023-12-30T19:00'), count: 23988, gaps });
    expect(gaps.reduce((s, g) => s + g.missing, 0)).toBe(12);
    expectSameCandles(await readCandles(db, BTC_1H), btc);
    expect(seriesSizeBytes(meta!)).toBe(23988 * 6 * 8);
  });

  it('gives the same series when the data arrives in shuffled pieces', async () => {
    db = await memoryDb();
    const btc = loadSharedCandles('BTCUSDT', '1h');
    const n = btc.time.length;
    const rng = createRng(5);
    const cuts = [0, n];
    for (let i = 0; i < 12; i++) cuts.push(rng.int(n));
    const sorted = [...new Set(cuts)].sort((a, b) => a - b);
    const pieces: Array<[number, number]> = [];
    for (let i = 0; i + 1 < sorted.length; i++) pieces.push([sorted[i], sorted[i + 1]]);
    for (let i = pieces.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [pieces[i], pieces[j]] = [pieces[j], pieces[i]];
    }
    let meta = null;
    for (const [a, b] of pieces) {
      const part = {
        time: btc.time.slice(a, b),
        open: btc.open.slice(a, b),
        high: btc.high.slice(a, b),
        low: btc.low.slice(a, b),
        close: btc.close.slice(a, b),
        volume: btc.volume.slice(a, b),
      };
      meta = await writeCandles(db, BTC_1H, part, { source: 'exchange' });
    }
    expect(meta!.count).toBe(n);
    expect(meta!.gaps.map((g) => g.missing)).toEqual([2, 3, 4, 2, 1]);
    expectSameCandles(await readCandles(db, BTC_1H), btc);
  });

  it('keeps confirmed-empty ranges only where no candle is stored', async () => {
    db = await memoryDb();
    const t0 = Date.UTC(2024, 0, 1);
    const times = [0, 1, 2, 5, 6, 9].map((h) => t0 + h * H);
    const meta = await writeCandles(db, BTC_1H, candlesAt(times), {
      source: 'exchange',
      confirmedEmpty: [
        { from: t0 - 5 * H, to: t0 + H },
        { from: t0 + 3 * H, to: t0 + 4 * H },
        { from: t0 + 7 * H, to: t0 + 7 * H },
      ],
    });
    expect(meta!.confirmedEmpty).toEqual([
      { from: t0 - 5 * H, to: t0 - H },
      { from: t0 + 3 * H, to: t0 + 4 * H },
      { from: t0 + 7 * H, to: t0 + 7 * H },
    ]);
    const later = await writeCandles(db, BTC_1H, candlesAt([t0 + 4 * H, t0 + 7 * H]), { source: 'exchange' });
    expect(later!.confirmedEmpty).toEqual([
      { from: t0 - 5 * H, to: t0 - H },
      { from: t0 + 3 * H, to: t0 + 3 * H },
    ]);
    expect(later!.gaps).toEqual([
      { from: t0 + 3 * H, to: t0 + 3 * H, missing: 1 },
      { from: t0 + 8 * H, to: t0 + 8 * H, missing: 1 },
    ]);
  });

  it('handles monthly candles', async () => {
    db = await memoryDb();
    const key: SeriesKey = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1M' };
    const times = [Date.UTC(2020, 10, 1), Date.UTC(2020, 11, 1), Date.UTC(2021, 2, 1)];
    const meta = await writeCandles(db, key, candlesAt(times), { source: 'exchange' });
    expect(meta!.gaps).toEqual([{ from: Date.UTC(2021, 0, 1), to: Date.UTC(2021, 1, 1), missing: 2 }]);
    expect((await readCandles(db, key, Date.UTC(2020, 11, 1))).time).toEqual(Float64Array.from(times.slice(1)));
  });

  it('rejects bad input naming the field and the value', async () => {
    db = await memoryDb();
    const t0 = Date.UTC(2024, 0, 1);
    const bad = async (c: CandleColumns, tf: Timeframe = '1h') =>
      writeCandles(db, { ...BTC_1H, timeframe: tf }, c, { source: 'exchange' }).then(
        () => null,
        (e: unknown) => e,
      );
    const unsorted = await bad(candlesAt([t0 + H, t0]));
    expect(unsorted).toBeInstanceOf(DataError);
    expect((unsorted as DataError).code).toBe('INVALID');
    expect((unsorted as DataError).message).toContain(`candles.time[1]: ${t0}`);
    expect(((await bad(candlesAt([t0 + 1]))) as DataError).message).toContain(`candles.time[0]: ${t0 + 1} is not a 1h candle open time`);
    const nan = candlesAt([t0]);
    nan.close[0] = NaN;
    expect(((await bad(nan)) as DataError).message).toContain('candles.close[0]: NaN');
    const short = candlesAt([t0, t0 + H]);
    short.volume = new Float64Array(1);
    expect(((await bad(short)) as DataError).message).toContain('candles.volume: length 1');
    expect(((await bad(candlesAt([t0]), '2h' as Timeframe)) as DataError).message).toContain('timeframe: "2h"');
    expect(await db.candleChunks.count()).toBe(0);
  });
});

describe('failures roll back the whole write', () => {
  const realPut = IDBObjectStore.prototype.put;
  afterEach(() => {
    IDBObjectStore.prototype.put = realPut;
  });

  it('storage full in the middle of the chunk writes leaves nothing behind', async () => {
    db = await memoryDb();
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'candleChunks' && ++puts === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    const times = Array.from({ length: 5 * CANDLE_CHUNK_SIZE }, (_, i) => Date.UTC(2023, 0, 1) + i * H);
    const err = await writeCandles(db, BTC_1H, candlesAt(times), { source: 'exchange' }).catch((e: unknown) => e);
    expect(puts).toBeGreaterThanOrEqual(3);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('QUOTA_EXCEEDED');
    IDBObjectStore.prototype.put = realPut;
    expect(await db.candleChunks.count()).toBe(0);
    expect(await listSeries(db)).toEqual([]);
  });

  it('a failing series update restores the chunks it merged into', async () => {
    db = await memoryDb();
    const t0 = Date.UTC(2023, 0, 1);
    const first = candlesAt(Array.from({ length: 6000 }, (_, i) => t0 + i * H), 1);
    const before = await writeCandles(db, BTC_1H, first, { source: 'exchange', now: 1 });
    db.candleSeries.hook('updating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const overlapping = candlesAt(Array.from({ length: 6000 }, (_, i) => t0 + (3000 + i) * H), 2);
    const err = await writeCandles(db, BTC_1H, overlapping, { source: 'file', now: 2 }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe('QUOTA_EXCEEDED');
    expect(await getSeries(db, BTC_1H)).toEqual(before);
    expectSameCandles(await readCandles(db, BTC_1H), first);
  });
});

describe('series listing and deletion', () => {
  it('deletes one series with all its chunks and nothing else', async () => {
    db = await memoryDb();
    const times = Array.from({ length: 9000 }, (_, i) => Date.UTC(2022, 0, 1) + i * H);
    const keys: SeriesKey[] = [
      BTC_1H,
      { ...BTC_1H, timeframe: '4h' },
      { ...BTC_1H, symbol: 'ETH/USDT' },
      { ...BTC_1H, exchange: 'kraken' },
    ];
    for (const k of keys) {
      const tf = k.timeframe === '4h' ? 4 : 1;
      await writeCandles(db, k, candlesAt(times.map((t, i) => Date.UTC(2022, 0, 1) + i * tf * H)), { source: 'demo' });
    }
    expect((await listSeries(db)).length).toBe(4);
    expect(await deleteSeries(db, BTC_1H)).toBe(true);
    expect(await deleteSeries(db, BTC_1H)).toBe(false);
    expect(await getSeries(db, BTC_1H)).toBeUndefined();
    expect((await readCandles(db, BTC_1H)).time.length).toBe(0);
    const left = await listSeries(db);
    expect(left.map((s) => `${s.exchange} ${s.symbol} ${s.timeframe}`)).toEqual([
      'binance BTC/USDT 4h',
      'binance ETH/USDT 1h',
      'kraken BTC/USDT 1h',
    ]);
    for (const k of keys.slice(1)) expect((await readCandles(db, k)).time.length).toBe(9000);
  });

  it('an unknown series reads as empty columns', async () => {
    db = await memoryDb();
    expectSameCandles(await readCandles(db, BTC_1H), emptyCandles(0));
    expect(await writeCandles(db, BTC_1H, emptyCandles(0), { source: 'exchange' })).toBeNull();
  });
});
