import { Show } from 'solid-js';
import type { VolatilityGroup, VolatilityGroupSummary, VolatilityThresholds } from '../../../core/reports/volatility-report';
import { groupRange, GROUP_COLOURS } from './format';
import { BestPerformers, Configurations, SummaryFigures } from './GroupSummary';
import { ResultsTable } from './ResultsTable';

const TITLES: Record<VolatilityGroup, string> = { LOW: 'Low volatility', MEDIUM: 'Medium volatility', HIGH: 'High volatility' };

/** One volatility group: its configurations, figures, best performers and individual results. */
export function GroupSection(props: { group: VolatilityGroup; summary: VolatilityGroupSummary; thresholds: VolatilityThresholds }) {
  const id = () => `vol-group-${props.group}-title`;
  return (
    <section class="vol-group" aria-labelledby={id()} data-testid={`vol-group-${props.group}`} data-group={props.group}>
      <h2 id={id()}>
        <span aria-hidden="true" class="vol-swatch" style={{ background: GROUP_COLOURS[props.group] }} />
        {props.group} · {TITLES[props.group]} <span class="muted">({groupRange(props.group, props.thresholds)})</span>
      </h2>
      <Show
        when={props.summary.backtests > 0}
        fallback={<p class="muted">No backtest of the selection falls in this group.</p>}
      >
        <h3 class="vol-sub">Configuration</h3>
        <Configurations items={props.summary.configurations} />
        <SummaryFigures summary={props.summary} />
        <BestPerformers summary={props.summary} testId={`vol-best-${props.group}`} />
        <h3 class="vol-sub">Results</h3>
        <ResultsTable rows={props.summary.rows} caption={`${props.group} volatility backtests`} testId={`vol-rows-${props.group}`} />
      </Show>
    </section>
  );
}
