/**
 * Streaming (incremental) form shared by every indicator.
 *
 * A stream is fed bar by bar: `next(...)` appends a closed or new bar, `update(...)` replaces the
 * last bar (a candle that is still forming) and may be called any number of times. Every value a
 * stream returns is exactly the value the batch function returns at the same index for the same
 * bars: both run the same arithmetic in the same order.
 */
export interface IndicatorStream<A extends readonly number[], O> {
  /** Appends a bar and returns the indicator value on it. */
  next(...bar: A): O;
  /** Replaces the last appended bar and returns the recomputed value. Throws before the first `next`. */
  update(...bar: A): O;
  /** Number of bars appended so far. */
  readonly length: number;
}

export type ValueBar = [value: number];
export type HlcBar = [high: number, low: number, close: number];
export type CloseVolumeBar = [close: number, volume: number];
export type VwapBar = [time: number, high: number, low: number, close: number, volume: number];

/** True when any of the values is NaN (their sum is NaN). Inputs are finite numbers or NaN. */
export function anyNaN3(a: number, b: number, c: number): boolean {
  const s = a + b + c;
  return s !== s;
}

/**
 * The state of one indicator. `step` advances it by one bar; `save` records the state so that
 * `restore` can bring it back exactly, which is how `update` replaces the last bar.
 */
export interface StreamState<A extends readonly number[], O> {
  step(...bar: A): O;
  save(): void;
  restore(): void;
}

class StateStream<A extends readonly number[], O> implements IndicatorStream<A, O> {
  private bars = 0;
  constructor(private readonly state: StreamState<A, O>) {}

  next(...bar: A): O {
    this.state.save();
    this.bars++;
    return this.state.step(...bar);
  }

  update(...bar: A): O {
    if (this.bars === 0) throw new Error('update: the stream has no bar yet; call next() first');
    this.state.restore();
    return this.state.step(...bar);
  }

  get length(): number {
    return this.bars;
  }
}

/** Wraps an indicator state into the public `next`/`update` stream. */
export function toStream<A extends readonly number[], O>(state: StreamState<A, O>): IndicatorStream<A, O> {
  return new StateStream(state);
}

/**
 * Ring of the last `period` values with a running sum (simple moving average window).
 * Mirrors the batch loop: `sum += x` while filling, then `sum += x - oldest`.
 */
export class SumWindow {
  readonly buf: Float64Array;
  pos = 0;
  run = 0;
  sum = 0;
  private bPos = 0;
  private bRun = 0;
  private bSum = 0;
  private bSlot = 0;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }

  reset(): void {
    this.run = 0;
    this.sum = 0;
  }

  /** Adds a (non-NaN) value; true when the window holds `period` values. */
  push(x: number): boolean {
    const p = this.period;
    if (this.run < p) {
      this.sum += x;
      this.run++;
    } else {
      this.sum += x - this.buf[this.pos];
    }
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === p ? 0 : this.pos + 1;
    return this.run === p;
  }

  save(): void {
    this.bPos = this.pos;
    this.bRun = this.run;
    this.bSum = this.sum;
    this.bSlot = this.buf[this.pos];
  }

  restore(): void {
    this.pos = this.bPos;
    this.run = this.bRun;
    this.sum = this.bSum;
    this.buf[this.pos] = this.bSlot;
  }
}

/**
 * Exponential average seeded with the simple mean of its first `period` values:
 * `e = (x - e) * alpha + e` afterwards (alpha = 2/(p+1) for EMA, 1/p for Wilder's smoothing).
 */
export class EmaKernel {
  run = 0;
  sum = 0;
  value = NaN;
  private bRun = 0;
  private bSum = 0;
  private bValue = NaN;

  constructor(
    readonly period: number,
    readonly alpha: number,
  ) {}

  reset(): void {
    this.run = 0;
    this.sum = 0;
    this.value = NaN;
  }

