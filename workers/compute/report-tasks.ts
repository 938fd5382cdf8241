/**
 * Report tasks of the compute workers: the report of a completed backtest built where its result
 * is read, so the page gets transferred columns instead of cloning thousands of trades on its
 * thread (see `src/core/reports/backtest-report.ts`). `backtestReport` gives what the page shows
 * at once; `backtestReportDetails` the rest, from the result the first task read (kept for it).
 */
import type { BacktestJobResult } from '../../src/core/backtest/job';
import {
  backtestReportDetails,
  backtestReportView,
  type BacktestReportDetails,
  type BacktestReportView,
} from '../../src/core/reports/backtest-report';
import { readJobConfig } from '../../src/core/backtest/job';
import type { CandleColumns } from '../../src/core/candles/types';
import { normaliseSymbol } from '../../src/core/strategy/scripted';
import { getBacktestJob, getBacktestJobBySeq, getBacktestResult, readCandles, type BacktestConfigSnapshot, type CandlelabDb } from '../../src/data';
import { defineTask, transferResult } from '../bridge';
import { workerDb } from '../data/db-connection';

/** The report of a completed backtest, with the job it belongs to. */
export interface BacktestReportAnswer {
  jobId: string;
  finishedAt: number | null;
  view: BacktestReportView;
}

/** The last result read, for the details that follow its report. */
let last: { jobId: string; config: BacktestConfigSnapshot; result: BacktestJobResult } | undefined;

/** The report of backtest `seq`, or null when no completed backtest with that number has a stored result. */
export async function backtestReport(db: CandlelabDb, seq: number): Promise<BacktestReportAnswer | null> {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`seq: ${String(seq)} is not a job number`);
  const job = await getBacktestJobBySeq(db, seq);
  if (job === undefined || job.status !== 'COMPLETED') return null;
  const result = await getBacktestResult(db, job.id);
  if (result === undefined) return null;
  last = { jobId: job.id, config: job.config, result };
  return { jobId: job.id, finishedAt: job.finishedAt, view: backtestReportView(job.config, result) };
}

/** The details of completed backtest `jobId` (breakdowns, entry heat, reasons), or null when it has no stored result. */
export async function backtestReportDetailsOf(db: CandlelabDb, jobId: string): Promise<BacktestReportDetails | null> {
  if (typeof jobId !== 'string' || jobId === '') throw new RangeError(`jobId: ${String(jobId)} is not a job id`);
  if (last?.jobId !== jobId) {
    const [job, result] = await Promise.all([getBacktestJob(db, jobId), getBacktestResult(db, jobId)]);
    if (job === undefined || result === undefined) return null;
    last = { jobId, config: job.config, result };
  }
  const { config, result } = last;
  last = undefined;
  const candles = await windowCandles(db, config, result);
  return backtestReportDetails(config, result, (symbol) => candles.get(normaliseSymbol(symbol)));
}

/**
 * Each symbol's stored candles of the run's timeframe over the run's window (its first equity
 * time to its last), by normalised symbol; symbols without stored candles are left out, as is
 * everything for a configuration that cannot be read.
 */
async function windowCandles(db: CandlelabDb, config: BacktestConfigSnapshot, result: BacktestJobResult): Promise<Map<string, CandleColumns>> {
  const out = new Map<string, CandleColumns>();
  const time = result.equity.time;
  if (time.length === 0) return out;
  let job;
  try {
    job = readJobConfig(config);
  } catch {
    return out;
  }
  for (const symbol of job.symbols) {
    const c = await readCandles(db, { exchange: job.exchange, symbol, timeframe: job.timeframe }, time[0], time[time.length - 1] + 1);
    if (c.time.length > 0) out.set(normaliseSymbol(symbol), c);
  }
  return out;
}

/** Tasks to spread into the compute worker's task map. */
export const reportTasks = {
  /** See {@link backtestReport}; the view's buffers are transferred. */
  backtestReport: defineTask(async (args: { seq: number }) => transferResult(await backtestReport(await workerDb(), args?.seq))),
  /** See {@link backtestReportDetailsOf}; the heat table's buffers are transferred. */
  backtestReportDetails: defineTask(async (args: { jobId: string }) => transferResult(await backtestReportDetailsOf(await workerDb(), args?.jobId))),
};

export type ReportTasks = typeof reportTasks;
