import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSharedCandles, sharedDataPath } from '../../tests/support/shared-data';
import { parseStandardCsv } from '../core/candles/csv';
import { formatStandardCsvRows, STANDARD_CSV_HEADER } from '../core/candles/csv-writer';
import type { CandleColumns } from '../core/candles/types';
import { runCli, tempDir } from './testing';

const HOUR = 3_600_000;
const utc = (y: number, mo: number, d: number, h: number) => Date.UTC(y, mo - 1, d, h);

function expectSameCandles(a: CandleColumns, b: CandleColumns): void {
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(a[k])).toEqual(Array.from(b[k]));
}

describe('check', () => {
  const dir = tempDir();

  it('reports exactly the five real gaps of BTCUSDT 1h (data README), and no other problem', () => {
    const r = runCli(['check', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv'), '--timeframe', '1h', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      rows: 23988,
      duplicates: 0,
      invalid: [],
      gaps: [
        { from: utc(2021, 4, 20, 2), to: utc(2021, 4, 20, 3), missing: 2 },
        { from: utc(2021, 4, 25, 5), to: utc(2021, 4, 25, 7), missing: 3 },
        { from: utc(2021, 8, 13, 2), to: utc(2021, 8, 13, 5), missing: 4 },
        { from: utc(2021, 9, 29, 7), to: utc(2021, 9, 29, 8), missing: 2 },
        { from: utc(2023, 3, 24, 13), to: utc(2023, 3, 24, 13), missing: 1 },
      ],
      gapCount: 5,
      missing: 12,
      invalidCount: 0,
      first: utc(2021, 4, 4, 20),
      last: utc(2023, 12, 30, 19),
    });
    const text = runCli(['check', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv')], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('timeframe 1h (from the data)');
    expect(text.stdout).toContain('gaps          5 (12 candles missing)');
    expect(text.stdout).toContain('2021-08-13 02:00 → 2021-08-13 05:00 (4 missing)');
  });

  it('lists duplicates, invalid rows by file line, and gaps of a messy Binance dump', () => {
    const t0 = utc(2024, 1, 1, 0);
    const row = (t: number, o: number, h: number, l: number, c: number) => `${t},${o},${h},${l},${c},10,${t + HOUR - 1},100,5,4,40,0`;
    const lines = [
      row(t0, 100, 101, 99, 100.5), // 1
      row(t0 + HOUR, 100.5, 102, 100, 101), // 2: replaced by line 3
      row(t0 + HOUR, 100.5, 102, 100, 101.5), // 3
      row(t0 + 2 * HOUR, 101, 100, 102, 101), // 4: high < low
      'abc,1,2,3,4,5,6,7,8,9,10,11', // 5: not a number
      '', // 6: blank
      row(t0 + 5 * HOUR, 101, 103, 100, 102), // 7
      row(t0 + 6 * HOUR + 1_800_000, 102, 103, 101, 102), // 8: off the 1h grid
    ];
    writeFileSync(join(dir, 'dump.csv'), `${lines.join('\n')}\n`);
    const r = runCli(['check', '--candles', 'dump.csv', '--timeframe', '1h', '--json'], dir);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.rows).toBe(3);
    expect(json.duplicates).toBe(1);
    expect(json.invalid.map((p: { line: number }) => p.line)).toEqual([4, 5, 8]);
    expect(json.invalid[0].reason).toMatch(/high/);
    expect(json.invalid[2].reason).toMatch(/grid/);
    expect(json.gaps).toEqual([{ from: t0 + 2 * HOUR, to: t0 + 4 * HOUR, missing: 3 }]);
    expect(json.first).toBe(t0);
    expect(json.last).toBe(t0 + 5 * HOUR);
    expect(json.invalidCount).toBe(3);
    expect(json.gapCount).toBe(1);
    expect(json.missing).toBe(3);
    expect(Object.keys(json)).toEqual(['rows', 'duplicates', 'invalid', 'invalidCount', 'gaps', 'gapCount', 'missing', 'first', 'last']);
  });

  it('refuses an unknown format and a bad timeframe', () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello,world\n');
    expect(runCli(['check', '--candles', 'notes.txt', '--timeframe', '1h'], dir)).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/--candles notes\.txt: unrecognised candle file/),
    });
    expect(runCli(['check', '--candles', 'notes.txt', '--timeframe', '90m'], dir)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--timeframe: "90m" is not a timeframe/),
    });
    expect(runCli(['check', '--json', 'x'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/unexpected argument "x"/) });
  });
});