  /** Adds a (non-NaN) value; true once `value` is defined. */
  push(x: number): boolean {
    if (this.run < this.period) {
      this.sum += x;
      this.run++;
      if (this.run === this.period) this.value = this.sum / this.period;
      return this.run === this.period;
    }
    this.value = (x - this.value) * this.alpha + this.value;
    return true;
  }

  save(): void {
    this.bRun = this.run;
    this.bSum = this.sum;
    this.bValue = this.value;
  }

  restore(): void {
    this.run = this.bRun;
    this.sum = this.bSum;
    this.value = this.bValue;
  }
}

/**
 * Linearly weighted window (weights 1..period, newest heaviest) with running sums:
 * while filling `sum += x; num += run * x`, then `num += period * x - sum; sum += x - oldest`.
 */
export class WmaWindow {
  readonly buf: Float64Array;
  readonly denom: number;
  pos = 0;
  run = 0;
  sum = 0;
  num = 0;
  private bPos = 0;
  private bRun = 0;
  private bSum = 0;
  private bNum = 0;
  private bSlot = 0;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
    this.denom = (period * (period + 1)) / 2;
  }

  reset(): void {
    this.run = 0;
    this.sum = 0;
    this.num = 0;
  }

  /** Adds a (non-NaN) value; true when the window holds `period` values. */
  push(x: number): boolean {
    const p = this.period;
    if (this.run < p) {
      this.run++;
      this.sum += x;
      this.num += this.run * x;
    } else {
      this.num += p * x - this.sum;
      this.sum += x - this.buf[this.pos];
    }
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === p ? 0 : this.pos + 1;
    return this.run === p;
  }

  get value(): number {
    return this.num / this.denom;
  }

  save(): void {
    this.bPos = this.pos;
    this.bRun = this.run;
    this.bSum = this.sum;
    this.bNum = this.num;
    this.bSlot = this.buf[this.pos];
  }

  restore(): void {
    this.pos = this.bPos;
    this.run = this.bRun;
    this.sum = this.bSum;
    this.num = this.bNum;
    this.buf[this.pos] = this.bSlot;
  }
}

/**
 * Each sliding update of M2 rounds by about eps × (|m2| + |term| + |move × mean|), the last part
 * coming from the rounding of the mean. These magnitudes are summed since M2 was last computed
 * exactly; when M2 falls below this fraction of the sum, the window's sum, mean and M2 are
 * recomputed from its values (which also clears the drift of the running sum). This
 * keeps the relative error of M2 near 1e-10 even when the variance drops to zero (a flat
 * window), at O(period) cost on those bars only.
 */
export const VARIANCE_TRUST = 1e-5;

/** Sum of `count` values of a ring, oldest (at `from`) first. */
export function ringSum(buf: Float64Array, from: number, count: number): number {
  const cap = buf.length;
  let s = 0;
  let k = from;
  for (let j = 0; j < count; j++) {
    s += buf[k];
    k = k + 1 === cap ? 0 : k + 1;
  }
  return s;
}

/** Sum of squared deviations from `mean` of `count` values of a ring, oldest (at `from`) first. */
export function ringSquaredDeviations(buf: Float64Array, from: number, count: number, mean: number): number {
  const cap = buf.length;
  let m2 = 0;
  let k = from;
  for (let j = 0; j < count; j++) {
    const d = buf[k] - mean;
    m2 += d * d;
    k = k + 1 === cap ? 0 : k + 1;
  }
  return m2;
}

/**
 * Sliding mean and sum of squared deviations (M2) over the last `period` values, updated in a
 * centred form: while filling `m2 += (x - oldMean) * (x - newMean)`, then
 * `m2 += (x - y) * ((x - newMean) + (y - oldMean))` where y leaves the window (each difference
 * is exact for nearby values); recomputed exactly
 * with the sum and mean from the window when it becomes small next to the accumulated
 * magnitudes (see VARIANCE_TRUST).
 */
export class VarianceWindow {
  readonly buf: Float64Array;
  pos = 0;
  run = 0;
  sum = 0;
  mean = 0;
  m2 = 0;
  acc = 0;
  private bPos = 0;
  private bRun = 0;
  private bSum = 0;
  private bMean = 0;
  private bM2 = 0;
  private bAcc = 0;
  private bSlot = 0;

