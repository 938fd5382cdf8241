import { Dexie } from 'dexie';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import type { BacktestJobResult } from '../../core/backtest/job';
import type { BacktestConfigSnapshot, BacktestJobRecord, BacktestResultRecord } from '../records/backtests';
import { JOB_STATUSES, type JobStatus } from '../records/common';
import { requireInRange, requireOneOf, requireString } from '../validate';
import { listJobs, updateExisting } from './common';

/**
 * A new job record, checked: `prefix` names the input in error messages (`name`, `jobs[3].name`).
 * A finished job (an imported result) is COMPLETED with progress 1; otherwise it is PENDING.
 * Its `seq` is set by {@link nextSeq} inside the transaction that stores it.
 */
function jobRecord(
  input: { name: string; config: BacktestConfigSnapshot },
  prefix: string,
  batch: string | null,
  now: number,
  finished = false,
): BacktestJobRecord {
  requireString(`${prefix}name`, input?.name);
  if (typeof input.config !== 'object' || input.config === null) throw invalid(`${prefix}config: ${String(input.config)} is not an object`);
  requireString(`${prefix}config.strategy`, input.config.strategy);
  return {
    id: newId('bt'),
    seq: 0,
    name: input.name,
    batch,
    config: input.config,
    status: finished ? 'COMPLETED' : 'PENDING',
    progress: finished ? 1 : 0,
    createdAt: now,
    startedAt: finished ? now : null,
    finishedAt: finished ? now : null,
    error: null,
  };
}

/** The number after the highest job number stored (call inside the transaction that adds the job). */
async function nextSeq(db: CandlelabDb): Promise<number> {
  const last = await db.backtestJobs.orderBy('seq').last();
  return (last?.seq ?? 0) + 1;
}

/** Queues a backtest (PENDING). */
export async function createBacktestJob(
  db: CandlelabDb,
  input: { name: string; config: BacktestConfigSnapshot; batch?: string | null },
  now = Date.now(),
): Promise<BacktestJobRecord> {
  const job = jobRecord(input, '', input.batch ?? null, now);
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      job.seq = await nextSeq(db);
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

/**
 * Deletes jobs and their results in one transaction, except RUNNING ones (a worker is writing
 * them: cancel first). Returns the ids deleted and those left because they were running.
 */
export async function deleteBacktestJobs(db: CandlelabDb, ids: readonly string[]): Promise<{ deleted: string[]; running: string[] }> {
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, db.backtestResults, async () => {
      const jobs = await db.backtestJobs.bulkGet([...ids]);
      const deleted: string[] = [];
      const running: string[] = [];
      for (const j of jobs) {
        if (j === undefined) continue;
        if (j.status === 'RUNNING') running.push(j.id);
        else deleted.push(j.id);
      }
      await db.backtestResults.bulkDelete(deleted);
      await db.backtestJobs.bulkDelete(deleted);
      return { deleted, running };
    }),
  );
}

/** One batch as a list names it: its id, how many jobs it holds, their number range and when it was queued. */
export interface BatchSummary {
  batch: string;
  count: number;
  firstSeq: number;
  lastSeq: number;
  createdAt: number;
}

/** Every batch, newest first. */
export async function listBatches(db: CandlelabDb): Promise<BatchSummary[]> {
  return guard(db, async () => {
    const out = new Map<string, BatchSummary>();
    await db.backtestJobs.where('batch').above('').each((j) => {
      const b = j.batch!;
      const s = out.get(b);
      if (!s) out.set(b, { batch: b, count: 1, firstSeq: j.seq, lastSeq: j.seq, createdAt: j.createdAt });
      else {
        s.count++;
        s.firstSeq = Math.min(s.firstSeq, j.seq);
        s.lastSeq = Math.max(s.lastSeq, j.seq);
        s.createdAt = Math.min(s.createdAt, j.createdAt);
      }
    });
    return [...out.values()].sort((a, b) => b.createdAt - a.createdAt || b.lastSeq - a.lastSeq);
  });
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

/** One job of {@link createBacktestJobs}. */
export interface BacktestJobInput {
  name: string;
  config: BacktestConfigSnapshot;
}

/**
 * Queues several backtests (PENDING) in one transaction: they get consecutive numbers (`seq`) in
 * the order given, all share `batch`, and either all are stored or none is.
 */
export async function createBacktestJobs(
  db: CandlelabDb,
  inputs: readonly BacktestJobInput[],
  batch: string | null = null,
  now = Date.now(),
): Promise<BacktestJobRecord[]> {
  if (!Array.isArray(inputs)) throw invalid(`jobs: ${String(inputs)} is not an array`);
  if (batch !== null) requireString('batch', batch);
  const jobs = inputs.map((input, i) => jobRecord(input, `jobs[${i}].`, batch, now));
  if (jobs.length === 0) return [];
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      let seq = await nextSeq(db);
      for (const job of jobs) job.seq = seq++;
      await db.backtestJobs.bulkAdd(jobs);
      return jobs;
    }),
  );
}

