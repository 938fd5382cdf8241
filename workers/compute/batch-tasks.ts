/**
 * The results table of a batch, read in the compute worker: each job of the batch with its
 * parameters and, when completed, every stored metric (results hold thousands of trades; only
 * their metrics cross to the page).
 */
import type { BacktestJobConfig } from '../../src/core/backtest/job';
import type { BatchRow } from '../../src/core/reports/batch-table';
import { getBacktestResults, listBatchJobs, type BacktestJobRecord, type CandlelabDb } from '../../src/data';
import { defineTask } from '../bridge';
import { workerDb } from '../data/db-connection';

function rowOf(job: BacktestJobRecord, metrics: BatchRow['metrics']): BatchRow {
  const c = job.config as Partial<BacktestJobConfig>;
  const params = c.report?.strategy?.params ?? c.params ?? {};
  return {
    id: job.id,
    seq: job.seq,
    name: job.name,
    status: job.status,
    symbols: Array.isArray(c.symbols) ? c.symbols.map(String) : [],
    timeframe: String(c.timeframe ?? ''),
    strategy: String(c.strategy ?? ''),
    params: { ...params },
    metrics,
    error: job.error,
  };
}

/** The rows of batch `batch` in job-number order (empty when it has no jobs). */
export async function batchTable(db: CandlelabDb, batch: string): Promise<BatchRow[]> {
  if (typeof batch !== 'string' || batch === '') throw new RangeError(`batch: ${String(batch)} is not a batch id`);
  const jobs = (await listBatchJobs(db, batch)).sort((a, b) => a.seq - b.seq);
  const completed = jobs.filter((j) => j.status === 'COMPLETED');
  const results = await getBacktestResults(db, completed.map((j) => j.id));
  const metrics = new Map(completed.map((j, i) => [j.id, results[i]?.metrics ?? null]));
  return jobs.map((j) => rowOf(j, metrics.get(j.id) ?? null));
}

/** Tasks to spread into the compute worker's task map. */
export const batchTasks = {
  /** See {@link batchTable}. */
  batchTable: defineTask(async (args: { batch: string }) => batchTable(await workerDb(), args?.batch)),
};
