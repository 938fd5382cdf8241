/**
 * The backtest queue's runner: batches of jobs persisted in the database, run on the compute
 * worker pool. Commands that change the queue are in `backtest-commands.ts`, the list the page
 * shows in `backtest-list.ts`.
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
import { createSignal } from 'solid-js';
import {
  cancelBacktestJobs,
  failBacktestJob,
  getBacktestJob,
  listBacktestJobs,
  nextPendingBacktestJob,
  nextPendingBacktestJobs,
  observeQuery,
  requeueInterruptedBacktests,
  setBacktestJobProgress,
} from '../data';
import { isWorkerTaskError, type Progress } from '../../workers/bridge';
import { computePool, computePoolSize } from './worker-pools';
import { database, reportWriteError } from './db-service';

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
    if (s.hasPending) void wakeQueue();
  });
  void wakeQueue();
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
 * The worker marks a job RUNNING when it starts it. Runner tab only; call it when jobs were queued.
 */
export async function wakeQueue(): Promise<void> {
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
      void wakeQueue();
    });
}

/** Stops the tasks of jobs `ids` this tab runs (their jobs are marked CANCELLED by the caller). */
export function stopTasks(ids: readonly string[]): void {
  for (const id of ids) tasks.get(id)?.abort.abort();
}

/** Stops every task this tab runs. */
export function stopAllTasks(): void {
  for (const task of tasks.values()) task.abort.abort();
}
