import type { EvalDetail } from '../../core/robustness/session';
import type { ParamRange } from '../../core/robustness/param-space';
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
  /** The whole configuration (method, runs, seed, skip %, noise %, ruin drawdown %). */
  config?: Record<string, unknown>;
  /** The source backtest's own path measured the same way (final equity, drawdown, …). */
  baseline?: Record<string, number | null>;
  /** Share of runs whose max drawdown exceeded the backtest's own. */
  drawdownExceeded?: number | null;
  /** Trades resampled per run. */
  trades?: number;
}

export interface WalkForwardWindow {
  inSample: TimeRange;
  outOfSample: TimeRange;
  params: StrategyParams;
  inSampleMetrics: MetricRecord;
  outOfSampleMetrics: MetricRecord;
  /** Parameter sets evaluated in sample. */
  evaluations?: number;
  /** OOS CAGR / IS CAGR of the window. */
  efficiency?: number | null;
  /** Overfitting statistics of the window's in-sample search (pbo, dsr, …). */
  overfitting?: Record<string, number | null> | null;
}

export interface WalkForwardRunRecord extends RunState {
  config: Record<string, unknown>;
  windows: WalkForwardWindow[];
  summary: { efficiency: number | null; equity: EquityColumns; metrics: MetricRecord } | null;
  /** Each varied parameter's chosen value per window, and its spread as a share of the searched range. */
  drift?: Array<{ key: string; values: Array<number | boolean | string | null>; spread: number | null }>;
  /** Evaluations done so far, per window, so an interrupted run resumes where it stopped. */
  progressState?: { windows: WalkForwardProgressWindow[] } | null;
}

/** What a running walk-forward keeps of one window to resume: its in-sample evaluations and out-of-sample result. */
export interface WalkForwardProgressWindow {
  evaluations: OptimisationEvaluation[];
  oos: OptimisationEvaluation | null;
  oosDetail: EvalDetail | null;
}

/** One parameter's search range: numeric bounds or a list of values. */
export type { ParamRange };

export interface OptimisationEvaluation {
  params: StrategyParams;
  metrics: MetricRecord;
  /** Place in the search (candidate k). */
  index?: number;
  /** Objective under the constraints; null when undefined or a constraint is broken. */
  score?: number | null;
  /** Why the parameter set could not run. */
  error?: string | null;
  /** Daily returns of the equity curve (for PBO and the Deflated Sharpe Ratio). */
  returns?: number[];
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
  /** The whole configuration (source backtest, market, window, hold-out, optimiser settings). */
  config?: Record<string, unknown>;
  /** The best parameters over the hold-out period, when one was set. */
  holdout?: OptimisationEvaluation | null;
}
