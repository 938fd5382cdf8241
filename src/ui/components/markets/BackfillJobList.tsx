import { createMemo, For, Show } from 'solid-js';
import {
  backfillJobs,
  cancelJob,
  cancelStart,
  dismissStart,
  pendingStarts,
  removeJob,
  resumeJob,
  type BackfillJobView,
  type PendingStart,
} from '../../../app/backfill-jobs';
import { exchangeName, formatEta } from '../../../app/exchange-text';
import { formatDate, formatDateTime, formatInt } from '../../format';

const STATUS_TEXT: Record<BackfillJobView['status'], string> = {
  PENDING: 'Queued',
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

function rangeText(j: BackfillJobView): string {
  if (j.kind === 'lastN') return `last ${formatInt(j.lastN)} candles per series`;
  if (j.kind === 'update') return `newer candles from ${formatDateTime(j.range.from)}`;
  return `from ${formatDate(j.range.from)} to ${j.range.to === null ? 'now' : formatDateTime(j.range.to)}`;
}

function statusText(j: BackfillJobView): string {
  if ((j.status === 'RUNNING' || j.status === 'PENDING') && !j.runningHere) return 'Interrupted (or running in another tab)';
  if (j.live?.phase === 'queued') return 'Waiting for other downloads from this exchange';
  return STATUS_TEXT[j.status];
}

function percent(fraction: number): string {
  const p = Math.max(0, Math.min(1, fraction)) * 100;
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/** One backfill job: what it fetches, its status, progress (candles, %, ETA), retries, error, and Cancel / Resume. */
function JobCard(props: { job: BackfillJobView }) {
  const j = () => props.job;
  const title = () => `${j().symbols.join(', ')} × ${j().timeframes.join(', ')}`;
  return (
    <div class="card job" data-testid="backfill-job" data-job-id={j().id} data-status={j().status} aria-label={`Backfill ${title()}`}>
      <div class="job-head">
        <div>
          <strong>{title()}</strong> <span class="muted">on {exchangeName(j().exchange)}, {rangeText(j())}</span>
        </div>
        <span class="badge" data-testid="job-status">
          {statusText(j())}
        </span>
      </div>
      <progress max="100" value={Math.round(j().fraction * 1000) / 10} aria-label={`Progress of ${title()}`} />
      <div class="job-figures">
        <span>
          <span class="muted">Candles</span>{' '}
          <strong class="num" data-testid="job-candles">
            {formatInt(j().candles)}
          </strong>
        </span>
        <span>
          <span class="muted">Done</span>{' '}
          <strong class="num" data-testid="job-percent">
            {percent(j().status === 'COMPLETED' ? 1 : j().fraction)}
          </strong>
        </span>
        <Show when={j().live}>
          {(live) => (
            <>
              <span>
                <span class="muted">ETA</span>{' '}
                <strong class="num" data-testid="job-eta">
                  {formatEta(live().etaMs)}
                </strong>
              </span>
              <Show when={live().series}>
                {(s) => (
                  <span>
                    <span class="muted">Now</span> {s()}
                  </span>
                )}
              </Show>
              <Show when={live().retries > 0}>
                <span class="muted" data-testid="job-retries">
                  {formatInt(live().retries)} {live().retries === 1 ? 'retry' : 'retries'} so far
                </span>
              </Show>
            </>
          )}
        </Show>
      </div>
      <Show when={j().live?.retryNotice}>
        {(m) => (
          <p class="retry-notice" role="status" data-testid="job-retry-notice">
            {m()}
          </p>
        )}
      </Show>
      <Show when={j().live && !j().live!.retryNotice && j().live!.message}>
        <p class="muted" style={{ 'font-size': '0.85rem' }}>
          {j().live!.message}
        </p>
      </Show>
      <Show when={j().unconfirmed.length > 0}>
        <div class="banner warn job-warnings" role="status" data-testid="job-unconfirmed">
          <p style={{ margin: '0' }}>
            {exchangeName(j().exchange)} answered empty for {formatInt(j().unconfirmed.length)}{' '}
            {j().unconfirmed.length === 1 ? 'stretch' : 'stretches'} although it has candles around{' '}
            {j().unconfirmed.length === 1 ? 'it' : 'them'}: not confirmed empty. "Re-fetch gaps" on Stored data asks again.
          </p>
          <ul>
            <For each={j().unconfirmed.slice(0, 5)}>
              {(u) => (
                <li>
                  {u.symbol} {u.timeframe}: {formatDateTime(u.from)} to {formatDateTime(u.to)}
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <Show when={j().rejected > 0}>
        <div class="banner warn job-warnings" role="status" data-testid="job-rejected">
          <p style={{ margin: '0' }}>
            <strong data-testid="job-rejected-count">{formatInt(j().rejected)}</strong> invalid{' '}
            {j().rejected === 1 ? 'candle' : 'candles'} from {exchangeName(j().exchange)} skipped (left as gaps)
            {j().rejectedExamples.length > 0 ? ', for example:' : '.'}
          </p>
          <Show when={j().rejectedExamples.length > 0}>
            <ul data-testid="job-rejected-examples">
              <For each={j().rejectedExamples}>
                {(r) => (
                  <li>
                    {r.symbol} {r.timeframe} {Number.isFinite(r.time) ? formatDateTime(r.time) : 'unreadable time'}: {r.reason}
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </div>
      </Show>
      <Show when={j().status !== 'COMPLETED' ? j().error : null}>
        {(m) => (
          <p role={j().status === 'FAILED' ? 'alert' : undefined} class={j().status === 'FAILED' ? 'banner error' : 'muted'} data-testid="job-error">
            {m()}
          </p>
        )}
      </Show>
      <div class="row" style={{ 'margin-top': '6px' }}>
        <Show when={j().canCancel}>
          <button type="button" class="btn danger" onClick={() => void cancelJob(j().id)} aria-label={`Cancel backfill ${title()}`}>
            Cancel
          </button>
        </Show>
        <Show when={j().canResume}>
          <button type="button" class="btn primary" onClick={() => void resumeJob(j().id)} aria-label={`Resume backfill ${title()}`}>
            Resume
          </button>
        </Show>
        <Show when={!j().canCancel && !j().runningHere}>
          <button type="button" class="btn" onClick={() => void removeJob(j().id)} aria-label={`Remove backfill ${title()} from the list`}>
            Remove from list
          </button>
        </Show>
        <span class="muted" style={{ 'font-size': '0.8rem' }}>
          Started {formatDateTime(j().createdAt)}
        </span>
      </div>
    </div>
  );
}

function StartCard(props: { start: PendingStart }) {
  const s = () => props.start;
  return (
    <div class="card job" data-testid="backfill-start" data-status={s().error ? 'FAILED' : 'PENDING'}>
      <div class="job-head">
        <strong>{s().label}</strong>
        <span class="badge">{s().error ? 'Not started' : 'Starting'}</span>
      </div>
      <Show when={s().error} fallback={<p class="muted">{s().message}</p>}>
        {(m) => (
          <p role="alert" class="banner error" data-testid="backfill-start-error">
            {m()}
          </p>
        )}
      </Show>
      <div class="row">
        <Show
          when={s().error}
          fallback={
            <button type="button" class="btn danger" onClick={() => cancelStart(s().token)}>
              Cancel
            </button>
          }
        >
          <button type="button" class="btn" onClick={() => dismissStart(s().token)}>
            Dismiss
          </button>
        </Show>
      </div>
    </div>
  );
}

/** Backfills asked for but not stored yet, then every job, newest first. */
export function BackfillJobList() {
  const jobs = () => backfillJobs();
  // Cards are keyed by job id, so a progress update changes a card in place instead of rebuilding it.
  const byId = createMemo(() => new Map((jobs() ?? []).map((j) => [j.id, j])));
  const ids = () => (jobs() ?? []).map((j) => j.id);
  return (
    <section aria-labelledby="jobs-title" data-testid="backfill-jobs">
      <h2 id="jobs-title">Jobs</h2>
      <div class="job-list">
        <For each={pendingStarts()}>{(s) => <StartCard start={s} />}</For>
        <Show when={jobs() !== undefined} fallback={<p class="muted">Reading jobs…</p>}>
          <For each={ids()} fallback={<Show when={pendingStarts().length === 0}><p class="muted">No backfill yet.</p></Show>}>
            {(id) => (
              <Show when={byId().get(id)}>
                {(j) => <JobCard job={j()} />}
              </Show>
            )}
          </For>
        </Show>
      </div>
    </section>
  );
}
