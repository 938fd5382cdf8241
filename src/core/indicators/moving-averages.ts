/**
 * Moving averages on Float64Array: one pass, output as long as the input, NaN during warm-up.
 *
 * NaN inputs (rule "restart"): a NaN value makes the output NaN on its bar and restarts the
 * average, so every output whose window contains the NaN is NaN, and from the bar after the NaN
 * the output is exactly the average run afresh on the rest of the series. Leading NaN (the
 * warm-up of another indicator) therefore simply delays the start.
 */
import { checkInteger } from './validate';
import {
  EmaKernel,
  SumWindow,
  WmaWindow,
  toStream,
  type IndicatorStream,
  type StreamState,
  type ValueBar,
} from './stream';

/*
 * Batch loops share one shape: an outer loop starts a fresh run; a warm-up loop fills the
 * window; a steady loop does the O(1) update. A NaN ends the run (`continue run`), so the hot
 * steady loop has a single, predictable NaN test.
 */

/** Simple moving average. Warm-up: period - 1. */
export function sma(src: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = src.length;
  const out = new Float64Array(n);
  let i = 0;
  run: while (i < n) {
    let sum = 0;
    let count = 0;
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      sum += x;
      count++;
      if (count === period) {
        out[i++] = sum / period;
        break;
      }
      out[i] = NaN;
    }
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      sum += x - src[i - period];
      out[i] = sum / period;
    }
  }
  return out;
}

/** Simple moving average of volume (same computation as `sma`). Warm-up: period - 1. */
export function volumeSma(volume: Float64Array, period: number): Float64Array {
  return sma(volume, period);
}

/**
 * Exponential moving average, alpha = 2 / (period + 1), seeded with the simple average of the
 * first `period` values (technicalindicators' convention): `e = (x - e) * alpha + e`.
 * Warm-up: period - 1.
 */
export function ema(src: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = src.length;
  const out = new Float64Array(n);
  const alpha = 2 / (period + 1);
  let i = 0;
  run: while (i < n) {
    let sum = 0;
    let count = 0;
    let e = NaN;
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      sum += x;
      count++;
      if (count === period) {
        e = sum / period;
        out[i++] = e;
        break;
      }
      out[i] = NaN;
    }
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      e = (x - e) * alpha + e;
      out[i] = e;
    }
  }
  return out;
}

/**
 * Linearly weighted moving average (weights 1..period, the newest bar heaviest), kept with
 * running sums (O(1) per bar). Warm-up: period - 1.
 */
export function wma(src: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = src.length;
  const out = new Float64Array(n);
  const denom = (period * (period + 1)) / 2;
  let i = 0;
  run: while (i < n) {
    let sum = 0;
    let num = 0;
    let count = 0;
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      count++;
      sum += x;
      num += count * x;
      if (count === period) {
        out[i++] = num / denom;
        break;
      }
      out[i] = NaN;
    }
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      num += period * x - sum;
      sum += x - src[i - period];
      out[i] = num / denom;
    }
  }
  return out;
}

/** The two inner lengths of a Hull moving average of length `period`: floor(n/2) and round(sqrt(n)). */
export function hmaLengths(period: number): { half: number; root: number } {
  return { half: Math.floor(period / 2), root: Math.round(Math.sqrt(period)) };
}

/**
 * Hull moving average: WMA(2 * WMA(src, floor(n/2)) - WMA(src, n), round(sqrt(n))), the three
 * weighted averages fused in one pass. Needs period >= 2. Warm-up: period + round(sqrt(period)) - 2.
 */