/** The head of the queue: the PENDING job created first (the lowest number among equal times), if any. */
export async function nextPendingBacktestJob(db: CandlelabDb): Promise<BacktestJobRecord | undefined> {
  return (await nextPendingBacktestJobs(db, 1))[0];
}

/**
 * The first `count` PENDING jobs in queue order (creation time, then number), leaving out the ids
 * in `exclude` (jobs already handed to a worker), read in one transaction.
 */
export async function nextPendingBacktestJobs(db: CandlelabDb, count: number, exclude: Iterable<string> = []): Promise<BacktestJobRecord[]> {
  requireInRange('count', count, 0, 10_000);
  const skip = new Set(exclude);
  return guard(db, () =>
    db.transaction('r', db.backtestJobs, async () => {
      const out: BacktestJobRecord[] = [];
      let after: number | null = null;
      while (out.length < count) {
        const first: BacktestJobRecord | undefined = await db.backtestJobs
          .where('[status+createdAt]')
          .between(['PENDING', after ?? Dexie.minKey], ['PENDING', Dexie.maxKey], after === null, true)
          .first();
        if (first === undefined) break;
        const group = await db.backtestJobs.where('[status+createdAt]').equals(['PENDING', first.createdAt]).toArray();
        group.sort((a, b) => a.seq - b.seq);
        for (const j of group) if (!skip.has(j.id) && out.length < count) out.push(j);
        after = first.createdAt;
      }
      return out;
    }),
  );
}

/** Jobs with these user-facing numbers, in the order asked; undefined where there is none. */
export async function getBacktestJobsBySeq(db: CandlelabDb, seqs: readonly number[]): Promise<Array<BacktestJobRecord | undefined>> {
  return guard(db, async () => {
    const found = await db.backtestJobs.where('seq').anyOf([...seqs]).toArray();
    const bySeq = new Map(found.map((j) => [j.seq, j] as const));
    return seqs.map((s) => bySeq.get(s));
  });
}

/** Number of jobs in each status. */
export async function countBacktestJobsByStatus(db: CandlelabDb): Promise<Record<JobStatus, number>> {
  return guard(db, async () => {
    const out = {} as Record<JobStatus, number>;
    for (const s of JOB_STATUSES) {
      out[s] = await db.backtestJobs.where('[status+createdAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]).count();
    }
    return out;
  });
}

/**
 * Moves job `id` from PENDING to RUNNING (progress 0, `startedAt` now) in one transaction.
 * Returns false, changing nothing, when the job is not PENDING (cancelled, taken, deleted).
 */
export async function startBacktestJob(db: CandlelabDb, id: string, now = Date.now()): Promise<boolean> {
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const job = await db.backtestJobs.get(id);
      if (job?.status !== 'PENDING') return false;
      await db.backtestJobs.update(id, { status: 'RUNNING', progress: 0, startedAt: now, finishedAt: null, error: null });
      return true;
    }),
  );
}

/** Sets the progress (0..1) of a RUNNING job; returns false, changing nothing, when it is not RUNNING. */
export async function setBacktestJobProgress(db: CandlelabDb, id: string, progress: number): Promise<boolean> {
  requireInRange('progress', progress, 0, 1);
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const job = await db.backtestJobs.get(id);
      if (job?.status !== 'RUNNING') return false;
      await db.backtestJobs.update(id, { progress });
      return true;
    }),
  );
}

/**
 * Stores a job's result, marks the job COMPLETED (progress 1, `finishedAt`) and merges `config`
 * into its configuration snapshot, in one transaction, but only while the job is RUNNING: a job
 * cancelled, requeued or deleted meanwhile is left as it is and nothing is stored (returns false).
 */
export async function completeRunningBacktestJob(
  db: CandlelabDb,
  result: BacktestResultRecord,
  config: Partial<BacktestConfigSnapshot> = {},
  now = Date.now(),
): Promise<boolean> {
  requireString('jobId', result.jobId);
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, db.backtestResults, async () => {
      const job = await db.backtestJobs.get(result.jobId);
      if (job?.status !== 'RUNNING') return false;
      await db.backtestJobs.update(result.jobId, {
        status: 'COMPLETED',
        progress: 1,
        finishedAt: now,
        error: null,
        config: { ...job.config, ...config },
      });
      await db.backtestResults.put(result);
      return true;
    }),
  );
}

/**
 * Marks a RUNNING (or still PENDING: its worker failed before starting it) job FAILED with
 * `error`; returns false, changing nothing, when it is in neither status.
 */
export async function failBacktestJob(db: CandlelabDb, id: string, error: string, now = Date.now()): Promise<boolean> {
  requireString('error', error);
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const job = await db.backtestJobs.get(id);
      if (job?.status !== 'RUNNING' && job?.status !== 'PENDING') return false;
      await db.backtestJobs.update(id, { status: 'FAILED', finishedAt: now, error });
      return true;
    }),
  );
}

