import type { TradeResult } from './compute';

/** What `computeMetrics` reads. */
export interface MetricsInput {
  /** Initial capital `C0` (a positive finite number). */
  initialCapital: number;
  /** Closed trades, in any order (runs are counted in exit-time order). */
  trades: readonly TradeResult[];
  /**
   * Equity curve times (UTC ms, non-decreasing): `t_0` first, then one time per bar (the bar's open
   * time). Same length as `equityValue`, at least one point.
   */
  equityTime: ArrayLike<number>;
  /** Equity curve values: `C0` first, then the equity at the close of each bar. */
  equityValue: ArrayLike<number>;
  /** Bars with at least one open position. */
  barsInMarket: number;
  /** All bars of the run. */
  totalBars: number;
}

/**
 * Every metric of docs/metrics.md. `null` means undefined (a division by zero, too few points, or
 * a result that is not a finite number). A profit factor with no losing trade and some profit is
 * also `null`; `isInfiniteProfitFactor` tells it apart and `formatMetric` shows it as "∞".
 */
export interface Metrics {
  totalTrades: number | null;
  wins: number | null;
  losses: number | null;
  breakeven: number | null;
  winRate: number | null;
  grossProfit: number | null;
  grossLoss: number | null;
  totalPnl: number | null;
  totalFees: number | null;
  roiPct: number | null;
  finalEquity: number | null;
  profitFactor: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  largestWin: number | null;
  largestLoss: number | null;
  payoffRatio: number | null;
  expectancy: number | null;
  maxDrawdownPct: number | null;
  maxDrawdown: number | null;
  maxDrawdownDurationMs: number | null;
  cagrPct: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  sqn: number | null;
  kelly: number | null;
  exposurePct: number | null;
  avgTradeDurationMs: number | null;
  maxConsecutiveWins: number | null;
  maxConsecutiveLosses: number | null;
}

export type MetricKey = keyof Metrics;

/**
 * Metrics as stored and written to files: metric name (docs/metrics.md) → value, null where
 * undefined. A {@link Metrics} object is one; a record read back may hold any names.
 */
export type MetricRecord = Record<string, number | null>;

/** Breakdown name (`direction`, `symbol`, …) → group key (as text) → metrics of the group's trades. */
export type BreakdownRecord = Record<string, Record<string, MetricRecord>>;

/** How a metric's value is shown. */
export type MetricFormat = 'int' | 'pct' | 'fraction-pct' | 'money' | 'ratio' | 'duration';

/** Which direction of a metric is the good one (`none`: neither). */
export type MetricBetter = 'higher' | 'lower' | 'none';

export interface MetricDefinition {
  key: MetricKey;
  label: string;
  /** One line, for hover help. */
  explanation: string;
  format: MetricFormat;
  better: MetricBetter;
}
