/**
 * Technical indicators on Float64Array columns (batch and streaming), their registry, and
 * candlestick pattern detection.
 *
 * Every batch function makes one pass and allocates nothing inside its loop (only its outputs,
 * plus an index array for the deque-based ones and a small ring for `hma` and
 * `realizedVolatility`); it returns arrays as long as its inputs, NaN during warm-up, and throws
 * `RangeError("<field>: <value> is not …")` on bad parameters. A period longer than the input
 * gives all-NaN output. NaN inputs follow the rule documented in each module (`restart` for
 * windowed and recursive indicators, `skip` for OBV and VWAP; see `NanRule`). Each has a
 * streaming twin (`create…Stream`) whose `next`/`update` return bit for bit the batch values.
 */
export { sma, ema, wma, hma, volumeSma, hmaLengths } from './moving-averages';
export { createSmaStream, createEmaStream, createWmaStream, createHmaStream, createVolumeSmaStream } from './moving-averages';
export { rsi, macd, stochastic, createRsiStream, createMacdStream, createStochasticStream } from './oscillators';
export type { MacdPoint, StochasticPoint } from './oscillators';
export { atr, bollinger, realizedVolatility, createAtrStream, createBollingerStream, createRealizedVolatilityStream } from './volatility';
export type { BollingerPoint } from './volatility';
export { adx, createAdxStream } from './trend';
export type { AdxPoint } from './trend';
export { highest, lowest, createHighestStream, createLowestStream } from './extremes';
export { obv, vwap, createObvStream, createVwapStream } from './volume';
export { ColumnMemo, memoColumn } from './column-memo';
export type { ColumnScope } from './column-memo';
export type { IndicatorStream, ValueBar, HlcBar, CloseVolumeBar, VwapBar } from './stream';
export { INDICATORS, getIndicator, resolveParams, computeIndicator } from './registry';
export type {
  IndicatorDef,
  IndicatorName,
  IndicatorParamSpec,
  IndicatorInputSpec,
  IndicatorOutputSpec,
  IndicatorParams,
  GenericIndicatorStream,
  NanRule,
} from './registry';
export { PATTERNS, detectPattern, getPattern } from './patterns';
export type { PatternName, PatternDef, PatternDirection } from './patterns';
