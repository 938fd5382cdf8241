/**
 * Rolling highest / lowest value over the last `period` bars, current bar included, with a
 * monotonic deque of indices: O(n) overall whatever the period. The batch loops have a warm-up
 * loop and a steady loop; a NaN restarts both.
 *
 * NaN inputs (rule "restart"): a NaN makes the output NaN on its bar and restarts the window,
 * so every output whose window contains the NaN is NaN; from the next bar the output is exactly
 * that of the indicator run afresh on the rest of the series.
 */
import { checkInteger } from './validate';
import { ExtremeWindow, toStream, type IndicatorStream, type StreamState, type ValueBar } from './stream';

/** Rolling maximum including the current bar. Warm-up: period - 1. */
export function highest(src: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = src.length;
  const out = new Float64Array(n);
  const q = new Int32Array(n);
  let i = 0;
  run: while (i < n) {
    let head = 0;
    let tail = 0;
    const ready = i + period - 1;
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      while (tail > head && src[q[tail - 1]] <= x) tail--;
      q[tail++] = i;
      if (i === ready) {
        out[i++] = src[q[head]];
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
      while (tail > head && src[q[tail - 1]] <= x) tail--;
      q[tail++] = i;
      if (q[head] <= i - period) head++;
      out[i] = src[q[head]];
    }
  }
  return out;
}

/** Rolling minimum including the current bar. Warm-up: period - 1. */
export function lowest(src: Float64Array, period: number): Float64Array {
  checkInteger('period', period);
  const n = src.length;
  const out = new Float64Array(n);
  const q = new Int32Array(n);
  let i = 0;
  run: while (i < n) {
    let head = 0;
    let tail = 0;
    const ready = i + period - 1;
    for (; i < n; i++) {
      const x = src[i];
      if (x !== x) {
        out[i++] = NaN;
        continue run;
      }
      while (tail > head && src[q[tail - 1]] >= x) tail--;
      q[tail++] = i;
      if (i === ready) {
        out[i++] = src[q[head]];
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
      while (tail > head && src[q[tail - 1]] >= x) tail--;
      q[tail++] = i;
      if (q[head] <= i - period) head++;
      out[i] = src[q[head]];
    }
  }
  return out;
}

class ExtremeState implements StreamState<ValueBar, number> {
  private readonly w: ExtremeWindow;
  constructor(period: number, isMax: boolean) {
    this.w = new ExtremeWindow(period, isMax);
  }
  step(x: number): number {
    if (x !== x) {
      this.w.reset();
      return NaN;
    }
    const v = this.w.push(x);
    return this.w.full ? v : NaN;
  }
  save(): void {
    this.w.save();
  }
  restore(): void {
    this.w.restore();
  }
}

/** Streaming `highest`. */
export function createHighestStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period);
  return toStream(new ExtremeState(period, true));
}

/** Streaming `lowest`. */
export function createLowestStream(period: number): IndicatorStream<ValueBar, number> {
  checkInteger('period', period);
  return toStream(new ExtremeState(period, false));
}
