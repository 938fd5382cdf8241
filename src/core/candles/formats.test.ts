import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSharedCandles, sharedDataPath } from '../../../tests/support/shared-data';
import { CandleFileReader, detectFormat, MAX_LINE_CHARS, parseCandleFile } from './formats';
import { cleanCandles } from './hygiene';
import { CANDLE_FIELDS, type CandleColumns } from './types';
import { lowerBound } from '../util/binary-search';

const HOUR = 3_600_000;
const ETH_KLINES = 'exchange-samples/binance_spot_api_v3_klines_ETHUSDT_1h_2021-11-08_240.json';

/** The data lines of the real BTCUSDT 1h file, as their original decimal strings. */
function btcFields(): string[][] {
  const text = readFileSync(sharedDataPath('binance_BTCUSDT_1h.csv'), 'utf8');
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => l.split(','));
}

/** Binance writes every decimal with 8 places ("59205" → "59205.00000000"). */
function pad8(s: string): string {
  const [int, frac = ''] = s.split('.');
  return `${int}.${frac.padEnd(8, '0')}`;
}

/**
 * A Binance kline dump line with the structure of the real klines sample: open time, five 8-place
 * decimals, close time (open + interval − 1), quote volume, trade count, taker buy base and quote,
 * ignore. `scale` is 1 for ms and 1000 for µs times.
 */
function dumpLine(f: string[], scale: number): string {
  const open = Number(f[0]);
  const volume = Number(f[5]);
  const close = Number(f[4]);
  const quote = (volume * close).toFixed(8);
  const trades = Math.round(volume * 7) + 1;
  return [
    open * scale,
    pad8(f[1]),
    pad8(f[2]),
    pad8(f[3]),
    pad8(f[4]),
    pad8(f[5]),
    (open + HOUR) * scale - 1,
    quote,
    trades,
    (volume / 2).toFixed(8),
    (Number(quote) / 2).toFixed(8),
    '0',
  ].join(',');
}

function expectColumnsEqual(rows: CandleColumns, expected: CandleColumns): void {
  for (const f of CANDLE_FIELDS) expect(Array.from(rows[f]), f).toEqual(Array.from(expected[f]));
}

describe('standard format', () => {
  it('reads the real BTCUSDT 1h file exactly, with line numbers', () => {
    const text = readFileSync(sharedDataPath('binance_BTCUSDT_1h.csv'), 'utf8');
    expect(detectFormat(text)).toBe('standard');
    const parsed = parseCandleFile(text);
    const btc = loadSharedCandles('BTCUSDT', '1h');
    expect(parsed.format).toBe('standard');
    expect(parsed.rowErrors).toEqual([]);
    expectColumnsEqual(parsed.rows, btc);
    expect(parsed.rows.line[0]).toBe(2);
    expect(parsed.rows.line[btc.time.length - 1]).toBe(btc.time.length + 1);
  });

  it('accepts CRLF, a BOM, blank lines, an upper-case header, spaced fields and no final newline', () => {
    const text = '\uFEFFTimestamp, Open, High, Low, Close, Volume\r\n\r\n3600000,1,2,0.5,1.5,10\r\n  \r\n7200000, 1.5 ,3,1,\t2,0';
    expect(detectFormat(text)).toBe('standard');
    const p = parseCandleFile(text);
    expect(p.rowErrors).toEqual([]);
    expect(Array.from(p.rows.time)).toEqual([3600000, 7200000]);
    expect(Array.from(p.rows.close)).toEqual([1.5, 2]);
    expect(Array.from(p.rows.line)).toEqual([3, 5]);
  });

  it('lists bad rows by line with the reason and skips them', () => {
    const text = [
      'timestamp,open,high,low,close,volume', // 1
      '1617566400000,1,2,0.5,1.5,10', // 2
      '', // 3
      '1617570000000,1,2,0.5', // 4
      '1617573600000,abc,2,0.5,1.5,10', // 5
      '1617577200000,1,,0.5,1.5,10', // 6
      '1617580800000,1,2,0.5,1.5,10,7', // 7
      '   ', // 8
      '1617584400000,1,2,0.5,NaN,Infinity', // 9
      '1617588000000,1,0x10,0.5,1.5,1e1', // 10
      '1617591600000,1,2,0.5,1.5,10', // 11
      '',
    ].join('\r\n');
    const p = parseCandleFile(text);
    expect(p.rowErrors).toEqual([
      { line: 4, reason: 'expected 6 fields (as in the header), got 4' },
      { line: 5, reason: 'open: "abc" is not a number' },
      { line: 6, reason: 'high is empty' },
      { line: 7, reason: 'expected 6 fields (as in the header), got 7' },
      { line: 9, reason: 'close: "NaN" is not a number; volume: "Infinity" is not a number' },
      { line: 10, reason: 'high: "0x10" is not a number' },
    ]);
    expect(Array.from(p.rows.line)).toEqual([2, 11]);
    expect(Array.from(p.rows.time)).toEqual([1617566400000, 1617591600000]);
  });

  it('reports progress up to the whole text', () => {
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 70_000; i++) lines.push(`${i * 60_000},1,2,0.5,1.5,10`);
    const text = lines.join('\n');
    const calls: Array<[number, number]> = [];
    const p = parseCandleFile(text, { onProgress: (done, total) => calls.push([done, total]) });
    expect(p.rows.time.length).toBe(70_000);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls[calls.length - 1]).toEqual([text.length, text.length]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
    expect(calls.every(([, total]) => total === text.length)).toBe(true);
  });
});