describe('convert', () => {
  const dir = tempDir();

  it('round-trips the standard files: same bytes for BTCUSDT 1h, same values for PEPEUSDT 1h', () => {
    const src = sharedDataPath('binance_BTCUSDT_1h.csv');
    const r = runCli(['convert', '--in', src, '--out', 'btc.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/23988 candles written, 0 duplicates dropped, 0 invalid rows skipped, 5 gaps \(12 candles missing\)/);
    expect(readFileSync(join(dir, 'btc.csv'), 'utf8')).toBe(readFileSync(src, 'utf8'));
    expect(runCli(['convert', '--in', sharedDataPath('binance_PEPEUSDT_1h.csv'), '--out', 'pepe.csv'], dir).code).toBe(0);
    expectSameCandles(parseStandardCsv(readFileSync(join(dir, 'pepe.csv'), 'utf8')), loadSharedCandles('PEPEUSDT', '1h'));
  });

  it('converts a Binance dump (µs times, shuffled, one duplicate) back to the original candles', () => {
    const eth = loadSharedCandles('ETHUSDT', '1h');
    const n = 300;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = eth.time[i];
      rows.push(`${t * 1000},${eth.open[i]},${eth.high[i]},${eth.low[i]},${eth.close[i]},${eth.volume[i]},${(t + HOUR) * 1000 - 1},0,0,0,0,0`);
    }
    const shuffled = rows.filter((_, i) => i % 2 === 0).concat(rows.filter((_, i) => i % 2 === 1).reverse());
    shuffled.splice(10, 0, `${eth.time[5] * 1000},1,1,1,1,1,0,0,0,0,0,0`); // replaced by the later true row 5
    writeFileSync(join(dir, 'dump.csv'), shuffled.join('\r\n'));
    const r = runCli(['convert', '--in', 'dump.csv', '--out', 'eth.csv', '--timeframe', '1h'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\(binance-dump, 1h\).*300 candles written, 1 duplicates dropped/);
    const out = parseStandardCsv(readFileSync(join(dir, 'eth.csv'), 'utf8'));
    const want = {
      time: eth.time.slice(0, n),
      open: eth.open.slice(0, n),
      high: eth.high.slice(0, n),
      low: eth.low.slice(0, n),
      close: eth.close.slice(0, n),
      volume: eth.volume.slice(0, n),
    };
    expectSameCandles(out, want);
  });

  it('converts a TradingView export (UTC seconds, extra columns)', () => {
    const btc = loadSharedCandles('BTCUSDT', '4h');
    const lines = ['time,open,high,low,close,MA,Volume'];
    for (let i = 0; i < 100; i++) lines.push(`${btc.time[i] / 1000},${btc.open[i]},${btc.high[i]},${btc.low[i]},${btc.close[i]},0,${btc.volume[i]}`);
    writeFileSync(join(dir, 'tv.csv'), lines.join('\n'));
    const r = runCli(['convert', '--in', 'tv.csv', '--out', 'tv-out.csv'], dir);
    expect(r.stdout).toMatch(/\(tradingview, 4h from the data\)/);
    const out = parseStandardCsv(readFileSync(join(dir, 'tv-out.csv'), 'utf8'));
    expect(Array.from(out.time)).toEqual(Array.from(btc.time.slice(0, 100)));
    expect(Array.from(out.close)).toEqual(Array.from(btc.close.slice(0, 100)));
    expect(Array.from(out.volume)).toEqual(Array.from(btc.volume.slice(0, 100)));
  });

  it('writes plain decimals, never an exponent, with the same writer as the app export', () => {
    const t0 = utc(2024, 1, 1, 0);
    writeFileSync(
      join(dir, 'tiny.csv'),
      `timestamp,open,high,low,close,volume\n${t0},9.5e-7,0.00000096,9.4e-7,9.5e-7,1e+21\n${t0 + HOUR},0.00000095,1e-6,9e-7,0.00000097,12345678901234567890123\n`,
    );
    const r = runCli(['convert', '--in', 'tiny.csv', '--out', 'tiny-out.csv'], dir);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'tiny-out.csv'), 'utf8');
    expect(text).toBe(
      'timestamp,open,high,low,close,volume\n' +
        `${t0},0.00000095,0.00000096,0.00000094,0.00000095,1000000000000000000000\n` +
        `${t0 + HOUR},0.00000095,0.000001,0.0000009,0.00000097,12345678901234568000000\n`,
    );
    const c = parseStandardCsv(text);
    expect(Array.from(c.volume)).toEqual([1e21, 12345678901234567890123]);
    expect(`${STANDARD_CSV_HEADER}\n${formatStandardCsvRows(c)}`).toBe(text);
  });

  it('writes nothing for an unreadable input', () => {
    writeFileSync(join(dir, 'bad.json'), '{"candles": []}');
    const r = runCli(['convert', '--in', 'bad.json', '--out', 'never.csv'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--in bad\.json: unrecognised candle file .*JSON/);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
    expect(runCli(['convert', '--in', 'bad.json'], dir).stderr).toMatch(/--out: missing/);
  });
});
