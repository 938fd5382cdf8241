import { describe, expect, it } from 'vitest';
import { jobReport } from '../core/backtest/job';
import { breakEvenAndWin, scriptedJobConfig } from '../core/backtest/test-support';
import { formatMetric } from '../core/metrics';
import type { BacktestJobRecord } from '../data';
import { headlineText, backtestJobView } from './backtest-list';

function completed(report: ReturnType<typeof breakEvenAndWin>): BacktestJobRecord {
  return {
    id: 'bt_1',
    seq: 1,
    name: 'break-even and a win',
    batch: null,
    config: { ...scriptedJobConfig(), report: jobReport(report) },
    status: 'COMPLETED',
    progress: 1,
    createdAt: 1,
    startedAt: 2,
    finishedAt: 3,
    error: null,
  };
}

describe('the job list view', () => {
  it('shows the profit factor as the report does when break-even trades sit beside wins and no loss', () => {
    const report = breakEvenAndWin();
    // Not every trade won: a rule reading the win rate would not see the infinite profit factor.
    expect(report.metrics.winRate).toBe(0.5);
    const view = backtestJobView(completed(report));
    expect(view.headline).toMatchObject({ trades: 2, profitFactor: null, profitFactorInfinite: true, winRate: 0.5 });
    const shown = headlineText(view.headline!);
    expect(shown.profitFactor).toBe('∞');
    expect(shown.profitFactor).toBe(formatMetric('profitFactor', report.metrics.profitFactor, report.metrics));
    expect(shown).toEqual({
      trades: formatMetric('totalTrades', report.metrics.totalTrades),
      roiPct: formatMetric('roiPct', report.metrics.roiPct),
      winRate: '50.00%',
      profitFactor: '∞',
      maxDrawdownPct: formatMetric('maxDrawdownPct', report.metrics.maxDrawdownPct),
    });
  });

  it('shows a finite or undefined profit factor as a number or "—"', () => {
    const report = breakEvenAndWin();
    const record = completed(report);
    const summary = (record.config.report as { summary: Record<string, unknown> }).summary;
    Object.assign(summary, { profitFactor: 1.8349, profitFactorInfinite: false });
    expect(headlineText(backtestJobView(record).headline!).profitFactor).toBe('1.83');
    Object.assign(summary, { profitFactor: null, profitFactorInfinite: false });
    expect(headlineText(backtestJobView(record).headline!).profitFactor).toBe('—');
    expect(backtestJobView({ ...record, status: 'RUNNING' }).headline).toBeNull();
  });
});
