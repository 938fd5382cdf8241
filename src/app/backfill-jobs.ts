/**
 * Backfill jobs, "update" and "re-fetch gaps" as the pages see them.
 *
 * Jobs live in Dexie (`backfillJobs`), so the job list is read from there and stays right across
 * reloads and tabs; this tab adds the live details of the jobs it runs (phase, ETA, retry notices).
 * Everything runs on the long-job data worker pool, so a download never delays an import or a
 * market refresh. On start-up {@link resumeMarketData} continues every job a closed tab left
 * running, from its last stored page.
 */
import { createRoot, createSignal, from, type Accessor } from 'solid-js';
import {
  deleteBackfillJob,
  getBackfillJob,
  listBackfillJobs,
  listResumableBackfillJobs,
  listSeries,
  observeQuery,
  updateBackfillJob,
  type BackfillJobRecord,
  type CandleSeriesRecord,
  type SeriesKey,
} from '../data';
import type { ExchangeId } from '../data/exchange/exchanges';
import { isWorkerTaskError, type WorkerPool } from '../../workers/bridge';
import type { BackfillProgress, BackfillResult, RefetchGapsResult } from '../../workers/data/backfill-task';
import type { DataTasks } from '../../workers/data/tasks';
import { longDataWorker } from './worker-pools';
import { database, reportWriteError } from './db-service';
import { backfillJobView, type JobFailure, type JobLive, type BackfillJobView } from './backfill-view';
import { explainError, gapDetails, retryNotice, type BackfillRequest, type GapDetail } from './exchange-text';
import { requestPersistence } from './storage-health';

export type { BackfillProgress, BackfillResult, RefetchGapsResult, JobLive, BackfillJobView };

/** A backfill asked for whose job is not stored yet (checking markets, waiting for a worker), or that failed before. */
export interface PendingStart {
  token: number;
  exchange: string;
  label: string;
  message: string;
  /** A plain sentence when it failed before a job was created (e.g. a symbol the exchange does not list). */
  error: string | null;
  errorCode: string | null;
}

interface Run {
  kind: 'start' | 'resume' | 'resumeAll' | 'update';
  controller: AbortController;
  /** The job the task is working on (known from its progress). */
  jobId: string | null;
}

const runs = new Set<Run>();
/** Why a job failed in this tab, for jobs whose record could not say it (storage full). */
const [failures, setFailures] = createSignal<Record<string, JobFailure>>({});
const [liveByJob, setLiveByJob] = createSignal<Record<string, JobLive>>({});
const [runningJobs, setRunningJobs] = createSignal<ReadonlySet<string>>(new Set());
const [pendingStarts, setPendingStarts] = createSignal<PendingStart[]>([]);
let nextToken = 1;
const startControllers = new Map<number, AbortController>();

function pool(): WorkerPool<DataTasks> {
  return longDataWorker();
}

