import type { Timeframe } from '../../core/candles/timeframe';
import type { Trade } from '../../core/backtest/trade';
import type { EquitySeries, JobStatus, MetricValues } from './common';

/** The backtest configuration as submitted; the named fields are what list screens show. */
export interface BacktestConfigSnapshot {
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  strategy: string;
  [key: string]: unknown;
}

/** A queued or finished backtest (small; the result is stored apart). */
export interface BacktestJobRecord {
  id: string;
  /** The job's number as users see and select it (`#12`, `1 2 5-8`): 1, 2, 3, … in creation order. */
  seq: number;
  name: string;
  /** Jobs submitted together (a batch), or null. */
  batch: string | null;
  config: BacktestConfigSnapshot;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

/** The output of a completed backtest, keyed by its job. */
export interface BacktestResultRecord {
  jobId: string;
  trades: Trade[];
  equity: EquitySeries;
  metrics: MetricValues;
  /** Breakdown name (`direction`, `symbol`, …) → group → metrics. */
  breakdowns: Record<string, Record<string, MetricValues>>;
  createdAt: number;
}
