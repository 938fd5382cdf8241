import { For, Show } from 'solid-js';
import type { AnalysisStrategy } from '../../../core/analysis';

/** The strategy behind the trades and its current parameters, as a definition list. */
export function StrategyParams(props: { strategy: AnalysisStrategy | null; highlight?: readonly string[] }) {
  const keys = () => (props.strategy ? Object.keys(props.strategy.params).sort() : []);
  return (
    <Show when={props.strategy} fallback={<p class="muted">The source names no strategy (manual trades, or trades made before a bot session was recorded).</p>}>
      {(s) => (
        <div data-testid="strategy-params">
          <p>
            <strong>{s().name}</strong>
            <Show when={s().preset !== null && s().preset !== s().name}>
              <span class="muted"> · preset {s().preset}</span>
            </Show>
          </p>
          <dl class="config-list">
            <For each={keys()}>
              {(k) => (
                <>
                  <dt>{k}</dt>
                  <dd classList={{ 'pnl-down': props.highlight?.includes(k) ?? false }}>{String(s().params[k])}</dd>
                </>
              )}
            </For>
          </dl>
        </div>
      )}
    </Show>
  );
}
