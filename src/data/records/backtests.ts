import type { BacktestConfigSnapshot, BacktestJobResult } from '../../core/backtest/job';
import type { JobStatus } from './common';

export type { BacktestConfigSnapshot } from '../../core/backtest/job';

/** A queued or finished backtest (small; the result is stored apart). */
export interface BacktestJobRecord {
  id: string;
  /** The job's number as users see and select it (`#12`, `1 2 5-8`): 1, 2, 3, … in creation order. */
  seq: number;
  name: string;
  /** Jobs submitted together (a batch), or null. */
  batch: string | null;
  /** The configuration as submitted (see `BacktestJobConfig`), with the run's `report` once completed. */
  config: BacktestConfigSnapshot;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

/** The output of a completed backtest (trades, equity points, metrics), keyed by its job. */
export interface BacktestResultRecord extends BacktestJobResult {
  jobId: string;
  createdAt: number;
}
