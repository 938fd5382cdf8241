/**
 * Registry of every indicator: inputs (with the candle column each reads by default), numeric
 * parameters with defaults and bounds, outputs with their warm-up (index of the first non-NaN
 * value, as a function of the parameters), the NaN-input rule, and generic batch and streaming
 * entry points. The CLI and the contract tests iterate over `INDICATORS`.
 */
import type { CandleColumns, CandleField } from '../candles/types';
import { hmaLengths, sma, ema, wma, hma, volumeSma } from './moving-averages';
import {
  createEmaStream,
  createHmaStream,
  createSmaStream,
  createVolumeSmaStream,
  createWmaStream,
} from './moving-averages';
import { rsi, macd, stochastic, createRsiStream, createMacdStream, createStochasticStream } from './oscillators';
import { atr, bollinger, realizedVolatility, createAtrStream, createBollingerStream, createRealizedVolatilityStream } from './volatility';
import { adx, createAdxStream } from './trend';
import { highest, lowest, createHighestStream, createLowestStream } from './extremes';
import { obv, vwap, createObvStream, createVwapStream } from './volume';
import type { IndicatorStream } from './stream';
import { checkInteger, checkNumber } from './validate';

export type IndicatorName =
  | 'sma'
  | 'ema'
  | 'wma'
  | 'hma'
  | 'rsi'
  | 'atr'
  | 'adx'
  | 'macd'
  | 'bollinger'
  | 'stochastic'
  | 'obv'
  | 'vwap'
  | 'volumeSma'
  | 'highest'
  | 'lowest'
  | 'realizedVolatility';

/** A numeric parameter. Shaped like the strategy `ParamSpec` so forms can render it. */
export interface IndicatorParamSpec {
  key: string;
  label: string;
  type: 'integer' | 'number';
  default: number;
  /** Smallest accepted value (inclusive). */
  min: number;
  description: string;
}

/** One input column: its name in the function signature and the candle column read by default. */
export interface IndicatorInputSpec {
  name: string;
  field: CandleField;
}

export type IndicatorParams = Readonly<Record<string, number>>;

export interface IndicatorOutputSpec {
  name: string;
  /** Index of the first non-NaN value on NaN-free input long enough. */
  warmup(params: IndicatorParams): number;
}

/**
 * How NaN inputs are handled. "restart": a NaN bar gives NaN outputs and restarts the indicator
 * (outputs from the next bar equal the indicator run on the rest of the series). "skip": a NaN
 * bar gives NaN outputs and is left out (other outputs equal the indicator run on the series
 * without the NaN bars).
 */
export type NanRule = 'restart' | 'skip';

/** Streaming form over the registry's positional inputs and named outputs. */
export interface GenericIndicatorStream {
  /** Appends a bar: `bar[k]` is the value of `inputs[k]`. */
  next(bar: ArrayLike<number>): Record<string, number>;
  /** Replaces the last bar. */
  update(bar: ArrayLike<number>): Record<string, number>;
  readonly length: number;
}

export interface IndicatorDef {
  name: IndicatorName;
  label: string;
  description: string;
  inputs: readonly IndicatorInputSpec[];
  params: readonly IndicatorParamSpec[];
  outputs: readonly IndicatorOutputSpec[];
  nanRule: NanRule;
  /** Index of the first bar where every output is defined (the largest output warm-up). */
  warmup(params?: Partial<IndicatorParams>): number;
  /** Batch computation; `inputs[k]` is the column for `this.inputs[k]`. Missing params take defaults. */
  compute(inputs: readonly Float64Array[], params?: Partial<IndicatorParams>): Record<string, Float64Array>;
  /** Streaming computation with the same values as `compute`. */
  createStream(params?: Partial<IndicatorParams>): GenericIndicatorStream;
}

interface Spec {
  name: IndicatorName;
  label: string;
  description: string;
  inputs: readonly IndicatorInputSpec[];
  params: readonly IndicatorParamSpec[];
  outputs: readonly IndicatorOutputSpec[];
  nanRule: NanRule;
  batch(inputs: readonly Float64Array[], p: IndicatorParams): Record<string, Float64Array>;
  stream(p: IndicatorParams): GenericIndicatorStream;
}

