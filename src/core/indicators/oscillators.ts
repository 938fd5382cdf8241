/**
 * Momentum oscillators: RSI, MACD, Stochastic.
 *
 * NaN inputs (rule "restart"): a NaN on a bar (for multi-column indicators, a NaN in any
 * column) makes every output NaN on that bar and restarts the indicator: from the next bar
 * the outputs are exactly those of the indicator run afresh on the rest of the series.
 */
import { checkInteger, checkSameLength } from './validate';
import {
  anyNaN3,
  EmaKernel,
  ExtremeWindow,
  SumWindow,
  toStream,
  type HlcBar,
  type IndicatorStream,
  type StreamState,
  type ValueBar,
} from './stream';

/** RSI from Wilder's average gain and loss; 50 when both are zero (a flat window). */
function rsiOf(gain: number, loss: number): number {
  const total = gain + loss;
  return total > 0 ? (100 * gain) / total : 50;
}

/**
 * Relative Strength Index with Wilder smoothing: the first averages are the simple means of
 * the first `period` gains and losses, then `avg = (avg * (period - 1) + x) / period`.
 * RSI = 100 * avgGain / (avgGain + avgLoss) (= 100 - 100 / (1 + RS)), 50 when both averages
 * are zero. Unlike technicalindicators, values are not rounded to 2 decimals and a flat window
 * gives 50 rather than 100. Warm-up: period.
 */
