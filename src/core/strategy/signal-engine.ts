/**
 * SIGNAL_ENGINE — momentum pullbacks inside an established trend, confirmed by volume.
 *
 * On the close of bar i, with every indicator computed on bars 0..i only:
 *
 * LONG when all of these hold
 * 1. RSI(rsi_period) is inside the long band [rsi_long_min, rsi_long_max] — momentum is
 *    positive but not stretched (a pullback or a fresh push, not an overbought chase);
 * 2. ADX(adx_period) ≥ adx_threshold — the market is trending;
 * 3. +DI > −DI — the trend points up;
 * 4. volume ≥ volume_multiplier × SMA(volume, volume_sma_period) (the SMA includes bar i) —
 *    the move has participation;
 * 5. when ema_trend_filter is on: close > EMA(ema_trend_period) — price is on the trend side;
 * 6. when pattern_filter names a candlestick pattern: that pattern appears on the bars ending
 *    at i and its direction agrees (a bullish or neutral pattern confirms LONG; a bearish
 *    pattern never does, so it leaves only SHORT signals possible);
 * 7. confidence (below) ≥ min_confidence.
 * SHORT is the mirror: RSI inside [rsi_short_min, rsi_short_max], −DI > +DI, close < EMA,
 * a bearish or neutral pattern. Condition 3 makes the two directions exclusive. A bar where
 * any indicator is still warming up (NaN), or where the volume SMA is 0, gives no signal.
 * Every bar on which the conditions hold fires (the backtester ignores signals in the
 * direction of a position already held).
 *
 * Stop and target: stopFraction = ATR(atr_period) × sl_atr_multiplier / close,
 * targetFraction = ATR × tp_atr_multiplier / close.
 *
 * Confidence: a weighted mean of per-condition strengths, each clamped to [0, 1]
 * (clamp(x) = min(1, max(0, x))):
 * - RSI depth  s_rsi = clamp(1 − |RSI − mid| / half), mid and half the centre and half-width
 *   of the direction's band: 1 at the centre, 0 at either edge (a zero-width band gives 1 on
 *   its value);
 * - trend strength  s_adx = clamp((ADX − adx_threshold) / adx_threshold): 0 at the threshold,
 *   1 at twice the threshold;
 * - volume  s_vol = clamp((ratio − m) / m), ratio = volume / volume SMA, m = volume_multiplier:
 *   0 at the required ratio, 1 at twice it;
 * - trend distance (only with ema_trend_filter)  s_trend = clamp(d / ATR), d = close − EMA for
 *   LONG and EMA − close for SHORT: 1 once price is a full ATR beyond the EMA.
 * confidence = (0.3 s_rsi + 0.3 s_adx + 0.2 s_vol + 0.2 s_trend) / (0.3 + 0.3 + 0.2 + 0.2),
 * and without the EMA filter (0.3 s_rsi + 0.3 s_adx + 0.2 s_vol) / 0.8.
 * The DI condition and the pattern are gates only and add nothing to confidence.
 */
import { PATTERNS, adx, atr, detectPattern, ema, rsi, volumeSma, type PatternDirection, type PatternName } from '../indicators';
import { memoColumn } from '../indicators/column-memo';
import type { CandleColumns } from '../candles/types';
import type { CheckedStrategy } from './params';
import { bool, num, str, validateParams } from './params';
import type { Direction, ParamSpec, PreparedStrategy, Reading, Reason, Signal, StrategyInput, StrategyParams } from './types';

export const SIGNAL_ENGINE_ID = 'SIGNAL_ENGINE';

/** Weights of the confidence components (see the file's doc comment). */
export const CONFIDENCE_WEIGHTS = Object.freeze({ rsi: 0.3, adx: 0.3, volume: 0.2, trend: 0.2 });

export const PATTERN_OPTIONS: readonly string[] = Object.freeze(['none', ...PATTERNS.map((p) => p.name)]);

