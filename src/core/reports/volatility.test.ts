import { describe, expect, it } from 'vitest';
import type { CandleColumns } from '../candles/types';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import {
  DEFAULT_VOLATILITY_THRESHOLDS,
  annualisedVolatility,
  periodsPerYear,
  validateVolatilityThresholds,
  volatilityGroup,
} from './volatility';

const H = 3_600_000;

function candles(times: number[], closes: number[]): CandleColumns {
  const t = Float64Array.from(times);
  const c = Float64Array.from(closes);
  return { time: t, open: c, high: c, low: c, close: c, volume: new Float64Array(t.length) };
}

/** The table "Volatility groups" of ../shared/data/README.md (percent, rounded to 0.1). */
const README_TABLE: ReadonlyArray<[string, number, number | null, 'LOW' | 'MEDIUM' | 'HIGH']> = [
  ['BTCUSDT', 37.0, 58.1, 'LOW'],
  ['TRXUSDT', 38.3, 68.2, 'LOW'],
  ['ETHUSDT', 40.9, 73.2, 'LOW'],
  ['BNBUSDT', 47.9, 71.3, 'LOW'],
  ['LTCUSDT', 63.9, 86.5, 'MEDIUM'],
  ['DOGEUSDT', 64.1, 102.1, 'MEDIUM'],
  ['DOTUSDT', 64.6, 96.7, 'MEDIUM'],
  ['ADAUSDT', 70.6, 89.1, 'MEDIUM'],
  ['SHIBUSDT', 72.7, 118.6, 'MEDIUM'],
  ['MATICUSDT', 72.7, 107.5, 'MEDIUM'],
  ['XRPUSDT', 75.6, 86.5, 'MEDIUM'],
  ['LINKUSDT', 75.6, 98.3, 'MEDIUM'],
  ['AVAXUSDT', 86.4, 118.4, 'HIGH'],
  ['SOLUSDT', 93.5, 118.7, 'HIGH'],
  ['FLOKIUSDT', 113.0, null, 'HIGH'],
  ['PEPEUSDT', 165.1, null, 'HIGH'],
];

describe('annualisedVolatility on real candles matches the shared data README', () => {
  const from2023 = Date.UTC(2023, 4, 6);
  const from2021 = Date.UTC(2021, 5, 1);
  const to = Date.UTC(2023, 11, 29, 23);

  for (const [symbol, v2023, v2021, group] of README_TABLE) {
    it(`${symbol}: ${v2023} % (${group})${v2021 === null ? '' : `, ${v2021} % since 2021-06`}`, () => {
      const c = loadSharedCandles(symbol, '1h');
      const v = annualisedVolatility(c, '1h', from2023, to);
      expect(v).not.toBeNull();
      expect(Math.abs(v! - v2023)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(volatilityGroup(v!, DEFAULT_VOLATILITY_THRESHOLDS)).toBe(group);
      if (v2021 !== null) {
        const w = annualisedVolatility(c, '1h', from2021, to);
        expect(Math.abs(w! - v2021)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
    });
  }
});

describe('annualisedVolatility by hand', () => {
  it('is the sample std of the log returns times √8760, in percent', () => {
    // Returns ln(2), ln(0.5), ln(2): mean ln2/3, deviations 2ln2/3, -4ln2/3, 2ln2/3 → var = (24/9 ln²2)/2.
    const c = candles([0, H, 2 * H, 3 * H], [1, 2, 1, 2]);
    const expected = Math.sqrt((24 / 9) * Math.LN2 ** 2 / 2) * Math.sqrt(8760) * 100;
    expect(annualisedVolatility(c, '1h')).toBeCloseTo(expected, 9);
  });

  it('skips the return across a gap', () => {
    // Kept: ln2 (1→2), ln2 (2→4), ln2 (1→2), ln0.5 (2→1); the 4 → 1 return across the missing hour is skipped.
    // Mean ln2/2, squared deviations 3 × ln²2/4 + 9ln²2/4 = 3ln²2, sample variance ln²2: std = ln2.
    const c = candles([0, H, 2 * H, 4 * H, 5 * H, 6 * H], [1, 2, 4, 1, 2, 1]);
    expect(annualisedVolatility(c, '1h')).toBeCloseTo(Math.LN2 * Math.sqrt(8760) * 100, 9);
  });

  it('keeps only candles opening inside [from, to]', () => {
    const c = candles([0, H, 2 * H, 3 * H, 4 * H], [100, 1, 2, 1, 50]);
    // Window 1h..3h: returns ln2, ln0.5 only.
    const expected = Math.sqrt(2 * Math.LN2 ** 2) * Math.sqrt(8760) * 100;
    expect(annualisedVolatility(c, '1h', H, 3 * H)).toBeCloseTo(expected, 9);
  });

  it('is null with fewer than two returns, and 0 for a flat series', () => {
    expect(annualisedVolatility(candles([0, H], [1, 2]), '1h')).toBeNull();
    expect(annualisedVolatility(candles([0, 2 * H, 4 * H], [1, 2, 3]), '1h')).toBeNull();
    expect(annualisedVolatility(candles([0, H, 2 * H], [5, 5, 5]), '1h')).toBe(0);
  });

  it('annualises by the timeframe', () => {
    expect(periodsPerYear('1h')).toBe(8760);
    expect(periodsPerYear('1d')).toBe(365);
    expect(periodsPerYear('15m')).toBe(35040);
    expect(periodsPerYear('1M')).toBe(12);
    const D = 24 * H;
    const c = candles([0, D, 2 * D], [1, 2, 1]);
    expect(annualisedVolatility(c, '1d')).toBeCloseTo(Math.sqrt(2 * Math.LN2 ** 2) * Math.sqrt(365) * 100, 9);
  });

  it('rejects bad bounds naming the field', () => {
    const c = candles([0, H, 2 * H], [1, 2, 1]);
    expect(() => annualisedVolatility(c, '1h', Number.NaN)).toThrow('from: NaN is not a time in UTC ms');
    expect(() => annualisedVolatility(c, '1h', 5, 1)).toThrow('from: 5 is after to 1');
  });
});

describe('volatilityGroup', () => {
  it('uses LOW < low, MEDIUM low..high, HIGH > high', () => {
    expect(volatilityGroup(49.99)).toBe('LOW');
    expect(volatilityGroup(50)).toBe('MEDIUM');
    expect(volatilityGroup(80)).toBe('MEDIUM');
    expect(volatilityGroup(80.01)).toBe('HIGH');
    expect(volatilityGroup(60, { low: 30, high: 55 })).toBe('HIGH');
  });

  it('rejects bad thresholds and values naming them', () => {
    expect(() => volatilityGroup(10, { low: 90, high: 80 })).toThrow('thresholds.low: 90 is above thresholds.high 80');
    expect(() => validateVolatilityThresholds({ low: -1, high: 80 })).toThrow('thresholds.low: -1');
    expect(() => volatilityGroup(Number.NaN)).toThrow('volatility: NaN is not a finite percentage');
  });
});
