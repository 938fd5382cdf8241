import { describe, expect, it } from 'vitest';
import type { Trade } from '../../../core/backtest/trade';
import { metricDefinition, nullMetrics } from '../../../core/metrics';
import { linePoints } from '../charts/data';
import {
  bestColumns,
  breakdownRows,
  describeConfig,
  drawdownPct,
  entryHeat,
  initialCapitalOf,
  metricTone,
  NO_FILTER,
  pageOf,
  pageOfTrade,
  rankValue,
  tradeOrder,
} from './model';

const H = 3_600_000;
/** 1970-01-05 00:00 UTC, a Monday. */
const MONDAY = 4 * 24 * H;

function trade(p: Partial<Trade>): Trade {
  return {
    symbol: 'BTC/USDT',
    direction: 'LONG',
    entryTime: MONDAY,
    entryPrice: 100,
    exitTime: MONDAY + H,
    exitPrice: 101,
    quantity: 1,
    fees: 0.1,
    pnl: 0.9,
    pnlPct: 0.9,
    exitReason: 'TP',
    confidence: 0.8,
    stop: 98,
    target: 101,
    signalTime: MONDAY - H,
    reasons: [],
    ...p,
  };
}

describe('trades table ordering, filtering and pages', () => {
  const trades = [
    trade({ pnl: 5, direction: 'LONG', exitReason: 'TP', entryPrice: 103 }),
    trade({ pnl: -2, direction: 'SHORT', exitReason: 'SL', entryPrice: 101 }),
    trade({ pnl: 5, direction: 'SHORT', exitReason: 'TP', symbol: 'ETH/USDT', entryPrice: 102 }),
    trade({ pnl: -7, direction: 'LONG', exitReason: 'SL', entryPrice: 100 }),
  ];

  it('sorts by a column either way, ties in stored order, and filters by direction, symbol and exit reason', () => {
    expect(tradeOrder(trades, NO_FILTER, 'index', 1)).toEqual([0, 1, 2, 3]);
    expect(tradeOrder(trades, NO_FILTER, 'index', -1)).toEqual([3, 2, 1, 0]);
    expect(tradeOrder(trades, NO_FILTER, 'pnl', -1)).toEqual([0, 2, 1, 3]);
    expect(tradeOrder(trades, NO_FILTER, 'pnl', 1)).toEqual([3, 1, 0, 2]);
    expect(tradeOrder(trades, NO_FILTER, 'entryPrice', 1)).toEqual([3, 1, 2, 0]);
    expect(tradeOrder(trades, { ...NO_FILTER, direction: 'SHORT' }, 'index', 1)).toEqual([1, 2]);
    expect(tradeOrder(trades, { ...NO_FILTER, exitReason: 'SL' }, 'pnl', 1)).toEqual([3, 1]);
    expect(tradeOrder(trades, { direction: 'SHORT', symbol: 'ETH/USDT', exitReason: 'TP' }, 'index', 1)).toEqual([2]);
    expect(tradeOrder(trades, { ...NO_FILTER, symbol: 'DOGE/USDT' }, 'index', 1)).toEqual([]);
  });

  it('pages 25 at a time, clamping the page asked for', () => {
    const order = Array.from({ length: 60 }, (_, i) => 100 + i);
    expect(pageOf(order, 0)).toEqual({ rows: order.slice(0, 25), page: 0, pages: 3 });
    expect(pageOf(order, 2).rows).toEqual(order.slice(50));
    expect(pageOf(order, 9)).toMatchObject({ page: 2, pages: 3 });
    expect(pageOf([], 4)).toEqual({ rows: [], page: 0, pages: 1 });
    expect(pageOfTrade(order, 151)).toBe(2);
    expect(pageOfTrade(order, 7)).toBe(-1);
  });
});