/** Marks the PENDING or RUNNING jobs among `ids` CANCELLED in one transaction; returns the ids changed. */
export async function cancelBacktestJobs(db: CandlelabDb, ids: readonly string[], now = Date.now()): Promise<string[]> {
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const jobs = await db.backtestJobs.bulkGet([...ids]);
      const changed: string[] = [];
      for (const job of jobs) {
        if (job === undefined || (job.status !== 'PENDING' && job.status !== 'RUNNING')) continue;
        await db.backtestJobs.update(job.id, { status: 'CANCELLED', finishedAt: now, error: null });
        changed.push(job.id);
      }
      return changed;
    }),
  );
}

/** Marks every PENDING and RUNNING job CANCELLED in one transaction; returns the ids changed. */
export async function cancelAllBacktestJobs(db: CandlelabDb, now = Date.now()): Promise<string[]> {
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const active: string[] = [];
      for (const status of ['PENDING', 'RUNNING'] as const) {
        const keys = await db.backtestJobs
          .where('[status+createdAt]')
          .between([status, Dexie.minKey], [status, Dexie.maxKey])
          .primaryKeys();
        active.push(...keys);
      }
      for (const id of active) await db.backtestJobs.update(id, { status: 'CANCELLED', finishedAt: now, error: null });
      return active;
    }),
  );
}

/**
 * Queues the FAILED and CANCELLED jobs among `ids` again (PENDING, progress 0, timings and error
 * cleared) in one transaction; returns the ids changed. A requeued job keeps its number.
 */
export async function retryBacktestJobs(db: CandlelabDb, ids: readonly string[]): Promise<string[]> {
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, async () => {
      const jobs = await db.backtestJobs.bulkGet([...ids]);
      const changed: string[] = [];
      for (const job of jobs) {
        if (job === undefined || (job.status !== 'FAILED' && job.status !== 'CANCELLED')) continue;
        await db.backtestJobs.update(job.id, { status: 'PENDING', progress: 0, startedAt: null, finishedAt: null, error: null });
        changed.push(job.id);
      }
      return changed;
    }),
  );
}

/**
 * Adds a finished job with its result (an imported result file) in one transaction: the job gets
 * the next `seq`, status COMPLETED and progress 1, and its result is stored under its id, so the
 * job never exists without its result. Returns the stored job.
 */
export async function importBacktestResult(
  db: CandlelabDb,
  input: { name: string; config: BacktestConfigSnapshot },
  result: BacktestJobResult,
  now = Date.now(),
): Promise<BacktestJobRecord> {
  const job = jobRecord(input, '', null, now, true);
  const record: BacktestResultRecord = { ...result, jobId: job.id, createdAt: now };
  return guard(db, () =>
    db.transaction('rw', db.backtestJobs, db.backtestResults, async () => {
      job.seq = await nextSeq(db);
      await db.backtestJobs.add(job);
      await db.backtestResults.add(record);
      return job;
    }),
  );
}

/** One page of jobs, highest number (newest) first: `limit` jobs after skipping `offset`. */
export async function listBacktestJobsPage(db: CandlelabDb, offset: number, limit: number): Promise<BacktestJobRecord[]> {
  requireInRange('offset', offset, 0, Number.MAX_SAFE_INTEGER);
  requireInRange('limit', limit, 1, 10_000);
  return guard(db, () => db.backtestJobs.orderBy('seq').reverse().offset(offset).limit(limit).toArray());
}

/** What the queue monitor shows, read in one transaction. */
export interface BacktestQueueSnapshot {
  counts: Record<JobStatus, number>;
  /** Page of jobs, highest number first. */
  page: BacktestJobRecord[];
  /** RUNNING jobs, in submission order. */
  running: BacktestJobRecord[];
}

/**
 * Counts by status, one page of jobs (newest first) and the RUNNING jobs, read in a single
 * read-only transaction, so the snapshot is consistent and waits for concurrent writes once.
 */
export async function readBacktestQueue(db: CandlelabDb, offset: number, limit: number): Promise<BacktestQueueSnapshot> {
  requireInRange('offset', offset, 0, Number.MAX_SAFE_INTEGER);
  requireInRange('limit', limit, 1, 10_000);
  return guard(db, () =>
    db.transaction('r', db.backtestJobs, async () => {
      const counts = {} as Record<JobStatus, number>;
      const range = (s: JobStatus) => db.backtestJobs.where('[status+createdAt]').between([s, Dexie.minKey], [s, Dexie.maxKey]);
      const [n, page, running] = await Promise.all([
        Promise.all(JOB_STATUSES.map((s) => range(s).count())),
        db.backtestJobs.orderBy('seq').reverse().offset(offset).limit(limit).toArray(),
        range('RUNNING').toArray(),
      ]);
      JOB_STATUSES.forEach((s, i) => (counts[s] = n[i]));
      return { counts, page, running };
    }),
  );
}
