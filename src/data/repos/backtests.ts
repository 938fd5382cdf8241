import { Dexie } from 'dexie';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import type { BacktestConfigSnapshot, BacktestJobRecord, BacktestResultRecord } from '../records/backtests';
import { JOB_STATUSES, type JobStatus } from '../records/common';
import { requireInRange, requireOneOf, requireString } from '../validate';
import { listJobs, updateExisting } from './common';

/** Queues a backtest (PENDING). */
export async function createBacktestJob(
  db: CandlelabDb,
  input: { name: string; config: BacktestConfigSnapshot; batch?: string | null },
  now = Date.now(),
): Promise<BacktestJobRecord> {
  requireString('name', input.name);
  if (typeof input.config !== 'object' || input.config === null) throw invalid(`config: ${String(input.config)} is not an object`);
  requireString('config.strategy', input.config.strategy);
  const job: BacktestJobRecord = {
    id: newId('bt'),
    seq: 0,
    name: input.name,
    batch: input.batch ?? null,
    config: input.config,
    status: 'PENDING',
    progress: 0,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const last = await db.backtestJobs.orderBy('seq').last();
      job.seq = (last?.seq ?? 0) + 1;
      await db.backtestJobs.add(job);
      return job;
    }),
  );
}

/** The job with the user-facing number `seq`. */
export async function getBacktestJobBySeq(db: CandlelabDb, seq: number): Promise<BacktestJobRecord | undefined> {
  return guard(db, () => db.backtestJobs.where('seq').equals(seq).first());
}

export async function getBacktestJob(db: CandlelabDb, id: string): Promise<BacktestJobRecord | undefined> {
  return guard(db, () => db.backtestJobs.get(id));
}

export type BacktestJobPatch = Partial<Pick<BacktestJobRecord, 'status' | 'progress' | 'startedAt' | 'finishedAt' | 'error' | 'name'>>;

export async function updateBacktestJob(db: CandlelabDb, id: string, patch: BacktestJobPatch): Promise<void> {
  if (patch.status !== undefined) requireOneOf('status', patch.status, JOB_STATUSES);
  if (patch.progress !== undefined) requireInRange('progress', patch.progress, 0, 1);
  return guard(db, () => updateExisting(db.backtestJobs, id, patch, 'backtest job'));
}

/** Jobs in submission order (the queue), or newest first; only those in `status` when given. */
export async function listBacktestJobs(db: CandlelabDb, opts: { status?: JobStatus; newestFirst?: boolean } = {}): Promise<BacktestJobRecord[]> {
  return guard(db, () => listJobs(db.backtestJobs, opts.status, opts.newestFirst));
}

/** Jobs of one batch, in submission order. */
export async function listBatchJobs(db: CandlelabDb, batch: string): Promise<BacktestJobRecord[]> {
  return guard(db, async () => (await db.backtestJobs.where('batch').equals(batch).toArray()).sort((a, b) => a.createdAt - b.createdAt));
}

/**
 * Stores a job's result and marks the job COMPLETED (progress 1, finishedAt) in one
 * transaction, so a completed job always has its result.
 */
export async function completeBacktestJob(db: CandlelabDb, result: BacktestResultRecord, now = Date.now()): Promise<void> {
  requireString('jobId', result.jobId);
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, db.backtestResults, async () => {
      await updateExisting(db.backtestJobs, result.jobId, { status: 'COMPLETED', progress: 1, finishedAt: now, error: null }, 'backtest job');
      await db.backtestResults.put(result);
    }),
  );
}

export async function getBacktestResult(db: CandlelabDb, jobId: string): Promise<BacktestResultRecord | undefined> {
  return guard(db, () => db.backtestResults.get(jobId));
}

/** Results of several jobs (compare screen), in the order asked; undefined where missing. */
export async function getBacktestResults(db: CandlelabDb, jobIds: readonly string[]): Promise<Array<BacktestResultRecord | undefined>> {
  return guard(db, () => db.backtestResults.bulkGet([...jobIds]));
}

/** Deletes a job and its result in one transaction. */
export async function deleteBacktestJob(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, db.backtestResults, async () => {
      await db.backtestResults.delete(id);
      await db.backtestJobs.delete(id);
    }),
  );
}

/** Marks every RUNNING job PENDING again (after a reload interrupted them); returns how many. */
export async function requeueInterruptedBacktests(db: CandlelabDb): Promise<number> {
  return guard(db, () =>
    db.backtestJobs
      .where('[status+createdAt]')
      .between(['RUNNING', Dexie.minKey], ['RUNNING', Dexie.maxKey])
      .modify({ status: 'PENDING', progress: 0, startedAt: null }),
  );
}