export function hma(src: Float64Array, period: number): Float64Array {
  checkInteger('period', period, 2);
  const { half, root } = hmaLengths(period);
  const n = src.length;
  const out = new Float64Array(n);
  const dHalf = (half * (half + 1)) / 2;
  const dFull = (period * (period + 1)) / 2;
  const dRoot = (root * (root + 1)) / 2;
  const ring = new Float64Array(root);
  let pos = 0;
  let i = 0;
  run: while (i < n) {
    let count = 0;
    let sumH = 0;
    let numH = 0;
    let sumF = 0;
    let numF = 0;
    let countR = 0;
    let sumR = 0;
    let numR = 0;
    // warm-up: until the last of the three averages is defined
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      count++;
      if (count <= half) {
        sumH += x;
        numH += count * x;
      } else {
        numH += half * x - sumH;
        sumH += x - src[i - half];
      }
      if (count <= period) {
        sumF += x;
        numF += count * x;
        if (count < period) {
          out[i] = NaN;
          continue;
        }
      } else {
        numF += period * x - sumF;
        sumF += x - src[i - period];
      }
      const raw = 2 * (numH / dHalf) - numF / dFull;
      countR++;
      sumR += raw;
      numR += countR * raw;
      ring[pos] = raw;
      pos = pos + 1 === root ? 0 : pos + 1;
      if (countR === root) {
        out[i++] = numR / dRoot;
        break;
      }
      out[i] = NaN;
    }
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      numH += half * x - sumH;
      sumH += x - src[i - half];
      numF += period * x - sumF;
      sumF += x - src[i - period];
      const raw = 2 * (numH / dHalf) - numF / dFull;
      numR += root * raw - sumR;
      sumR += raw - ring[pos];
      ring[pos] = raw;
      pos = pos + 1 === root ? 0 : pos + 1;
      out[i] = numR / dRoot;
    }
  }
  return out;
}

class SmaState implements StreamState<ValueBar, number> {
  private readonly w: SumWindow;
  constructor(readonly period: number) {
    this.w = new SumWindow(period);
  }
  step(x: number): number {
    if (x !== x) {
      this.w.reset();
      return NaN;
    }
    return this.w.push(x) ? this.w.sum / this.period : NaN;
  }
  save(): void {
    this.w.save();
  }
  restore(): void {
    this.w.restore();
  }
}

class EmaState implements StreamState<ValueBar, number> {
  private readonly k: EmaKernel;
  constructor(period: number) {
    this.k = new EmaKernel(period, 2 / (period + 1));
  }
  step(x: number): number {
    if (x !== x) {
      this.k.reset();
      return NaN;
    }
    return this.k.push(x) ? this.k.value : NaN;
  }
  save(): void {
    this.k.save();
  }
  restore(): void {
    this.k.restore();
  }
}

class WmaState implements StreamState<ValueBar, number> {
  private readonly w: WmaWindow;
  constructor(period: number) {
    this.w = new WmaWindow(period);
  }
  step(x: number): number {
    if (x !== x) {
      this.w.reset();
      return NaN;
    }
    return this.w.push(x) ? this.w.value : NaN;
  }
  save(): void {
    this.w.save();
  }
  restore(): void {
    this.w.restore();
  }
}

class HmaState implements StreamState<ValueBar, number> {
  private readonly h: WmaWindow;
  private readonly f: WmaWindow;
  private readonly r: WmaWindow;
  constructor(period: number) {
    const { half, root } = hmaLengths(period);
    this.h = new WmaWindow(half);
    this.f = new WmaWindow(period);
    this.r = new WmaWindow(root);
  }
  step(x: number): number {
    if (x !== x) {
      this.h.reset();
      this.f.reset();
      this.r.reset();
      return NaN;
    }
    this.h.push(x);
    if (!this.f.push(x)) return NaN;
    const raw = 2 * this.h.value - this.f.value;
    return this.r.push(raw) ? this.r.value : NaN;
  }
  save(): void {
    this.h.save();
    this.f.save();
    this.r.save();
  }
  restore(): void {
    this.h.restore();
    this.f.restore();
    this.r.restore();
  }
}

/** Streaming `sma`. */
export function createSmaStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period);
  return toStream(new SmaState(period));
}

/** Streaming `volumeSma`. */
export function createVolumeSmaStream(period: number): IndicatorStream<ValueBar, number> {
  return createSmaStream(period);
}

/** Streaming `ema`. */
export function createEmaStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period);
  return toStream(new EmaState(period));
}

/** Streaming `wma`. */
export function createWmaStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period);
  return toStream(new WmaState(period));
}

/** Streaming `hma`. */
export function createHmaStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period, 2);
  return toStream(new HmaState(period));
}
