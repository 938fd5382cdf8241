import { For, Show } from 'solid-js';
import { formatValue } from '../../../core/metrics';
import type { BenchmarkView } from '../../../core/reports/report-additions';
import './report.css';

/** Buy-and-hold of the same symbols over the same window: its return, max drawdown, and the strategy's excess return. */
export function BenchmarkCards(props: { benchmark: BenchmarkView | null; error: string | null; roiPct: number | null }) {
  return (
    <Show when={props.benchmark} fallback={<p class="muted">No buy-and-hold comparison: {props.error ?? 'no candles'}.</p>}>
      {(b) => {
        const cards = () => [
          { key: 'bh-return', label: 'Buy-and-hold return', value: b().returnPct, tone: b().returnPct },
          { key: 'bh-drawdown', label: 'Buy-and-hold max drawdown', value: b().maxDrawdownPct, tone: 0 },
          { key: 'strategy-return', label: 'Strategy return', value: props.roiPct, tone: props.roiPct ?? 0 },
          { key: 'excess-return', label: 'Excess return (strategy − buy-and-hold)', value: b().excessReturnPct, tone: b().excessReturnPct ?? 0 },
        ];
        return (
          <div class="metric-cards" data-testid="benchmark">
            <For each={cards()}>
              {(c) => (
                <div class="metric-card" data-metric={c.key} data-tone={c.tone > 0 ? 'good' : c.tone < 0 ? 'bad' : 'neutral'}>
                  <span class="metric-label">{c.label}</span>
                  <span class="metric-value">{formatValue('pct', c.value)}</span>
                </div>
              )}
            </For>
          </div>
        );
      }}
    </Show>
  );
}