describe('Binance kline dump', () => {
  const btc = loadSharedCandles('BTCUSDT', '1h');

  it.each([
    ['ms', 1],
    ['µs', 1000],
  ])('reads BTCUSDT 1h rewritten as a dump with %s times back to the original', (_unit, scale) => {
    const text = btcFields()
      .map((f) => dumpLine(f, scale))
      .join('\n');
    expect(detectFormat(text)).toBe('binance-dump');
    const p = parseCandleFile(text);
    expect(p.format).toBe('binance-dump');
    expect(p.rowErrors).toEqual([]);
    expectColumnsEqual(p.rows, btc);
    expect(p.rows.line[0]).toBe(1);
  });

  it('reads the real ETHUSDT klines sample written as a dump line by line', () => {
    const klines = JSON.parse(readFileSync(sharedDataPath(ETH_KLINES), 'utf8')) as Array<Array<string | number>>;
    expect(klines[0]).toHaveLength(12);
    const text = klines.map((k) => k.join(',')).join('\n') + '\n';
    const p = parseCandleFile(text);
    expect(p.format).toBe('binance-dump');
    expect(p.rowErrors).toEqual([]);
    expect(p.rows.time.length).toBe(240);
    for (let i = 0; i < 240; i++) {
      expect([p.rows.time[i], p.rows.open[i], p.rows.high[i], p.rows.low[i], p.rows.close[i], p.rows.volume[i]]).toEqual(
        klines[i].slice(0, 6).map(Number),
      );
    }
    // The first 239 klines are the candles of the shared ETHUSDT file; the last one was still open.
    const eth = loadSharedCandles('ETHUSDT', '1h');
    const at = lowerBound(eth.time, p.rows.time[0]);
    for (const f of CANDLE_FIELDS) {
      expect(Array.from(p.rows[f].subarray(0, 239)), f).toEqual(Array.from(eth[f].subarray(at, at + 239)));
    }
    expect(p.rows.volume[239]).not.toBe(eth.volume[at + 239]);
    const clean = cleanCandles(p.rows, '1h', { now: Number(klines[239][0]) + 10 * 60_000 });
    expect(clean.candles.time.length).toBe(239);
    expect(clean.forming?.time).toBe(Number(klines[239][0]));
  });

  it('lists bad dump rows', () => {
    const good = dumpLine(['1617566400000', '1', '2', '0.5', '1.5', '10'], 1);
    const text = [
      good,
      good.split(',').slice(0, 11).join(','),
      good.replace('1617566400000,', ','),
      good.replace('1.50000000', '1,5'),
      dumpLine(['1617570000000', '1', '2', '0.5', '1.5', '10'], 1000),
    ].join('\n');
    const p = parseCandleFile(text);
    expect(p.rowErrors).toEqual([
      { line: 2, reason: 'expected 12 fields, got 11' },
      { line: 3, reason: 'open time is empty' },
      { line: 4, reason: 'expected 12 fields, got 13' },
    ]);
    expect(Array.from(p.rows.time)).toEqual([1617566400000, 1617570000000]);
    expect(Array.from(p.rows.line)).toEqual([1, 5]);
  });
});

