import type { Timeframe } from '../../core/candles/timeframe';
import type { CandleColumns } from '../../core/candles/types';
import { writeCandles } from '../candles-repo';
import type { CandlelabDb } from '../db';
import { DataError, guard, invalid } from '../errors';
import { newId } from '../ids';
import { BACKFILL_KINDS, REJECTED_EXAMPLES, type BackfillJobRecord, type BackfillKind, type CandleSeriesRecord, type RejectedCandle, type SeriesKey } from '../records/candles';
import { JOB_STATUSES, type JobStatus, type TimeRange } from '../records/common';
import { requireInRange, requireNumber, requireOneOf, requireString, requireTimeframe } from '../validate';
import { listJobs, updateExisting } from './common';

export interface BackfillJobInput {
  exchange: string;
  symbols: string[];
  timeframes: Timeframe[];
  range: { from: number; to: number | null };
  /** How the range was asked for (default 'range'). */
  kind?: BackfillKind;
  /** For kind 'lastN': candles asked for per series. */
  lastN?: number | null;
  /** Per-series first open time, where it differs from `range.from` (e.g. "last N candles" per timeframe). */
  starts?: ReadonlyArray<{ symbol: string; timeframe: Timeframe; from: number }>;
}

/**
 * Queues a backfill: PENDING, progress 0, one cursor per symbol × timeframe at `range.from` (or
 * the series' own start from `starts`).
 */
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
  const kind = input.kind === undefined ? 'range' : requireOneOf('kind', input.kind, BACKFILL_KINDS);
  if (input.lastN !== undefined && input.lastN !== null && !(Number.isInteger(input.lastN) && input.lastN > 0)) {
    throw invalid(`lastN: ${input.lastN} is not a positive integer`);
  }
  const starts = new Map<string, number>();
  (input.starts ?? []).forEach((s, i) => {
    requireNumber(`starts[${i}].from`, s.from);
    starts.set(`${s.symbol}\u0000${s.timeframe}`, s.from);
  });
  const job: BackfillJobRecord = {
    id: newId('bf'),
    exchange: input.exchange,
    symbols: [...input.symbols],
    timeframes: [...input.timeframes],
    range: { from: input.range.from, to: input.range.to },
    status: 'PENDING',
    progress: 0,
    cursors: input.symbols.flatMap((symbol) =>
      input.timeframes.map((timeframe) => {
        const from = starts.get(`${symbol}\u0000${timeframe}`) ?? input.range.from;
        return from === input.range.from ? { symbol, timeframe, cursor: from, done: false } : { symbol, timeframe, cursor: from, done: false, from };
      }),
    ),
    error: null,
    createdAt: now,
    updatedAt: now,
    kind,
    lastN: input.lastN ?? null,
    candles: 0,
    errorCode: null,
  };
  return guard(db, async () => {
    await db.backfillJobs.add(job);
    return job;
  });
}

export async function getBackfillJob(db: CandlelabDb, id: string): Promise<BackfillJobRecord | undefined> {
  return guard(db, () => db.backfillJobs.get(id));
}

export type BackfillJobPatch = Partial<Pick<BackfillJobRecord, 'status' | 'progress' | 'cursors' | 'error' | 'errorCode'>>;

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

/** Jobs that were queued or running when their tab closed (PENDING or RUNNING), oldest first. */
export async function listResumableBackfillJobs(db: CandlelabDb): Promise<BackfillJobRecord[]> {
  const [running, pending] = await Promise.all([listBackfillJobs(db, 'RUNNING'), listBackfillJobs(db, 'PENDING')]);
  return [...running, ...pending].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** One fetched page of a backfill series, and where the series' cursor goes after it. */
export interface BackfillPageInput {
  jobId: string;
  key: SeriesKey;
  /** Clean, closed candles (ascending, on the grid); may be empty. */
  candles: CandleColumns;
  /** Open-time ranges the exchange answered with no candle (kept where no candle is stored). */
  confirmedEmpty?: readonly TimeRange[];
  /** Next open time to fetch for this series. */
  cursor: number;
  /** True when the series has nothing more to fetch. */
  done: boolean;
  /** Rows of the page that failed candle hygiene. */
  rejected?: number;
  /** Some of those rows, as examples (the job keeps the first `REJECTED_EXAMPLES`). */
  rejectedExamples?: readonly RejectedCandle[];
  /** Open-time ranges the exchange answered empty without confirming it (see `CandleSeriesRecord.unconfirmed`). */
  unconfirmed?: readonly TimeRange[];
  /** The job's overall progress after this page, 0..1. */
  progress: number;
  now?: number;
}

/**
 * Stores a backfill page and moves the series' cursor in ONE transaction: the candles (merged into
 * their chunks, series record updated as by `writeCandles`) and the job record land together or
 * not at all. This is what makes resuming exact: after a crash the cursor points right after the
 * last stored candle, so nothing is fetched twice and nothing is skipped. The job must be RUNNING
 * (a job another tab cancelled or finished is left alone: INVALID). Returns both records.
 */
export async function storeBackfillPage(
  db: CandlelabDb,
  input: BackfillPageInput,
): Promise<{ job: BackfillJobRecord; series: CandleSeriesRecord | null }> {
  requireString('jobId', input.jobId);
  requireNumber('cursor', input.cursor);
  requireInRange('progress', input.progress, 0, 1);
  const now = input.now ?? Date.now();
  const n = input.candles.time.length;
  return guard(db, () =>
    db.transaction('rw', db.candleChunks, db.candleSeries, db.backfillJobs, async () => {
      const job = await db.backfillJobs.get(input.jobId);
      if (!job) throw new DataError('NOT_FOUND', `backfill job ${JSON.stringify(input.jobId)} not found`);
      if (job.status !== 'RUNNING') throw invalid(`backfill job ${JSON.stringify(input.jobId)} is ${job.status}, not RUNNING`);
      const i = job.cursors.findIndex((c) => c.symbol === input.key.symbol && c.timeframe === input.key.timeframe);
      if (i < 0 || job.exchange !== input.key.exchange) {
        throw invalid(`key: ${input.key.exchange} ${input.key.symbol} ${input.key.timeframe} is not a series of backfill job ${input.jobId}`);
      }
      const series = await writeCandles(db, input.key, input.candles, {
        source: 'exchange',
        confirmedEmpty: input.confirmedEmpty,
        unconfirmed: input.unconfirmed,
        now,
      });
      const c = job.cursors[i];
      const unconfirmed = [...(c.unconfirmed ?? []), ...(input.unconfirmed ?? [])];
      job.cursors[i] = {
        ...c,
        cursor: input.cursor,
        done: input.done,
        fetched: (c.fetched ?? 0) + n,
        rejected: (c.rejected ?? 0) + (input.rejected ?? 0),
        ...(unconfirmed.length > 0 ? { unconfirmed } : {}),
      };
      const examples = input.rejectedExamples ?? [];
      if (examples.length > 0 && (job.rejectedExamples?.length ?? 0) < REJECTED_EXAMPLES) {
        job.rejectedExamples = [...(job.rejectedExamples ?? []), ...examples].slice(0, REJECTED_EXAMPLES);
      }
      job.candles = (job.candles ?? 0) + n;
      job.progress = input.progress;
      job.updatedAt = now;
      await db.backfillJobs.put(job);
      return { job, series };
    }),
  );
}
