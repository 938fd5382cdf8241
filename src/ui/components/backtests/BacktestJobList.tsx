import { A } from '@solidjs/router';
import { For, Show, createEffect, createSignal, onCleanup } from 'solid-js';
import { formatDuration } from '../../../core/metrics';
import { cancelJobs, retryJobs } from '../../../app/backtest-commands';
import { headlineText, type BacktestJobView, type QueueState } from '../../../app/backtest-list';
import { Pager } from '../Pager';
import { jobDetail } from './job-text';

function duration(j: BacktestJobView, now: number): string {
  if (j.startedAt === null) return '—';
  const end = j.finishedAt ?? (j.status === 'RUNNING' ? now : null);
  return end === null ? '—' : formatDuration(Math.max(0, end - j.startedAt));
}

function signClass(v: number | null): string {
  return v === null || v === 0 ? '' : v > 0 ? 'bt-up' : 'bt-down';
}

function detail(j: BacktestJobView): string | null {
  return jobDetail(j.name, j.strategy, j.symbols, j.timeframe);
}

/**
 * The job list, newest first and paged: number (opens the report), name (with strategy, symbols
 * and timeframe when the name does not say them), status with progress, duration and, for
 * completed jobs, trades, ROI, win rate, profit factor and max drawdown. Running and pending jobs
 * can be cancelled, failed and cancelled ones retried. On a phone each job is a card.
 */
export function BacktestJobList(props: { state: QueueState; page: number; pageSize: number; onPage: (p: number) => void }) {
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    if (props.state.running.length === 0) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    onCleanup(() => clearInterval(t));
  });
  const pages = () => Math.max(1, Math.ceil(props.state.total / props.pageSize));
  return (
    <div class="table-wrap">
      <table class="bt-jobs stack" data-testid="job-list">
        <caption class="muted table-caption">Backtests, newest first ({props.state.total})</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Backtest</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Ran for
            </th>
            <th scope="col" class="num">
              Trades
            </th>
            <th scope="col" class="num">
              ROI
            </th>
            <th scope="col" class="num">
              Win rate
            </th>
            <th scope="col" class="num">
              <abbr title="Profit factor">PF</abbr>
            </th>
            <th scope="col" class="num">
              <abbr title="Maximum drawdown">Max DD</abbr>
            </th>
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
                <td class="bt-seq">
                  <A href={`/backtests/${j.seq}`} aria-label={`Open report of backtest #${j.seq}`}>
                    #{j.seq}
                  </A>
                </td>
                <td class="bt-jobname">
                  {j.name}
                  <Show when={detail(j)}>{(d) => <div class="muted bt-jobdetail">{d()}</div>}</Show>
                  <Show when={j.error}>
                    <div class="bt-error" data-testid="job-error">
                      {j.error}
                    </div>
                  </Show>
                </td>
                <td data-label="Status">
                  <span class="bt-jobstatus">
                    <span class={`bt-status ${j.status}`}>{j.status}</span>
                    <Show when={j.status === 'RUNNING' || j.status === 'PENDING'}>
                      <progress max="1" value={j.progress} aria-label={`Progress of #${j.seq}`} />
                    </Show>
                  </span>
                </td>
                <td class="num" data-label="Ran for">
                  {duration(j, now())}
                </td>
                <td class="num" data-label="Trades">
                  {text()?.trades ?? '—'}
                </td>
                <td class={`num ${signClass(j.headline?.roiPct ?? null)}`} data-label="ROI">
                  {text()?.roiPct ?? '—'}
                </td>
                <td class="num" data-label="Win rate">
                  {text()?.winRate ?? '—'}
                </td>
                <td class="num" data-label="Profit factor" data-col="profitFactor">
                  {text()?.profitFactor ?? '—'}
                </td>
                <td class="num" data-label="Max drawdown">
                  {text()?.maxDrawdownPct ?? '—'}
                </td>
                <td class="bt-actions">
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
        <Pager
          page={props.page}
          pages={pages()}
          size={props.pageSize}
          total={props.state.total}
          noun="backtests"
          label="Job list pages"
          onPage={props.onPage}
          prevLabel="Newer"
          nextLabel="Older"
        />
      </Show>
    </div>
  );
}
