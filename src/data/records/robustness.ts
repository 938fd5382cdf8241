import type { StrategyParams } from '../../core/strategy/types';
import type { EquityColumns, JobStatus, MetricRecord, TimeRange } from './common';

/** Lifecycle fields every robustness run has. */
export interface RunState {
  id: string;
  name: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
}

export interface Histogram {
  metric: string;
  /** Bin edges, one more than counts. */
  edges: number[];
  counts: number[];
}

/** Monte Carlo resampling of a backtest's trades. */
export interface MonteCarloRunRecord extends RunState {
  sourceBacktestId: string;
  method: string;
  runs: number;
  seed: number;
  /** Metric → percentile label (`p5`, `p50`, …) → value. */
  summary: Record<string, Record<string, number | null>> | null;
  distributions: Histogram[];
  /** Fraction of runs that hit the ruin threshold. */
  riskOfRuin: number | null;
  /** Fan chart: step index → equity percentile bands (label → values per step). */
  fan: { step: Float64Array; bands: Record<string, Float64Array> } | null;
}

export interface WalkForwardWindow {
  inSample: TimeRange;
  outOfSample: TimeRange;
  params: StrategyParams;
  inSampleMetrics: MetricRecord;
  outOfSampleMetrics: MetricRecord;
}

export interface WalkForwardRunRecord extends RunState {
  config: Record<string, unknown>;
  windows: WalkForwardWindow[];
  summary: { efficiency: number | null; equity: EquityColumns; metrics: MetricRecord } | null;
}

/** One parameter's search range: numeric bounds or a list of values. */
export type ParamRange = { min: number; max: number; step?: number } | { values: Array<number | boolean | string> };

export interface OptimisationEvaluation {
  params: StrategyParams;
  metrics: MetricRecord;
}

/** "Smart tuning": a search over a strategy's parameters. */
export interface OptimisationRunRecord extends RunState {
  strategy: string;
  space: Record<string, ParamRange>;
  method: string;
  objective: string;
  constraints: Record<string, number | string | boolean>;
  evaluations: OptimisationEvaluation[];
  best: OptimisationEvaluation | null;
  /** E.g. probability of backtest overfitting, deflated Sharpe. */
  overfitting: Record<string, number | null> | null;
}
