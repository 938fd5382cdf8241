/**
 * HMA_SMA — trend alignment across three timeframes.
 *
 * Reads SMA(sma_period) of the base timeframe's closes (default base 5m) and HMA(hma_period)
 * of the closes of two higher timeframes (default 1h and 4h). Higher-timeframe candles come
 * from `input.other[tf]` when given, else they are resampled from the base series (complete
 * buckets only). On base bar i, a higher-timeframe candle counts only once it has CLOSED at or
 * before the close of bar i (its close time ≤ t_i + base timeframe); the one still forming is
 * never read. If a later higher-timeframe candle should have closed by then but is missing
 * from the data (a gap, or stored candles ending early), the value is stale and bar i is not
 * evaluated.
 *
 * Conditions on bar i (HMA_tf = the HMA of the last closed tf candle, HMA_tf' = that of the
 * closed candle before it):
 * - shouldEnterLong: close > SMA, close > HMA_1 and close > HMA_2, HMA_1 > HMA_1' and
 *   HMA_2 > HMA_2' (both rising);
 * - shouldEnterShort: the mirror (close below all three, both HMAs falling).
 *
 * Signals fire on transitions only: on the first bar where shouldEnterLong (or
 * shouldEnterShort) holds after a bar on which every condition could be evaluated and it did
 * not. Firing on every bar of an aligned trend would repeat the same idea bar after bar (a
 * signal stream full of duplicates, and a re-entry right after every stop); with transitions,
 * a backtest with exit-on-opposite-signal holds a position until its stop, its target, or
 * the first bar of the opposite alignment, and after a stop waits for a fresh alignment.
 *
 * Stop and target are fixed percentages (stop_pct, target_pct; 0 = none); confidence is 1
 * (every condition is binary and all hold).
 */
import { resample, canResample } from '../candles/resample';
import { TIMEFRAMES, nextOpenTime, timeframeMs, type Timeframe } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import { hma, sma } from '../indicators';
import type { CheckedStrategy } from './params';
import { num, str, validateParams } from './params';
import type { ParamSpec, PreparedStrategy, Reading, Reason, Signal, StrategyInput, StrategyParams } from './types';

export const HMA_SMA_ID = 'HMA_SMA';

export const HMA_SMA_PARAMS: readonly ParamSpec[] = Object.freeze([
  { key: 'sma_period', label: 'SMA period (base)', type: 'integer', default: 200, min: 2, max: 5000, step: 1, description: 'Bars of the SMA on the base timeframe.' },
  { key: 'hma_period', label: 'HMA period (higher)', type: 'integer', default: 200, min: 2, max: 5000, step: 1, description: 'Candles of the HMA on each higher timeframe.' },
  { key: 'higher_tf_1', label: 'Higher timeframe 1', type: 'select', default: '1h', options: TIMEFRAMES, description: 'First higher timeframe (longer than the base).' },
  { key: 'higher_tf_2', label: 'Higher timeframe 2', type: 'select', default: '4h', options: TIMEFRAMES, description: 'Second higher timeframe (longer than the base).' },
  { key: 'stop_pct', label: 'Stop (%)', type: 'number', default: 2, min: 0, max: 99, step: 0.1, description: 'Stop distance in percent of price; 0 = none.' },
  { key: 'target_pct', label: 'Target (%)', type: 'number', default: 5, min: 0, max: 1000, step: 0.1, description: 'Target distance in percent of price; 0 = none.' },
] satisfies ParamSpec[]);

/** Bar state: conditions not evaluable, neither side aligned, long aligned, short aligned. */
const NA = -1;
const NONE = 0;
const LONG = 1;
const SHORT = 2;

/** One higher timeframe read on the base bars. */
interface HigherSeries {
  tf: Timeframe;
  candles: CandleColumns;
  hma: Float64Array;
  /** Per base bar: index of the last closed higher candle, -1 when none or stale. */
  idx: Int32Array;
}

/**
 * For each base bar, the index of the last higher-timeframe candle whose close time is ≤ the
 * base bar's close time, or -1 when there is none or the next higher candle should have
 * closed too but is missing.
 */
