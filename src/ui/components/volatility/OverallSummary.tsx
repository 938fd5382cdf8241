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
        <table class="stack">
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
                <tr class={l.total ? 'vol-total' : undefined}>
                  <th scope="row">{l.label}</th>
                  <td class="num" data-label="Backtests">{l.summary.backtests}</td>
                  <td class="num" data-label="Trades">{formatMetric('totalTrades', l.summary.totalTrades)}</td>
                  <td class="num" data-label="Avg win rate">{formatMetric('winRate', l.summary.avgWinRate)}</td>
                  <td class="num" data-label="Profit factor">{formatProfitFactor(l.summary.profitFactor, l.summary.profitFactorInfinite)}</td>
                  <td class="num" data-label="ROI (mean)">{formatMetric('roiPct', l.summary.roiPct)}</td>
                  <td class="num" data-label="Sharpe (mean)">{formatMetric('sharpe', l.summary.sharpe)}</td>
                  <td class="num" data-label="Max DD (mean)">{formatMetric('maxDrawdownPct', l.summary.maxDrawdownPct.mean)}</td>
                  <td class="num" data-label="Max DD (worst)">{formatMetric('maxDrawdownPct', l.summary.maxDrawdownPct.worst)}</td>
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
