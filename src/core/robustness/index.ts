/**
 * The robustness lab's engine: Monte Carlo of a backtest's trades, parameter optimisation (grid,
 * random, model-based) with overfitting statistics (PBO, DSR), and walk-forward analysis with
 * re-optimisation. Every evaluation runs through the one backtest entry point.
 */
export * from './stats';
export * from './monte-carlo';
export * from './param-space';
export * from './objective';
export * from './evaluation';
export * from './session';
export * from './optimiser/optimiser';
export { MAX_GRID_POINTS } from './optimiser/grid';
export { TPE_GAMMA, TPE_CANDIDATES } from './optimiser/tpe';
export * from './optimisation-run';
export * from './walk-forward';
export * from './dsr';
export * from './pbo';
export * from './analysis';
export * from './results-file';
