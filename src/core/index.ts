/**
 * The engine's public surface: what the workers, the command line, the paper bot and tests use to
 * run backtests and read their results. Pure functions and plain data; see `README.md` beside this
 * file for a backtest in a few lines.
 */
export * from './backtest';
export * from './metrics';
export * from './strategy';
export * from './indicators';
export { TIMEFRAMES, isTimeframe, parseTimeframe, timeframeMs, candleOpenTime, nextOpenTime, type Timeframe } from './candles/timeframe';
export { CANDLE_FIELDS, emptyCandles, sliceCandles, type CandleColumns, type CandleField } from './candles/types';
export { lowerBound, upperBound, partitionPoint } from './util/binary-search';
export { cleanCandles, findGaps, type RawCandleRows, type HygieneReport, type CleanOptions, type Gap } from './candles/hygiene';
export { parseStandardCsv } from './candles/csv';
export { formatStandardCsvRows, STANDARD_CSV_HEADER } from './candles/csv-writer';
export { resample, canResample } from './candles/resample';
export { biasCheck, type BiasReport, type BiasCheckOptions, type BiasDifference } from './bias/bias-check';
export { annualisedVolatility, volatilityGroup, DEFAULT_VOLATILITY_THRESHOLDS, type VolatilityGroup } from './reports/volatility';
export { TRADING_DEFAULTS, INITIAL_BALANCE_RANGE } from './defaults';