describe('TradingView export', () => {
  const btc = loadSharedCandles('BTCUSDT', '1h');

  it('reads BTCUSDT 1h rewritten as an export in seconds, with indicator columns, back to the original', () => {
    const fields = btcFields();
    const lines = ['time,open,high,low,close,Volume,Volume MA,Plot'];
    fields.forEach((f, i) => {
      const ma = i < 19 ? 'NaN' : (Number(f[5]) * 0.9).toFixed(4);
      lines.push([Number(f[0]) / 1000, f[1], f[2], f[3], f[4], f[5], ma, '0'].join(','));
    });
    const text = lines.join('\n') + '\n';
    expect(detectFormat(text)).toBe('tradingview');
    const p = parseCandleFile(text);
    expect(p.format).toBe('tradingview');
    expect(p.rowErrors).toEqual([]);
    expectColumnsEqual(p.rows, btc);
    expect(p.rows.line[0]).toBe(2);
  });

  it('reads ISO 8601 times with a zone offset or Z, and Volume anywhere after close', () => {
    const fields = btcFields().slice(0, 500);
    const lines = ['time,open,high,low,close,MA,Volume'];
    fields.forEach((f, i) => {
      const ms = Number(f[0]);
      // UTC+02:00 wall-clock time written with its offset; every other row in Z.
      const iso =
        i % 2 === 0
          ? `${new Date(ms + 2 * HOUR).toISOString().slice(0, 19)}+02:00`
          : new Date(ms).toISOString();
      lines.push([iso, f[1], f[2], f[3], f[4], '1', f[5]].join(','));
    });
    const p = parseCandleFile(lines.join('\n'));
    expect(p.rowErrors).toEqual([]);
    for (const f of CANDLE_FIELDS) {
      expect(Array.from(p.rows[f]), f).toEqual(Array.from(btc[f].subarray(0, 500)));
    }
  });

  it('refuses ambiguous or malformed times per row', () => {
    const text = [
      'time,open,high,low,close,Volume',
      '1617566400,1,2,0.5,1.5,10',
      '2021-04-04T21:00:00,1,2,0.5,1.5,10',
      '2021-04-04,1,2,0.5,1.5,10',
      '2021-02-30T00:00:00Z,1,2,0.5,1.5,10',
      'yesterday,1,2,0.5,1.5,10',
      '1617566400000,1,2,0.5,1.5,10',
      '1617573600,1,2,0.5,1.5',
    ].join('\n');
    const p = parseCandleFile(text);
    expect(p.rowErrors).toEqual([
      { line: 3, reason: 'time: "2021-04-04T21:00:00" has no time of day and time zone (expected e.g. 2024-01-02T09:30:00Z)' },
      { line: 4, reason: 'time: "2021-04-04" has no time of day and time zone (expected e.g. 2024-01-02T09:30:00Z)' },
      { line: 5, reason: 'time: "2021-02-30T00:00:00Z" is not a valid date and time' },
      { line: 6, reason: 'time: "yesterday" is not UTC seconds or an ISO 8601 time' },
      { line: 7, reason: 'time: 1617566400000 is too large for UTC seconds' },
      { line: 8, reason: 'expected 6 fields (as in the header), got 5' },
    ]);
    expect(Array.from(p.rows.time)).toEqual([1617566400000]);
  });
});

describe('unknown formats', () => {
  it('refuses a JSON file, naming what was seen and the accepted formats', () => {
    const json = readFileSync(sharedDataPath(ETH_KLINES), 'utf8');
    expect(detectFormat(json)).toBeNull();
    expect(() => parseCandleFile(json)).toThrow(SyntaxError);
    expect(() => parseCandleFile(json)).toThrow(/JSON \(first line "\["\).*standard CSV.*Binance kline dump.*TradingView export/);
  });

  it('refuses CSVs with other headers or shapes', () => {
    const cases: Array<[string, RegExp]> = [
      ['date,open,high,low,close,volume,ticker\n2021-04-04 20:00:00,1,2,0.5,1.5,10,BTCUSDT\n', /first line "date,open,high,low,close,volume,ticker" \(7 fields, not a known header\)/],
      ['time,open,high,low,close\n1617566400,1,2,0.5,1.5\n', /"time,open,high,low,close" \(a TradingView-like header with 0 Volume columns instead of 1\)/],
      ['time,open,high,low,close,Volume,volume\n', /with 2 Volume columns instead of 1/],
      ['1617566400000,1,2,0.5,1.5,10\n', /\(6 numeric fields, no header\)/],
      ['open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n', /12 fields, not a known header/],
    ];
    for (const [text, message] of cases) {
      expect(detectFormat(text), text).toBeNull();
      expect(() => parseCandleFile(text), text).toThrow(message);
    }
  });

  it('refuses an empty file', () => {
    expect(detectFormat('')).toBeNull();
    expect(detectFormat('\n \r\n')).toBeNull();
    expect(() => parseCandleFile('\r\n\r\n')).toThrow(/the candle file is empty; accepted formats/);
  });

  it('accepts a header-only file as zero rows', () => {
    const p = parseCandleFile('timestamp,open,high,low,close,volume\n');
    expect(p.rows.time.length).toBe(0);
    expect(p.rowErrors).toEqual([]);
  });
});

