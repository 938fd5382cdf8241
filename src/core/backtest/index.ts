/** The backtester: configuration, the portfolio engine (fill model in `engine.ts`) and trades. */
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
export { EXIT_REASONS } from './trade';
