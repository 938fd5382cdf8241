import { describe, expect, it } from 'vitest';
import { monthlyReturns, yearlyReturns } from './periodic-returns';

const t = (iso: string) => Date.parse(iso);

describe('monthlyReturns / yearlyReturns', () => {
  // C0 = 1000 at the first bar; 1100 at the end of Jan 2023; 990 at the end of Feb; 1188 at the end of Jan 2024.
  const time = [t('2023-01-05T00:00Z'), t('2023-01-05T00:00Z'), t('2023-01-31T23:00Z'), t('2023-02-10T00:00Z'), t('2023-02-28T23:00Z'), t('2024-01-15T00:00Z')];
  const value = [1000, 1050, 1100, 1200, 990, 1188];

  it('each month compares its last point with the previous month’s last point (C0 for the first)', () => {
    const m = monthlyReturns(time, value);
    expect(m.map((r) => [r.year, r.month, r.startValue, r.endValue])).toEqual([
      [2023, 1, 1000, 1100],
      [2023, 2, 1100, 990],
      [2024, 1, 990, 1188],
    ]);
    expect(m[0].returnPct).toBeCloseTo(10, 12);
    expect(m[1].returnPct).toBeCloseTo(-10, 12);
    expect(m[2].returnPct).toBeCloseTo(20, 12);
  });

  it('years chain the same way, and compound the months', () => {
    const y = yearlyReturns(time, value);
    expect(y.map((r) => [r.year, r.month, r.startValue, r.endValue])).toEqual([
      [2023, null, 1000, 990],
      [2024, null, 990, 1188],
    ]);
    expect(y[0].returnPct).toBeCloseTo(-1, 12);
    const months = monthlyReturns(time, value).filter((r) => r.year === 2023);
    const compounded = months.reduce((g, r) => g * (1 + (r.returnPct ?? 0) / 100), 1);
    expect((compounded - 1) * 100).toBeCloseTo(y[0].returnPct ?? NaN, 10);
  });

  it('a zero base gives no return instead of Infinity', () => {
    expect(monthlyReturns([t('2023-01-01T00:00Z'), t('2023-02-01T00:00Z'), t('2023-03-01T00:00Z')], [1000, 0, 5])[2].returnPct).toBeNull();
  });
});