describe('CandleFileReader (the file in pieces)', () => {
  const messy = [
    '\uFEFF',
    '',
    'time,open,high,low,close,MA,Volume\r',
    '1617566400,1,2,0.5,1.5,0,10\r',
    '2021-04-04T21:00:00Z,1,2,0.5,1.5,0,11\r',
    'bad,1,2,0.5,1.5,0,10\r',
    '   \r',
    '1617573600,1,,0.5,1.5,0,12\r',
    '1617577200,1,2,0.5,1.5,0,13',
  ].join('\n');

  it('gives the same rows, lines and errors whatever the pieces (down to one character), as the whole text', () => {
    const whole = parseCandleFile(messy);
    expect(whole.rowErrors.map((e) => e.line)).toEqual([6, 8]);
    for (const size of [1, 2, 3, 7, 16, 1000]) {
      const reader = new CandleFileReader();
      for (let i = 0; i < messy.length; i += size) reader.push(messy.slice(i, i + size));
      const got = reader.end();
      expect(got.format, `size ${size}`).toBe('tradingview');
      expect(got.rowErrors, `size ${size}`).toEqual(whole.rowErrors);
      expect(got.rowErrorCount).toBe(2);
      expect(Array.from(got.rows.line), `size ${size}`).toEqual(Array.from(whole.rows.line));
      expectColumnsEqual(got.rows, whole.rows);
    }
  });

  it('reads the real BTCUSDT 1h file in 4 KiB pieces exactly', () => {
    const text = readFileSync(sharedDataPath('binance_BTCUSDT_1h.csv'), 'utf8');
    const reader = new CandleFileReader();
    for (let i = 0; i < text.length; i += 4096) reader.push(text.slice(i, i + 4096));
    const got = reader.end();
    expectColumnsEqual(got.rows, loadSharedCandles('BTCUSDT', '1h'));
    expect(got.rows.line[0]).toBe(2);
  });

  it('keeps the first maxRowErrors errors and counts them all', () => {
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 1000; i++) lines.push(i % 10 === 0 ? `${i * HOUR},1,2,0.5,1.5,1` : `${i * HOUR},x,2,0.5,1.5,1`);
    const reader = new CandleFileReader({ maxRowErrors: 5 });
    reader.push(lines.join('\n'));
    const got = reader.end();
    expect(got.rowErrors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(got.rowErrorCount).toBe(900);
    expect(got.rows.time.length).toBe(100);
  });

  it('skips a line longer than MAX_LINE_CHARS without holding it, and reads on', () => {
    const reader = new CandleFileReader();
    reader.push('timestamp,open,high,low,close,volume\n3600000,1,2,0.5,1.5,1\n');
    const piece = '1'.repeat(300_000);
    for (let i = 0; i < 5; i++) reader.push(piece);
    reader.push('\n7200000,1,2,0.5,1.5,2\n');
    const got = reader.end();
    expect(got.rowErrors).toEqual([{ line: 3, reason: `longer than ${MAX_LINE_CHARS} characters` }]);
    expect(Array.from(got.rows.time)).toEqual([3600000, 7200000]);
    expect(Array.from(got.rows.line)).toEqual([2, 4]);
  });

  it('refuses an unknown first line after reading everything, counting every character', () => {
    const reader = new CandleFileReader();
    reader.push('hello,');
    reader.push('world\nmore\n');
    expect(() => reader.end()).toThrow(/^unrecognised candle file \(17 characters\): first line "hello,world" \(2 fields, not a known header\)/);
  });
});
