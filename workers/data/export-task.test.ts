import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import { parseStandardCsv } from '../../src/core/candles/csv';
import { writeCandles, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext, isWorkerTaskError, type Progress } from '../bridge';
import { exportCandles, exportFileName, SERIES_NOT_FOUND } from './export-task';
import { importCandles } from './import-task';

let db: CandlelabDb;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(() => db.close());

const ctx = (progress: Progress[] = [], token = new AbortController()) => createTaskContext(token.signal, (p) => progress.push(p));

describe('exportCandles', () => {
  it.each(['binance_ETHUSDT_1h.csv', 'binance_PEPEUSDT_1h.csv', 'binance_SHIBUSDT_1h.csv', 'binance_BTCUSDT_1d.csv'])(
    'an imported real file (%s) exports byte for byte as the source file',
    async (file) => {
      const text = readFileSync(sharedDataPath(file), 'utf8');
      // A time after every candle of the files: each last candle is closed.
      const report = await importCandles(db, { fileName: file, text, now: Date.UTC(2030, 0, 1) }, ctx());
      const progress: Progress[] = [];
      const out = await exportCandles(db, { exchange: report.exchange, symbol: report.symbol, timeframe: report.timeframe }, ctx(progress));
      expect(out.fileName).toBe(file);
      expect(out.candles).toBe(report.imported);
      expect(out.text).toBe(text);
      expect(out.text).not.toMatch(/e[-+]?\d/);
      expect(progress[progress.length - 1]).toMatchObject({ done: report.imported, total: report.imported });
    },
  );

  it('writes tiny and huge values in plain decimals that read back exactly', async () => {
    const key = { exchange: 'binance', symbol: 'PEPE/USDT', timeframe: '1m' as const };
    const candles = {
      time: Float64Array.of(0, 60_000),
      open: Float64Array.of(9.5e-7, 1e-7),
      high: Float64Array.of(1.2e-6, 1.5e-7),
      low: Float64Array.of(9e-7, 9.99e-8),
      close: Float64Array.of(1e-6, 1.25e-7),
      volume: Float64Array.of(3.5e21, 1e22),
    };
    await writeCandles(db, key, candles, { source: 'file' });
    const out = await exportCandles(db, key, ctx());
    expect(out.text).toBe(
      'timestamp,open,high,low,close,volume\n' +
        '0,0.00000095,0.0000012,0.0000009,0.000001,3500000000000000000000\n' +
        '60000,0.0000001,0.00000015,0.0000000999,0.000000125,10000000000000000000000\n',
    );
    const back = parseStandardCsv(out.text);
    for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(back[f])).toEqual(Array.from(candles[f]));
  });

  it('fails with SERIES_NOT_FOUND for a series that is not stored, and checks its arguments', async () => {
    const e = await exportCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, ctx()).catch((x: unknown) => x);
    expect(isWorkerTaskError(e, SERIES_NOT_FOUND)).toBe(true);
    expect((e as Error).message).toContain('binance BTC/USDT 1h');
    await expect(exportCandles(db, { exchange: 'binance', symbol: '', timeframe: '1h' }, ctx())).rejects.toThrow('symbol: ""');
    await expect(exportCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '7m' as never }, ctx())).rejects.toThrow('timeframe: "7m"');
  });

  it('names files so that import reads the series back from the name', () => {
    expect(exportFileName({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' })).toBe('binance_BTCUSDT_1h.csv');
    expect(exportFileName({ exchange: 'file', symbol: 'ETH/BTC', timeframe: '1M' })).toBe('file_ETHBTC_1M.csv');
    expect(exportFileName({ exchange: 'demo', symbol: 'WILD/USDT', timeframe: '5m' })).toBe('demo_WILDUSDT_5m.csv');
  });
});