  constructor(readonly period: number) {
    this.buf = new Float64Array(period);
  }

  reset(): void {
    this.run = 0;
    this.sum = 0;
    this.mean = 0;
    this.m2 = 0;
    this.acc = 0;
  }

  /** Adds a (non-NaN) value; true when the window holds `period` values. */
  push(x: number): boolean {
    const p = this.period;
    const old = this.mean;
    let move: number;
    let t: number;
    if (this.run < p) {
      this.run++;
      this.sum += x;
      this.mean = this.sum / this.run;
      move = x - old;
      t = move * (x - this.mean);
    } else {
      const y = this.buf[this.pos];
      this.sum += x - y;
      this.mean = this.sum / p;
      move = x - y;
      t = move * ((x - this.mean) + (y - old));
    }
    this.m2 += t;
    this.acc += Math.abs(this.m2) + Math.abs(t) + Math.abs(move * this.mean);
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === p ? 0 : this.pos + 1;
    if (this.run === p && this.m2 < this.acc * VARIANCE_TRUST) {
      this.sum = ringSum(this.buf, this.pos, p);
      this.mean = this.sum / p;
      this.m2 = ringSquaredDeviations(this.buf, this.pos, p, this.mean);
      this.acc = 0;
    }
    return this.run === p;
  }

  save(): void {
    this.bPos = this.pos;
    this.bRun = this.run;
    this.bSum = this.sum;
    this.bMean = this.mean;
    this.bM2 = this.m2;
    this.bAcc = this.acc;
    this.bSlot = this.buf[this.pos];
  }

  restore(): void {
    this.pos = this.bPos;
    this.run = this.bRun;
    this.sum = this.bSum;
    this.mean = this.bMean;
    this.m2 = this.bM2;
    this.acc = this.bAcc;
    this.buf[this.pos] = this.bSlot;
  }
}

/**
 * Rolling maximum (or minimum) of the last `period` values, current one included, with a
 * monotonic deque held in a ring of capacity period + 1: O(1) amortised per value. `save`
 * copies the deque (O(period) per streamed bar), so `update` can bring it back exactly.
 */
export class ExtremeWindow {
  private readonly vals: Float64Array;
  private readonly ids: Float64Array;
  private readonly cap: number;
  private head = 0;
  private size = 0;
  private count = 0;
  private readonly bVals: Float64Array;
  private readonly bIds: Float64Array;
  private bHead = 0;
  private bSize = 0;
  private bCount = 0;

  constructor(
    readonly period: number,
    readonly isMax: boolean,
  ) {
    this.cap = period + 1;
    this.vals = new Float64Array(this.cap);
    this.ids = new Float64Array(this.cap);
    this.bVals = new Float64Array(this.cap);
    this.bIds = new Float64Array(this.cap);
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.count = 0;
  }

  /** Adds a (non-NaN) value and returns the extreme of the window (defined once `full`). */
  push(x: number): number {
    const cap = this.cap;
    if (this.isMax) {
      while (this.size > 0 && this.vals[(this.head + this.size - 1) % cap] <= x) this.size--;
    } else {
      while (this.size > 0 && this.vals[(this.head + this.size - 1) % cap] >= x) this.size--;
    }
    const at = (this.head + this.size) % cap;
    this.vals[at] = x;
    this.ids[at] = this.count;
    this.size++;
    if (this.ids[this.head] <= this.count - this.period) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
    this.count++;
    return this.vals[this.head];
  }

  /** True when at least `period` values were pushed since the last reset. */
  get full(): boolean {
    return this.count >= this.period;
  }

  save(): void {
    this.bVals.set(this.vals);
    this.bIds.set(this.ids);
    this.bHead = this.head;
    this.bSize = this.size;
    this.bCount = this.count;
  }

  restore(): void {
    this.vals.set(this.bVals);
    this.ids.set(this.bIds);
    this.head = this.bHead;
    this.size = this.bSize;
    this.count = this.bCount;
  }
}
