import { describe, expect, it } from 'vitest';
import type { Trade } from '../backtest/trade';
import {
  computeTradeMetrics,
  formatBarDuration,
  formatDuration,
  formatMetric,
  formatPrice,
  formatValue,
  METRIC_DEFINITIONS,
  nullMetrics,
  stepDecimals,
} from './index';
import type { Metrics } from './index';

describe('METRIC_DEFINITIONS', () => {
  it('lists every Metrics field exactly once, in the Metrics order', () => {
    expect(METRIC_DEFINITIONS.map((d) => d.key)).toEqual(Object.keys(nullMetrics()));
  });

  it('has a label and a one-line explanation for each', () => {
    for (const d of METRIC_DEFINITIONS) {
      expect(d.label.length, d.key).toBeGreaterThan(0);
      expect(d.explanation.length, d.key).toBeGreaterThan(10);
      expect(d.explanation, d.key).not.toMatch(/\n/);
    }
  });

  it('formats counts as integers, money with two decimals, durations as durations', () => {
    const fmt = Object.fromEntries(METRIC_DEFINITIONS.map((d) => [d.key, d.format]));
    expect(fmt.totalTrades).toBe('int');
    expect(fmt.maxConsecutiveLosses).toBe('int');
    expect(fmt.winRate).toBe('fraction-pct');
    expect(fmt.roiPct).toBe('pct');
    expect(fmt.totalPnl).toBe('money');
    expect(fmt.sharpe).toBe('ratio');
    expect(fmt.maxDrawdownDurationMs).toBe('duration');
    const better = Object.fromEntries(METRIC_DEFINITIONS.map((d) => [d.key, d.better]));
    expect(better.maxDrawdownPct).toBe('lower');
    expect(better.sharpe).toBe('higher');
  });
});

