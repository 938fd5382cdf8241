import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSharedCandles, sharedDataPath } from '../../tests/support/shared-data';
import { CANDLE_FIELDS, sliceCandles, type CandleColumns } from '../../src/core/candles/types';
import { lowerBound } from '../../src/core/util/binary-search';
import { getSeries, listSeries, readCandles, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext, isWorkerTaskError, type Progress, type TaskContext } from '../bridge';
import { setWorkerDb } from './db-connection';
import { fileTasks } from './file-tasks';
import {
  CONFIRM_REPLACE,
  IMPORT_LIST_LIMIT,
  importCandles,
  inferTimeframe,
  MISSING_SERIES_INFO,
  normalizeSymbol,
  seriesFromFileName,
  TIMEFRAME_MISMATCH,
  UNKNOWN_FORMAT,
  type ImportCandlesArgs,
} from './import-task';
import { rejection } from '../bridge/test-support/rejection';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const HEADER = 'timestamp,open,high,low,close,volume';

function ctxWith(progress: Progress[] = [], token = new AbortController()): TaskContext {
  return createTaskContext(token.signal, (p) => progress.push(p));
}

function sharedText(file: string): string {
  return readFileSync(sharedDataPath(file), 'utf8');
}

/** The data lines of a shared file, split into their original decimal strings. */
function sharedFields(file: string): string[][] {
  return sharedText(file)
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

function expectSame(actual: CandleColumns, expected: CandleColumns): void {
  for (const f of CANDLE_FIELDS) expect(Array.from(actual[f]), f).toEqual(Array.from(expected[f]));
}

/** A Binance dump line: open time (× scale), OHLCV with 8 places, close time, quote volume, trades, taker volumes, ignore. */
function dumpLine(f: string[], scale: number): string {
  const pad8 = (s: string) => Number(s).toFixed(8);
  const open = Number(f[0]);
  return [open * scale, pad8(f[1]), pad8(f[2]), pad8(f[3]), pad8(f[4]), pad8(f[5]), (open + HOUR) * scale - 1, '1234.5', 42, '1.5', '3.25', '0'].join(',');
}

let db: CandlelabDb;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(() => {
  setWorkerDb(undefined);
  db.close();
});

function run(args: ImportCandlesArgs, progress: Progress[] = []) {
  return importCandles(db, args, ctxWith(progress));
}

describe('series from the file name', () => {
  it.each([
    ['binance_BTCUSDT_1h.csv', 'binance', 'BTC/USDT', '1h'],
    ['/home/me/Downloads/binance_ETHUSDT_1m.csv', 'binance', 'ETH/USDT', '1m'],
    ['binance_BTCUSDT_1h (1).csv', 'binance', 'BTC/USDT', '1h'],
    ['okx_BTC-USDT_4h.csv', 'okx', 'BTC/USDT', '4h'],
    ['coinbase_BTCUSD_1d.csv', 'coinbase', 'BTC/USD', '1d'],
    ['binance_BTCUSDT_1M.csv', 'binance', 'BTC/USDT', '1M'],
    ['BTCUSDT-1h-2024-01.csv', 'binance', 'BTC/USDT', '1h'],
    ['ETHBTC-15m-2024-01-15.csv', 'binance', 'ETH/BTC', '15m'],
    ['BTCUSDT-1mo-2024-01.csv', 'binance', 'BTC/USDT', '1M'],
    ['BTCUSDT-3m-2024-01.csv', 'binance', 'BTC/USDT', null],
    ['BINANCE_BTCUSDT, 60.csv', 'binance', 'BTC/USDT', '1h'],
    ['BINANCE_ETHUSDT, 1D.csv', 'binance', 'ETH/USDT', '1d'],
    ['COINBASE_BTCUSD, 240_1a2b3.csv', 'coinbase', 'BTC/USD', '4h'],
    ['BTCUSDT_5m.csv', null, 'BTC/USDT', '5m'],
    ['candles.csv', null, null, null],
    ['my export.csv', null, null, null],
  ])('%s → %s %s %s', (name, exchange, symbol, timeframe) => {
    expect(seriesFromFileName(name)).toEqual({ exchange, symbol, timeframe });
  });

  it('normalises symbols to the unified BASE/QUOTE form', () => {
    expect(normalizeSymbol('btcusdt')).toBe('BTC/USDT');
    expect(normalizeSymbol(' BTC/USDT ')).toBe('BTC/USDT');
    expect(normalizeSymbol('btc-usdt')).toBe('BTC/USDT');
    expect(normalizeSymbol('USDCUSDT')).toBe('USDC/USDT');
    expect(normalizeSymbol('BTCTUSD')).toBe('BTC/TUSD');
    expect(normalizeSymbol('BTCFDUSD')).toBe('BTC/FDUSD');
    expect(normalizeSymbol('1000SATSUSDT')).toBe('1000SATS/USDT');
    expect(normalizeSymbol('XYZABC')).toBe('XYZABC');
    expect(normalizeSymbol('')).toBeNull();
    expect(normalizeSymbol('BTC/USDT/X')).toBeNull();
    expect(normalizeSymbol('BTC USDT')).toBeNull();
  });
});

describe('timeframe from the data', () => {
  it('finds the step of real files, in order or shuffled', () => {
    expect(inferTimeframe(loadSharedCandles('BTCUSDT', '1h').time)).toBe('1h');
    expect(inferTimeframe(loadSharedCandles('BTCUSDT', '1d').time)).toBe('1d');
    expect(inferTimeframe(loadSharedCandles('ETHUSDT', '5m').time)).toBe('5m');
    const t = Array.from(loadSharedCandles('BTCUSDT', '4h').time);
    const shuffled = t.map((v, i) => t[(i * 7919) % t.length]);
    expect(new Set(shuffled).size).toBe(t.length);
    expect(inferTimeframe(shuffled)).toBe('4h');
    expect(inferTimeframe([...t].reverse())).toBe('4h');
  });

  it('reads calendar months as 1M and refuses unsupported or absent steps', () => {
    const months = Array.from({ length: 24 }, (_, i) => Date.UTC(2022, i, 1));
    expect(inferTimeframe(months)).toBe('1M');
    expect(inferTimeframe(Array.from({ length: 50 }, (_, i) => i * 3 * MINUTE))).toBeNull();
    expect(inferTimeframe([HOUR])).toBeNull();
    expect(inferTimeframe([HOUR, HOUR, HOUR])).toBeNull();
    // Mostly 1h with a few 2h holes: still 1h.
    expect(inferTimeframe([0, 1, 2, 4, 5, 6, 8, 9].map((h) => h * HOUR))).toBe('1h');
  });
});

describe('importCandles', () => {
  it('imports the real BTCUSDT 1h file: series from the name, every candle stored, the 5 real gaps reported', async () => {
    const text = sharedText('binance_BTCUSDT_1h.csv');
    const progress: Progress[] = [];
    const report = await run({ fileName: 'binance_BTCUSDT_1h.csv', text }, progress);
    const btc = loadSharedCandles('BTCUSDT', '1h');
    expect(report).toMatchObject({
      fileName: 'binance_BTCUSDT_1h.csv',
      format: 'standard',
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      timeframeFrom: 'file-name',
      rows: 23988,
      imported: 23988,
      duplicates: 0,
      invalid: [],
      invalidCount: 0,
      gapCount: 5,
      missing: 12,
      first: Date.parse('2021-04-04T20:00:00Z'),
      last: Date.parse('2023-12-30T19:00:00Z'),
      forming: null,
    });
    // The outages listed in the data README.
    expect(report.gaps.map((g) => [new Date(g.from).toISOString(), g.missing])).toEqual([
      ['2021-04-20T02:00:00.000Z', 2],
      ['2021-04-25T05:00:00.000Z', 3],
      ['2021-08-13T02:00:00.000Z', 4],
      ['2021-09-29T07:00:00.000Z', 2],
      ['2023-03-24T13:00:00.000Z', 1],
    ]);
    const key = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as const };
    expectSame(await readCandles(db, key), btc);
    expect(await getSeries(db, key)).toMatchObject({ source: 'file', label: 'binance_BTCUSDT_1h.csv', count: 23988 });

    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
    expect(progress[progress.length - 1]).toMatchObject({ done: 1000, total: 1000 });
    expect(progress.some((p) => p.phase === 'read' && /MB/.test(p.message ?? ''))).toBe(true);
    expect(progress.some((p) => p.phase === 'write')).toBe(true);
  });

  it('re-importing the same file stores no duplicates', async () => {
    const text = sharedText('binance_ETHUSDT_5m.csv');
    await run({ fileName: 'binance_ETHUSDT_5m.csv', text });
    const again = await run({ fileName: 'binance_ETHUSDT_5m.csv', text });
    expect(again.imported).toBe(10000);
    const series = await listSeries(db);
    expect(series).toHaveLength(1);
    expect(series[0].count).toBe(10000);
  });

  it.each([
    ['ms', 1],
    ['µs', 1000],
  ])('imports a Binance kline dump with %s times from transferred bytes, series from the dump name', async (_unit, scale) => {
    const fields = sharedFields('binance_ETHUSDT_1h.csv');
    const eth = loadSharedCandles('ETHUSDT', '1h');
    const from = lowerBound(eth.time, Date.parse('2023-12-01T00:00:00Z'));
    const to = lowerBound(eth.time, Date.parse('2024-01-01T00:00:00Z'));
    const text = fields.slice(from, to).map((f) => dumpLine(f, scale)).join('\n') + '\n';
    const bytes = new TextEncoder().encode(text).buffer;
    const report = await run({ fileName: 'ETHUSDT-1h-2023-12.csv', bytes });
    expect(report).toMatchObject({ format: 'binance-dump', exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h', rows: to - from, imported: to - from, invalidCount: 0 });
    expectSame(await readCandles(db, { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h' }), sliceCandles(eth, from, to));
  });

  it('imports a TradingView export in seconds: symbol from the caller, timeframe from the data, default exchange', async () => {
    const fields = sharedFields('binance_BTCUSDT_4h.csv').slice(0, 500);
    const text = ['time,open,high,low,close,Volume', ...fields.map((f) => [Number(f[0]) / 1000, ...f.slice(1)].join(','))].join('\n');
    const report = await run({ fileName: 'chart.csv', text, symbol: 'btcusdt' });
    expect(report).toMatchObject({ format: 'tradingview', exchange: 'file', symbol: 'BTC/USDT', timeframe: '4h', timeframeFrom: 'data', imported: 500 });
    expectSame(await readCandles(db, { exchange: 'file', symbol: 'BTC/USDT', timeframe: '4h' }), sliceCandles(loadSharedCandles('BTCUSDT', '4h'), 0, 500));
  });

  it('lists bad rows by line with the reason, skips them and imports the rest', async () => {
    const f = sharedFields('binance_BTCUSDT_1h.csv').slice(0, 8).map((r) => r.join(','));
    const t = (i: number) => Number(f[i].split(',')[0]);
    const lines = [
      HEADER, // 1
      f[0], // 2
      f[1], // 3
      `${t(2)},abc,1,1,1,1`, // 4 unreadable
      f[3], // 5
      `${t(4)},100,90,80,95,5`, // 6 high below open and close
      `${t(5)},100,110,90,95,-1`, // 7 negative volume
      `${t(5) + 1000},100,110,90,95,1`, // 8 off the grid
      f[6], // 9
      f[6].replace(/,[^,]*$/, ',999'), // 10 same open time again: replaces line 9
      '1,2,3', // 11 wrong field count
      f[7], // 12
    ];
    const report = await run({ fileName: 'binance_BTCUSDT_1h.csv', text: lines.join('\n') + '\n' });
    expect(report.rows).toBe(11);
    expect(report.imported).toBe(5);
    expect(report.duplicates).toBe(1);
    expect(report.invalidCount).toBe(5);
    expect(report.invalid.map((p) => p.line)).toEqual([4, 6, 7, 8, 11]);
    expect(report.invalid[0].reason).toContain('open: "abc" is not a number');
    expect(report.invalid[1].reason).toContain('high 90 is below');
    expect(report.invalid[2].reason).toContain('volume: -1 is negative');
    expect(report.invalid[3].reason).toContain('is not on the 1h grid');
    expect(report.invalid[4].reason).toBe('expected 6 fields (as in the header), got 3');
    // Candles 2, 4 and 5 are missing (lines 4, 6, 7 rejected): two gaps.
    expect(report.gapCount).toBe(2);
    expect(report.missing).toBe(3);
    const stored = await readCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
    expect(Array.from(stored.time)).toEqual([t(0), t(1), t(3), t(6), t(7)]);
    expect(stored.volume[3]).toBe(999);
  });

  it('lists at most IMPORT_LIST_LIMIT bad rows but counts them all', async () => {
    const lines = [HEADER];
    for (let i = 0; i < IMPORT_LIST_LIMIT + 250; i++) lines.push(`${i * HOUR},x,1,1,1,1`);
    lines.push(`${5000 * HOUR},1,2,0.5,1.5,3`);
    const report = await run({ fileName: 'binance_BTCUSDT_1h.csv', text: lines.join('\n') });
    expect(report.invalidCount).toBe(IMPORT_LIST_LIMIT + 250);
    expect(report.invalid).toHaveLength(IMPORT_LIST_LIMIT);
    expect(report.invalid[IMPORT_LIST_LIMIT - 1].line).toBe(IMPORT_LIST_LIMIT + 1);
    expect(report.imported).toBe(1);
  });

  it('refuses a file in no known format with UNKNOWN_FORMAT and writes nothing', async () => {
    for (const text of ['{"candles": []}', 'date;open;high;low;close\n2024-01-01;1;2;0.5;1.5\n', '']) {
      const e = await rejection(run({ fileName: 'binance_BTCUSDT_1h.csv', text }));
      expect(isWorkerTaskError(e, UNKNOWN_FORMAT)).toBe(true);
      expect((e as Error).message).toContain('binance_BTCUSDT_1h.csv');
      expect((e as Error).message).toContain('accepted formats');
      expect((e as Error).message).toContain('nothing was imported');
    }
    expect(await listSeries(db)).toEqual([]);
  });

  it('asks for a symbol it cannot find, and for a timeframe the data does not show, writing nothing', async () => {
    const e1 = await rejection(run({ fileName: 'candles.csv', text: sharedText('binance_ETHUSDT_5m.csv') }));
    expect((e1 as { code: string }).code).toBe(MISSING_SERIES_INFO);
    expect((e1 as { details: { missing: string[]; format: string } }).details).toMatchObject({ missing: ['symbol'], format: 'standard' });
    expect((e1 as Error).message).toMatch(/^symbol: /);

    const text = [HEADER, ...Array.from({ length: 20 }, (_, i) => `${i * 3 * MINUTE},1,2,0.5,1.5,1`)].join('\n');
    const e2 = await rejection(run({ fileName: 'candles.csv', text, symbol: 'BTC/USDT' }));
    expect((e2 as { code: string }).code).toBe(MISSING_SERIES_INFO);
    expect((e2 as { details: { missing: string[] } }).details.missing).toEqual(['timeframe']);
    expect((e2 as Error).message).toMatch(/^timeframe: /);
    expect(await listSeries(db)).toEqual([]);

    // Calling 3-minute candles 1m is refused as well.
    const e3 = await rejection(run({ fileName: 'candles.csv', text, symbol: 'BTC/USDT', timeframe: '1m' }));
    expect((e3 as Error).message).toBe("candles.csv: this file's candles are 3 min apart, not 1m (as chosen); nothing was imported");
    expect(await listSeries(db)).toEqual([]);

    const minutes = [HEADER, ...[0, 1, 2, 5, 6, 7, 8, 12, 13, 14].map((m) => `${m * MINUTE},1,2,0.5,1.5,1`)].join('\n');
    const given = await run({ fileName: 'candles.csv', text: minutes, symbol: 'BTC/USDT', timeframe: '1m', exchange: 'Kraken' });
    expect(given).toMatchObject({ exchange: 'kraken', timeframe: '1m', timeframeFrom: 'args', imported: 10, gapCount: 2, missing: 5 });
  });

  it('reports a still-forming last candle and does not store it', async () => {
    const fields = sharedFields('binance_BTCUSDT_1h.csv').slice(0, 10);
    const text = [HEADER, ...fields.map((f) => f.join(','))].join('\n');
    const lastOpen = Number(fields[9][0]);
    const report = await run({ fileName: 'binance_BTCUSDT_1h.csv', text, now: lastOpen + 20 * MINUTE });
    expect(report.imported).toBe(9);
    expect(report.forming).toEqual({
      time: lastOpen,
      open: Number(fields[9][1]),
      high: Number(fields[9][2]),
      low: Number(fields[9][3]),
      close: Number(fields[9][4]),
      volume: Number(fields[9][5]),
    });
    expect(report.last).toBe(Number(fields[8][0]));
    const stored = await readCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
    expect(stored.time.length).toBe(9);
  });

  it('stores nothing when cancelled before the write', async () => {
    const token = new AbortController();
    token.abort();
    const e = await rejection(importCandles(db, { fileName: 'binance_BTCUSDT_1h.csv', text: sharedText('binance_BTCUSDT_1h.csv') }, ctxWith([], token)));
    expect((e as { code?: string }).code).toBe('CANCELLED');
    expect(await listSeries(db)).toEqual([]);
  });

  it('rejects malformed arguments naming the field', async () => {
    const text = sharedText('binance_ETHUSDT_5m.csv');
    await expect(run({ fileName: 'a.csv', text, bytes: new ArrayBuffer(1) })).rejects.toThrow('text, bytes: give exactly one');
    await expect(run({ fileName: 'a.csv' })).rejects.toThrow('text, bytes: give exactly one');
    await expect(run({ fileName: '', text })).rejects.toThrow('fileName: ""');
    await expect(run({ fileName: 'a.csv', text, timeframe: '2h' as never })).rejects.toThrow('timeframe: "2h" is not a timeframe');
    await expect(run({ fileName: 'a.csv', text, symbol: 'BTC USDT' })).rejects.toThrow('symbol: "BTC USDT"');
    await expect(run({ fileName: 'a.csv', text, symbol: 'BTC/USDT', now: NaN })).rejects.toThrow('now: NaN');
  });

  it('runs as the data worker task on the worker database', async () => {
    setWorkerDb(db);
    const report = await fileTasks.importCandles.run({ fileName: 'binance_BTCUSDT_5m.csv', text: sharedText('binance_BTCUSDT_5m.csv') }, ctxWith());
    expect(report.imported).toBe(10000);
    expect((await listSeries(db)).map((s) => `${s.exchange}:${s.symbol}:${s.timeframe}`)).toEqual(['binance:BTC/USDT:5m']);
  });
});

describe('importCandles never overwrites good candles', () => {
  const BTC1H = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' as const };

  /** The standard CSV of a shared file's first `n` rows, with `edit` applied to each row's fields. */
  function csvOf(file: string, n = Infinity, edit?: (f: string[], i: number) => string[]): string {
    const rows = sharedFields(file).slice(0, n);
    return [HEADER, ...rows.map((f, i) => (edit ? edit([...f], i) : f).join(','))].join('\n') + '\n';
  }

  it.each([
    ['a 4h file named _1h', 'binance_BTCUSDT_4h.csv', 'binance_BTCUSDT_1h.csv', undefined, '4h', '1h', 'as its name says'],
    ['a 5m file with 1h chosen', 'binance_BTCUSDT_5m.csv', 'btc-5m-export.csv', '1h', '5m', '1h', 'as chosen'],
    ['a 1d file named _1m', 'binance_BTCUSDT_1d.csv', 'binance_BTCUSDT_1m.csv', undefined, '1d', '1m', 'as its name says'],
  ] as const)('%s is refused before writing, naming the timeframe its candles show; the stored series is untouched', async (_what, source, fileName, chosen, detected, declared, by) => {
    const real = sharedText('binance_BTCUSDT_1h.csv');
    await run({ fileName: 'binance_BTCUSDT_1h.csv', text: real });
    const before = await readCandles(db, BTC1H);
    const seriesBefore = await listSeries(db);
    const args: ImportCandlesArgs = { fileName, text: csvOf(source, 3000), ...(chosen ? { symbol: 'BTC/USDT', exchange: 'binance', timeframe: chosen } : {}) };
    const e = await rejection(run(args));
    expect(isWorkerTaskError(e, TIMEFRAME_MISMATCH)).toBe(true);
    expect((e as Error).message).toBe(`${fileName}: this file's candles are ${detected} apart, not ${declared} (${by}); nothing was imported`);
    expect((e as { details?: unknown }).details).toMatchObject({ detected, declared, declaredFrom: chosen ? 'args' : 'file-name', symbol: 'BTC/USDT' });
    expectSame(await readCandles(db, BTC1H), before);
    expect(await listSeries(db)).toEqual(seriesBefore);
    // Imported as what it is, it lands in its own series.
    const ok = await run({ ...args, timeframe: detected });
    expect(ok).toMatchObject({ timeframe: detected, timeframeFrom: 'args', imported: 3000 });
    expectSame(await readCandles(db, BTC1H), before);
  });

  it('a step that is none of ours (2h) is refused against a declared 1h too', async () => {
    const text = [HEADER, ...Array.from({ length: 50 }, (_, i) => `${Date.UTC(2023, 0, 1) + i * 2 * HOUR},1,2,0.5,1.5,10`)].join('\n');
    const e = await rejection(run({ fileName: 'binance_BTCUSDT_1h.csv', text }));
    expect(isWorkerTaskError(e, TIMEFRAME_MISMATCH)).toBe(true);
    expect((e as Error).message).toContain("this file's candles are 2 h apart, not 1h");
    expect(await listSeries(db)).toEqual([]);
  });

  it('merging a file that changes stored candles asks first (how many), changes nothing until confirmed, then replaces them', async () => {
    await run({ fileName: 'binance_BTCUSDT_1h.csv', text: csvOf('binance_BTCUSDT_1h.csv', 2000) });
    const before = await readCandles(db, BTC1H);
    const seriesBefore = await getSeries(db, BTC1H);
    // Rows 1000..2499: 1,000 overlap the stored ones, three of them with another close; 500 are new.
    const changedAt = new Set([1000, 1500, 1999]);
    const all = sharedFields('binance_BTCUSDT_1h.csv').slice(1000, 2500);
    const text = [HEADER, ...all.map((f, i) => (changedAt.has(1000 + i) ? [...f.slice(0, 4), String(Number(f[4]) + 1), f[5]] : f).join(','))].join('\n');
    const e = await rejection(run({ fileName: 'other_BTCUSDT_1h.csv', text, exchange: 'binance' }));
    expect(isWorkerTaskError(e, CONFIRM_REPLACE)).toBe(true);
    expect((e as Error).message).toBe('other_BTCUSDT_1h.csv: importing would change 3 stored candles of BTC/USDT 1h on binance; nothing was imported');
    expect((e as { details?: unknown }).details).toEqual({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', changed: 3, candles: 1500 });
    expectSame(await readCandles(db, BTC1H), before);
    expect(await getSeries(db, BTC1H)).toEqual(seriesBefore);

    const done = await run({ fileName: 'other_BTCUSDT_1h.csv', text, exchange: 'binance', replaceChanged: true });
    expect(done.imported).toBe(1500);
    const after = await readCandles(db, BTC1H);
    expect(after.time.length).toBe(2500);
    for (const i of changedAt) expect(after.close[i]).toBe(Number(sharedFields('binance_BTCUSDT_1h.csv')[i][4]) + 1);
  });

  it('a merge that only adds candles or repeats identical ones asks nothing', async () => {
    await run({ fileName: 'binance_BTCUSDT_1h.csv', text: csvOf('binance_BTCUSDT_1h.csv', 2000) });
    const more = await run({ fileName: 'binance_BTCUSDT_1h.csv', text: csvOf('binance_BTCUSDT_1h.csv', 3000) });
    expect(more.imported).toBe(3000);
    expect((await getSeries(db, BTC1H))?.count).toBe(3000);
  });
});

