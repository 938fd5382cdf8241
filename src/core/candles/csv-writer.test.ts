import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../../tests/support/shared-data';
import { parseStandardCsv } from './csv';
import { formatStandardCsvRows, STANDARD_CSV_HEADER } from './csv-writer';

describe('formatStandardCsvRows', () => {
  it('writes a real file with sub-1e-6 prices back byte for byte (PEPEUSDT 1h, plain decimals in the source)', () => {
    const text = readFileSync(sharedDataPath('binance_PEPEUSDT_1h.csv'), 'utf8');
    const candles = parseStandardCsv(text);
    const tiny = candles.low.filter((v) => v < 1e-6).length;
    expect(tiny).toBeGreaterThan(100);
    expect(String(candles.low.find((v) => v < 1e-6))).toContain('e-');
    expect(`${STANDARD_CSV_HEADER}\n${formatStandardCsvRows(candles)}`).toBe(text);
  });

  it('writes only the requested rows', () => {
    const c = parseStandardCsv(`${STANDARD_CSV_HEADER}\n1,2,3,1,2,5\n2,2,3,1,2,6\n3,2,3,1,2,7e-7\n`);
    expect(formatStandardCsvRows(c, 1, 3)).toBe('2,2,3,1,2,6\n3,2,3,1,2,0.0000007\n');
    expect(formatStandardCsvRows(c, 2, 2)).toBe('');
  });
});

describe('parseStandardCsv', () => {
  it('reads only the standard format, naming the first unreadable line and field', () => {
    expect(() => parseStandardCsv('time,open,high,low,close,Volume\n1617566400,1,2,0.5,1.5,1\n')).toThrow(
      'header: a tradingview file, not the standard "timestamp,open,high,low,close,volume"',
    );
    expect(() => parseStandardCsv(`${STANDARD_CSV_HEADER}\n1,2,3,1,2,5\n2,2,3,1,,6\n`)).toThrow('line 3: close is empty');
    expect(() => parseStandardCsv(`${STANDARD_CSV_HEADER}\n1,2,3,1,0x10,5\n`)).toThrow('line 2: close: "0x10" is not a number');
  });
});
