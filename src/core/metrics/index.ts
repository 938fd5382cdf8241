/**
 * Metrics of docs/metrics.md: `computeMetrics` for a whole run, `computeBreakdowns` for subsets of
 * the trades, `METRIC_DEFINITIONS` and `formatMetric` for display.
 */
export type { MetricsInput, Metrics, MetricKey, MetricRecord, BreakdownRecord, MetricFormat, MetricBetter, MetricDefinition } from './types';
export {
  BREAKEVEN_EPSILON,
  computeMetrics,
  computeTradeMetrics,
  isInfiniteProfitFactor,
  type ProfitFactorInputs,
  nullMetrics,
  tradeOutcome,
  type TradeResult,
} from './compute';
export { METRIC_DEFINITIONS, metricDefinition } from './definitions';
export {
  formatMetric,
  formatValue,
  formatDuration,
  formatBarDuration,
  formatPrice,
  stepDecimals,
  PRICE_SIGNIFICANT_DIGITS,
  SAME_BAR_TEXT,
  UNDEFINED_TEXT,
  INFINITE_TEXT,
} from './format';
export type { FormatOptions } from './format';
export type { Breakdowns, BreakdownGroup } from './breakdowns';
export {
  computeBreakdowns,
  breakdownsToRecord,
  utcHour,
  utcWeekday,
  utcMonth,
  DIRECTIONS,
  CONFIDENCE_LEVELS,
  WEEKDAY_LABELS,
  MONTH_LABELS,
} from './breakdowns';
