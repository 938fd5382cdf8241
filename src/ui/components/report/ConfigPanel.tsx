import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { runBacktestAgain } from '../../../app/backtest-commands';
import { describeConfig, type ConfigRow } from './model';
import './report.css';

function Rows(props: { rows: ConfigRow[]; testid: string }) {
  return (
    <dl class="config-list" data-testid={props.testid}>
      <For each={props.rows}>
        {(r) => (
          <>
            <dt>{r.label}</dt>
            <dd>{r.value}</dd>
          </>
        )}
      </For>
    </dl>
  );
}

/**
 * The exact configuration a backtest ran with (market and window, strategy with every parameter,
 * fees, sizing and portfolio rules), with `Run again` (queues an identical job) and `Edit and run`
 * (opens the Backtests form prefilled from this job: `/backtests?edit=<seq>`, which the Backtests page reads).
 */
export function ConfigPanel(props: { seq: number; config: Record<string, unknown> }) {
  const view = createMemo(() => describeConfig(props.config));
  const [queued, setQueued] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const runAgain = async () => {
    setBusy(true);
    setError(null);
    try {
      setQueued(await runBacktestAgain(props.seq));
    } catch (e) {
      setError(`Could not queue the backtest: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card" data-testid="config-panel">
      <div class="report-grid">
        <div>
          <h3>Market</h3>
          <Rows rows={view().market} testid="config-market" />
          <h3 style={{ 'margin-top': '12px' }}>Strategy</h3>
          <Rows rows={view().strategy} testid="config-strategy" />
        </div>
        <div>
          <h3>Parameters</h3>
          <Show when={view().params.length > 0} fallback={<p class="muted">This strategy has no parameters.</p>}>
            <Rows rows={view().params} testid="config-params" />
          </Show>
        </div>
        <div>
          <h3>Capital, costs and rules</h3>
          <Rows rows={view().settings} testid="config-settings" />
        </div>
      </div>
      <div class="row" style={{ 'margin-top': '14px' }}>
        <button type="button" class="btn primary" onClick={() => void runAgain()} disabled={busy()} aria-busy={busy()}>
          Run again
        </button>
        <A class="btn" href={`/backtests?edit=${props.seq}`}>
          Edit and run
        </A>
        <Show when={queued()}>
          {(seq) => (
            <span role="status" data-testid="run-again-status">
              Queued as <A href={`/backtests/${seq()}`}>backtest #{seq()}</A>; it runs from the <A href="/backtests">Backtests</A> queue.
            </span>
          )}
        </Show>
        <Show when={error()}>
          {(msg) => (
            <span role="alert" style={{ color: 'var(--danger)' }}>
              {msg()}
            </span>
          )}
        </Show>
      </div>
    </div>
  );
}