/** Parameter schema; the defaults are the BALANCED preset. */
export const SIGNAL_ENGINE_PARAMS: readonly ParamSpec[] = Object.freeze([
  { key: 'rsi_period', label: 'RSI period', type: 'integer', default: 14, min: 2, max: 100, step: 1, description: 'Bars of the Wilder RSI.' },
  { key: 'rsi_long_min', label: 'RSI long min', type: 'number', default: 45, min: 0, max: 100, step: 1, description: 'Lowest RSI accepted for a LONG.' },
  { key: 'rsi_long_max', label: 'RSI long max', type: 'number', default: 70, min: 0, max: 100, step: 1, description: 'Highest RSI accepted for a LONG.' },
  { key: 'rsi_short_min', label: 'RSI short min', type: 'number', default: 30, min: 0, max: 100, step: 1, description: 'Lowest RSI accepted for a SHORT.' },
  { key: 'rsi_short_max', label: 'RSI short max', type: 'number', default: 55, min: 0, max: 100, step: 1, description: 'Highest RSI accepted for a SHORT.' },
  { key: 'adx_period', label: 'ADX period', type: 'integer', default: 14, min: 2, max: 100, step: 1, description: 'Bars of the Wilder ADX and its +DI/−DI.' },
  { key: 'adx_threshold', label: 'ADX threshold', type: 'number', default: 20, min: 1, max: 100, step: 1, description: 'Minimum ADX: how strong a trend must be.' },
  { key: 'volume_sma_period', label: 'Volume SMA period', type: 'integer', default: 20, min: 1, max: 500, step: 1, description: 'Bars of the volume average (including the signal bar).' },
  { key: 'volume_multiplier', label: 'Volume multiplier', type: 'number', default: 1.2, min: 0.1, max: 10, step: 0.1, description: 'Volume must be at least this multiple of its average.' },
  { key: 'ema_trend_filter', label: 'EMA trend filter', type: 'boolean', default: true, description: 'Longs only above the EMA, shorts only below it.' },
  { key: 'ema_trend_period', label: 'EMA trend period', type: 'integer', default: 50, min: 2, max: 1000, step: 1, description: 'Bars of the trend EMA.' },
  { key: 'atr_period', label: 'ATR period', type: 'integer', default: 14, min: 1, max: 100, step: 1, description: 'Bars of the Wilder ATR used for stop and target.' },
  { key: 'sl_atr_multiplier', label: 'Stop (× ATR)', type: 'number', default: 1.5, min: 0.1, max: 20, step: 0.1, description: 'Stop distance in ATRs.' },
  { key: 'tp_atr_multiplier', label: 'Target (× ATR)', type: 'number', default: 3, min: 0.1, max: 50, step: 0.1, description: 'Target distance in ATRs.' },
  { key: 'min_confidence', label: 'Minimum confidence', type: 'number', default: 0.5, min: 0, max: 1, step: 0.05, description: 'Signals below this confidence are dropped.' },
  { key: 'pattern_filter', label: 'Pattern filter', type: 'select', default: 'none', options: PATTERN_OPTIONS, description: 'Also require this candlestick pattern, agreeing with the direction.' },
] satisfies ParamSpec[]);

function clamp01(x: number): number {
  return x > 1 ? 1 : x > 0 ? x : 0;
}

/** Depth of `v` inside [lo, hi]: 1 at the centre, 0 at the edges and outside. */
export function bandDepth(v: number, lo: number, hi: number): number {
  const half = (hi - lo) / 2;
  if (!(half > 0)) return v === lo ? 1 : 0;
  return clamp01(1 - Math.abs(v - (lo + hi) / 2) / half);
}

/** The numbers the engine reads on one bar. */
export interface EngineBar {
  rsi: number;
  adx: number;
  plusDi: number;
  minusDi: number;
  volume: number;
  volumeSma: number;
  close: number;
  ema: number;
  atr: number;
}