export function lastClosedIndex(
  baseTime: Float64Array,
  base: Timeframe,
  higherTime: Float64Array,
  higher: Timeframe,
): Int32Array {
  const n = baseTime.length;
  const m = higherTime.length;
  const out = new Int32Array(n);
  /** Close time of each higher candle, and the close time of the candle after it. */
  const closeAt = new Float64Array(m);
  const nextCloseAt = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    closeAt[j] = nextOpenTime(higherTime[j], higher);
    nextCloseAt[j] = nextOpenTime(closeAt[j], higher);
  }
  const baseMs = base === '1M' ? 0 : timeframeMs(base);
  let j = -1;
  for (let i = 0; i < n; i++) {
    const limit = baseMs > 0 ? baseTime[i] + baseMs : nextOpenTime(baseTime[i], base);
    while (j + 1 < m && closeAt[j + 1] <= limit) j++;
    out[i] = j < 0 || nextCloseAt[j] <= limit ? -1 : j;
  }
  return out;
}

function higherSeries(input: StrategyInput, key: string, tf: Timeframe, period: number): HigherSeries {
  const base = input.timeframe;
  if (TIMEFRAMES.indexOf(tf) <= TIMEFRAMES.indexOf(base)) {
    throw new RangeError(`${key}: "${tf}" is not longer than the base timeframe ${base}`);
  }
  let candles = input.other?.[tf];
  if (!candles) {
    if (!canResample(base, tf)) throw new RangeError(`${key}: "${tf}" cannot be built from ${base} candles`);
    candles = resample(input.candles, base, tf);
  }
  return {
    tf,
    candles,
    hma: hma(candles.close, period),
    idx: lastClosedIndex(input.candles.time, base, candles.time, tf),
  };
}

function checkHmaSmaParams(p: StrategyParams): void {
  const a = str(p, 'higher_tf_1');
  const b = str(p, 'higher_tf_2');
  if (a === b) throw new RangeError(`higher_tf_2: "${b}" repeats higher_tf_1`);
}

/** HMA_SMA as a strategy. */
export const HMA_SMA: CheckedStrategy = {
  id: HMA_SMA_ID,
  name: 'HMA / SMA trend alignment',
  description:
    'Base close above (below) SMA 200 and above (below) rising (falling) HMA 200 of closed 1h and 4h candles; fires when the alignment begins.',
  params: HMA_SMA_PARAMS,
  checkParams: checkHmaSmaParams,
  warmup(params: StrategyParams): number {
    return num(validateParams(HMA_SMA, params), 'sma_period');
  },
  timeframes(params: StrategyParams): Timeframe[] {
    const p = validateParams(HMA_SMA, params);
    return [str(p, 'higher_tf_1') as Timeframe, str(p, 'higher_tf_2') as Timeframe];
  },
  prepare: prepareHmaSma,
};

/** A prepared HMA_SMA with its per-bar condition states exposed for charts. */
export interface PreparedHmaSma extends PreparedStrategy {
  conditionsAt(i: number): Reason[];
  readingsAt(i: number): Reading[];
  /** Per bar: -1 not evaluable, 0 no alignment, 1 shouldEnterLong, 2 shouldEnterShort. */
  states: Int8Array;
}

