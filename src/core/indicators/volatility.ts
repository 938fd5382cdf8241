/**
 * Volatility indicators: ATR, Bollinger bands, realised volatility (ADX is in `trend.ts`).
 *
 * NaN inputs (rule "restart"): a NaN on a bar (in any input column) makes every output NaN on
 * that bar and restarts the indicator: from the next bar the outputs are exactly those of the
 * indicator run afresh on the rest of the series (the first bar after a restart has no
 * previous close, like bar 0).
 */
import { checkInteger, checkNumber, checkSameLength } from './validate';
import {
  anyNaN3,
  EmaKernel,
  VARIANCE_TRUST,
  VarianceWindow,
  ringSquaredDeviations,
  ringSum,
  toStream,
  type HlcBar,
  type IndicatorStream,
  type StreamState,
  type ValueBar,
} from './stream';

/*
 * Batch loops share one shape: an outer loop starts a fresh run; a warm-up loop fills the
 * windows; a steady loop does the O(1) update. A NaN ends the run (`continue run`), so the hot
 * steady loop has a single, predictable NaN test. A bar is NaN when any of its inputs is.
 */

/**
 * Average True Range with Wilder smoothing (technicalindicators' convention): the true range
 * starts on the second bar (it needs the previous close), the first ATR is the simple mean of
 * the first `period` true ranges, then `atr = (tr - atr) / period + atr`. Warm-up: period.
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = checkSameLength(['high', 'low', 'close'], [high, low, close]);
  const out = new Float64Array(n);
  const alpha = 1 / period;
  let i = 0;
  run: while (i < n) {
    const first = high[i] + low[i] + close[i];
    let prev = close[i];
    out[i++] = NaN;
    if (first !== first) continue;
    let sum = 0;
    let count = 0;
    let a = NaN;
    for (; i < n; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const any = h + l + c;
      if (any !== any) {
        out[i++] = NaN;
        continue run;
      }
      const tr = Math.max(h - l, Math.abs(h - prev), Math.abs(l - prev));
      prev = c;
      sum += tr;
      count++;
      if (count === period) {
        a = sum / period;
        out[i++] = a;
        break;
      }
      out[i] = NaN;
    }
    for (; i < n; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const any = h + l + c;
      if (any !== any) {
        out[i++] = NaN;
        continue run;
      }
      const tr = Math.max(h - l, Math.abs(h - prev), Math.abs(l - prev));
      prev = c;
      a = (tr - a) * alpha + a;
      out[i] = a;
    }
  }
  return out;
}

/** Sum of src[from..to), in order. */
function windowSum(src: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let k = from; k < to; k++) s += src[k];
  return s;
}

/** Sum of squared deviations from `mean` of src[from..to), in order. */
function exactSquaredDeviations(src: Float64Array, from: number, to: number, mean: number): number {
  let m2 = 0;
  for (let k = from; k < to; k++) {
    const d = src[k] - mean;
    m2 += d * d;
  }
  return m2;
}

/**
 * Bollinger bands: middle = simple average of `period` closes (a running sum, as in `sma`),
 * upper/lower = middle ± mult × population standard deviation (divided by `period`, like
 * technicalindicators). The variance is kept with a centred sliding update (no sum of squares),
 * recomputed from the window when it becomes small next to the accumulated rounding.
 * Warm-up: period - 1.
 */