/** Engine settings in numeric form. */
export interface EngineSettings {
  rsiLongMin: number;
  rsiLongMax: number;
  rsiShortMin: number;
  rsiShortMax: number;
  adxThreshold: number;
  volumeMultiplier: number;
  emaFilter: boolean;
}

/** Confidence of a `dir` signal from the bar's numbers (the formula of the file's doc comment). */
export function engineConfidence(dir: Direction, b: EngineBar, s: EngineSettings): number {
  const long = dir === 'LONG';
  const sRsi = long ? bandDepth(b.rsi, s.rsiLongMin, s.rsiLongMax) : bandDepth(b.rsi, s.rsiShortMin, s.rsiShortMax);
  const sAdx = clamp01((b.adx - s.adxThreshold) / s.adxThreshold);
  const sVol = clamp01((b.volume / b.volumeSma - s.volumeMultiplier) / s.volumeMultiplier);
  const w = CONFIDENCE_WEIGHTS;
  if (!s.emaFilter) return (w.rsi * sRsi + w.adx * sAdx + w.volume * sVol) / (w.rsi + w.adx + w.volume);
  const sTrend = clamp01((long ? b.close - b.ema : b.ema - b.close) / b.atr);
  return (w.rsi * sRsi + w.adx * sAdx + w.volume * sVol + w.trend * sTrend) / (w.rsi + w.adx + w.volume + w.trend);
}

function checkEngineParams(p: StrategyParams): void {
  const pairs: [string, string][] = [
    ['rsi_long_min', 'rsi_long_max'],
    ['rsi_short_min', 'rsi_short_max'],
  ];
  for (const [lo, hi] of pairs) {
    if (num(p, lo) > num(p, hi)) {
      throw new RangeError(`${lo}: ${num(p, lo)} is above ${hi} ${num(p, hi)}`);
    }
  }
}

/**
 * The signal engine as a strategy. With `preset`, every signal it fires names that preset
 * (the parameters still come from `prepare`'s argument).
 */
export function createSignalEngine(preset?: string): CheckedStrategy {
  const strategy: CheckedStrategy = {
    id: SIGNAL_ENGINE_ID,
    name: preset ? `Signal engine (${preset})` : 'Signal engine',
    description:
      'RSI band + ADX trend strength + DI direction + volume confirmation (+ optional EMA trend and candlestick pattern); ATR stop and target; graded confidence.',
    params: SIGNAL_ENGINE_PARAMS,
    checkParams: checkEngineParams,
    warmup(params: StrategyParams): number {
      const p = validateParams(strategy, params);
      return Math.max(
        num(p, 'rsi_period') + 1,
        2 * num(p, 'adx_period'),
        num(p, 'volume_sma_period'),
        bool(p, 'ema_trend_filter') ? num(p, 'ema_trend_period') : 0,
        num(p, 'atr_period') + 1,
      );
    },
    timeframes: () => [],
    prepare: (input, params) => prepareEngine(strategy, input, params, preset),
  };
  return strategy;
}

function prepareEngine(
  strategy: CheckedStrategy,
  input: StrategyInput,
  params: StrategyParams,
  preset: string | undefined,
): PreparedStrategy {
  return new EngineRun(input, validateParams(strategy, params), preset);
}

/**
 * The engine prepared on one series: indicator columns computed once, bars read in O(1).
 * A class (rather than closures) so that every run shares one optimised `signalAt`.
 */