function prepareHmaSma(input: StrategyInput, params: StrategyParams): PreparedHmaSma {
  const p = validateParams(HMA_SMA, params);
  const smaPeriod = num(p, 'sma_period');
  const hmaPeriod = num(p, 'hma_period');
  const stopFraction = num(p, 'stop_pct') / 100;
  const targetFraction = num(p, 'target_pct') / 100;
  const c = input.candles;
  const n = c.close.length;
  const close = c.close;
  const smaA = sma(close, smaPeriod);
  const h1 = higherSeries(input, 'higher_tf_1', str(p, 'higher_tf_1') as Timeframe, hmaPeriod);
  const h2 = higherSeries(input, 'higher_tf_2', str(p, 'higher_tf_2') as Timeframe, hmaPeriod);

  const states = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const j1 = h1.idx[i];
    const j2 = h2.idx[i];
    const s = smaA[i];
    if (j1 < 1 || j2 < 1 || s !== s) {
      states[i] = NA;
      continue;
    }
    const a = h1.hma[j1];
    const a0 = h1.hma[j1 - 1];
    const b = h2.hma[j2];
    const b0 = h2.hma[j2 - 1];
    if (a !== a || a0 !== a0 || b !== b || b0 !== b0) {
      states[i] = NA;
      continue;
    }
    const x = close[i];
    if (x > s && x > a && x > b && a > a0 && b > b0) states[i] = LONG;
    else if (x < s && x < a && x < b && a < a0 && b < b0) states[i] = SHORT;
    else states[i] = NONE;
  }

  const label1 = `HMA(${hmaPeriod}) ${h1.tf}`;
  const label2 = `HMA(${hmaPeriod}) ${h2.tf}`;
  const smaLabel = `SMA(${smaPeriod})`;

  const sideReasons = (i: number, long: boolean): Reason[] => {
    const x = close[i];
    const s = smaA[i];
    const j1 = h1.idx[i];
    const j2 = h2.idx[i];
    const a = j1 >= 0 ? h1.hma[j1] : NaN;
    const a0 = j1 >= 1 ? h1.hma[j1 - 1] : NaN;
    const b = j2 >= 0 ? h2.hma[j2] : NaN;
    const b0 = j2 >= 1 ? h2.hma[j2 - 1] : NaN;
    const v = (y: number): number | null => (y === y ? y : null);
    const above = (u: number, w: number): boolean => (long ? u > w : u < w);
    const cmp = long ? '>' : '<';
    const trend = long ? 'rising' : 'falling';
    return [
      { condition: `close ${cmp} ${smaLabel}`, value: v(x), threshold: v(s), pass: above(x, s) },
      { condition: `close ${cmp} ${label1}`, value: v(x), threshold: v(a), pass: above(x, a) },
      { condition: `close ${cmp} ${label2}`, value: v(x), threshold: v(b), pass: above(x, b) },
      { condition: `${label1} ${trend}`, value: v(a), threshold: v(a0), pass: above(a, a0) },
      { condition: `${label2} ${trend}`, value: v(b), threshold: v(b0), pass: above(b, b0) },
    ];
  };

  const checkBar = (i: number): void => {
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`i: ${i} is not a bar index (0..${n - 1})`);
  };

  const fires = (i: number): number => {
    if (i < 1 || i >= n) return NONE;
    const st = states[i];
    if (st !== LONG && st !== SHORT) return NONE;
    const prev = states[i - 1];
    return prev === NA || prev === st ? NONE : st;
  };

  return {
    states,
    signalAt(i: number): Signal | null {
      const st = fires(i);
      if (st === NONE) return null;
      const long = st === LONG;
      const reasons = sideReasons(i, long);
      reasons.push(
        { condition: long ? 'shouldEnterLong' : 'shouldEnterShort', value: true, threshold: null, pass: true },
        {
          condition: `previous bar ${long ? 'shouldEnterLong' : 'shouldEnterShort'}`,
          value: false,
          threshold: null,
          pass: true,
        },
      );
      return {
        symbol: input.symbol,
        time: c.time[i],
        barIndex: i,
        direction: long ? 'LONG' : 'SHORT',
        price: close[i],
        confidence: 1,
        stopFraction,
        targetFraction,
        reasons,
        strategy: HMA_SMA_ID,
      };
    },
    readingsAt(i: number): Reading[] {
      checkBar(i);
      const v = (y: number): number | null => (y === y ? y : null);
      const at = (h: HigherSeries, back: number): number => {
        const j = h.idx[i] - back;
        return j >= 0 && h.idx[i] >= 0 ? h.hma[j] : NaN;
      };
      const x = close[i];
      return [
        { label: 'close', value: x, kind: 'price' },
        { label: smaLabel, value: v(smaA[i]), kind: 'price' },
        { label: `${label1} (last closed)`, value: v(at(h1, 0)), kind: 'price' },
        { label: `${label1} (closed before)`, value: v(at(h1, 1)), kind: 'price' },
        { label: `${label2} (last closed)`, value: v(at(h2, 0)), kind: 'price' },
        { label: `${label2} (closed before)`, value: v(at(h2, 1)), kind: 'price' },
        { label: `LONG stop (close − ${num(p, 'stop_pct')} %)`, value: stopFraction > 0 ? x * (1 - stopFraction) : null, kind: 'price' },
        { label: `LONG target (close + ${num(p, 'target_pct')} %)`, value: targetFraction > 0 ? x * (1 + targetFraction) : null, kind: 'price' },
        { label: `SHORT stop (close + ${num(p, 'stop_pct')} %)`, value: stopFraction > 0 ? x * (1 + stopFraction) : null, kind: 'price' },
        { label: `SHORT target (close − ${num(p, 'target_pct')} %)`, value: targetFraction > 0 ? x * (1 - targetFraction) : null, kind: 'price' },
      ];
    },
    conditionsAt(i: number): Reason[] {
      checkBar(i);
      const st = states[i];
      return [
        ...sideReasons(i, true),
        ...sideReasons(i, false),
        { condition: 'shouldEnterLong', value: st === LONG, threshold: null, pass: st === LONG },
        { condition: 'shouldEnterShort', value: st === SHORT, threshold: null, pass: st === SHORT },
      ];
    },
  };
}
