import { describe, expect, it } from 'vitest';
import { sampleTrade as trade } from '../../../core/backtest/test-support';
import { tradeColumns } from '../../../core/backtest/trade-columns';
import { durationBinLabel, excursionPoints, heatBackground, returnsGrid, returnsScale } from './additions-model';

describe('returns grid', () => {
  it('puts each month under its year, leaves months without points empty and keeps the year return', () => {
    const rows = returnsGrid(
      [
        { year: 2022, month: 11, startValue: 100, endValue: 110, returnPct: 10 },
        { year: 2022, month: 12, startValue: 110, endValue: 99, returnPct: -10 },
        { year: 2023, month: 2, startValue: 99, endValue: 101.97, returnPct: 3 },
      ],
      [
        { year: 2023, month: null, startValue: 99, endValue: 101.97, returnPct: 3 },
        { year: 2022, month: null, startValue: 100, endValue: 99, returnPct: -1 },
      ],
    );
    expect(rows.map((r) => r.year)).toEqual([2022, 2023]);
    expect(rows[0].months[10]).toBe(10);
    expect(rows[0].months[11]).toBe(-10);
    expect(rows[0].months.slice(0, 10).every((v) => v === null)).toBe(true);
    expect(rows[0].total).toBe(-1);
    expect(rows[1].months[1]).toBe(3);
    expect(rows[1].total).toBe(3);
    expect(returnsScale(rows)).toBe(10);
  });

  it('colours by sign and strength, never a missing or zero return', () => {
    expect(heatBackground(null, 10)).toBe('transparent');
    expect(heatBackground(0, 10)).toBe('transparent');
    expect(heatBackground(10, 10)).toBe('color-mix(in srgb, var(--up) 45%, transparent)');
    expect(heatBackground(-5, 10)).toBe('color-mix(in srgb, var(--down) 28%, transparent)');
  });
});

describe('duration bins in words', () => {
  it('reads same bar, one bar and ranges', () => {
    expect(durationBinLabel({ minBars: 0, maxBars: 0 })).toBe('same bar');
    expect(durationBinLabel({ minBars: 1, maxBars: 1 })).toBe('1 bar');
    expect(durationBinLabel({ minBars: 4, maxBars: 7 })).toBe('4–7 bars');
  });
});

describe('excursion scatter points', () => {
  it('takes the chosen excursion and unit, skips unknown ones and marks the outcome', () => {
    const trades = tradeColumns([trade({ pnl: 5, pnlPct: 2.5 }), trade({ pnl: -3, pnlPct: -1.5 }), trade({ pnl: 0, pnlPct: 0 })]);
    const ex = {
      maePct: Float64Array.of(0.5, 2, NaN),
      mfePct: Float64Array.of(3, 0.2, NaN),
      maeR: Float64Array.of(0.25, NaN, NaN),
      mfeR: Float64Array.of(1.5, NaN, NaN),
      missing: 1,
    };
    expect(excursionPoints(trades, ex, 'mae', 'pct')).toEqual([
      { trade: 1, x: 0.5, pnlPct: 2.5, outcome: 'win' },
      { trade: 2, x: 2, pnlPct: -1.5, outcome: 'loss' },
    ]);
    expect(excursionPoints(trades, ex, 'mfe', 'r')).toEqual([{ trade: 1, x: 1.5, pnlPct: 2.5, outcome: 'win' }]);
  });
});