class EngineRun implements PreparedStrategy {
  private readonly n: number;
  private readonly symbol: string;
  private readonly preset: string | undefined;
  private readonly candles: CandleColumns;
  private readonly rsiPeriod: number;
  private readonly adxPeriod: number;
  private readonly volPeriod: number;
  private readonly emaPeriod: number;
  private readonly atrPeriod: number;
  private readonly slMult: number;
  private readonly tpMult: number;
  private readonly minConf: number;
  private readonly pattern: string;
  private readonly patternDir: PatternDirection | null;
  private readonly rsiLongMin: number;
  private readonly rsiLongMax: number;
  private readonly rsiShortMin: number;
  private readonly rsiShortMax: number;
  private readonly adxThreshold: number;
  private readonly volumeMultiplier: number;
  private readonly emaFilter: boolean;
  private readonly wSum: number;
  private readonly rsiA: Float64Array;
  private readonly adxA: Float64Array;
  private readonly pdiA: Float64Array;
  private readonly mdiA: Float64Array;
  private readonly volA: Float64Array;
  private readonly volSmaA: Float64Array;
  private readonly emaA: Float64Array;
  private readonly atrA: Float64Array;
  private readonly closeA: Float64Array;

  constructor(input: StrategyInput, p: StrategyParams, preset: string | undefined) {
    const c = input.candles;
    this.candles = c;
    this.n = c.close.length;
    this.symbol = input.symbol;
    this.preset = preset;
    this.rsiPeriod = num(p, 'rsi_period');
    this.adxPeriod = num(p, 'adx_period');
    this.volPeriod = num(p, 'volume_sma_period');
    this.emaPeriod = num(p, 'ema_trend_period');
    this.atrPeriod = num(p, 'atr_period');
    this.slMult = num(p, 'sl_atr_multiplier');
    this.tpMult = num(p, 'tp_atr_multiplier');
    this.minConf = num(p, 'min_confidence');
    this.pattern = str(p, 'pattern_filter');
    this.patternDir = this.pattern === 'none' ? null : PATTERNS.find((d) => d.name === this.pattern)!.direction;
    this.rsiLongMin = num(p, 'rsi_long_min');
    this.rsiLongMax = num(p, 'rsi_long_max');
    this.rsiShortMin = num(p, 'rsi_short_min');
    this.rsiShortMax = num(p, 'rsi_short_max');
    this.adxThreshold = num(p, 'adx_threshold');
    this.volumeMultiplier = num(p, 'volume_multiplier');
    this.emaFilter = bool(p, 'ema_trend_filter');
    const w = CONFIDENCE_WEIGHTS;
    this.wSum = this.emaFilter ? w.rsi + w.adx + w.volume + w.trend : w.rsi + w.adx + w.volume;
    const m = input.memo;
    this.rsiA = memoColumn(m, `rsi:${this.rsiPeriod}`, () => rsi(c.close, this.rsiPeriod));
    const adxR = memoColumn(m, `adx:${this.adxPeriod}`, () => adx(c.high, c.low, c.close, this.adxPeriod));
    this.adxA = adxR.adx;
    this.pdiA = adxR.plusDi;
    this.mdiA = adxR.minusDi;
    this.volA = c.volume;
    this.volSmaA = memoColumn(m, `volumeSma:${this.volPeriod}`, () => volumeSma(c.volume, this.volPeriod));
    this.emaA = this.emaFilter ? memoColumn(m, `ema:${this.emaPeriod}`, () => ema(c.close, this.emaPeriod)) : memoColumn(m, 'nan', () => new Float64Array(this.n).fill(NaN));
    this.atrA = memoColumn(m, `atr:${this.atrPeriod}`, () => atr(c.high, c.low, c.close, this.atrPeriod));
    this.closeA = c.close;
  }

  /** True when every indicator of bar i is out of warm-up. */
  private ready(i: number): boolean {
    return (
      this.rsiA[i] === this.rsiA[i] &&
      this.adxA[i] === this.adxA[i] &&
      this.pdiA[i] === this.pdiA[i] &&
      this.mdiA[i] === this.mdiA[i] &&
      this.volSmaA[i] === this.volSmaA[i] &&
      this.atrA[i] === this.atrA[i] &&
      (!this.emaFilter || this.emaA[i] === this.emaA[i])
    );
  }