describe('best value of a compare row', () => {
  it('takes the highest or lowest as the metric says, all ties, and nothing when there is no contest', () => {
    expect(bestColumns(metricDefinition('roiPct'), [1, 3, 3])).toEqual([false, true, true]);
    expect(bestColumns(metricDefinition('maxDrawdownPct'), [2, null, 1])).toEqual([false, false, true]);
    expect(bestColumns(metricDefinition('totalTrades'), [2, 5])).toEqual([false, false]);
    expect(bestColumns(metricDefinition('sharpe'), [1.5, 1.5])).toEqual([false, false]);
    expect(bestColumns(metricDefinition('sharpe'), [1.5, null])).toEqual([false, false]);
  });

  it('ranks a profit factor with no losses above any finite one', () => {
    const noLoss = { ...nullMetrics(), profitFactor: null, grossLoss: 0, grossProfit: 12 };
    const undefinedPf = { ...nullMetrics(), profitFactor: null, grossLoss: 0, grossProfit: 0 };
    expect(rankValue('profitFactor', noLoss)).toBe(Infinity);
    expect(rankValue('profitFactor', undefinedPf)).toBeNull();
    expect(bestColumns(metricDefinition('profitFactor'), [2.5, rankValue('profitFactor', noLoss)])).toEqual([false, true]);
  });
});

describe('metric tones', () => {
  const m = { ...nullMetrics(), finalEquity: 10_500, totalPnl: 500 };
  it('colours around a break-even point in the good direction', () => {
    expect(metricTone(metricDefinition('roiPct'), 5, m, 10_000)).toBe('good');
    expect(metricTone(metricDefinition('roiPct'), -0.5, m, 10_000)).toBe('bad');
    expect(metricTone(metricDefinition('roiPct'), 0, m, 10_000)).toBe('neutral');
    expect(metricTone(metricDefinition('profitFactor'), 0.8, m, 10_000)).toBe('bad');
    expect(metricTone(metricDefinition('winRate'), 0.62, m, 10_000)).toBe('good');
    expect(metricTone(metricDefinition('finalEquity'), 9_000, m, 10_000)).toBe('bad');
    expect(metricTone(metricDefinition('maxDrawdownPct'), 30, m, 10_000)).toBe('bad');
    expect(metricTone(metricDefinition('maxDrawdownPct'), 4, m, 10_000)).toBe('good');
    expect(metricTone(metricDefinition('maxDrawdownPct'), 15, m, 10_000)).toBe('neutral');
    expect(metricTone(metricDefinition('totalFees'), 40, m, 10_000)).toBe('neutral');
    expect(metricTone(metricDefinition('exposurePct'), 40, m, 10_000)).toBe('neutral');
    expect(metricTone(metricDefinition('sharpe'), null, m, 10_000)).toBe('neutral');
  });

  it('finds the initial capital from the metrics, else the configuration', () => {
    expect(initialCapitalOf(m)).toBe(10_000);
    expect(initialCapitalOf({ ...nullMetrics() }, { backtest: { initialCapital: 2_500 } })).toBe(2_500);
    expect(initialCapitalOf({ ...nullMetrics() })).toBeNull();
  });
});