function refreshRunning(): void {
  const s = new Set<string>();
  for (const r of runs) if (r.jobId) s.add(r.jobId);
  setRunningJobs(s);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function codeOf(e: unknown): string | null {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : null;
}

/** Progress handler of a run: records the job it is on and its live details. */
function track(run: Run): (p: BackfillProgress) => void {
  return (p) => {
    if (!p || typeof p.jobId !== 'string') return;
    if (run.jobId !== p.jobId) {
      const prev = run.jobId;
      run.jobId = p.jobId;
      if (prev) dropLive(prev);
      refreshRunning();
    }
    const id = p.jobId;
    setLiveByJob((m) => {
      const before = m[id];
      const retry = p.retry ? retryNotice(p.retry) : null;
      return {
        ...m,
        [id]: {
          phase: p.phase,
          message: p.message ?? '',
          fraction: p.fraction,
          candles: p.candles,
          etaMs: p.etaMs,
          series: p.series,
          retryNotice: p.phase === 'waiting' ? retry ?? before?.retryNotice ?? null : null,
          retries: (before?.retries ?? 0) + (retry ? 1 : 0),
        },
      };
    });
  };
}

/** `m` without the entry of `key` (`m` itself when it has none). */
function omit<T>(m: Record<string, T>, key: string): Record<string, T> {
  if (!(key in m)) return m;
  const next = { ...m };
  delete next[key];
  return next;
}

function dropLive(jobId: string): void {
  setLiveByJob((m) => omit(m, jobId));
}

/** Runs a task on the long-job pool as `run`, keeping the live state in step. */
async function execute<R>(run: Run, task: (signal: AbortSignal, onProgress: (p: BackfillProgress) => void) => Promise<R>): Promise<R> {
  runs.add(run);
  refreshRunning();
  if (run.jobId) forgetFailure(run.jobId);
  try {
    return await task(run.controller.signal, track(run));
  } catch (e) {
    const id = run.jobId;
    if (id && !isWorkerTaskError(e, 'CANCELLED')) setFailures((m) => ({ ...m, [id]: { code: codeOf(e), message: messageOf(e) } }));
    throw e;
  } finally {
    runs.delete(run);
    if (run.jobId) dropLive(run.jobId);
    refreshRunning();
  }
}

function forgetFailure(jobId: string): void {
  setFailures((m) => omit(m, jobId));
}

function describeRequest(r: BackfillRequest): string {
  return `${r.symbols.join(', ')} × ${r.timeframes.join(', ')}`;
}

function setStart(token: number, patch: Partial<PendingStart> | null): void {
  setPendingStarts((list) => (patch === null ? list.filter((s) => s.token !== token) : list.map((s) => (s.token === token ? { ...s, ...patch } : s))));
}

/**
 * Starts a backfill job (see `startBackfill` of the data worker). The exchange checks every symbol
 * and timeframe first; a symbol it does not list fails at once and shows as a pending start with
 * the reason. Resolves when the job ends (whatever its outcome: see the job list).
 */
export async function startBackfill(request: BackfillRequest): Promise<void> {
  const token = nextToken++;
  const label = describeRequest(request);
  setPendingStarts((list) => [...list, { token, exchange: request.exchange, label, message: 'Checking the markets…', error: null, errorCode: null }]);
  const run: Run = { kind: 'start', controller: new AbortController(), jobId: null };
  const args = {
    exchange: request.exchange as ExchangeId,
    symbols: request.symbols,
    timeframes: request.timeframes,
    ...(request.lastN !== undefined ? { lastN: request.lastN } : { from: request.from, to: request.to ?? null }),
  };
  startControllers.set(token, run.controller);
  try {
    await execute(run, (signal, onProgress) =>
      pool().run('startBackfill', args, {
        signal,
        onProgress: (p) => {
          const bp = p as BackfillProgress;
          if (typeof bp.jobId === 'string') setStart(token, null);
          else setStart(token, { message: bp.message ?? 'Starting…' });
          onProgress(bp);
        },
      }),
    );
    setStart(token, null);
    void requestPersistence();
  } catch (e) {
    if (run.jobId !== null || isWorkerTaskError(e, 'CANCELLED')) {
      setStart(token, null);
    } else {
      const code = codeOf(e);
      setStart(token, { error: explainError(code, messageOf(e), { exchange: request.exchange, symbols: request.symbols, timeframe: request.timeframes[0] }), errorCode: code, message: '' });
    }
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
  } finally {
    startControllers.delete(token);
  }
}

/** Stops a backfill that has no job yet (still checking markets or waiting for a worker). */
export function cancelStart(token: number): void {
  startControllers.get(token)?.abort();
}

/** Removes a failed start from the list. */
export function dismissStart(token: number): void {
  setStart(token, null);
}

/** Backfills asked for in this tab whose job is not stored yet, and those that failed before. */
export { pendingStarts };

let resumeAll: Run | null = null;

/**
 * Continues every backfill job a closed, crashed or reloaded tab left PENDING or RUNNING, each
 * from its last stored page. Call once at start-up, after the database is open. Does nothing (and
 * starts no worker) when there is nothing to resume.
 */
export async function resumeMarketData(): Promise<void> {
  if (resumeAll) return;
  let pending: BackfillJobRecord[];
  try {
    pending = await listResumableBackfillJobs(database());
  } catch {
    return;
  }
  if (pending.length === 0) return;
  const run: Run = { kind: 'resumeAll', controller: new AbortController(), jobId: null };
  resumeAll = run;
  let cancelled = false;
  try {
    await execute(run, (signal, onProgress) => pool().run('resumeBackfills', {}, { signal, onProgress: (p) => onProgress(p as BackfillProgress) }));
    void requestPersistence();
  } catch (e) {
    cancelled = isWorkerTaskError(e, 'CANCELLED');
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
  } finally {
    resumeAll = null;
  }
  // Cancelling stops the job in hand; the others it had queued carry on.
  if (cancelled) void resumeMarketData();
}

/** Continues a cancelled, failed or interrupted job from its cursors. */
export async function resumeJob(jobId: string): Promise<void> {
  if (runningJobs().has(jobId)) return;
  const run: Run = { kind: 'resume', controller: new AbortController(), jobId };
  try {
    await execute(run, (signal, onProgress) => pool().run('resumeBackfill', { jobId }, { signal, onProgress: (p) => onProgress(p as BackfillProgress) }));
    void requestPersistence();
  } catch (e) {
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
  }
}

/**
 * Cancels a job: the task running it stops after the page in hand (the job becomes CANCELLED and
 * can be resumed). A job queued or left running by another tab is marked CANCELLED directly.
 */
export async function cancelJob(jobId: string): Promise<void> {
  for (const r of runs) {
    if (r.jobId === jobId) {
      r.controller.abort();
      return;
    }
  }
  try {
    const job = await getBackfillJob(database(), jobId);
    if (job && (job.status === 'PENDING' || job.status === 'RUNNING')) {
      await updateBackfillJob(database(), jobId, { status: 'CANCELLED', error: 'Cancelled; resume to continue from where it stopped', errorCode: 'CANCELLED' });
    }
  } catch (e) {
    reportWriteError(e);
  }
}

/** Removes a finished, failed or cancelled job from the list (the candles it stored stay). */
export async function removeJob(jobId: string): Promise<void> {
  if (runningJobs().has(jobId)) return;
  try {
    await deleteBackfillJob(database(), jobId);
  } catch (e) {
    reportWriteError(e);
  }
}

function createJobStore() {
  return createRoot(() => {
    const stored = from(observeQuery(() => listBackfillJobs(database())));
    const list = (): BackfillJobView[] | undefined => {
      const jobs = stored();
      if (jobs === undefined) return undefined;
      const live = liveByJob();
      const here = runningJobs();
      const failed = failures();
      return [...jobs].reverse().map((j) => backfillJobView(j, live[j.id], here.has(j.id), failed[j.id] ?? null));
    };
    return { list };
  });
}

let jobStore: ReturnType<typeof createJobStore> | undefined;

/** Every backfill job, newest first, with live details for those this tab runs; undefined while first read. */
export function backfillJobs(): BackfillJobView[] | undefined {
  jobStore ??= createJobStore();
  return jobStore.list();
}

/** What a series action (update, re-fetch gaps) is doing or did. */
export interface SeriesActionState {
  kind: 'update' | 'refetch';
  running: boolean;
  message: string;
  error: string | null;
}

const [seriesActions, setSeriesActions] = createSignal<Record<string, SeriesActionState>>({});

function seriesKeyString(k: SeriesKey): string {
  return `${k.exchange}:${k.symbol}:${k.timeframe}`;
}

/** The update / re-fetch state of a series, null when none ran in this tab. */
export function seriesAction(k: SeriesKey): SeriesActionState | null {
  return seriesActions()[seriesKeyString(k)] ?? null;
}

function setAction(k: SeriesKey, s: SeriesActionState): void {
  setSeriesActions((m) => ({ ...m, [seriesKeyString(k)]: s }));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "Update": fetches only the candles newer than the series' last stored one. */
export async function updateSeries(k: SeriesKey): Promise<void> {
  if (seriesAction(k)?.running) return;
  const key = { exchange: k.exchange, symbol: k.symbol, timeframe: k.timeframe };
  setAction(key, { kind: 'update', running: true, message: 'Fetching newer candles…', error: null });
  const run: Run = { kind: 'update', controller: new AbortController(), jobId: null };
  try {
    const r = await execute(run, (signal, onProgress) =>
      pool().run('updateSeries', { ...key, exchange: key.exchange as ExchangeId }, { signal, onProgress: (p) => onProgress(p as BackfillProgress) }),
    );
    setAction(key, { kind: 'update', running: false, message: r.jobId === null ? 'Already up to date.' : `Fetched ${plural(r.candles, 'new candle')}.`, error: null });
  } catch (e) {
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
    setAction(key, { kind: 'update', running: false, message: '', error: `Update failed. ${explainError(codeOf(e), messageOf(e), { exchange: key.exchange, symbols: [key.symbol], timeframe: key.timeframe })}` });
  }
}

/** "Re-fetch gaps": asks the exchange again for every open gap; what it confirms empty is recorded. */
export async function refetchGaps(k: SeriesKey): Promise<void> {
  if (seriesAction(k)?.running) return;
  const key = { exchange: k.exchange, symbol: k.symbol, timeframe: k.timeframe };
  setAction(key, { kind: 'refetch', running: true, message: 'Asking the exchange again for the missing candles…', error: null });
  try {
    const r = await pool().run('refetchGaps', { ...key, exchange: key.exchange as ExchangeId }, {
      onProgress: (p) => setAction(key, { kind: 'refetch', running: true, message: p.message ?? 'Re-fetching gaps…', error: null }),
    });
    const confirmed = r.gapsBefore - r.gapsAfter;
    setAction(key, {
      kind: 'refetch',
      running: false,
      message:
        r.gapsBefore === 0
          ? 'No open gaps to re-fetch.'
          : `Re-fetched ${plural(r.gapsBefore, 'gap')}: ${plural(r.filled, 'candle')} found; ${plural(confirmed, 'gap')} closed or confirmed empty, ${plural(r.gapsAfter, 'gap')} still open.`,
      error: null,
    });
  } catch (e) {
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
    setAction(key, { kind: 'refetch', running: false, message: '', error: `Re-fetch failed. ${explainError(codeOf(e), messageOf(e), { exchange: key.exchange, symbols: [key.symbol], timeframe: key.timeframe })}` });
  }
}

let seriesRecords: Accessor<Map<string, CandleSeriesRecord> | undefined> | undefined;

function records(): Map<string, CandleSeriesRecord> | undefined {
  seriesRecords ??= createRoot(() =>
    from(
      observeQuery(async () => {
        const m = new Map<string, CandleSeriesRecord>();
        for (const s of await listSeries(database())) m.set(seriesKeyString(s), s);
        return m;
      }),
    ),
  );
  return seriesRecords();
}

/** A series' gaps with what the exchange confirmed empty; undefined while first read or when not stored. */
export function seriesGaps(k: SeriesKey): GapDetail[] | undefined {
  const s = records()?.get(seriesKeyString(k));
  return s ? gapDetails(s.gaps, s.confirmedEmpty, s.timeframe, s.unconfirmed ?? [], { first: s.first, last: s.last }) : undefined;
}

/** How many of a series' gaps the exchange confirmed empty (entirely). */
export function confirmedGapCount(k: SeriesKey): number {
  return (seriesGaps(k) ?? []).filter((g) => g.status === 'confirmed').length;
}