  /** Confidence of a LONG (`long`) or SHORT signal on bar i, without allocating. */
  private confidenceAt(i: number, long: boolean): number {
    const w = CONFIDENCE_WEIGHTS;
    const r = this.rsiA[i];
    const sRsi = long ? bandDepth(r, this.rsiLongMin, this.rsiLongMax) : bandDepth(r, this.rsiShortMin, this.rsiShortMax);
    const sAdx = clamp01((this.adxA[i] - this.adxThreshold) / this.adxThreshold);
    const sVol = clamp01((this.volA[i] / this.volSmaA[i] - this.volumeMultiplier) / this.volumeMultiplier);
    let sum = w.rsi * sRsi + w.adx * sAdx + w.volume * sVol;
    if (this.emaFilter) {
      const d = long ? this.closeA[i] - this.emaA[i] : this.emaA[i] - this.closeA[i];
      sum += w.trend * clamp01(d / this.atrA[i]);
    }
    return sum / this.wSum;
  }

  private patternOk(i: number, long: boolean): boolean {
    if (this.patternDir === null) return true;
    if (this.patternDir === (long ? 'bearish' : 'bullish')) return false;
    return detectPattern(this.pattern as PatternName, this.candles, i);
  }

  private reasons(i: number, long: boolean): Reason[] {
    const r = this.rsiA[i];
    const lo = long ? this.rsiLongMin : this.rsiShortMin;
    const hi = long ? this.rsiLongMax : this.rsiShortMax;
    const a = this.adxA[i];
    const spread = long ? this.pdiA[i] - this.mdiA[i] : this.mdiA[i] - this.pdiA[i];
    const ratio = this.volA[i] / this.volSmaA[i];
    const m = this.volumeMultiplier;
    const out: Reason[] = [
      { condition: `RSI(${this.rsiPeriod}) in ${long ? 'long' : 'short'} band`, value: r, threshold: `${lo}–${hi}`, pass: r >= lo && r <= hi },
      { condition: `ADX(${this.adxPeriod}) ≥ threshold`, value: a, threshold: this.adxThreshold, pass: a >= this.adxThreshold },
      { condition: long ? '+DI − −DI > 0' : '−DI − +DI > 0', value: spread, threshold: 0, pass: spread > 0 },
      {
        condition: `volume / SMA(${this.volPeriod}) ≥ multiplier`,
        value: ratio,
        threshold: m,
        pass: this.volSmaA[i] > 0 && this.volA[i] >= m * this.volSmaA[i],
      },
    ];
    if (this.emaFilter) {
      const x = this.closeA[i];
      const e = this.emaA[i];
      out.push({
        condition: long ? `close > EMA(${this.emaPeriod})` : `close < EMA(${this.emaPeriod})`,
        value: x,
        threshold: e,
        pass: long ? x > e : x < e,
      });
    }
    if (this.patternDir !== null) {
      const ok = this.patternOk(i, long);
      out.push({ condition: `pattern ${this.pattern}`, value: ok, threshold: this.patternDir, pass: ok });
    }
    const conf = this.confidenceAt(i, long);
    out.push({ condition: 'confidence ≥ min_confidence', value: conf, threshold: this.minConf, pass: conf >= this.minConf });
    return out;
  }

  signalAt(i: number): Signal | null {
    if (!(i >= 0 && i < this.n) || !this.ready(i)) return null;
    if (!(this.adxA[i] >= this.adxThreshold)) return null;
    const vs = this.volSmaA[i];
    if (!(vs > 0) || !(this.volA[i] >= this.volumeMultiplier * vs)) return null;
    const r = this.rsiA[i];
    const pdi = this.pdiA[i];
    const mdi = this.mdiA[i];
    const close = this.closeA[i];
    const e = this.emaA[i];
    let long: boolean;
    if (pdi > mdi && r >= this.rsiLongMin && r <= this.rsiLongMax && (!this.emaFilter || close > e)) long = true;
    else if (mdi > pdi && r >= this.rsiShortMin && r <= this.rsiShortMax && (!this.emaFilter || close < e)) long = false;
    else return null;
    const conf = this.confidenceAt(i, long);
    if (!(conf >= this.minConf)) return null;
    if (!this.patternOk(i, long)) return null;
    const atrV = this.atrA[i];
    const sig: Signal = {
      symbol: this.symbol,
      time: this.candles.time[i],
      barIndex: i,
      direction: long ? 'LONG' : 'SHORT',
      price: close,
      confidence: conf,
      stopFraction: (atrV * this.slMult) / close,
      targetFraction: (atrV * this.tpMult) / close,
      reasons: this.reasons(i, long),
      strategy: SIGNAL_ENGINE_ID,
    };
    if (this.preset !== undefined) sig.preset = this.preset;
    return sig;
  }

