import { A } from '@solidjs/router';
import { For, Show, createEffect, createSignal, onCleanup } from 'solid-js';
import { formatDuration } from '../../../core/metrics';
import { cancelJobs, retryJobs } from '../../../app/backtest-commands';
import { headlineText, type JobView, type QueueState } from '../../../app/backtest-list';

function duration(j: JobView, now: number): string {
  if (j.startedAt === null) return '—';
  const end = j.finishedAt ?? (j.status === 'RUNNING' ? now : null);
  return end === null ? '—' : formatDuration(Math.max(0, end - j.startedAt));
}

function signClass(v: number | null): string {
  return v === null || v === 0 ? '' : v > 0 ? 'bt-up' : 'bt-down';
}

/**
 * The job list, newest first and paged: number (opens the report), name, symbols, timeframe,
 * strategy, status, progress, duration and, for completed jobs, trades, ROI, win rate, profit
 * factor and max drawdown. Running and pending jobs can be cancelled, failed and cancelled ones retried.
 */
export function JobList(props: { state: QueueState; page: number; pageSize: number; onPage: (p: number) => void }) {
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    if (props.state.running.length === 0) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    onCleanup(() => clearInterval(t));
  });
  const pages = () => Math.max(1, Math.ceil(props.state.total / props.pageSize));
  return (
    <div class="table-wrap" style={{ position: 'relative' }}>
      <table class="bt-jobs" data-testid="job-list">
        <caption class="muted" style={{ 'text-align': 'left', padding: '8px 10px' }}>
          Backtests, newest first ({props.state.total})
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Name</th>
            <th scope="col">Symbols</th>
            <th scope="col">TF</th>
            <th scope="col">Strategy</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col" class="num">Duration</th>
            <th scope="col" class="num">Trades</th>
            <th scope="col" class="num">ROI</th>
            <th scope="col" class="num">Win rate</th>
            <th scope="col" class="num">PF</th>
            <th scope="col" class="num">Max DD</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.state.rows}>
            {(j) => {
              const text = () => (j.headline ? headlineText(j.headline) : null);
              return (
                <tr data-job-seq={j.seq} data-status={j.status}>
                  <td>
                    <A href={`/backtests/${j.seq}`} aria-label={`Open report of backtest #${j.seq}`}>
                      #{j.seq}
                    </A>
                  </td>
                  <td class="bt-jobname">
                    {j.name}
                    <Show when={j.error}>
                      <div class="bt-error" data-testid="job-error">
                        {j.error}
                      </div>
                    </Show>
                  </td>
                  <td>{j.symbols.join(', ')}</td>
                  <td>{j.timeframe}</td>
                  <td>{j.strategy}</td>
                  <td>
                    <span class={`bt-status ${j.status}`}>{j.status}</span>
                  </td>
                  <td>
                    <Show when={j.status === 'RUNNING' || j.status === 'PENDING'} fallback={<span class="muted">{j.status === 'COMPLETED' ? '100 %' : '—'}</span>}>
                      <progress max="1" value={j.progress} aria-label={`Progress of #${j.seq}`} />
                    </Show>
                  </td>
                  <td class="num">{duration(j, now())}</td>
                  <td class="num">{text()?.trades ?? '—'}</td>
                  <td class={`num ${signClass(j.headline?.roiPct ?? null)}`}>{text()?.roiPct ?? '—'}</td>
                  <td class="num">{text()?.winRate ?? '—'}</td>
                  <td class="num" data-col="profitFactor">{text()?.profitFactor ?? '—'}</td>
                  <td class="num">{text()?.maxDrawdownPct ?? '—'}</td>
                  <td>
                    <Show when={j.status === 'RUNNING' || j.status === 'PENDING'}>
                      <button type="button" class="btn danger" aria-label={`Cancel #${j.seq}`} onClick={() => void cancelJobs([j.id])}>
                        Cancel
                      </button>
                    </Show>
                    <Show when={j.status === 'FAILED' || j.status === 'CANCELLED'}>
                      <button type="button" class="btn" aria-label={`Retry #${j.seq}`} onClick={() => void retryJobs([j.id])}>
                        Retry
                      </button>
                    </Show>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
      <Show when={pages() > 1}>
        <nav class="bt-pager" aria-label="Job list pages">
          <button type="button" class="btn" disabled={props.page === 0} onClick={() => props.onPage(props.page - 1)}>
            Newer
          </button>
          <span class="num">
            Page {props.page + 1} of {pages()}
          </span>
          <button type="button" class="btn" disabled={props.page + 1 >= pages()} onClick={() => props.onPage(props.page + 1)}>
            Older
          </button>
        </nav>
      </Show>
    </div>
  );
}