describe('formatMetric', () => {
  it('undefined values', () => {
    expect(formatMetric('sharpe', null)).toBe('—');
    expect(formatMetric('totalPnl', Number.NaN)).toBe('—');
    expect(formatMetric('profitFactor', null)).toBe('—');
  });

  it('infinite profit factor: Infinity, or null with the Metrics it came from', () => {
    expect(formatMetric('profitFactor', Infinity)).toBe('∞');
    const base: Trade = {
      symbol: 'X', direction: 'LONG', entryTime: 0, entryPrice: 1, exitTime: 1, exitPrice: 1, quantity: 1, fees: 0,
      pnl: 5, pnlPct: 0, exitReason: 'TP', confidence: 1, stop: 0, target: 0, signalTime: 0, reasons: [],
    };
    const allWins = computeTradeMetrics([base, { ...base, pnl: 3 }], 1000);
    expect(formatMetric('profitFactor', allWins.profitFactor, allWins)).toBe('∞');
    const noTrades: Metrics = computeTradeMetrics([], 1000);
    expect(formatMetric('profitFactor', noTrades.profitFactor, noTrades)).toBe('—');
    const withLoss = computeTradeMetrics([base, { ...base, pnl: -2 }], 1000);
    expect(formatMetric('profitFactor', withLoss.profitFactor, withLoss)).toBe('2.50');
  });

  it('counts', () => {
    expect(formatMetric('totalTrades', 0)).toBe('0');
    expect(formatMetric('totalTrades', 1234567)).toBe('1,234,567');
    expect(formatMetric('wins', 999)).toBe('999');
  });

  it('money', () => {
    expect(formatMetric('totalPnl', 1234.567)).toBe('1,234.57');
    expect(formatMetric('totalPnl', -1234.5)).toBe('-1,234.50');
    expect(formatMetric('avgLoss', -0.001)).toBe('0.00');
    expect(formatMetric('finalEquity', 100)).toBe('100.00');
    expect(formatMetric('grossProfit', 1_000_000)).toBe('1,000,000.00');
  });

  it('percentages', () => {
    expect(formatMetric('roiPct', 21)).toBe('21.00%');
    expect(formatMetric('maxDrawdownPct', 9.0909)).toBe('9.09%');
    expect(formatMetric('cagrPct', -12.345)).toBe('-12.35%');
    expect(formatMetric('winRate', 0.5)).toBe('50.00%');
    expect(formatMetric('kelly', 0.3125)).toBe('31.25%');
    expect(formatMetric('exposurePct', 71.42857)).toBe('71.43%');
  });

  it('ratios', () => {
    expect(formatMetric('sharpe', 7.826237)).toBe('7.83');
    expect(formatMetric('sortino', -1.5)).toBe('-1.50');
    expect(formatMetric('payoffRatio', 8 / 3)).toBe('2.67');
  });

  it('durations', () => {
    expect(formatMetric('avgTradeDurationMs', 4 * 3_600_000)).toBe('4h');
    expect(formatMetric('maxDrawdownDurationMs', 2 * 86_400_000 + 11 * 3_600_000)).toBe('2d 11h');
    expect(formatMetric('maxDrawdownDurationMs', 0)).toBe('0s');
  });

  it('durations shorter than one bar read "same bar" when the bar is known', () => {
    const hour = 3_600_000;
    expect(formatMetric('avgTradeDurationMs', 0, undefined, { barMs: hour })).toBe('same bar');
    expect(formatMetric('avgTradeDurationMs', 20 * 60_000, undefined, { barMs: hour })).toBe('same bar');
    expect(formatMetric('avgTradeDurationMs', hour, undefined, { barMs: hour })).toBe('1h');
    expect(formatMetric('avgTradeDurationMs', null, undefined, { barMs: hour })).toBe('—');
    expect(formatValue('duration', 0, { barMs: 60_000 })).toBe('same bar');
    expect(formatValue('money', 0, { barMs: 60_000 })).toBe('0.00');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.3, '0s'],
    [999, '999ms'],
    [999.6, '1s'],
    [1_000, '1s'],
    [45_000, '45s'],
    [59_600, '1m'],
    [61_000, '1m 1s'],
    [3_599_600, '1h'],
    [3_600_000 + 20 * 60_000, '1h 20m'],
    [86_400_000 - 20_000, '1d'],
    [86_400_000 * 400 + 3_600_000 * 5, '400d 5h'],
    [-90 * 60_000, '-1h 30m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatBarDuration', () => {
  const bar = 3_600_000;
  it.each([
    [0, 'same bar'],
    [bar - 1, 'same bar'],
    [bar, '1h'],
    [bar * 27, '1d 3h'],
    [Number.NaN, '—'],
  ])('%d ms on 1h bars → %s', (ms, text) => {
    expect(formatBarDuration(ms, bar)).toBe(text);
  });

  it('never shows "0ms"', () => {
    for (const ms of [0, 0.2, 0.5]) {
      expect(formatBarDuration(ms, 60_000)).not.toMatch(/0ms/);
      expect(formatDuration(ms)).not.toMatch(/0ms/);
    }
  });
});

describe('stepDecimals', () => {
  it.each([
    [0.01, 2],
    [0.05, 2],
    [1e-8, 8],
    [2.5e-7, 8],
    [0.00001, 5],
    [1, 0],
    [10, 0],
  ])('%d → %d', (step, decimals) => {
    expect(stepDecimals(step)).toBe(decimals);
  });
});

describe('formatPrice', () => {
  it('uses the tick size of the market when known', () => {
    expect(formatPrice(2052.263355, 0.01)).toBe('2,052.26');
    expect(formatPrice(2052.2, 0.01)).toBe('2,052.20');
    expect(formatPrice(0.000014123, 1e-8)).toBe('0.00001412');
    expect(formatPrice(64123.5, 1)).toBe('64,124');
    expect(formatPrice(-3.14159, 0.001)).toBe('-3.142');
  });

  it('otherwise shows 8 significant digits without trailing zeros', () => {
    expect(formatPrice(2052.263355)).toBe('2,052.2634');
    expect(formatPrice(24.51523286)).toBe('24.515233');
    expect(formatPrice(24.694341)).toBe('24.694341');
    expect(formatPrice(100)).toBe('100');
    expect(formatPrice(64123.456789)).toBe('64,123.457');
    expect(formatPrice(123456789.4)).toBe('123,456,789');
    expect(formatPrice(0.000014123456)).toBe('0.000014123456');
    expect(formatPrice(9.999999999)).toBe('10');
    expect(formatPrice(-0.5)).toBe('-0.5');
    expect(formatPrice(0)).toBe('0');
  });

  it('undefined and infinite values', () => {
    expect(formatPrice(null)).toBe('—');
    expect(formatPrice(undefined)).toBe('—');
    expect(formatPrice(Number.NaN)).toBe('—');
    expect(formatPrice(Infinity)).toBe('∞');
  });

  it('an invalid tick size falls back to significant digits', () => {
    expect(formatPrice(2052.263355, 0)).toBe('2,052.2634');
    expect(formatPrice(2052.263355, null)).toBe('2,052.2634');
    expect(formatPrice(2052.263355, Number.NaN)).toBe('2,052.2634');
  });
});
