import type { Timeframe } from '../../core/candles/timeframe';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import type { BackfillJobRecord } from '../records/candles';
import { JOB_STATUSES, type JobStatus } from '../records/common';
import { requireInRange, requireNumber, requireOneOf, requireString, requireTimeframe } from '../validate';
import { listJobs, updateExisting } from './common';

export interface BackfillJobInput {
  exchange: string;
  symbols: string[];
  timeframes: Timeframe[];
  range: { from: number; to: number | null };
}

/** Queues a backfill: PENDING, progress 0, one cursor per symbol × timeframe at `range.from`. */
export async function createBackfillJob(db: CandlelabDb, input: BackfillJobInput, now = Date.now()): Promise<BackfillJobRecord> {
  requireString('exchange', input.exchange);
  if (!Array.isArray(input.symbols) || input.symbols.length === 0) throw invalid(`symbols: ${JSON.stringify(input.symbols)} is not a non-empty list`);
  input.symbols.forEach((s, i) => requireString(`symbols[${i}]`, s));
  if (!Array.isArray(input.timeframes) || input.timeframes.length === 0) throw invalid(`timeframes: ${JSON.stringify(input.timeframes)} is not a non-empty list`);
  input.timeframes.forEach((tf, i) => requireTimeframe(`timeframes[${i}]`, tf));
  requireNumber('range.from', input.range?.from);
  if (input.range.to !== null) {
    requireNumber('range.to', input.range.to);
    if (input.range.to < input.range.from) throw invalid(`range.to: ${input.range.to} is before range.from ${input.range.from}`);
  }
  const job: BackfillJobRecord = {
    id: newId('bf'),
    exchange: input.exchange,
    symbols: [...input.symbols],
    timeframes: [...input.timeframes],
    range: { from: input.range.from, to: input.range.to },
    status: 'PENDING',
    progress: 0,
    cursors: input.symbols.flatMap((symbol) =>
      input.timeframes.map((timeframe) => ({ symbol, timeframe, cursor: input.range.from, done: false })),
    ),
    error: null,
    createdAt: now,
    updatedAt: now,
  };
  return guard(db, async () => {
    await db.backfillJobs.add(job);
    return job;
  });
}

export async function getBackfillJob(db: CandlelabDb, id: string): Promise<BackfillJobRecord | undefined> {
  return guard(db, () => db.backfillJobs.get(id));
}

export type BackfillJobPatch = Partial<Pick<BackfillJobRecord, 'status' | 'progress' | 'cursors' | 'error'>>;

/** Updates a job's state (and `updatedAt`); NOT_FOUND when it does not exist. */
export async function updateBackfillJob(db: CandlelabDb, id: string, patch: BackfillJobPatch, now = Date.now()): Promise<void> {
  if (patch.status !== undefined) requireOneOf('status', patch.status, JOB_STATUSES);
  if (patch.progress !== undefined) requireInRange('progress', patch.progress, 0, 1);
  return guard(db, () => updateExisting(db.backfillJobs, id, { ...patch, updatedAt: now }, 'backfill job'));
}

/** Jobs in submission order; only those with `status` when given. */
export async function listBackfillJobs(db: CandlelabDb, status?: JobStatus): Promise<BackfillJobRecord[]> {
  return guard(db, () => listJobs(db.backfillJobs, status));
}

export async function deleteBackfillJob(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () => db.backfillJobs.delete(id));
}
