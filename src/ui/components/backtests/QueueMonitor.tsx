import { For, Show } from 'solid-js';
import { cancelAllJobs, cancelJobs, retryFailedJobs } from '../../../app/backtest-commands';
import type { QueueState } from '../../../app/backtest-list';
import { queueRole } from '../../../app/backtest-queue';
import { computePoolSize } from '../../../app/worker-pools';
import { formatClock } from '../../format';


/**
 * The live monitor: `Completed x/y · Running r · Pending p · Failed f` with the time of the last
 * change, a progress bar with Cancel for each running job, and Cancel all / Retry failed.
 */
export function QueueMonitor(props: { state: QueueState }) {
  const c = () => props.state.counts;
  const active = () => c().PENDING + c().RUNNING;
  return (
    <section class="card" data-testid="queue-monitor" aria-labelledby="bt-monitor-title">
      <div class="row" style={{ 'justify-content': 'space-between' }}>
        <h2 id="bt-monitor-title" style={{ margin: '0' }}>
          Queue
        </h2>
        <div class="row">
          <button type="button" class="btn danger" disabled={active() === 0} onClick={() => void cancelAllJobs()}>
            Cancel all
          </button>
          <button type="button" class="btn" disabled={c().FAILED === 0} onClick={() => void retryFailedJobs()}>
            Retry failed
          </button>
        </div>
      </div>
      <p role="status" aria-live="polite" style={{ 'margin-top': '8px' }}>
        <span class="bt-monitor-line num" data-testid="queue-counts">
          Completed {c().COMPLETED}/{props.state.total} · Running {c().RUNNING} · Pending {c().PENDING} · Failed {c().FAILED}
        </span>
        <Show when={c().CANCELLED > 0}>
          <span class="muted"> · Cancelled {c().CANCELLED}</span>
        </Show>
        <Show when={props.state.updatedAt > 0}>
          <span class="muted">
            {' '}
            · as of <time datetime={new Date(props.state.updatedAt).toISOString()}>{formatClock(props.state.updatedAt)}</time>
          </span>
        </Show>
      </p>
      <p class="muted" style={{ 'font-size': '0.85rem' }}>
        <Show
          when={queueRole() === 'observer'}
          fallback={`Runs up to ${computePoolSize()} backtests at once, one per core, off the page's thread. Jobs survive a reload and resume.`}
        >
          Another tab runs the queue; this one shows its progress.
        </Show>
      </p>
      <Show when={props.state.running.length > 0}>
        <div class="bt-running" data-testid="running-jobs">
          <For each={props.state.running}>
            {(j) => (
              <>
                <span class="bt-name" title={j.name}>
                  <strong>#{j.seq}</strong> {j.name}
                </span>
                <progress max="1" value={j.progress} aria-label={`Progress of #${j.seq}`} />
                <button type="button" class="btn danger" aria-label={`Cancel #${j.seq}`} onClick={() => void cancelJobs([j.id])}>
                  Cancel
                </button>
              </>
            )}
          </For>
        </div>
      </Show>
    </section>
  );
}