/** Fills defaults and rejects unknown keys and out-of-range values (messages name field and value). */
export function resolveParams(def: Pick<IndicatorDef, 'name' | 'params'>, given?: Partial<IndicatorParams>): IndicatorParams {
  const out: Record<string, number> = {};
  if (given) {
    for (const key of Object.keys(given)) {
      if (!def.params.some((s) => s.key === key)) {
        throw new RangeError(`params: "${key}" is not a parameter of ${def.name} (expected ${def.params.map((s) => s.key).join(', ') || 'none'})`);
      }
    }
  }
  for (const s of def.params) {
    const v = given?.[s.key];
    const value = v === undefined ? s.default : v;
    if (s.type === 'integer') checkInteger(s.key, value, s.min);
    else checkNumber(s.key, value, s.min);
    out[s.key] = value;
  }
  return out;
}

function scalarStream(s: IndicatorStream<readonly number[], number>, output: string): GenericIndicatorStream {
  return {
    next: (bar) => ({ [output]: s.next(...Array.from(bar)) }),
    update: (bar) => ({ [output]: s.update(...Array.from(bar)) }),
    get length() {
      return s.length;
    },
  };
}

function recordStream<O extends object>(s: IndicatorStream<readonly number[], O>): GenericIndicatorStream {
  return {
    next: (bar) => ({ ...(s.next(...Array.from(bar)) as Record<string, number>) }),
    update: (bar) => ({ ...(s.update(...Array.from(bar)) as Record<string, number>) }),
    get length() {
      return s.length;
    },
  };
}

function define(spec: Spec): IndicatorDef {
  const def: IndicatorDef = {
    name: spec.name,
    label: spec.label,
    description: spec.description,
    inputs: spec.inputs,
    params: spec.params,
    outputs: spec.outputs,
    nanRule: spec.nanRule,
    warmup(params) {
      const p = resolveParams(spec, params);
      let w = 0;
      for (const o of spec.outputs) w = Math.max(w, o.warmup(p));
      return w;
    },
    compute(inputs, params) {
      if (inputs.length !== spec.inputs.length) {
        throw new RangeError(`inputs: ${inputs.length} columns given, ${spec.name} needs ${spec.inputs.length} (${spec.inputs.map((i) => i.name).join(', ')})`);
      }
      return spec.batch(inputs, resolveParams(spec, params));
    },
    createStream(params) {
      return spec.stream(resolveParams(spec, params));
    },
  };
  return Object.freeze(def);
}

const period = (def: number, min = 1, label = 'Period'): IndicatorParamSpec => ({
  key: 'period',
  label,
  type: 'integer',
  default: def,
  min,
  description: 'Number of bars in the window.',
});

const SRC_CLOSE: readonly IndicatorInputSpec[] = [{ name: 'src', field: 'close' }];
const CLOSE: readonly IndicatorInputSpec[] = [{ name: 'close', field: 'close' }];
const HLC: readonly IndicatorInputSpec[] = [
  { name: 'high', field: 'high' },
  { name: 'low', field: 'low' },
  { name: 'close', field: 'close' },
];

const minus1 = (p: IndicatorParams) => p.period - 1;
const samePeriod = (p: IndicatorParams) => p.period;

