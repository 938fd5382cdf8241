import { A } from '@solidjs/router';
import { For } from 'solid-js';
import { formatMetric } from '../../../core/metrics';
import type { VolatilityReportRow } from '../../../core/reports/volatility-report';
import { formatProfitFactor, formatVol, GROUP_COLOURS, rowSymbols } from './format';

/** The individual backtests of a group; each number opens that backtest's report. */
export function ResultsTable(props: { rows: VolatilityReportRow[]; caption: string; testId: string }) {
  return (
    <div class="table-wrap">
      <table class="stack" data-testid={props.testId}>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Name</th>
            <th scope="col">Symbol</th>
            <th scope="col" class="num">Volatility</th>
            <th scope="col" class="num">Trades</th>
            <th scope="col" class="num">Win rate</th>
            <th scope="col" class="num">Profit factor</th>
            <th scope="col" class="num">ROI</th>
            <th scope="col" class="num">Sharpe</th>
            <th scope="col" class="num">Max drawdown</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(r) => (
              <tr data-seq={r.seq} data-group={r.group ?? 'NONE'}>
                <td>
                  <A href={`/backtests/${r.seq}`} aria-label={`Open the report of backtest ${r.seq}`}>
                    #{r.seq}
                  </A>
                </td>
                <td class="vol-name">{r.name}</td>
                <td data-label="Symbol">
                  {rowSymbols(r)}
                  {r.symbolGroups.length > 1 && (
                    <span class="muted">
                      {' '}
                      ({r.symbolGroups.map((s) => `${s.symbol} ${formatVol(s.annualisedVol)}`).join(', ')})
                    </span>
                  )}
                </td>
                <td class="num" data-label="Volatility">
                  <span aria-hidden="true" class="vol-dot" style={{ background: GROUP_COLOURS[r.group ?? 'NONE'] }} /> {formatVol(r.annualisedVol)}
                </td>
                <td class="num" data-label="Trades">{formatMetric('totalTrades', r.metrics.totalTrades)}</td>
                <td class="num" data-label="Win rate">{formatMetric('winRate', r.metrics.winRate)}</td>
                <td class="num" data-label="Profit factor">{formatProfitFactor(r.metrics.profitFactor, r.profitFactorInfinite)}</td>
                <td class="num" data-label="ROI">{formatMetric('roiPct', r.metrics.roiPct)}</td>
                <td class="num" data-label="Sharpe">{formatMetric('sharpe', r.metrics.sharpe)}</td>
                <td class="num" data-label="Max drawdown">{formatMetric('maxDrawdownPct', r.metrics.maxDrawdownPct)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
