/**
 * Commands on the backtest queue: queue a batch, run a job again, cancel and retry. Each writes the
 * database and wakes the runner (`backtest-queue.ts`), which every tab observes.
 */
import { readJobConfig, type BacktestJobConfig } from '../core/backtest/job';
import {
  cancelAllBacktestJobs,
  cancelBacktestJobs,
  createBacktestJobs,
  getBacktestJobBySeq,
  listBacktestJobs,
  newId,
  retryBacktestJobs,
} from '../data';
import { expandBatch, rerunConfig, type BatchSpec } from './backtest-batch';
import { resumeQueue, stopAllTasks, stopTasks, wakeQueue } from './backtest-queue';
import { database, reportWriteError } from './db-service';

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
  void wakeQueue();
  return { batch, seqs: stored.map((j) => j.seq) };
}

/** Queues job `seq` again as a new job with exactly the settings it ran with; returns the new number. */
export async function rerunBacktest(seq: number): Promise<number> {
  const job = await getBacktestJobBySeq(database(), seq);
  if (!job) throw new RangeError(`seq: there is no backtest #${seq}`);
  const config = rerunConfig(readJobConfig(job.config));
  const [stored] = await createBacktestJobs(database(), [{ name: job.name, config }], job.batch);
  void wakeQueue();
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
  stopTasks(ids);
}

/** Cancels every PENDING and RUNNING job. */
export async function cancelAllJobs(): Promise<void> {
  try {
    await cancelAllBacktestJobs(database());
  } catch (e) {
    reportWriteError(e);
  }
  stopAllTasks();
}

/** Queues FAILED or CANCELLED jobs again (same numbers). */
export async function retryJobs(ids: readonly string[]): Promise<void> {
  try {
    await retryBacktestJobs(database(), ids);
  } catch (e) {
    reportWriteError(e);
  }
  void wakeQueue();
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

/**
 * Queues a new job that runs backtest `seq` again exactly (its name, and the settings and complete
 * parameter set it ran with: see `rerunBacktest`), and makes sure this tab's queue is running so
 * the job starts. Resolves with the new job's number.
 */
export async function runBacktestAgain(seq: number): Promise<number> {
  try {
    const next = await rerunBacktest(seq);
    resumeQueue();
    return next;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code !== undefined) reportWriteError(e);
    throw e;
  }
}