export function bollinger(
  close: Float64Array,
  period = 20,
  mult = 2,
): { middle: Float64Array; upper: Float64Array; lower: Float64Array } {
  checkInteger('period', period);
  checkNumber('mult', mult, 0);
  const n = close.length;
  const mid = new Float64Array(n);
  const up = new Float64Array(n);
  const lo = new Float64Array(n);
  // local copy: when modules are transpiled to CommonJS an imported binding is a getter call per read
  const trust = VARIANCE_TRUST;
  let i = 0;
  run: while (i < n) {
    let count = 0;
    let sum = 0;
    let mean = 0;
    let m2 = 0;
    let acc = 0;
    for (; i < n; i++) {
      const x = close[i];
      if (x !== x) {
        mid[i] = up[i] = lo[i] = NaN;
        i++;
        continue run;
      }
      const old = mean;
      count++;
      sum += x;
      mean = sum / count;
      const move = x - old;
      const t = move * (x - mean);
      m2 += t;
      acc += Math.abs(m2) + Math.abs(t) + Math.abs(move * mean);
      if (count === period) break;
      mid[i] = up[i] = lo[i] = NaN;
    }
    if (i === n) break;
    // first full window (the warm-up loop stopped on it)
    if (m2 < acc * trust) {
      sum = windowSum(close, i - period + 1, i + 1);
      mean = sum / period;
      m2 = exactSquaredDeviations(close, i - period + 1, i + 1, mean);
      acc = 0;
    }
    let w = mult * Math.sqrt(m2 > 0 ? m2 / period : 0);
    mid[i] = mean;
    up[i] = mean + w;
    lo[i] = mean - w;
    for (i++; i < n; i++) {
      const x = close[i];
      if (x !== x) {
        mid[i] = up[i] = lo[i] = NaN;
        i++;
        continue run;
      }
      const y = close[i - period];
      const old = mean;
      sum += x - y;
      mean = sum / period;
      const move = x - y;
      const t = move * ((x - mean) + (y - old));
      m2 += t;
      acc += Math.abs(m2) + Math.abs(t) + Math.abs(move * mean);
      if (m2 < acc * trust) {
        sum = windowSum(close, i - period + 1, i + 1);
        mean = sum / period;
        m2 = exactSquaredDeviations(close, i - period + 1, i + 1, mean);
        acc = 0;
      }
      w = mult * Math.sqrt(m2 > 0 ? m2 / period : 0);
      mid[i] = mean;
      up[i] = mean + w;
      lo[i] = mean - w;
    }
  }
  return { middle: mid, upper: up, lower: lo };
}

/** Bars per block in `realizedVolatility`: log returns are computed a block ahead of the window. */
const LOG_BLOCK = 1024;

/**
 * Annualised realised volatility: sample standard deviation (divided by period - 1) of the
 * last `period` log returns ln(close[i] / close[i-1]), times sqrt(periodsPerYear). Closes must be
 * positive. Needs period >= 2. Warm-up: period.
 *
 * One sweep in blocks: each block's log returns are first written into the output array (a
 * tight loop of `Math.log`), then the sliding window runs over them and overwrites them with
 * the result. A return is NaN when either of its closes is, which restarts the window.
 */
export function realizedVolatility(close: Float64Array, period: number, periodsPerYear: number): Float64Array {
  checkInteger('period', period, 2);
  checkNumber('periodsPerYear', periodsPerYear, 1);
  const n = close.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  out[0] = NaN;
  const scale = Math.sqrt(periodsPerYear);
  const dof = period - 1;
  const trust = VARIANCE_TRUST;
  const ring = new Float64Array(period);
  let pos = 0;
  let count = 0;
  let sum = 0;
  let mean = 0;
  let m2 = 0;
  let acc = 0;
  for (let from = 1; from < n; from += LOG_BLOCK) {
    const to = Math.min(n, from + LOG_BLOCK);
    for (let i = from; i < to; i++) out[i] = Math.log(close[i] / close[i - 1]);
    for (let i = from; i < to; i++) {
      const r = out[i];
      if (r !== r) {
        count = 0;
        sum = 0;
        mean = 0;
        m2 = 0;
        acc = 0;
        continue;
      }
      const old = mean;
      let move: number;
      let t: number;
      if (count < period) {
        count++;
        sum += r;
        mean = sum / count;
        move = r - old;
        t = move * (r - mean);
      } else {
        const y = ring[pos];
        sum += r - y;
        mean = sum / period;
        move = r - y;
        t = move * ((r - mean) + (y - old));
      }
      m2 += t;
      acc += Math.abs(m2) + Math.abs(t) + Math.abs(move * mean);
      ring[pos] = r;
      pos = pos + 1 === period ? 0 : pos + 1;
      if (count < period) {
        out[i] = NaN;
        continue;
      }
      if (m2 < acc * trust) {
        sum = ringSum(ring, pos, period);
        mean = sum / period;
        m2 = ringSquaredDeviations(ring, pos, period, mean);
        acc = 0;
      }
      out[i] = Math.sqrt(m2 > 0 ? m2 / dof : 0) * scale;
    }
  }
  return out;
}