describe('entry heat table and drawdown', () => {
  it('counts and sums pnl by UTC weekday and hour of entry', () => {
    const heat = entryHeat([
      trade({ entryTime: MONDAY + 3 * H, pnl: 2 }),
      trade({ entryTime: MONDAY + 7 * 24 * H + 3 * H + 1_800_000, pnl: -5 }),
      trade({ entryTime: MONDAY + 6 * 24 * H + 23 * H, pnl: 1.5 }),
    ]);
    expect(heat.count[3]).toBe(2);
    expect(heat.pnl[3]).toBe(-3);
    expect(heat.count[6 * 24 + 23]).toBe(1);
    expect(heat.pnl[6 * 24 + 23]).toBe(1.5);
    expect(heat.maxCount).toBe(2);
    expect(heat.maxAbsPnl).toBe(3);
    expect(heat.count.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('measures the drawdown below the running peak in percent, starting from the initial capital', () => {
    expect(Array.from(drawdownPct([100, 110, 99, 121, 121], 100))).toEqual([0, 0, -10, 0, 0]);
    expect(Array.from(drawdownPct([90, 95], 100))).toEqual([-10, -5]);
  });
});

describe('line points', () => {
  it('keeps every point of a short curve, in seconds, scaled', () => {
    expect(linePoints([1_000, 2_000, 2_500, 4_000], [10, 20, 25, 40], 0.5)).toEqual([
      { time: 1, value: 5 },
      { time: 2, value: 12.5 },
      { time: 4, value: 20 },
    ]);
  });

  it('thins a long curve and keeps its extremes, first and last point', () => {
    const n = 20_000;
    const time = Float64Array.from({ length: n }, (_, i) => i * 60_000);
    const value = Float64Array.from({ length: n }, (_, i) => 1000 + 100 * Math.sin(i / 500) + (i === 12_345 ? -400 : 0));
    const pts = linePoints(time, value, 1, 600);
    expect(pts.length).toBeLessThanOrEqual(601);
    expect(pts.length).toBeGreaterThan(300);
    expect(pts[0]).toEqual({ time: 0, value: value[0] });
    expect(pts[pts.length - 1]).toEqual({ time: (n - 1) * 60, value: value[n - 1] });
    expect(pts.some((p) => p.time === 12_345 * 60 && p.value === value[12_345])).toBe(true);
    expect(Math.max(...pts.map((p) => p.value))).toBe(Math.max(...value));
    for (let i = 1; i < pts.length; i++) expect(pts[i].time).toBeGreaterThan(pts[i - 1].time);
  });
});

describe('configuration and breakdown rows', () => {
  it('lists the market, strategy with every parameter, and the settings it ran with', () => {
    const view = describeConfig({
      exchange: 'binance',
      symbols: ['BTC/USDT', 'ETH/USDT'],
      timeframe: '1h',
      strategy: 'HMA_SMA',
      params: { sma_period: 50 },
      from: Date.UTC(2022, 0, 1),
      to: null,
      backtest: { initialCapital: 5000, feeRate: 0.001, slippage: 0.0005, sizing: { kind: 'risk', value: 1 }, maxBars: 0 },
    });
    expect(view.market).toEqual([
      { label: 'Exchange', value: 'binance' },
      { label: 'Symbols (one portfolio)', value: 'BTC/USDT, ETH/USDT' },
      { label: 'Timeframe', value: '1h' },
      { label: 'From', value: '01 Jan 2022 00:00 UTC' },
      { label: 'To', value: 'last stored candle' },
    ]);
    expect(view.strategy).toContainEqual({ label: 'Engine', value: 'HMA_SMA' });
    expect(view.settings).toEqual([
      { label: 'Initial capital', value: '5,000' },
      { label: 'Fee per fill', value: '0.1 %' },
      { label: 'Slippage', value: '0.05 %' },
      { label: 'Position sizing', value: 'risk 1 % of equity at the stop' },
      { label: 'Time limit', value: 'none' },
    ]);
    expect(view.params).toContainEqual({ label: 'sma_period', value: '50' });
    expect(view.params).toContainEqual({ label: 'hma_period', value: '200' });
    expect(view.params).toHaveLength(6);
  });

  it('orders fixed breakdown groups canonically and formats their figures', () => {
    const rows = breakdownRows(
      {
        exitReason: {
          SL: { ...nullMetrics(), totalTrades: 2, winRate: 0, totalPnl: -30, profitFactor: 0 },
          TP: { ...nullMetrics(), totalTrades: 3, winRate: 1, totalPnl: 1234.5, profitFactor: null, grossLoss: 0, grossProfit: 1234.5 },
        },
      },
      'exitReason',
    );
    expect(rows.map((r) => [r.key, r.trades, r.winRate, r.pnl, r.profitFactor])).toEqual([
      ['TP', 3, '100.00%', '1,234.50', '∞'],
      ['SL', 2, '0.00%', '-30.00', '0.00'],
    ]);
  });
});
