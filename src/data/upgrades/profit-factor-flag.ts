/**
 * Schema version 3: every completed backtest's run summary (`config.report.summary`) gets
 * `profitFactorInfinite`, decided by the engine's rule (`isInfiniteProfitFactor`) on the stored
 * metrics, so the job list shows ∞ exactly where the report does. A summary with a finite profit
 * factor or no trades is decided without reading the result.
 */
import type { Transaction } from 'dexie';
import { isInfiniteProfitFactor } from '../../core/metrics/compute';

interface StoredJob {
  id: string;
  config?: { report?: { summary?: Record<string, unknown> } };
}

export async function addProfitFactorFlag(tx: Transaction): Promise<void> {
  const jobs = tx.table<StoredJob, string>('backtestJobs');
  const results = tx.table<{ jobId: string; metrics?: Record<string, number | null> }, string>('backtestResults');
  const pending = (await jobs.toArray()).filter((j) => {
    const s = j.config?.report?.summary;
    return s !== null && typeof s === 'object' && typeof s.profitFactorInfinite !== 'boolean';
  });
  for (const job of pending) {
    const summary = job.config!.report!.summary!;
    let infinite = false;
    if (summary.profitFactor === null && summary.trades !== 0) {
      const metrics = (await results.get(job.id))?.metrics;
      infinite = metrics !== undefined && isInfiniteProfitFactor(metrics);
    }
    summary.profitFactorInfinite = infinite;
    await jobs.put(job);
  }
}
