/**
 * A backfill job as the job list shows it: the stored record, this tab's live details, and why it
 * failed here when the record itself could not be written (storage full).
 */
import type { Timeframe } from '../core/candles/timeframe';
import type { BackfillJobRecord, BackfillKind, JobStatus, RejectedCandle, TimeRange } from '../data';
import type { BackfillProgress } from '../../workers/data/backfill-task';
import { explainError } from './exchange-text';

/** What this tab knows live about a job it is running. */
export interface JobLive {
  phase: BackfillProgress['phase'];
  message: string;
  /** Share of the range covered, 0..1. */
  fraction: number;
  candles: number;
  etaMs: number | null;
  /** The series being fetched, e.g. `BTC/USDT 1h`. */
  series: string | null;
  /** While waiting to retry: "Rate limited — retrying in 4 s (attempt 2 of 5)". */
  retryNotice: string | null;
  /** Retries this tab has seen for the job. */
  retries: number;
}

/** A backfill job as the job list shows it. */
export interface BackfillJobView {
  id: string;
  exchange: string;
  symbols: string[];
  timeframes: Timeframe[];
  range: { from: number; to: number | null };
  kind: BackfillKind;
  lastN: number | null;
  status: JobStatus;
  /** Share of the range covered, 0..1 (live when this tab runs the job). */
  fraction: number;
  candles: number;
  /** A plain sentence when the job failed or was cancelled. */
  error: string | null;
  errorCode: string | null;
  createdAt: number;
  updatedAt: number;
  /** Ranges the exchange answered empty without confirming it, per series ("Re-fetch gaps" retries them). */
  unconfirmed: Array<{ symbol: string; timeframe: Timeframe; from: number; to: number }>;
  /** Invalid candles the exchange sent (skipped), and the first few as examples. */
  rejected: number;
  rejectedExamples: RejectedCandle[];
  /** Live details when this tab runs the job, else null. */
  live: JobLive | null;
  /** This tab is running (or queueing) the job. */
  runningHere: boolean;
  canCancel: boolean;
  canResume: boolean;
}

/** Why a task failed in this tab: the worker's code and message. */
export interface JobFailure {
  code: string | null;
  message: string;
}

/**
 * The view of job `j`. `failure` is how its task failed in this tab: when the record still says
 * PENDING or RUNNING without an error (the failure could not be written, e.g. storage full), the
 * view shows the job FAILED with that reason.
 */
export function backfillJobView(j: BackfillJobRecord, live: JobLive | undefined, here: boolean, failure: JobFailure | null = null): BackfillJobView {
  const unwritten = failure !== null && !here && (j.status === 'PENDING' || j.status === 'RUNNING');
  const status: JobStatus = unwritten ? 'FAILED' : j.status;
  const active = status === 'PENDING' || status === 'RUNNING';
  const code = unwritten ? failure.code : (j.errorCode ?? null);
  const raw = unwritten ? failure.message : j.error;
  return {
    id: j.id,
    exchange: j.exchange,
    symbols: j.symbols,
    timeframes: j.timeframes,
    range: j.range,
    kind: j.kind ?? 'range',
    lastN: j.lastN ?? null,
    status,
    fraction: live && here ? Math.max(live.fraction, j.progress) : j.progress,
    candles: live && here ? Math.max(live.candles, j.candles ?? 0) : (j.candles ?? 0),
    error: raw === null ? null : explainError(code, raw, { exchange: j.exchange, symbols: j.symbols }),
    errorCode: code,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
    unconfirmed: j.cursors.flatMap((c) => (c.unconfirmed ?? []).map((r: TimeRange) => ({ symbol: c.symbol, timeframe: c.timeframe, from: r.from, to: r.to }))),
    rejected: j.cursors.reduce((n, c) => n + (c.rejected ?? 0), 0),
    rejectedExamples: j.rejectedExamples ?? [],
    live: here ? (live ?? null) : null,
    runningHere: here,
    canCancel: active,
    canResume: !here && status !== 'COMPLETED',
  };
}
