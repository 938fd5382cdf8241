/**
 * A strategy's signals as columns, and their arrows on a chart of any timeframe: a signal fired
 * on a base bar is drawn on the view candle that contains that bar.
 */
import { candleOpenTime, type Timeframe } from '../candles/timeframe';
import { lowerBound, upperBound } from '../util/binary-search';
import type { Direction, PreparedStrategy } from '../strategy/types';

/** Every signal of a series, ascending by bar. `direction` is 1 for LONG, -1 for SHORT. */
export interface SignalColumns {
  bar: Int32Array;
  time: Float64Array;
  direction: Int8Array;
  confidence: Float64Array;
}

export function emptySignals(): SignalColumns {
  return { bar: new Int32Array(0), time: new Float64Array(0), direction: new Int8Array(0), confidence: new Float64Array(0) };
}

/**
 * Reads `signalAt` on bars [0, n) of a prepared strategy. `tick` is called every 65,536 bars
 * with the bars done (for progress and cancellation).
 */
export function collectSignals(prepared: PreparedStrategy, time: Float64Array, tick?: (done: number) => void): SignalColumns {
  const n = time.length;
  const bar: number[] = [];
  const dir: number[] = [];
  const conf: number[] = [];
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0 && i > 0) tick?.(i);
    const s = prepared.signalAt(i);
    if (s === null) continue;
    bar.push(i);
    dir.push(s.direction === 'LONG' ? 1 : -1);
    conf.push(s.confidence);
  }
  const out: SignalColumns = {
    bar: Int32Array.from(bar),
    time: new Float64Array(bar.length),
    direction: Int8Array.from(dir),
    confidence: Float64Array.from(conf),
  };
  for (let k = 0; k < bar.length; k++) out.time[k] = time[bar[k]];
  return out;
}

/** Signals with bar index in [fromBar, toBar] (inclusive), as a copy. */
export function signalsBetween(s: SignalColumns, fromBar: number, toBar: number): SignalColumns {
  const a = firstSignalAfter(s.bar, fromBar - 1);
  const b = firstSignalAfter(s.bar, toBar);
  return { bar: s.bar.slice(a, b), time: s.time.slice(a, b), direction: s.direction.slice(a, b), confidence: s.confidence.slice(a, b) };
}

/** Signals fired on bars opening in [from, to) (UTC ms), as a copy. */
export function signalsInTimeRange(s: SignalColumns, from: number, to: number): SignalColumns {
  const a = lowerBound(s.time, from);
  const b = lowerBound(s.time, to);
  return { bar: s.bar.slice(a, b), time: s.time.slice(a, b), direction: s.direction.slice(a, b), confidence: s.confidence.slice(a, b) };
}

/** Index of the first signal whose bar is after `bar` (= the number of signals up to `bar`). */
export function firstSignalAfter(bars: Int32Array, bar: number): number {
  return upperBound(bars, bar);
}

/** One arrow: the signals of one direction fired inside one view candle. */
export interface SignalArrow {
  /** Open time of the view candle. */
  time: number;
  direction: Direction;
  /** Signals it stands for. */
  count: number;
  /** Base bar and open time of the first and the last of them. */
  firstBar: number;
  lastBar: number;
  firstTime: number;
  /** Highest confidence among them. */
  confidence: number;
}

/**
 * Arrows for signals [0, upTo) of `s` on timeframe `tf`: one per view candle and direction,
 * ascending by time (LONG before SHORT in the same candle).
 */
export function signalArrows(s: SignalColumns, tf: Timeframe, upTo = s.bar.length): SignalArrow[] {
  const out: SignalArrow[] = [];
  let long: SignalArrow | null = null;
  let short: SignalArrow | null = null;
  let bucket = NaN;
  const flush = () => {
    if (long) out.push(long);
    if (short) out.push(short);
    long = null;
    short = null;
  };
  for (let k = 0; k < upTo; k++) {
    const t = candleOpenTime(s.time[k], tf);
    if (t !== bucket) {
      flush();
      bucket = t;
    }
    const isLong = s.direction[k] > 0;
    const cur = isLong ? long : short;
    if (cur === null) {
      const a: SignalArrow = {
        time: t,
        direction: isLong ? 'LONG' : 'SHORT',
        count: 1,
        firstBar: s.bar[k],
        lastBar: s.bar[k],
        firstTime: s.time[k],
        confidence: s.confidence[k],
      };
      if (isLong) long = a;
      else short = a;
    } else {
      cur.count++;
      cur.lastBar = s.bar[k];
      if (s.confidence[k] > cur.confidence) cur.confidence = s.confidence[k];
    }
  }
  flush();
  return out;
}
