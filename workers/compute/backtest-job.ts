/**
 * The compute worker's adapter for a queued backtest job: it reads the job and its candles from
 * the database, runs it with the job module of the engine (`src/core/backtest/job.ts`: the
 * configuration's reader, the request it runs, what it stores) and writes the result back in one
 * transaction.
 *
 * Each symbol's series gets every stored candle up to `to` (the history before `from` warms the
 * strategy up). Higher timeframes are not read: strategies that use them resample the base series.
 */
import { jobReport, jobRequest, jobResult, readJobConfig, type BacktestJobConfig } from '../../src/core/backtest/job';
import { runBacktestRequest, type BacktestReport } from '../../src/core/backtest/request';
import type { CandleColumns } from '../../src/core/candles/types';
import { isCancellation } from '../../src/core/util/cancel';
import { formatDateTime } from '../../src/core/util/format-time';
import {
  cancelBacktestJobs,
  completeRunningBacktestJob,
  failBacktestJob,
  getBacktestJob,
  readCandles,
  startBacktestJob,
  type CandlelabDb,
  type JobStatus,
} from '../../src/data';
import type { TaskContext } from '../bridge';

/** What the worker task returns: the job's outcome and headline numbers, never its trades. */
export interface BacktestJobOutcome {
  jobId: string;
  /** The job's status after the run (COMPLETED, FAILED; or the status found when it was no longer RUNNING). */
  status: JobStatus;
  error: string | null;
  trades: number | null;
  roiPct: number | null;
  winRate: number | null;
  profitFactor: number | null;
  maxDrawdownPct: number | null;
  /** Time spent in the worker, in ms. */
  ms: number;
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Reads each symbol's candles up to `to` (inclusive); throws naming a symbol with none stored. */
export async function readJobCandles(db: CandlelabDb, config: BacktestJobConfig, ctx?: Pick<TaskContext, 'checkpoint'>): Promise<CandleColumns[]> {
  const out: CandleColumns[] = [];
  const to = config.to ?? null;
  for (const symbol of config.symbols) {
    const c = await readCandles(db, { exchange: config.exchange, symbol, timeframe: config.timeframe }, undefined, to === null ? undefined : to + 1);
    if (c.time.length === 0) {
      throw new RangeError(
        `config.symbols: ${show(symbol)} has no stored ${config.exchange} ${config.timeframe} candles${to === null ? '' : ` up to ${formatDateTime(to)}`}`,
      );
    }
    out.push(c);
    await ctx?.checkpoint();
  }
  return out;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Share of the progress bar given to reading candles, and to storing the result. */
const READ_SHARE = 0.05;
const STORE_SHARE = 0.05;
const STEPS = 1000;

/**
 * Runs job `jobId`: with `start`, first moves it from PENDING to RUNNING (so a job waiting for a
 * free worker counts as PENDING until it really starts); otherwise the queue has marked it
 * RUNNING. Then reads its configuration and candles, runs the backtest with progress and
 * cancellation, and stores the result with status COMPLETED (and the run's `report` in the
 * configuration) in one transaction.
 * A run that fails marks the job FAILED with the error message (naming the field and value) and
 * resolves with that outcome; a cancelled run marks it CANCELLED and rethrows the cancellation.
 * A job no longer RUNNING (cancelled or requeued meanwhile) is left as it is. Every write happens
 * only while the job is still RUNNING.
 */
export async function executeBacktestJob(
  db: CandlelabDb,
  jobId: string,
  ctx: Pick<TaskContext, 'progress' | 'signal' | 'checkpoint'>,
  clock: () => number = Date.now,
  start = false,
): Promise<BacktestJobOutcome> {
  if (typeof jobId !== 'string' || jobId === '') throw new TypeError(`jobId: ${show(jobId)} is not a job id`);
  const t0 = clock();
  const outcome = (status: JobStatus, error: string | null, report?: BacktestReport): BacktestJobOutcome => ({
    jobId,
    status,
    error,
    trades: report ? report.trades.length : null,
    roiPct: report?.metrics.roiPct ?? null,
    winRate: report?.metrics.winRate ?? null,
    profitFactor: report?.metrics.profitFactor ?? null,
    maxDrawdownPct: report?.metrics.maxDrawdownPct ?? null,
    ms: clock() - t0,
  });
  if (start) await startBacktestJob(db, jobId, clock());
  const job = await getBacktestJob(db, jobId);
  if (job === undefined) throw new RangeError(`jobId: ${show(jobId)} is not a stored backtest job`);
  if (job.status !== 'RUNNING') return outcome(job.status, job.error);
  const step = (fraction: number, phase: string) =>
    ctx.progress({ done: Math.min(STEPS, Math.round(fraction * STEPS)), total: STEPS, phase });
  try {
    step(0, 'read');
    const config = readJobConfig(job.config);
    const candles = await readJobCandles(db, config, ctx);
    step(READ_SHARE, 'backtest');
    const report = runBacktestRequest(jobRequest(config, candles), {
      onProgress: (done, total) => step(READ_SHARE + (1 - READ_SHARE - STORE_SHARE) * (total > 0 ? done / total : 1), 'backtest'),
      signal: ctx.signal,
    });
    await ctx.checkpoint();
    step(1 - STORE_SHARE, 'store');
    const now = clock();
    const stored = await completeRunningBacktestJob(db, { ...jobResult(report), jobId, createdAt: now }, { report: jobReport(report) }, now);
    step(1, 'done');
    if (!stored) {
      const after = await getBacktestJob(db, jobId);
      return outcome(after?.status ?? 'CANCELLED', after?.error ?? null);
    }
    return outcome('COMPLETED', null, report);
  } catch (e) {
    if (isCancellation(e)) {
      await cancelBacktestJobs(db, [jobId], clock());
      throw e;
    }
    const message = messageOf(e);
    await failBacktestJob(db, jobId, message, clock());
    const now = await getBacktestJob(db, jobId);
    return outcome(now?.status ?? 'FAILED', now?.error ?? message);
  }
}
