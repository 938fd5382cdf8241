/**
 * The backtest queue: batches of jobs persisted in the database, run on the compute worker pool.
 *
 * - One tab runs the queue (it holds the Web Lock `candlelab-backtest-queue`); other tabs only
 *   observe it. The runner hands the head of the queue to the compute pool (one worker per core;
 *   up to two jobs per worker in hand, so a free worker never waits for the page). The worker
 *   marks the job RUNNING, reads it and its candles from the database, runs it, and stores the
 *   result with COMPLETED (or FAILED with the reason) in one transaction. Only a small outcome
 *   comes back to the page, so at most pool-size jobs are RUNNING and the page's thread stays free.
 * - Progress is written to the job at most twice a second per job; every tab shows it from the
 *   database.
 * - Cancel writes CANCELLED (a PENDING job never starts; a RUNNING job's task is stopped); the
 *   runner also stops a task whose job another tab cancelled. Retry puts FAILED or CANCELLED jobs
 *   back in the queue with their numbers.
 * - On start-up (`resumeQueue`), the tab that gets the lock requeues the jobs a closed or
 *   reloaded tab left RUNNING, then runs everything PENDING. Jobs created by any tab are picked
 *   up as they appear.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { formatIdRanges, parseIdRanges } from '../core/util/id-ranges';
import type { Timeframe } from '../core/candles/timeframe';
import {
  cancelAllBacktestJobs,
  cancelBacktestJobs,
  createBacktestJobs,
  failBacktestJob,
  getBacktestJob,
  getBacktestJobBySeq,
  getBacktestJobsBySeq,
  listBacktestJobs,
  newId,
  nextPendingBacktestJob,
  nextPendingBacktestJobs,
  observeQuery,
  readBacktestQueue,
  requeueInterruptedBacktests,
  retryBacktestJobs,
  setBacktestJobProgress,
  type BacktestJobRecord,
  type JobStatus,
} from '../data';
import { isWorkerTaskError, type Progress } from '../../workers/bridge';
import { readJobConfig, type BacktestJobConfig } from '../../workers/compute/backtest-job';
import type { SeriesVolatility } from '../../workers/compute/tasks';
import { expandBatch, rerunConfig, type BatchSpec } from './backtest-batch';
import { computePool, computePoolSize, interactiveComputeWorker } from './worker-pools';
import { database, reportWriteError } from './db-service';

export type { JobStatus } from '../data';
export type { SeriesVolatility } from '../../workers/compute/tasks';

/** Name of the Web Lock held by the tab that runs the queue. */
export const QUEUE_LOCK = 'candlelab-backtest-queue';
/** Least time between two progress writes of one job. */
export const PROGRESS_WRITE_MS = 500;

/** `runner`: this tab runs the queue; `observer`: another tab does; `idle`: not started yet. */
export type QueueRole = 'idle' | 'runner' | 'observer';
const [queueRole, setQueueRole] = createSignal<QueueRole>('idle');
/** Whether this tab runs the queue. */
export { queueRole };