export function rsi(close: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = close.length;
  const out = new Float64Array(n);
  const keep = period - 1;
  let i = 0;
  run: while (i < n) {
    const first = close[i];
    out[i++] = NaN;
    if (first !== first) continue;
    let prev = first;
    let gain = 0;
    let loss = 0;
    let count = 0;
    for (; i < n; i++) {
      const x = close[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      const ch = x - prev;
      prev = x;
      gain += Math.max(ch, 0);
      loss += Math.max(-ch, 0);
      count++;
      if (count === period) {
        gain = gain / period;
        loss = loss / period;
        out[i++] = rsiOf(gain, loss);
        break;
      }
      out[i] = NaN;
    }
    for (; i < n; i++) {
      const x = close[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      const ch = x - prev;
      prev = x;
      gain = (gain * keep + Math.max(ch, 0)) / period;
      loss = (loss * keep + Math.max(-ch, 0)) / period;
      out[i] = rsiOf(gain, loss);
    }
  }
  return out;
}

/**
 * MACD: EMA(fast) - EMA(slow) (both seeded with their simple averages), signal = EMA(signal)
 * of the MACD line seeded the same way, histogram = macd - signal.
 * Warm-up: max(fast, slow) - 1 for `macd`, max(fast, slow) + signal - 2 for `signal` and `histogram`.
 */
export function macd(
  close: Float64Array,
  fast = 12,
  slow = 26,
  signal = 9,
): { macd: Float64Array; signal: Float64Array; histogram: Float64Array } {
  checkInteger('fast', fast);
  checkInteger('slow', slow);
  checkInteger('signal', signal);
  const n = close.length;
  const line = new Float64Array(n);
  const sig = new Float64Array(n);
  const hist = new Float64Array(n);
  const af = 2 / (fast + 1);
  const as = 2 / (slow + 1);
  const ag = 2 / (signal + 1);
  const longest = fast > slow ? fast : slow;
  let i = 0;
  run: while (i < n) {
    let count = 0;
    let sumF = 0;
    let ef = NaN;
    let sumS = 0;
    let es = NaN;
    let countG = 0;
    let sumG = 0;
    let eg = NaN;
    // warm-up: until the signal line is defined
    for (; i < n; i++) {
      const x = close[i];
      if (x !== x) {
        line[i] = sig[i] = hist[i] = NaN;
        i++;
        continue run;
      }
      count++;
      if (count <= fast) {
        sumF += x;
        if (count === fast) ef = sumF / fast;
      } else {
        ef = (x - ef) * af + ef;
      }
      if (count <= slow) {
        sumS += x;
        if (count === slow) es = sumS / slow;
      } else {
        es = (x - es) * as + es;
      }
      if (count < longest) {
        line[i] = sig[i] = hist[i] = NaN;
        continue;
      }
      const m = ef - es;
      line[i] = m;
      sumG += m;
      countG++;
      if (countG === signal) {
        eg = sumG / signal;
        sig[i] = eg;
        hist[i] = m - eg;
        i++;
        break;
      }
      sig[i] = hist[i] = NaN;
    }
    for (; i < n; i++) {
      const x = close[i];
      if (x !== x) {
        line[i] = sig[i] = hist[i] = NaN;
        i++;
        continue run;
      }
      ef = (x - ef) * af + ef;
      es = (x - es) * as + es;
      const m = ef - es;
      eg = (m - eg) * ag + eg;
      line[i] = m;
      sig[i] = eg;
      hist[i] = m - eg;
    }
  }
  return { macd: line, signal: sig, histogram: hist };
}

/**
 * Fast stochastic oscillator: %K = 100 * (close - lowest low) / (highest high - lowest low) over
 * `kPeriod` bars (current bar included), %D = simple average of the last `dPeriod` %K values.
 * When the range is zero (high = low over the whole window) %K is 50 (technicalindicators
 * gives 0). Warm-up: kPeriod - 1 for `k`, kPeriod + dPeriod - 2 for `d`.
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod = 14,
  dPeriod = 3,
): { k: Float64Array; d: Float64Array } {
  checkInteger('kPeriod', kPeriod);
  checkInteger('dPeriod', dPeriod);
  const n = checkSameLength(['high', 'low', 'close'], [high, low, close]);
  const kOut = new Float64Array(n);
  const dOut = new Float64Array(n);
  const hiQ = new Int32Array(n);
  const loQ = new Int32Array(n);
  let i = 0;
  run: while (i < n) {
    let hHead = 0;
    let hTail = 0;
    let lHead = 0;
    let lTail = 0;
    const start = i;
    let countD = 0;
    let sumD = 0;
    // warm-up: until %D is defined
    for (; i < n; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const any = h + l + c;
      if (any !== any) {
        kOut[i] = dOut[i] = NaN;
        i++;
        continue run;
      }
      while (hTail > hHead && high[hiQ[hTail - 1]] <= h) hTail--;
      hiQ[hTail++] = i;
      if (hiQ[hHead] <= i - kPeriod) hHead++;
      while (lTail > lHead && low[loQ[lTail - 1]] >= l) lTail--;
      loQ[lTail++] = i;
      if (loQ[lHead] <= i - kPeriod) lHead++;
      if (i - start < kPeriod - 1) {
        kOut[i] = dOut[i] = NaN;
        continue;
      }
      const ll = low[loQ[lHead]];
      const range = high[hiQ[hHead]] - ll;
      const k = range > 0 ? ((c - ll) / range) * 100 : 50;
      kOut[i] = k;
      sumD += k;
      countD++;
      if (countD === dPeriod) {
        dOut[i++] = sumD / dPeriod;
        break;
      }
      dOut[i] = NaN;
    }
    for (; i < n; i++) {
      const h = high[i];
      const l = low[i];
      const c = close[i];
      const any = h + l + c;
      if (any !== any) {
        kOut[i] = dOut[i] = NaN;
        i++;
        continue run;
      }
      while (hTail > hHead && high[hiQ[hTail - 1]] <= h) hTail--;
      hiQ[hTail++] = i;
      if (hiQ[hHead] <= i - kPeriod) hHead++;
      while (lTail > lHead && low[loQ[lTail - 1]] >= l) lTail--;
      loQ[lTail++] = i;
      if (loQ[lHead] <= i - kPeriod) lHead++;
      const ll = low[loQ[lHead]];
      const range = high[hiQ[hHead]] - ll;
      const k = range > 0 ? ((c - ll) / range) * 100 : 50;
      kOut[i] = k;
      sumD += k - kOut[i - dPeriod];
      dOut[i] = sumD / dPeriod;
    }
  }
  return { k: kOut, d: dOut };
}

class RsiState implements StreamState<ValueBar, number> {
  private run = 0;
  private prev = 0;
  private gain = 0;
  private loss = 0;
  private b = [0, 0, 0, 0];
  constructor(readonly period: number) {}
  step(x: number): number {
    const period = this.period;
    if (x !== x) {
      this.run = 0;
      return NaN;
    }
    if (this.run === 0) {
      this.run = 1;
      this.prev = x;
      this.gain = 0;
      this.loss = 0;
      return NaN;
    }
    const ch = x - this.prev;
    this.prev = x;
    const g = Math.max(ch, 0);
    const l = Math.max(-ch, 0);
    if (this.run <= period) {
      this.gain += g;
      this.loss += l;
      let out = NaN;
      if (this.run === period) {
        this.gain = this.gain / period;
        this.loss = this.loss / period;
        out = rsiOf(this.gain, this.loss);
      }
      this.run++;
      return out;
    }
    this.gain = (this.gain * (period - 1) + g) / period;
    this.loss = (this.loss * (period - 1) + l) / period;
    return rsiOf(this.gain, this.loss);
  }
  save(): void {
    const b = this.b;
    b[0] = this.run;
    b[1] = this.prev;
    b[2] = this.gain;
    b[3] = this.loss;
  }
  restore(): void {
    const b = this.b;
    this.run = b[0];
    this.prev = b[1];
    this.gain = b[2];
    this.loss = b[3];
  }
}

export interface MacdPoint {
  macd: number;
  signal: number;
  histogram: number;
}

class MacdState implements StreamState<ValueBar, MacdPoint> {
  private readonly f: EmaKernel;
  private readonly s: EmaKernel;
  private readonly g: EmaKernel;
  private readonly longest: number;
  private run = 0;
  private bRun = 0;
  constructor(fast: number, slow: number, signal: number) {
    this.f = new EmaKernel(fast, 2 / (fast + 1));
    this.s = new EmaKernel(slow, 2 / (slow + 1));
    this.g = new EmaKernel(signal, 2 / (signal + 1));
    this.longest = fast > slow ? fast : slow;
  }
  step(x: number): MacdPoint {
    if (x !== x) {
      this.f.reset();
      this.s.reset();
      this.g.reset();
      this.run = 0;
      return { macd: NaN, signal: NaN, histogram: NaN };
    }
    this.f.push(x);
    this.s.push(x);
    if (this.run < this.longest) this.run++;
    if (this.run < this.longest) return { macd: NaN, signal: NaN, histogram: NaN };
    const m = this.f.value - this.s.value;
    const eg = this.g.push(m) ? this.g.value : NaN;
    return { macd: m, signal: eg, histogram: m - eg };
  }
  save(): void {
    this.f.save();
    this.s.save();
    this.g.save();
    this.bRun = this.run;
  }
  restore(): void {
    this.f.restore();
    this.s.restore();
    this.g.restore();
    this.run = this.bRun;
  }
}

export interface StochasticPoint {
  k: number;
  d: number;
}

class StochasticState implements StreamState<HlcBar, StochasticPoint> {
  private readonly hi: ExtremeWindow;
  private readonly lo: ExtremeWindow;
  private readonly dw: SumWindow;
  constructor(kPeriod: number, readonly dPeriod: number) {
    this.hi = new ExtremeWindow(kPeriod, true);
    this.lo = new ExtremeWindow(kPeriod, false);
    this.dw = new SumWindow(dPeriod);
  }
  step(h: number, l: number, c: number): StochasticPoint {
    if (anyNaN3(h, l, c)) {
      this.hi.reset();
      this.lo.reset();
      this.dw.reset();
      return { k: NaN, d: NaN };
    }
    const hh = this.hi.push(h);
    const ll = this.lo.push(l);
    if (!this.hi.full) return { k: NaN, d: NaN };
    const range = hh - ll;
    const k = range > 0 ? ((c - ll) / range) * 100 : 50;
    const d = this.dw.push(k) ? this.dw.sum / this.dPeriod : NaN;
    return { k, d };
  }
  save(): void {
    this.hi.save();
    this.lo.save();
    this.dw.save();
  }
  restore(): void {
    this.hi.restore();
    this.lo.restore();
    this.dw.restore();
  }
}

/** Streaming `rsi`. */
export function createRsiStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period);
  return toStream(new RsiState(period));
}

/** Streaming `macd`. */
export function createMacdStream(fast = 12, slow = 26, signal = 9): IndicatorStream<ValueBar, MacdPoint> {
  checkInteger('fast', fast);
  checkInteger('slow', slow);
  checkInteger('signal', signal);
  return toStream(new MacdState(fast, slow, signal));
}

/** Streaming `stochastic`. */
export function createStochasticStream(kPeriod = 14, dPeriod = 3): IndicatorStream<HlcBar, StochasticPoint> {
  checkInteger('kPeriod', kPeriod);
  checkInteger('dPeriod', dPeriod);
  return toStream(new StochasticState(kPeriod, dPeriod));
}
