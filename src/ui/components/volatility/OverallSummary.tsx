import { For } from 'solid-js';
import { formatMetric } from '../../../core/metrics';
import { VOLATILITY_GROUPS, type VolatilityGroupSummary, type VolatilityReport } from '../../../core/reports/volatility-report';
import { formatProfitFactor, groupRange } from './format';
import { BestPerformers } from './GroupSummary';

/** The groups side by side, then the whole selection. */
export function OverallSummary(props: { report: VolatilityReport }) {
  const lines = (): Array<{ label: string; summary: VolatilityGroupSummary; total?: boolean }> => [
    ...VOLATILITY_GROUPS.map((g) => ({ label: `${g} (${groupRange(g, props.report.thresholds)})`, summary: props.report.groups[g] })),
    { label: 'All backtests', summary: props.report.overall, total: true },
  ];
  return (
    <section aria-labelledby="vol-overall-title" data-testid="vol-overall" class="vol-group">
      <h2 id="vol-overall-title">Overall summary</h2>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Summary by volatility group</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" class="num">Backtests</th>
              <th scope="col" class="num">Trades</th>
              <th scope="col" class="num">Avg win rate</th>
              <th scope="col" class="num">Profit factor</th>
              <th scope="col" class="num">ROI (mean)</th>
              <th scope="col" class="num">Sharpe (mean)</th>
              <th scope="col" class="num">Max DD (mean)</th>
              <th scope="col" class="num">Max DD (worst)</th>
            </tr>
          </thead>
          <tbody>
            <For each={lines()}>
              {(l) => (
                <tr style={l.total ? { 'font-weight': '600' } : undefined}>
                  <th scope="row">{l.label}</th>
                  <td class="num">{l.summary.backtests}</td>
                  <td class="num">{formatMetric('totalTrades', l.summary.totalTrades)}</td>
                  <td class="num">{formatMetric('winRate', l.summary.avgWinRate)}</td>
                  <td class="num">{formatProfitFactor(l.summary.profitFactor, l.summary.profitFactorInfinite)}</td>
                  <td class="num">{formatMetric('roiPct', l.summary.roiPct)}</td>
                  <td class="num">{formatMetric('sharpe', l.summary.sharpe)}</td>
                  <td class="num">{formatMetric('maxDrawdownPct', l.summary.maxDrawdownPct.mean)}</td>
                  <td class="num">{formatMetric('maxDrawdownPct', l.summary.maxDrawdownPct.worst)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <BestPerformers summary={props.report.overall} testId="vol-best-overall" />
      <p class="muted">
        Profit factor is pooled (all trades of the group together); win rate, ROI, Sharpe and drawdown are means over the
        backtests. The overall line includes backtests whose volatility could not be measured.
      </p>
    </section>
  );
}
