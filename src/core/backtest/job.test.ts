import { describe, expect, it } from 'vitest';
import { formatMetric } from '../metrics';
import { JobConfigError, jobInitialCapital, jobReport, jobRequest, jobResult, readJobConfig } from './job';
import { runBacktestRequest, serializeReport } from './request';
import { breakEvenAndWin, hourlyCandles as candles, scriptedJobConfig as config } from './test-support';

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

describe('the job module', () => {
  it('reads a configuration and names the first bad field with its value', () => {
    const ok = config();
    expect(readJobConfig(ok)).toBe(ok);
    const cases: Array<[unknown, string, RegExp]> = [
      [null, 'config', /null is not a configuration object/],
      [{ ...ok, exchange: '' }, 'config.exchange', /"" is not an exchange id/],
      [{ ...ok, symbols: [] }, 'config.symbols', /an array is not a non-empty list of symbols/],
      [{ ...ok, symbols: ['A', 'A'] }, 'config.symbols', /"A" is named twice/],
      [{ ...ok, timeframe: '7h' }, 'config.timeframe', /"7h" is not one of 1m 5m/],
      [{ ...ok, params: { rsi: [1] } }, 'config.params.rsi', /an array is not a number, boolean or string/],
      [{ ...ok, from: 5, to: 1 }, 'config.from', /5 is after config\.to 1/],
      [{ ...ok, backtest: undefined }, 'config.backtest', /missing is not the backtest settings/],
      [{ ...ok, backtest: { ...ok.backtest, maxOpenTrades: 0 } }, 'config.backtest.maxOpenTrades', /^maxOpenTrades: 0 must be an integer/],
      [{ ...ok, report: { config: ok.backtest, strategy: { name: 'X', id: 'X', preset: null, params: {}, scriptRows: null }, summary: {} } }, 'config.report.summary.series', /missing is not a list/],
    ];
    for (const [value, field, message] of cases) {
      let error: unknown;
      try {
        readJobConfig(value, 'config');
      } catch (e) {
        error = e;
      }
      expect(error, field).toBeInstanceOf(JobConfigError);
      expect((error as JobConfigError).field, field).toBe(field);
      expect((error as JobConfigError).message, field).toMatch(message);
    }
  });

  it('gives the request a job runs, and stores what the run gives back', () => {
    const c = config({ from: T0 + H, to: T0 + 5 * H });
    const series = candles([100, 100, 100, 110, 120, 120, 120]);
    const req = jobRequest(c, [series]);
    expect(req).toEqual({ config: c.backtest, strategy: { name: 'SCRIPTED', params: {}, script: c.script }, series: [{ symbol: 'BTC/USDT', timeframe: '1h', candles: series }], from: T0 + H, to: T0 + 5 * H });
    const report = runBacktestRequest(req);
    const stored = jobResult(report);
    expect(stored.trades).toEqual(report.trades);
    expect(Array.from(stored.equity.time)).toEqual(report.equity.map((p) => p[0]));
    expect(Array.from(stored.equity.value)).toEqual(report.equity.map((p) => p[1]));
    expect(stored.metrics).toEqual({ ...report.metrics });
    const completed = { ...c, report: jobReport(report) };
    expect(readJobConfig(completed)).toBe(completed);
    expect(jobInitialCapital(completed)).toBe(10_000);
  });

  it('flags an infinite profit factor by the engine rule when break-even trades sit beside wins and no loss', () => {
    const report = breakEvenAndWin();
    expect(report.trades.map((t) => [t.entryPrice, t.exitPrice, t.exitReason, t.pnl])).toEqual([
      [100, 100, 'TIMEOUT', 0],
      [110, 120, 'TIMEOUT', report.trades[1].quantity * 10],
    ]);
    expect(report.metrics).toMatchObject({ wins: 1, losses: 0, breakeven: 1, winRate: 0.5, grossLoss: 0, profitFactor: null });
    expect(report.summary.profitFactorInfinite).toBe(true);
    expect(formatMetric('profitFactor', report.metrics.profitFactor, report.metrics)).toBe('∞');
    expect(JSON.parse(serializeReport(report)).summary.profitFactorInfinite).toBe(true);
  });
});
