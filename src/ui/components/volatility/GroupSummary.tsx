import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { formatMetric } from '../../../core/metrics';
import type { ConfigurationCount, VolatilityGroupSummary, VolatilityReportRow } from '../../../core/reports/volatility-report';
import { formatProfitFactor, formatSetting, formatVol, rowSymbols } from './format';

/** The headline figures of a group (or of the whole selection). */
export function SummaryFigures(props: { summary: VolatilityGroupSummary }) {
  const s = () => props.summary;
  return (
    <dl class="vol-figures">
      <Figure label="Backtests" value={String(s().backtests)} />
      <Figure label="Total trades" value={formatMetric('totalTrades', s().totalTrades)} />
      <Figure label="Avg win rate" value={formatMetric('winRate', s().avgWinRate)} help="Mean of the backtests' win rates (backtests with trades)." />
      <Figure
        label="Profit factor"
        value={formatProfitFactor(s().profitFactor, s().profitFactorInfinite)}
        help="Pooled: gross profit of all the group's trades / their gross loss."
      />
      <Figure label="ROI (mean)" value={formatMetric('roiPct', s().roiPct)} />
      <Figure label="Sharpe (mean)" value={formatMetric('sharpe', s().sharpe)} />
      <Figure label="Max drawdown (mean)" value={formatMetric('maxDrawdownPct', s().maxDrawdownPct.mean)} />
      <Figure label="Max drawdown (worst)" value={formatMetric('maxDrawdownPct', s().maxDrawdownPct.worst)} />
    </dl>
  );
}

function Figure(props: { label: string; value: string; help?: string }) {
  return (
    <div class="vol-figure" title={props.help}>
      <dt class="muted">{props.label}</dt>
      <dd class="num">{props.value}</dd>
    </div>
  );
}

/** The distinct configurations of a group with their counts. */
export function Configurations(props: { items: ConfigurationCount[] }) {
  return (
    <div class="table-wrap">
      <table class="vol-configs stack">
        <caption class="visually-hidden">Configurations</caption>
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col" class="num">Stop (ATR ×)</th>
            <th scope="col" class="num">Target (ATR ×)</th>
            <th scope="col" class="num">ADX threshold</th>
            <th scope="col" class="num">Min confidence</th>
            <th scope="col" class="num">Backtests</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.items}>
            {(c) => (
              <tr>
                <td class="vol-name">{c.config.strategy}</td>
                <td class="num" data-label="Stop (ATR ×)">{formatSetting(c.config.stopAtrMult)}</td>
                <td class="num" data-label="Target (ATR ×)">{formatSetting(c.config.targetAtrMult)}</td>
                <td class="num" data-label="ADX threshold">{formatSetting(c.config.adxThreshold)}</td>
                <td class="num" data-label="Min confidence">{formatSetting(c.config.minConfidence)}</td>
                <td class="num" data-label="Backtests">{c.count}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

/** The best performers by profit factor and by win rate. */
export function BestPerformers(props: { summary: VolatilityGroupSummary; testId: string }) {
  return (
    <ul class="vol-best" data-testid={props.testId}>
      <BestLine label="Best by profit factor" row={props.summary.bestByProfitFactor} value={(r) => formatProfitFactor(r.metrics.profitFactor, r.profitFactorInfinite)} />
      <BestLine label="Best by win rate" row={props.summary.bestByWinRate} value={(r) => formatMetric('winRate', r.metrics.winRate)} />
    </ul>
  );
}

function BestLine(props: { label: string; row: VolatilityReportRow | null; value: (r: VolatilityReportRow) => string }) {
  return (
    <li>
      <strong>{props.label}: </strong>
      <Show when={props.row} fallback={<span class="muted">none (no trades)</span>}>
        {(r) => (
          <>
            <A href={`/backtests/${r().seq}`}>#{r().seq}</A> {rowSymbols(r())} <span class="muted">({formatVol(r().annualisedVol)})</span> ·{' '}
            <span class="num">{props.value(r())}</span>
          </>
        )}
      </Show>
    </li>
  );
}