class AtrState implements StreamState<HlcBar, number> {
  private run = 0;
  private prev = 0;
  private readonly k: EmaKernel;
  private bRun = 0;
  private bPrev = 0;
  constructor(readonly period: number) {
    this.k = new EmaKernel(period, 1 / period);
  }
  step(h: number, l: number, c: number): number {
    if (anyNaN3(h, l, c)) {
      this.run = 0;
      return NaN;
    }
    if (this.run === 0) {
      this.run = 1;
      this.prev = c;
      this.k.reset();
      return NaN;
    }
    const prev = this.prev;
    const tr = Math.max(h - l, Math.abs(h - prev), Math.abs(l - prev));
    this.prev = c;
    return this.k.push(tr) ? this.k.value : NaN;
  }
  save(): void {
    this.bRun = this.run;
    this.bPrev = this.prev;
    this.k.save();
  }
  restore(): void {
    this.run = this.bRun;
    this.prev = this.bPrev;
    this.k.restore();
  }
}

export interface BollingerPoint {
  middle: number;
  upper: number;
  lower: number;
}

class BollingerState implements StreamState<ValueBar, BollingerPoint> {
  private readonly w: VarianceWindow;
  constructor(
    readonly period: number,
    readonly mult: number,
  ) {
    this.w = new VarianceWindow(period);
  }
  step(x: number): BollingerPoint {
    if (x !== x) {
      this.w.reset();
      return { middle: NaN, upper: NaN, lower: NaN };
    }
    if (!this.w.push(x)) return { middle: NaN, upper: NaN, lower: NaN };
    const m2 = this.w.m2;
    const mean = this.w.mean;
    const w = this.mult * Math.sqrt(m2 > 0 ? m2 / this.period : 0);
    return { middle: mean, upper: mean + w, lower: mean - w };
  }
  save(): void {
    this.w.save();
  }
  restore(): void {
    this.w.restore();
  }
}

class RealizedVolatilityState implements StreamState<ValueBar, number> {
  private readonly w: VarianceWindow;
  private readonly scale: number;
  private started = false;
  private prev = 0;
  private bStarted = false;
  private bPrev = 0;
  constructor(
    readonly period: number,
    periodsPerYear: number,
  ) {
    this.w = new VarianceWindow(period);
    this.scale = Math.sqrt(periodsPerYear);
  }
  step(x: number): number {
    if (x !== x) {
      this.started = false;
      return NaN;
    }
    if (!this.started) {
      this.started = true;
      this.prev = x;
      this.w.reset();
      return NaN;
    }
    const r = Math.log(x / this.prev);
    this.prev = x;
    if (!this.w.push(r)) return NaN;
    const m2 = this.w.m2;
    return Math.sqrt(m2 > 0 ? m2 / (this.period - 1) : 0) * this.scale;
  }
  save(): void {
    this.bStarted = this.started;
    this.bPrev = this.prev;
    this.w.save();
  }
  restore(): void {
    this.started = this.bStarted;
    this.prev = this.bPrev;
    this.w.restore();
  }
}

/** Streaming `atr`. */
export function createAtrStream(period: number): IndicatorStream<HlcBar, number> {
  checkInteger('period', period);
  return toStream(new AtrState(period));
}

/** Streaming `bollinger`. */
export function createBollingerStream(period = 20, mult = 2): IndicatorStream<ValueBar, BollingerPoint> {
  checkInteger('period', period);
  checkNumber('mult', mult, 0);
  return toStream(new BollingerState(period, mult));
}

/** Streaming `realizedVolatility`. */
export function createRealizedVolatilityStream(
  period: number,
  periodsPerYear: number,
): IndicatorStream<ValueBar, number> {
  checkInteger('period', period, 2);
  checkNumber('periodsPerYear', periodsPerYear, 1);
  return toStream(new RealizedVolatilityState(period, periodsPerYear));
}
