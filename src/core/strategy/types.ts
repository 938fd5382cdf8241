import type { CandleColumns } from '../candles/types';
import type { Timeframe } from '../candles/timeframe';
import type { ColumnScope } from '../indicators/column-memo';

export type Direction = 'LONG' | 'SHORT';

/** One condition a strategy checked, with what it saw and what it needed. */
export interface Reason {
  condition: string;
  value: number | string | boolean | null;
  threshold: number | string | null;
  pass: boolean;
}

/**
 * A trade idea fired on the close of bar `barIndex` (open time `time`).
 * Stop and target are distances as fractions of price (0.02 = 2 %); 0 means no such level.
 */
export interface Signal {
  symbol: string;
  time: number;
  barIndex: number;
  direction: Direction;
  /** Close of the signal bar: the reference price shown to users. */
  price: number;
  confidence: number;
  stopFraction: number;
  targetFraction: number;
  reasons: Reason[];
  strategy: string;
  preset?: string;
}

export type ParamValue = number | boolean | string;
export type StrategyParams = Record<string, ParamValue>;

/** How a parameter is described to forms and to the optimiser. */
export interface ParamSpec {
  key: string;
  label: string;
  type: 'number' | 'integer' | 'boolean' | 'select';
  default: ParamValue;
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
  description?: string;
}

export interface StrategyInput {
  symbol: string;
  timeframe: Timeframe;
  candles: CandleColumns;
  /** Stored candles of other timeframes of the same symbol, when available. */
  other?: Partial<Record<Timeframe, CandleColumns>>;
  /**
   * Columns computed before on these same candles (see `ColumnMemo`), when the caller prepares the
   * strategy many times on candles that do not change; read-only.
   */
  memo?: ColumnScope;
}

/** A number a strategy read or derived on one bar (for the chart's condition panel). */
export interface Reading {
  label: string;
  /** Null while the strategy cannot compute it yet (warm-up, no closed higher candle). */
  value: number | null;
  /** How the number reads: a price, a plain number (an oscillator, a ratio), a fraction of price (0.02 = 2 %). */
  kind: 'price' | 'number' | 'fraction';
}

/** Indicators computed once; signals read bar by bar. */
export interface PreparedStrategy {
  /** The signal fired on the close of bar i, or null. Uses only bars 0..i. */
  signalAt(i: number): Signal | null;
  /**
   * Every condition evaluated on bar i (for the chart's condition panel), ending with the rows
   * `shouldEnterLong` and `shouldEnterShort` when the strategy has such states. Uses only bars 0..i.
   */
  conditionsAt?(i: number): Reason[];
  /** The numbers behind those conditions on bar i (indicator values, stop and target levels). Uses only bars 0..i. */
  readingsAt?(i: number): Reading[];
}

export interface Strategy {
  id: string;
  name: string;
  description: string;
  params: readonly ParamSpec[];
  /** Bars of the base timeframe needed before the first signal can be valid. */
  warmup(params: StrategyParams): number;
  /** Timeframes the strategy reads besides the base one. */
  timeframes(params: StrategyParams, base: Timeframe): Timeframe[];
  prepare(input: StrategyInput, params: StrategyParams): PreparedStrategy;
}

export type ConfidenceLevel = 'VERY_HIGH' | 'HIGH' | 'MEDIUM' | 'LOW' | 'VERY_LOW';

export function confidenceLevel(c: number): ConfidenceLevel {
  if (c >= 0.9) return 'VERY_HIGH';
  if (c >= 0.75) return 'HIGH';
  if (c >= 0.6) return 'MEDIUM';
  if (c >= 0.4) return 'LOW';
  return 'VERY_LOW';
}
