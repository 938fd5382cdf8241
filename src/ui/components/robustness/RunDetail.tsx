import { A } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { reportWriteError } from '../../../app/db-service';
import { exportRunCsv, exportRunJson, type RunRecord } from '../../../app/robustness';
import { cancelRun, liveProgress } from '../../../app/robustness-runner';
import { formatDateTime } from '../../format';
import { ProgressBar } from '../ProgressBar';
import { MonteCarloResult } from './MonteCarloResult';
import { OptimisationResult } from './OptimisationResult';
import { WalkForwardResult } from './WalkForwardResult';
import { fmtEta } from './format';

/** One run: its state (progress with ETA and cancel while it runs), exports, and its result. */
export function RunDetail(props: { run: RunRecord }) {
  const rec = () => props.run.record;
  const live = () => liveProgress[rec().id];
  const active = () => rec().status === 'RUNNING' || rec().status === 'PENDING';
  const sourceSeq = () => {
    const c = (rec() as { config?: Record<string, unknown> }).config;
    return typeof c?.sourceSeq === 'number' ? c.sourceSeq : null;
  };
  return (
    <div class="rb-stack" data-testid="run-detail" data-status={rec().status}>
      <div class="row" style={{ 'justify-content': 'space-between' }}>
        <div style={{ 'min-width': '0' }}>
          <A href="/robustness">← All runs</A>
          <h2 style={{ margin: '4px 0 0' }} data-testid="run-title">
            {rec().name}
          </h2>
          <div class="muted" style={{ 'font-size': '0.88rem' }}>
            <span class={`bt-status ${rec().status}`} data-testid="run-status">
              {rec().status}
            </span>{' '}
            started {formatDateTime(rec().createdAt)}
            <Show when={rec().finishedAt}> · finished {formatDateTime(rec().finishedAt)}</Show>
            <Show when={sourceSeq() !== null}>
              {' '}
              · from <A href={`/backtests/${sourceSeq()}`}>backtest #{sourceSeq()}</A>
            </Show>
          </div>
        </div>
        <div class="rb-actions">
          <button type="button" class="btn" onClick={() => exportRunCsv(props.run)}>
            Export CSV
          </button>
          <button type="button" class="btn" onClick={() => void exportRunJson(props.run).catch(reportWriteError)}>
            Export JSON
          </button>
        </div>
      </div>
      <Show when={active()}>
        <ProgressBar
          label={props.run.kind === 'montecarlo' ? 'Simulating' : 'Evaluating parameter sets'}
          progress={
            live()
              ? { done: live()!.done, total: live()!.total, message: `${live()!.phase} · ${live()!.done.toLocaleString('en-US')} of ${live()!.total.toLocaleString('en-US')} · ${fmtEta(live()!.etaMs)} left` }
              : { done: Math.round(rec().progress * 1000), total: 1000, message: 'resuming…' }
          }
          onCancel={() => void cancelRun(props.run.kind, rec().id)}
        />
      </Show>
      <Show when={rec().error}>
        <p class="banner error" role="alert" style={{ 'border-radius': 'var(--radius)' }}>
          {rec().error}
        </p>
      </Show>
      <Switch>
        <Match when={props.run.kind === 'montecarlo' && props.run.record.status === 'COMPLETED' && props.run}>
          {(r) => <MonteCarloResult run={(r() as Extract<RunRecord, { kind: 'montecarlo' }>).record} />}
        </Match>
        <Match when={props.run.kind === 'optimisation' && props.run}>
          {(r) => <OptimisationResult run={(r() as Extract<RunRecord, { kind: 'optimisation' }>).record} />}
        </Match>
        <Match when={props.run.kind === 'walkforward' && props.run.record.status === 'COMPLETED' && props.run}>
          {(r) => <WalkForwardResult run={(r() as Extract<RunRecord, { kind: 'walkforward' }>).record} />}
        </Match>
      </Switch>
    </div>
  );
}