export const INDICATORS: readonly IndicatorDef[] = Object.freeze([
  define({
    name: 'sma',
    label: 'Simple moving average',
    description: 'Mean of the last `period` values.',
    inputs: SRC_CLOSE,
    params: [period(20)],
    outputs: [{ name: 'value', warmup: minus1 }],
    nanRule: 'restart',
    batch: ([src], p) => ({ value: sma(src, p.period) }),
    stream: (p) => scalarStream(createSmaStream(p.period), 'value'),
  }),
  define({
    name: 'ema',
    label: 'Exponential moving average',
    description: 'EMA with alpha = 2/(period+1), seeded with the SMA of the first `period` values.',
    inputs: SRC_CLOSE,
    params: [period(20)],
    outputs: [{ name: 'value', warmup: minus1 }],
    nanRule: 'restart',
    batch: ([src], p) => ({ value: ema(src, p.period) }),
    stream: (p) => scalarStream(createEmaStream(p.period), 'value'),
  }),
  define({
    name: 'wma',
    label: 'Weighted moving average',
    description: 'Linearly weighted mean of the last `period` values (newest weighs `period`).',
    inputs: SRC_CLOSE,
    params: [period(20)],
    outputs: [{ name: 'value', warmup: minus1 }],
    nanRule: 'restart',
    batch: ([src], p) => ({ value: wma(src, p.period) }),
    stream: (p) => scalarStream(createWmaStream(p.period), 'value'),
  }),
  define({
    name: 'hma',
    label: 'Hull moving average',
    description: 'WMA(2·WMA(n/2) − WMA(n), round(√n)).',
    inputs: SRC_CLOSE,
    params: [period(20, 2)],
    outputs: [{ name: 'value', warmup: (p) => p.period + hmaLengths(p.period).root - 2 }],
    nanRule: 'restart',
    batch: ([src], p) => ({ value: hma(src, p.period) }),
    stream: (p) => scalarStream(createHmaStream(p.period), 'value'),
  }),
  define({
    name: 'rsi',
    label: 'Relative strength index',
    description: 'Wilder RSI: 100·avgGain/(avgGain+avgLoss).',
    inputs: CLOSE,
    params: [period(14)],
    outputs: [{ name: 'value', warmup: samePeriod }],
    nanRule: 'restart',
    batch: ([close], p) => ({ value: rsi(close, p.period) }),
    stream: (p) => scalarStream(createRsiStream(p.period), 'value'),
  }),
  define({
    name: 'atr',
    label: 'Average true range',
    description: 'Wilder-smoothed true range.',
    inputs: HLC,
    params: [period(14)],
    outputs: [{ name: 'value', warmup: samePeriod }],
    nanRule: 'restart',
    batch: ([h, l, c], p) => ({ value: atr(h, l, c, p.period) }),
    stream: (p) => scalarStream(createAtrStream(p.period), 'value'),
  }),
  define({
    name: 'adx',
    label: 'Average directional index',
    description: 'Wilder ADX with +DI and −DI.',
    inputs: HLC,
    params: [period(14)],
    outputs: [
      { name: 'adx', warmup: (p) => 2 * p.period - 1 },
      { name: 'plusDi', warmup: samePeriod },
      { name: 'minusDi', warmup: samePeriod },
    ],
    nanRule: 'restart',
    batch: ([h, l, c], p) => adx(h, l, c, p.period),
    stream: (p) => recordStream(createAdxStream(p.period)),
  }),
  define({
    name: 'macd',
    label: 'MACD',
    description: 'EMA(fast) − EMA(slow), its EMA(signal) and the difference.',
    inputs: CLOSE,
    params: [
      { key: 'fast', label: 'Fast period', type: 'integer', default: 12, min: 1, description: 'Fast EMA length.' },
      { key: 'slow', label: 'Slow period', type: 'integer', default: 26, min: 1, description: 'Slow EMA length.' },
      { key: 'signal', label: 'Signal period', type: 'integer', default: 9, min: 1, description: 'Signal EMA length.' },
    ],
    outputs: [
      { name: 'macd', warmup: (p) => Math.max(p.fast, p.slow) - 1 },
      { name: 'signal', warmup: (p) => Math.max(p.fast, p.slow) + p.signal - 2 },
      { name: 'histogram', warmup: (p) => Math.max(p.fast, p.slow) + p.signal - 2 },
    ],
    nanRule: 'restart',
    batch: ([close], p) => macd(close, p.fast, p.slow, p.signal),
    stream: (p) => recordStream(createMacdStream(p.fast, p.slow, p.signal)),
  }),
  define({
    name: 'bollinger',
    label: 'Bollinger bands',
    description: 'SMA ± mult × population standard deviation.',
    inputs: CLOSE,
    params: [
      period(20),
      { key: 'mult', label: 'Width (σ)', type: 'number', default: 2, min: 0, description: 'Band distance in standard deviations.' },
    ],
    outputs: [
      { name: 'middle', warmup: minus1 },
      { name: 'upper', warmup: minus1 },
      { name: 'lower', warmup: minus1 },
    ],
    nanRule: 'restart',
    batch: ([close], p) => bollinger(close, p.period, p.mult),
    stream: (p) => recordStream(createBollingerStream(p.period, p.mult)),
  }),
  define({
    name: 'stochastic',
    label: 'Stochastic oscillator',
    description: '%K of the close within the kPeriod range, %D its dPeriod SMA.',
    inputs: HLC,
    params: [
      { key: 'kPeriod', label: '%K period', type: 'integer', default: 14, min: 1, description: 'Range window.' },
      { key: 'dPeriod', label: '%D period', type: 'integer', default: 3, min: 1, description: 'Smoothing of %K.' },
    ],
    outputs: [
      { name: 'k', warmup: (p) => p.kPeriod - 1 },
      { name: 'd', warmup: (p) => p.kPeriod + p.dPeriod - 2 },
    ],
    nanRule: 'restart',
    batch: ([h, l, c], p) => stochastic(h, l, c, p.kPeriod, p.dPeriod),
    stream: (p) => recordStream(createStochasticStream(p.kPeriod, p.dPeriod)),
  }),
  define({
    name: 'obv',
    label: 'On-balance volume',
    description: 'Running total of volume signed by the close-to-close direction.',
    inputs: [
      { name: 'close', field: 'close' },
      { name: 'volume', field: 'volume' },
    ],
    params: [],
    outputs: [{ name: 'value', warmup: () => 0 }],
    nanRule: 'skip',
    batch: ([c, v]) => ({ value: obv(c, v) }),
    stream: () => scalarStream(createObvStream(), 'value'),
  }),
  define({
    name: 'vwap',
    label: 'VWAP (UTC day)',
    description: 'Volume-weighted typical price, reset at each UTC day.',
    inputs: [
      { name: 'time', field: 'time' },
      { name: 'high', field: 'high' },
      { name: 'low', field: 'low' },
      { name: 'close', field: 'close' },
      { name: 'volume', field: 'volume' },
    ],
    params: [],
    outputs: [{ name: 'value', warmup: () => 0 }],
    nanRule: 'skip',
    batch: ([t, h, l, c, v]) => ({ value: vwap(t, h, l, c, v) }),
    stream: () => scalarStream(createVwapStream(), 'value'),
  }),
  define({
    name: 'volumeSma',
    label: 'Volume SMA',
    description: 'Mean volume of the last `period` bars.',
    inputs: [{ name: 'volume', field: 'volume' }],
    params: [period(20)],
    outputs: [{ name: 'value', warmup: minus1 }],
    nanRule: 'restart',
    batch: ([v], p) => ({ value: volumeSma(v, p.period) }),
    stream: (p) => scalarStream(createVolumeSmaStream(p.period), 'value'),
  }),
  define({
    name: 'highest',
    label: 'Highest',
    description: 'Maximum of the last `period` values, current bar included.',
    inputs: [{ name: 'src', field: 'high' }],
    params: [period(20)],
    outputs: [{ name: 'value', warmup: minus1 }],
    nanRule: 'restart',
    batch: ([src], p) => ({ value: highest(src, p.period) }),
    stream: (p) => scalarStream(createHighestStream(p.period), 'value'),
  }),
  define({
    name: 'lowest',
    label: 'Lowest',
    description: 'Minimum of the last `period` values, current bar included.',
    inputs: [{ name: 'src', field: 'low' }],
    params: [period(20)],
    outputs: [{ name: 'value', warmup: minus1 }],
    nanRule: 'restart',
    batch: ([src], p) => ({ value: lowest(src, p.period) }),
    stream: (p) => scalarStream(createLowestStream(p.period), 'value'),
  }),
  define({
    name: 'realizedVolatility',
    label: 'Realised volatility',
    description: 'Sample std of `period` log returns × √periodsPerYear.',
    inputs: CLOSE,
    params: [
      period(20, 2),
      {
        key: 'periodsPerYear',
        label: 'Bars per year',
        type: 'number',
        default: 8760,
        min: 1,
        description: 'Annualisation factor: bars per year of the timeframe (8760 for 1h on a 24/7 market).',
      },
    ],
    outputs: [{ name: 'value', warmup: samePeriod }],
    nanRule: 'restart',
    batch: ([close], p) => ({ value: realizedVolatility(close, p.period, p.periodsPerYear) }),
    stream: (p) => scalarStream(createRealizedVolatilityStream(p.period, p.periodsPerYear), 'value'),
  }),
]);

/** The registry entry called `name`; throws naming the value and the accepted names. */
export function getIndicator(name: string): IndicatorDef {
  const def = INDICATORS.find((d) => d.name === name);
  if (!def) throw new RangeError(`name: "${name}" is not an indicator (expected one of ${INDICATORS.map((d) => d.name).join(', ')})`);
  return def;
}

/**
 * Runs an indicator on candles, reading each input from its default column unless `fields`
 * maps the input name to another column (e.g. `{ src: 'open' }`).
 */
export function computeIndicator(
  nameOrDef: string | IndicatorDef,
  candles: CandleColumns,
  params?: Partial<IndicatorParams>,
  fields?: Readonly<Record<string, CandleField>>,
): Record<string, Float64Array> {
  const def = typeof nameOrDef === 'string' ? getIndicator(nameOrDef) : nameOrDef;
  const cols = def.inputs.map((i) => candles[fields?.[i.name] ?? i.field]);
  return def.compute(cols, params);
}
