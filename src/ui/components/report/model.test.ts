import { describe, expect, it } from 'vitest';
import { MONDAY, sampleTrade as trade } from '../../../core/backtest/test-support';
import { DEFAULT_BACKTEST_CONFIG } from '../../../core/backtest/config';
import { tradeColumns } from '../../../core/backtest/trade-columns';
import { metricDefinition, nullMetrics } from '../../../core/metrics';
import { linePoints } from '../charts/data';
import {
  bestColumns,
  breakdownRows,
  describeConfig,
  drawdownPct,
  initialCapitalOf,
  metricTone,
  NO_FILTER,
  rankValue,
  tradeOrder,
} from './model';

const H = 3_600_000;
describe('trades table ordering and filtering', () => {
  const trades = tradeColumns([
    trade({ pnl: 5, direction: 'LONG', exitReason: 'TP', entryPrice: 103 }),
    trade({ pnl: -2, direction: 'SHORT', exitReason: 'SL', entryPrice: 101, exitTime: MONDAY + 5 * H }),
    trade({ pnl: 5, direction: 'SHORT', exitReason: 'TP', symbol: 'ETH/USDT', entryPrice: 102 }),
    trade({ pnl: -7, direction: 'LONG', exitReason: 'END', entryPrice: 100, exitTime: MONDAY + 3 * H }),
  ]);
  const order = (...args: Parameters<typeof tradeOrder>) => Array.from(tradeOrder(...args));

  it('sorts by a column either way, ties in stored order, and filters by direction, symbol and exit reason', () => {
    expect(order(trades, NO_FILTER, 'index', 1)).toEqual([0, 1, 2, 3]);
    expect(order(trades, NO_FILTER, 'index', -1)).toEqual([3, 2, 1, 0]);
    expect(order(trades, NO_FILTER, 'pnl', -1)).toEqual([0, 2, 1, 3]);
    expect(order(trades, NO_FILTER, 'pnl', 1)).toEqual([3, 1, 0, 2]);
    expect(order(trades, NO_FILTER, 'entryPrice', 1)).toEqual([3, 1, 2, 0]);
    expect(order(trades, NO_FILTER, 'duration', -1)).toEqual([1, 3, 0, 2]);
    expect(order(trades, { ...NO_FILTER, direction: 'SHORT' }, 'index', 1)).toEqual([1, 2]);
    expect(order(trades, { ...NO_FILTER, exitReason: 'SL' }, 'pnl', 1)).toEqual([1]);
    expect(order(trades, { direction: 'SHORT', symbol: 'ETH/USDT', exitReason: 'TP' }, 'index', 1)).toEqual([2]);
    expect(order(trades, { ...NO_FILTER, symbol: 'DOGE/USDT' }, 'index', 1)).toEqual([]);
  });

  it('sorts the text columns by their names', () => {
    expect(order(trades, NO_FILTER, 'exitReason', 1)).toEqual([3, 1, 0, 2]);
    expect(order(trades, NO_FILTER, 'symbol', -1)).toEqual([2, 0, 1, 3]);
    expect(order(trades, NO_FILTER, 'direction', 1)).toEqual([0, 3, 1, 2]);
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

  it('takes the initial capital from the configuration, else from the metrics', () => {
    const config = { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', strategy: 'BALANCED', backtest: { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 2_500 } };
    expect(initialCapitalOf({ ...nullMetrics() }, config)).toBe(2_500);
    expect(initialCapitalOf(m, undefined)).toBe(10_000);
    expect(initialCapitalOf({ ...nullMetrics() }, { backtest: 'damaged' })).toBeNull();
  });
});

describe('drawdown', () => {
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
