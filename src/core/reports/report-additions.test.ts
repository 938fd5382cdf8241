import { beforeAll, describe, expect, it } from 'vitest';
import { buildResultFileFromCandles, type BuiltResultFile } from '../../../tests/support/result-files';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { jobResult, type BacktestJobResult } from '../backtest/job';
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { backtestReportDetails } from './backtest-report';
import { reportAdditions, WORST_DRAWDOWNS } from './report-additions';

let built: BuiltResultFile;
let stored: BacktestJobResult;
let eth: CandleColumns;

beforeAll(() => {
  built = buildResultFileFromCandles({ name: 'ETH', symbol: 'ETHUSDT', timeframe: '1h', strategy: 'BALANCED', from: Date.UTC(2022, 0, 1), to: Date.UTC(2022, 5, 30) });
  stored = jobResult(built.report);
  eth = loadSharedCandles('ETHUSDT', '1h');
});

describe('report additions of a real backtest (ETH/USDT 1h, first half of 2022)', () => {
  it('monthly returns compound to the run return; the one year is the run return', () => {
    const a = reportAdditions({ config: built.file.job.config, result: stored, candlesOf: () => eth });
    expect(a.monthly.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6]);
    const compounded = a.monthly.reduce((g, m) => g * (1 + m.returnPct! / 100), 1);
    const roi = stored.metrics.roiPct!;
    expect((compounded - 1) * 100).toBeCloseTo(roi, 8);
    expect(a.yearly).toHaveLength(1);
    expect(a.yearly[0].returnPct!).toBeCloseTo(roi, 8);
  });

  it('the deepest of the five worst drawdowns is the max drawdown metric', () => {
    const a = reportAdditions({ config: built.file.job.config, result: stored, candlesOf: () => eth });
    expect(a.worstDrawdowns.length).toBeGreaterThan(0);
    expect(a.worstDrawdowns.length).toBeLessThanOrEqual(WORST_DRAWDOWNS);
    expect(a.worstDrawdowns[0].depthPct).toBeCloseTo(stored.metrics.maxDrawdownPct!, 8);
    for (let i = 1; i < a.worstDrawdowns.length; i++) expect(a.worstDrawdowns[i].depthPct).toBeLessThanOrEqual(a.worstDrawdowns[i - 1].depthPct);
  });

  it('each trade went at least as far for it as it ended, and stopped trades went about one R against', () => {
    const a = reportAdditions({ config: built.file.job.config, result: stored, candlesOf: () => eth });
    const trades = stored.trades;
    expect(a.excursions.missing).toBe(0);
    expect(a.excursions.maePct.length).toBe(trades.length);
    trades.forEach((t, i) => {
      const moved = ((t.direction === 'LONG' ? t.exitPrice - t.entryPrice : t.entryPrice - t.exitPrice) / t.entryPrice) * 100;
      expect(a.excursions.mfePct[i]).toBeGreaterThanOrEqual(Math.max(0, moved) - 1e-9);
      expect(a.excursions.maePct[i]).toBeGreaterThanOrEqual(Math.max(0, -moved) - 1e-9);
      if (t.exitReason === 'SL') expect(a.excursions.maeR[i]).toBeGreaterThanOrEqual(0.99);
    });
    expect(trades.some((t) => t.exitReason === 'SL')).toBe(true);
  });

  it('the duration histogram holds every trade', () => {
    const a = reportAdditions({ config: built.file.job.config, result: stored, candlesOf: () => eth });
    expect(a.durations.reduce((n, b) => n + b.count, 0)).toBe(stored.trades.length);
    expect(a.durations.reduce((n, b) => n + b.totalPnl, 0)).toBeCloseTo(stored.metrics.totalPnl!, 6);
  });

  it('buy-and-hold buys at the first open and sells at the last close, paying the fee both ways', () => {
    const a = reportAdditions({ config: built.file.job.config, result: stored, candlesOf: () => eth });
    const c0 = built.report.config.initialCapital;
    const fee = built.report.config.feeRate;
    const t0 = stored.equity.time[0];
    const tEnd = stored.equity.time[stored.equity.time.length - 1];
    const first = lowerBound(eth.time, t0);
    const last = lowerBound(eth.time, tEnd + 1) - 1;
    const qty = c0 / (eth.open[first] * (1 + fee));
    const final = qty * eth.close[last] * (1 - fee);
    const b = a.benchmark!;
    expect(a.benchmarkError).toBeNull();
    expect(b.returnPct).toBeCloseTo((final / c0 - 1) * 100, 8);
    expect(b.equity.length).toBe(stored.equity.time.length);
    expect(b.equity[b.equity.length - 1]).toBeCloseTo(final, 6);
    expect(b.excessReturnPct!).toBeCloseTo(stored.metrics.roiPct! - b.returnPct, 10);
    expect(b.maxDrawdownPct).toBeGreaterThan(0);
  });

  it('without stored candles: no benchmark (saying which symbol), excursions unknown, the rest still there', () => {
    const details = backtestReportDetails(built.file.job.config, stored);
    const a = details.additions;
    expect(a.benchmark).toBeNull();
    expect(a.benchmarkError).toBe('ETH/USDT 1h candles over the window are not stored');
    expect(a.excursions.missing).toBe(stored.trades.length);
    expect(Number.isNaN(a.excursions.maePct[0])).toBe(true);
    expect(a.monthly).toHaveLength(6);
  });
});
