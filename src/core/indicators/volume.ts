/**
 * Volume indicators: On-Balance Volume and session VWAP.
 *
 * NaN inputs (rule "skip"): these are running totals, so a bar with a NaN in any input column
 * gets a NaN output and is left out of the totals; every other output equals the indicator
 * computed on the series with those bars removed. Inputs are finite numbers or NaN.
 */
import { checkSameLength } from './validate';
import { toStream, type CloseVolumeBar, type IndicatorStream, type StreamState, type VwapBar } from './stream';

const DAY_MS = 86_400_000;

/**
 * On-Balance Volume: 0 on the first bar, then + volume when the close rises, - volume when it
 * falls, unchanged when equal. technicalindicators starts one bar later (its first value is
 * ours at index 1); the values are the same. Warm-up: 0.
 */
export function obv(close: Float64Array, volume: Float64Array): Float64Array {
  const n = checkSameLength(['close', 'volume'], [close, volume]);
  const out = new Float64Array(n);
  let level = 0;
  let prev = NaN;
  for (let i = 0; i < n; i++) {
    const c = close[i];
    const v = volume[i];
    const any = c + v;
    if (any !== any) {
      out[i] = NaN;
      continue;
    }
    if (c > prev) level += v;
    else if (c < prev) level -= v;
    prev = c;
    out[i] = level;
  }
  return out;
}

/**
 * Volume-weighted average price of the typical price (high + low + close) / 3, cumulated from
 * the first bar of each UTC day (`time` is the bar's open time in UTC ms) and reset when a bar
 * opens on a new UTC day. NaN while the session's cumulated volume is 0. technicalindicators
 * never resets (one cumulative VWAP over the whole input). Warm-up: 0.
 */
export function vwap(
  time: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
): Float64Array {
  const n = checkSameLength(['time', 'high', 'low', 'close', 'volume'], [time, high, low, close, volume]);
  const out = new Float64Array(n);
  // The UTC day number of each bar (a division and a floor are cheaper than range tests that
  // branch); a bar whose price, volume or time is NaN gives NaN here and is skipped.
  let day = NaN;
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < n; i++) {
    const v = volume[i];
    const p = ((high[i] + low[i] + close[i]) / 3) * v;
    const d = Math.floor(time[i] / DAY_MS);
    if (p !== p || d !== d) {
      out[i] = NaN;
      continue;
    }
    if (d !== day) {
      day = d;
      pv = 0;
      vol = 0;
    }
    pv += p;
    vol += v;
    out[i] = pv / vol;
  }
  return out;
}

class ObvState implements StreamState<CloseVolumeBar, number> {
  private level = 0;
  private prev = NaN;
  private bLevel = 0;
  private bPrev = NaN;
  step(c: number, v: number): number {
    const any = c + v;
    if (any !== any) return NaN;
    if (c > this.prev) this.level += v;
    else if (c < this.prev) this.level -= v;
    this.prev = c;
    return this.level;
  }
  save(): void {
    this.bLevel = this.level;
    this.bPrev = this.prev;
  }
  restore(): void {
    this.level = this.bLevel;
    this.prev = this.bPrev;
  }
}

class VwapState implements StreamState<VwapBar, number> {
  private day = NaN;
  private pv = 0;
  private vol = 0;
  private readonly b = new Float64Array(3);
  step(t: number, h: number, l: number, c: number, v: number): number {
    const p = ((h + l + c) / 3) * v;
    const d = Math.floor(t / DAY_MS);
    if (p !== p || d !== d) return NaN;
    if (d !== this.day) {
      this.day = d;
      this.pv = 0;
      this.vol = 0;
    }
    this.pv += p;
    this.vol += v;
    return this.pv / this.vol;
  }
  save(): void {
    const b = this.b;
    b[0] = this.day;
    b[1] = this.pv;
    b[2] = this.vol;
  }
  restore(): void {
    const b = this.b;
    this.day = b[0];
    this.pv = b[1];
    this.vol = b[2];
  }
}

/** Streaming `obv`. */
export function createObvStream(): IndicatorStream<CloseVolumeBar, number> {
  return toStream(new ObvState());
}

/** Streaming `vwap`. */
export function createVwapStream(): IndicatorStream<VwapBar, number> {
  return toStream(new VwapState());
}
