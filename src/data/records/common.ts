/** Shapes shared by several record families. */

/** Lifecycle of every queued job (backtests, backfills, robustness runs). */
export type JobStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export const JOB_STATUSES: readonly JobStatus[] = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

/** A decimal number kept exactly as a string, e.g. `"10000.00"` (the paper ledger's money). */
export type DecimalString = string;

/** Candle open times from `from` to `to`, both included (UTC ms). */
export interface TimeRange {
  from: number;
  to: number;
}

/** Metric name (docs/metrics.md) → value, and equity curves as columns: the engine's types. */
export type { MetricRecord } from '../../core/metrics/types';
export type { EquityColumns } from '../../core/backtest/equity';
