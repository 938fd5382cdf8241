import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import type { BacktestReport } from '../core/backtest/request';
import { runCli, tempDir } from './testing';

describe('metrics', () => {
  const dir = tempDir();
  const bt = runCli(
    ['backtest', '--candles', sharedDataPath('binance_SOLUSDT_1h.csv'), '--timeframe', '1h', '--strategy', 'SWING', '--initial', '25000', '--out', 'r.json'],
    dir,
  );
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as BacktestReport;

  it('prints the same metrics as the backtest stored', () => {
    expect(bt.code).toBe(0);
    const r = runCli(['metrics', '--trades', 'r.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(report.metrics);
    expect(report.metrics.totalTrades).toBeGreaterThan(0);
  });

  it('--initial changes the capital the ROI is measured against', () => {
    const r = runCli(['metrics', '--trades', 'r.json', '--initial', '50000'], dir);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    const total = report.trades.reduce((s, t) => s + t.pnl, 0);
    expect(m.roiPct).toBeCloseTo((total / 50_000) * 100, 9);
    expect(m.finalEquity).toBeCloseTo(50_000 + total, 6);
    expect(m.totalTrades).toBe(report.trades.length);
  });

  it('refuses files that are not a report, naming the flag and the field', () => {
    writeFileSync(join(dir, 'not-json.json'), 'trades: []');
    writeFileSync(join(dir, 'no-equity.json'), JSON.stringify({ trades: [], config: { initialCapital: 1000 }, summary: { barsInMarket: 0 } }));
    writeFileSync(
      join(dir, 'bad-point.json'),
      JSON.stringify({ trades: [], equity: [[0, 1000], [1]], config: { initialCapital: 1000 }, summary: { barsInMarket: 0 } }),
    );
    expect(runCli(['metrics', '--trades', 'missing.json'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--trades: cannot read "missing\.json"/) });
    expect(runCli(['metrics', '--trades', 'not-json.json'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--trades not-json\.json: not valid JSON/) });
    expect(runCli(['metrics', '--trades', 'no-equity.json'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/report\.equity: missing/) });
    expect(runCli(['metrics', '--trades', 'bad-point.json'], dir)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/report\.equity\[1\]: \[1\] is not a \[time, equity\] pair/),
    });
    expect(runCli(['metrics', '--trades', 'r.json', '--initial', 'lots'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--initial: "lots" is not a number/) });
    expect(runCli(['metrics'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--trades: missing/) });
  });
});
