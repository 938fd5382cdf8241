/**
 * The backtester: configuration, the portfolio engine (fill model in `engine.ts`), trades, the
 * request a form, worker or command line runs, the job module that queues and stores it, the
 * result file and the trades CSV.
 */
export type { Sizing, SizingKind, BacktestConfig } from './config';
export {
  SIZING_KINDS,
  DEFAULT_BACKTEST_CONFIG,
  parseSizing,
  formatSizing,
  validateSizing,
  validateBacktestConfig,
} from './config';
export type {
  BacktestSeries,
  BacktestInput,
  BacktestHooks,
  SkippedSignal,
  BacktestResult,
} from './engine';
export { runBacktest } from './engine';
export type { Trade, ExitReason } from './trade';
export { EXIT_REASONS, copyTrade } from './trade';
export type {
  BacktestStrategySpec,
  BacktestRequestSeries,
  BacktestRequest,
  ReportStrategy,
  ReportSeries,
  BacktestSummary,
  SummaryHeadline,
  BacktestReport,
  RequestStrategy,
} from './request';
export { runBacktestRequest, resolveRequestStrategy, serializeReport, summaryHeadline } from './request';
export { canonicalJson } from './canonical-json';
export { checkCandleSpacing } from './candle-spacing';
export { runMetrics, recomputeMetrics, sameMetricValue, type RunMetricsInput } from './recompute-metrics';
export { equityColumns, equityPoints, type EquityColumns, type EquityPoint } from './equity';
export type { BacktestConfigSnapshot, BacktestJobConfig, BacktestJobReport, BacktestJobResult } from './job';
export { JobConfigError, readJobConfig, jobInitialCapital, jobRequest, jobReport, jobResult } from './job';
export type { ResultFile, ResultFileInput } from './result-file';
export {
  RESULT_FILE_FORMAT,
  RESULT_FILE_VERSION,
  RESULT_FILE_INVALID,
  ResultFileError,
  validateResultFile,
  parseResultFile,
  buildResultFile,
  resultOfFile,
  serializeResultFile,
  strategyOfConfig,
} from './result-file';
export { TRADES_CSV_COLUMNS, tradesCsv, summariseReason } from './trades-csv';
export { fileSlug, resultFileName, tradesCsvFileName } from './file-names';