interface RunningTask {
  jobId: string;
  abort: AbortController;
  lastWrite: number;
  latest: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Jobs handed to the pool (running, or waiting for a free worker), by id. */
const tasks = new Map<string, RunningTask>();
let started = false;
let pumping = false;
let repump = false;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Starts the queue in this tab (idempotent; needs the database open): asks for the queue lock;
 * once this tab holds it, jobs left RUNNING by a reload are queued again and every PENDING job
 * runs. Without the Web Locks API the tab runs the queue directly.
 */
export function resumeQueue(): void {
  if (started) return;
  try {
    database();
  } catch {
    return;
  }
  started = true;
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (!locks || typeof locks.request !== 'function') {
    void lead();
    return;
  }
  setQueueRole('observer');
  locks
    .request(QUEUE_LOCK, async () => {
      await lead();
      // Hold the lock for the life of the tab.
      await new Promise<never>(() => {});
    })
    .catch((e: unknown) => reportWriteError(e));
}

async function lead(): Promise<void> {
  setQueueRole('runner');
  const db = database();
  try {
    await requeueInterruptedBacktests(db);
  } catch (e) {
    reportWriteError(e);
  }
  observeQuery(async () => {
    const [active, pending] = await Promise.all([listBacktestJobs(db, { status: 'RUNNING' }), nextPendingBacktestJob(db)]);
    return { running: active.map((j) => j.id), hasPending: pending !== undefined };
  }).subscribe((s) => {
    for (const id of tasks.keys()) if (!s.running.includes(id)) void stopIfCancelled(id);
    if (s.hasPending) void pump();
  });
  void pump();
}

/** Stops the task of `id` when its job was cancelled (in any tab) or deleted. */
async function stopIfCancelled(id: string): Promise<void> {
  const task = tasks.get(id);
  if (!task) return;
  try {
    const job = await getBacktestJob(database(), id);
    if (job === undefined || job.status === 'CANCELLED') task.abort.abort();
  } catch {
    // The next change of the queue checks again.
  }
}

/**
 * Hands PENDING jobs (queue order) to the pool while fewer than two per worker are in hand: one
 * running and one waiting in the pool, so a worker that finishes starts the next job at once.
 * The worker marks a job RUNNING when it starts it. Runner tab only.
 */
async function pump(): Promise<void> {
  if (queueRole() !== 'runner') return;
  if (pumping) {
    repump = true;
    return;
  }
  pumping = true;
  const db = database();
  try {
    do {
      repump = false;
      const want = computePoolSize() * 2 - tasks.size;
      if (want <= 0) break;
      for (const job of await nextPendingBacktestJobs(db, want, tasks.keys())) launch(job.id);
    } while (repump);
  } catch (e) {
    reportWriteError(e);
  } finally {
    pumping = false;
  }
}

function writeProgress(task: RunningTask): void {
  task.timer = undefined;
  task.lastWrite = Date.now();
  setBacktestJobProgress(database(), task.jobId, task.latest).catch(() => undefined);
}

function onProgress(task: RunningTask, p: Progress): void {
  const fraction = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
  if (fraction >= 1) return;
  task.latest = fraction;
  if (task.timer !== undefined) return;
  const wait = task.lastWrite + PROGRESS_WRITE_MS - Date.now();
  if (wait <= 0) writeProgress(task);
  else task.timer = setTimeout(() => writeProgress(task), wait);
}

function launch(jobId: string): void {
  const task: RunningTask = { jobId, abort: new AbortController(), lastWrite: 0, latest: 0, timer: undefined };
  tasks.set(jobId, task);
  const db = database();
  computePool()
    .run('runBacktestJob', { jobId, start: true }, { signal: task.abort.signal, onProgress: (p) => onProgress(task, p) })
    .catch(async (e: unknown) => {
      try {
        if (isWorkerTaskError(e, 'CANCELLED')) await cancelBacktestJobs(db, [jobId]);
        else await failBacktestJob(db, jobId, messageOf(e) || 'the backtest failed');
      } catch (writeError) {
        reportWriteError(writeError);
      }
    })
    .finally(() => {
      if (task.timer !== undefined) clearTimeout(task.timer);
      tasks.delete(jobId);
      void pump();
    });
}

/** What `createBatch` queued. */
export interface QueuedBatch {
  batch: string;
  /** Numbers of the new jobs, ascending. */
  seqs: number[];
}

/**
 * Expands the form's spec into jobs (see `expandBatch`; throws naming the bad field) and queues
 * them all in one transaction under one batch id; the runner tab starts them.
 */
export async function createBatch(spec: BatchSpec): Promise<QueuedBatch> {
  const jobs = expandBatch(spec);
  const batch = newId('batch');
  const stored = await createBacktestJobs(database(), jobs, batch);
  void pump();
  return { batch, seqs: stored.map((j) => j.seq) };
}

/** Queues job `seq` again as a new job with exactly the settings it ran with; returns the new number. */
export async function rerunBacktest(seq: number): Promise<number> {
  const job = await getBacktestJobBySeq(database(), seq);
  if (!job) throw new RangeError(`seq: there is no backtest #${seq}`);
  const config = rerunConfig(readJobConfig(job.config));
  const [stored] = await createBacktestJobs(database(), [{ name: job.name, config }], job.batch);
  void pump();
  return stored.seq;
}

/** The configuration of job `seq` (to prefill the form for "edit and run"), or undefined. */
export async function jobConfigOf(seq: number): Promise<BacktestJobConfig | undefined> {
  const job = await getBacktestJobBySeq(database(), seq);
  return job ? readJobConfig(job.config) : undefined;
}

/** Cancels jobs: PENDING ones never start, RUNNING ones stop. */
export async function cancelJobs(ids: readonly string[]): Promise<void> {
  try {
    await cancelBacktestJobs(database(), ids);
  } catch (e) {
    reportWriteError(e);
  }
  for (const id of ids) tasks.get(id)?.abort.abort();
}

/** Cancels every PENDING and RUNNING job. */
export async function cancelAllJobs(): Promise<void> {
  try {
    await cancelAllBacktestJobs(database());
  } catch (e) {
    reportWriteError(e);
  }
  for (const task of tasks.values()) task.abort.abort();
}

/** Queues FAILED or CANCELLED jobs again (same numbers). */
export async function retryJobs(ids: readonly string[]): Promise<void> {
  try {
    await retryBacktestJobs(database(), ids);
  } catch (e) {
    reportWriteError(e);
  }
  void pump();
}

/** Queues every FAILED job again. */
export async function retryFailedJobs(): Promise<void> {
  try {
    const failed = await listBacktestJobs(database(), { status: 'FAILED' });
    await retryJobs(failed.map((j) => j.id));
  } catch (e) {
    reportWriteError(e);
  }
}

/** Headline numbers of a completed job, from the summary stored with it. */
export interface JobHeadline {
  trades: number;
  roiPct: number | null;
  winRate: number | null;
  /** Null when undefined; see `profitFactorInfinite`. */
  profitFactor: number | null;
  /** True when there was profit and no losing trade (shown as ∞). */
  profitFactorInfinite: boolean;
  maxDrawdownPct: number | null;
}

/** A job as the Backtests page lists it (without its configuration's bulk, such as a script). */
export interface JobView {
  id: string;
  seq: number;
  name: string;
  batch: string | null;
  status: JobStatus;
  progress: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  strategy: string;
  from: number | null;
  to: number | null;
  headline: JobHeadline | null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function toView(j: BacktestJobRecord): JobView {
  const c = j.config as Partial<BacktestJobConfig>;
  const summary = c.report?.summary;
  let headline: JobHeadline | null = null;
  if (j.status === 'COMPLETED' && summary) {
    const trades = num(summary.trades) ?? 0;
    const winRate = num(summary.winRate);
    const profitFactor = num(summary.profitFactor);
    headline = {
      trades,
      roiPct: num(summary.roiPct),
      winRate,
      profitFactor,
      profitFactorInfinite: profitFactor === null && trades > 0 && winRate === 1,
      maxDrawdownPct: num(summary.maxDrawdownPct),
    };
  }
  return {
    id: j.id,
    seq: j.seq,
    name: j.name,
    batch: j.batch,
    status: j.status,
    progress: j.progress,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    exchange: String(c.exchange ?? ''),
    symbols: Array.isArray(c.symbols) ? c.symbols.map(String) : [],
    timeframe: c.timeframe as Timeframe,
    strategy: String(c.strategy ?? ''),
    from: num(c.from),
    to: num(c.to),
    headline,
  };
}

/** What the monitor and the job list show. */
export interface QueueState {
  /** False until the first read. */
  loaded: boolean;
  counts: Record<JobStatus, number>;
  total: number;
  /** The current page of jobs, newest first. */
  rows: JobView[];
  /** The RUNNING jobs, oldest first. */
  running: JobView[];
  /** Time of the last change seen (UTC ms). */
  updatedAt: number;
}

const NO_COUNTS: Record<JobStatus, number> = { PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 0 };

/**
 * The queue as the page shows it, kept current from the database (changes made by any tab or
 * worker): counts by status, the RUNNING jobs, and page `page()` of the job list (newest first,
 * `pageSize` rows). Rows keep their identity across updates, so only changed cells re-render.
 * Call inside a component.
 */
export function createQueueState(page: Accessor<number>, pageSize: number): QueueState {
  const [state, setState] = createStore<QueueState>({
    loaded: false,
    counts: { ...NO_COUNTS },
    total: 0,
    rows: [],
    running: [],
    updatedAt: 0,
  });
  createEffect(() => {
    const p = page();
    const db = database();
    const sub = observeQuery(async () => {
      const q = await readBacktestQueue(db, p * pageSize, pageSize);
      return { counts: q.counts, rows: q.page.map(toView), running: q.running.map(toView).sort((a, b) => a.seq - b.seq) };
    }).subscribe((v) => {
      const total = Object.values(v.counts).reduce((a, b) => a + b, 0);
      setState({ loaded: true, counts: v.counts, total, updatedAt: Date.now() });
      setState('rows', reconcile(v.rows, { key: 'id' }));
      setState('running', reconcile(v.running, { key: 'id' }));
    });
    onCleanup(() => sub.unsubscribe());
  });
  return state;
}

/** What a selection of job numbers is for. */
export type SelectionAction = 'open' | 'compare' | 'volatility';

/** The outcome of {@link resolveSelection}: where to go, or why not. */
export type SelectionResult = { ok: true; seqs: number[]; href: string } | { ok: false; error: string };

/** Most backtests the compare page shows. */
export const MAX_COMPARE = 6;

function listSeqs(seqs: readonly number[]): string {
  const shown = seqs.slice(0, 5).map((s) => `#${s}`);
  return seqs.length > 5 ? `${shown.join(', ')} and ${seqs.length - 5} more` : shown.join(', ');
}

/**
 * Checks a selection typed as `1 2 5-8 10` for an action and gives the page to open: `open`
 * needs exactly one existing job (`/backtests/<seq>`); `compare` 2–6 completed jobs
 * (`/backtests/compare?ids=1,3`); `volatility` existing jobs, at least one completed
 * (`/backtests/volatility?ids=1-12`; the report lists the others as left out). Bad syntax, numbers
 * that do not exist and jobs that are not completed are refused with the reason.
 */
export async function resolveSelection(text: string, action: SelectionAction): Promise<SelectionResult> {
  let seqs: number[];
  try {
    seqs = parseIdRanges(text);
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
  if (seqs.length === 0) return { ok: false, error: 'ids: none given (type job numbers like 1 2 5-8 10)' };
  if (action === 'open' && seqs.length !== 1) {
    return { ok: false, error: `ids: "${text.trim()}" selects ${seqs.length} backtests; Open report takes exactly one` };
  }
  if (action === 'compare' && (seqs.length < 2 || seqs.length > MAX_COMPARE)) {
    return { ok: false, error: `ids: "${text.trim()}" selects ${seqs.length} backtest${seqs.length === 1 ? '' : 's'}; Compare takes 2 to ${MAX_COMPARE}` };
  }
  let jobs: Array<BacktestJobRecord | undefined>;
  try {
    jobs = await getBacktestJobsBySeq(database(), seqs);
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
  const missing = seqs.filter((_, i) => jobs[i] === undefined);
  if (missing.length > 0) {
    return { ok: false, error: `ids: ${listSeqs(missing)} ${missing.length === 1 ? 'does' : 'do'} not exist` };
  }
  const notDone = jobs.filter((j): j is BacktestJobRecord => j !== undefined && j.status !== 'COMPLETED');
  if (action === 'compare' && notDone.length > 0) {
    const j = notDone[0];
    return { ok: false, error: `ids: #${j.seq} is ${j.status}, not completed (Compare needs results)` };
  }
  if (action === 'volatility' && notDone.length === seqs.length) {
    return { ok: false, error: `ids: none of ${listSeqs(seqs)} is completed yet` };
  }
  const list = formatIdRanges(seqs).replaceAll(' ', ',');
  const href =
    action === 'open' ? `/backtests/${seqs[0]}` : action === 'compare' ? `/backtests/compare?ids=${list}` : `/backtests/volatility?ids=${list}`;
  return { ok: true, seqs, href };
}

/**
 * Annualised realised volatility (%) of stored series of one exchange over a window, measured in
 * a compute worker on each symbol's 1h closes (or `timeframe` when no 1h series is stored).
 */
export async function measureVolatility(
  args: { exchange: string; symbols: string[]; timeframe: Timeframe; from: number | null; to: number | null },
  signal?: AbortSignal,
): Promise<SeriesVolatility[]> {
  return interactiveComputeWorker().run('seriesVolatility', args, signal ? { signal } : {});
}
