/**
 * Analysis of trades (docs/analysis.md): the trade analysis with its stop/target diagnosis, the
 * performance analysis with recommendations and an action plan, and the analytics dashboard. Every
 * metric comes from `src/core/metrics`.
 */
export * from './trade';
export * from './query';
export * from './levels';
export * from './market-context';
export * from './diagnosis';
export * from './source';
export * from './inputs';
export * from './trade-analysis';
export * from './performance';
export * from './dashboard';