  conditionsAt(i: number): Reason[] {
    this.checkBar(i);
    if (!this.ready(i)) return [{ condition: 'indicators warmed up', value: false, threshold: null, pass: false }];
    const sig = this.signalAt(i);
    const long = this.reasons(i, true);
    const short = this.reasons(i, false);
    const longOk = long.every((r) => r.pass);
    const shortOk = short.every((r) => r.pass);
    return [
      ...long.map((r) => ({ ...r, condition: `LONG: ${r.condition}` })),
      ...short.map((r) => ({ ...r, condition: `SHORT: ${r.condition}` })),
      { condition: 'signal', value: sig ? sig.direction : null, threshold: null, pass: sig !== null },
      { condition: 'shouldEnterLong', value: longOk, threshold: null, pass: longOk },
      { condition: 'shouldEnterShort', value: shortOk, threshold: null, pass: shortOk },
    ];
  }

  /**
   * RSI, ADX, +DI, −DI, the volume ratio, the EMA and the close's distance from it in ATRs (with
   * the trend filter), the ATR, and the stop and target levels a LONG or a SHORT fired on this
   * bar's close would carry (close ∓ ATR × multiplier).
   */
  readingsAt(i: number): Reading[] {
    this.checkBar(i);
    const v = (x: number): number | null => (x === x ? x : null);
    const close = this.closeA[i];
    const a = this.atrA[i];
    const out: Reading[] = [
      { label: `RSI(${this.rsiPeriod})`, value: v(this.rsiA[i]), kind: 'number' },
      { label: `ADX(${this.adxPeriod})`, value: v(this.adxA[i]), kind: 'number' },
      { label: '+DI', value: v(this.pdiA[i]), kind: 'number' },
      { label: '−DI', value: v(this.mdiA[i]), kind: 'number' },
      { label: `volume / SMA(${this.volPeriod})`, value: this.volSmaA[i] > 0 ? this.volA[i] / this.volSmaA[i] : null, kind: 'number' },
    ];
    if (this.emaFilter) {
      const e = this.emaA[i];
      out.push({ label: `EMA(${this.emaPeriod})`, value: v(e), kind: 'price' });
      out.push({ label: `close − EMA(${this.emaPeriod}) in ATRs`, value: a > 0 ? v((close - e) / a) : null, kind: 'number' });
    }
    const sl = a * this.slMult;
    const tp = a * this.tpMult;
    out.push(
      { label: `ATR(${this.atrPeriod})`, value: v(a), kind: 'price' },
      { label: `LONG stop (close − ${this.slMult} ATR)`, value: v(close - sl), kind: 'price' },
      { label: `LONG target (close + ${this.tpMult} ATR)`, value: v(close + tp), kind: 'price' },
      { label: `SHORT stop (close + ${this.slMult} ATR)`, value: v(close + sl), kind: 'price' },
      { label: `SHORT target (close − ${this.tpMult} ATR)`, value: v(close - tp), kind: 'price' },
    );
    return out;
  }

  private checkBar(i: number): void {
    if (!(Number.isInteger(i) && i >= 0 && i < this.n)) throw new RangeError(`i: ${i} is not a bar index (0..${this.n - 1})`);
  }
}

/** The signal engine without a preset name. */
export const SIGNAL_ENGINE: CheckedStrategy = createSignalEngine();
