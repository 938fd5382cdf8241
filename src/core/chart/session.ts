/**
 * Everything a chart computes on one stored series, held between requests: the base candles,
 * the stored candles of longer timeframes, views on each timeframe, indicator overlays, and the
 * prepared strategy with its signals. The chart asks it for windows of candles with their
 * overlays, for the forming candle at a replay cursor and for the condition snapshot of a bar.
 *
 * No lookahead: every overlay value on a view candle is the value of the last candle of the
 * overlay's timeframe closed by that view candle's close; the forming candle at a cursor and its
 * overlay values are built from base bars up to the cursor only; the strategy is prepared once on
 * the whole series, and a strategy reads on bar i only bars 0..i (its bias check proves it), so
 * what is read at the cursor is what it saw there.
 */
import { resolveRequestStrategy } from '../backtest/request';
import { canResample } from '../candles/resample';
import { candleOpenTime, nextOpenTime, TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import type { FormingCandle } from '../candles/hygiene';
import { CANDLE_FIELDS, emptyCandles, sliceCandles, type CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { getIndicator } from '../indicators/registry';
import { lastClosedIndex } from '../strategy/hma-sma';
import type { PreparedStrategy, StrategyInput, StrategyParams } from '../strategy/types';
import { higherCandles } from './higher-candles';
import { checkOverlay, overlayKey, strategyOverlays, type OverlaySpec } from './overlays';
import { collectSignals, type SignalColumns } from './signals';
import { conditionSnapshot, type ConditionSnapshot } from './snapshot';
import { buildViewSeries, closedCount, lastBaseClosedBy, partialCandle, type ViewSeries } from './view-series';
import { windowRange, type WindowAlign } from './window';

/** The series a session is opened on. */
export interface ChartSeriesInput {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  candles: CandleColumns;
  /** Stored candles of the same symbol on longer timeframes. */
  stored?: Partial<Record<Timeframe, CandleColumns>>;
}

/** What the chart learns about the series when it is opened. */
export interface ChartSeriesInfo {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  count: number;
  /** Open times of the first and last candle (NaN when empty). */
  first: number;
  last: number;
  /** Timeframes it can be viewed on: its own, and longer ones stored or built from it. */
  views: Timeframe[];
  /** The longer timeframes among them that are stored (the others are resampled). */
  stored: Timeframe[];
}

/** A strategy as asked for: a preset or strategy id, parameters over its defaults, a script for SCRIPTED. */
export interface ChartStrategySpec {
  name: string;
  params?: StrategyParams;
  script?: string;
}

/** The prepared strategy as the chart shows it. */
export interface ChartStrategyInfo {
  name: string;
  id: string;
  preset: string | null;
  params: StrategyParams;
  /** Bars before its first possible signal. */
  warmup: number;
  /** The lines it reads, as overlays. */
  overlays: OverlaySpec[];
  /** Every signal of the series. */
  signals: SignalColumns;
}

export interface WindowRequest {
  /** View timeframe. */
  tf: Timeframe;
  /** A time the window holds: the view candle containing it (or the last one before it). */
  anchor: number;
  align: WindowAlign;
  /** Most view candles in the window. */
  size: number;
  overlays: OverlaySpec[];
  /** Date filter: open times (UTC ms, inclusive); null = the series' first or last candle. */
  from?: number | null;
  to?: number | null;
}

/** The values of one overlay's outputs on the candles of a window (NaN where there is none). */
export interface OverlayValues {
  key: string;
  outputs: { name: string; values: Float64Array }[];
}

/** A window of view candles with everything drawn on them. */
export interface ChartWindow {
  tf: Timeframe;
  /** View candles [from, to) of [lo, hi), the candles the date filter keeps; `total` view candles in all. */
  from: number;
  to: number;
  lo: number;
  hi: number;
  total: number;
  /** Base bars the date filter keeps: [barLo, barHi] and their open times (-1 / NaN when none). */
  barLo: number;
  barHi: number;
  barLoTime: number;
  barHiTime: number;
  candles: CandleColumns;
  /** Per candle: the last base bar closed by its close, and that bar's open time. */
  closeBase: Int32Array;
  closeBaseTime: Float64Array;
  overlays: OverlayValues[];
}

/** The view candle forming at a replay cursor, with the overlays' values on it. */
export interface ChartForming {
  tf: Timeframe;
  /** Its index in the view series. */
  index: number;
  bar: number;
  candle: FormingCandle;
  overlays: { key: string; outputs: { name: string; value: number }[] }[];
}

interface OverlayData {
  spec: OverlaySpec;
  source: Timeframe;
  values: Record<string, Float64Array>;
}

export class ChartSession {
  readonly info: ChartSeriesInfo;
  private readonly base: CandleColumns;
  private readonly tf: Timeframe;
  private readonly stored: Partial<Record<Timeframe, CandleColumns>>;
  private readonly sources = new Map<Timeframe, CandleColumns>();
  private readonly views = new Map<Timeframe, ViewSeries>();
  private readonly overlayCache = new Map<string, OverlayData>();
  private readonly mapCache = new Map<string, Int32Array>();
  private prepared: PreparedStrategy | null = null;
  private strategyInfo: ChartStrategyInfo | null = null;

  constructor(input: ChartSeriesInput) {
    this.base = input.candles;
    this.tf = input.timeframe;
    this.stored = {};
    for (const tf of TIMEFRAMES) {
      const c = input.stored?.[tf];
      if (c && c.time.length > 0 && TIMEFRAMES.indexOf(tf) > TIMEFRAMES.indexOf(this.tf)) this.stored[tf] = c;
    }
    const n = this.base.time.length;
    const longer = TIMEFRAMES.filter((tf) => TIMEFRAMES.indexOf(tf) > TIMEFRAMES.indexOf(this.tf));
    const views = [this.tf, ...longer.filter((tf) => canResample(this.tf, tf) || this.stored[tf] !== undefined)];
    this.info = {
      exchange: input.exchange,
      symbol: input.symbol,
      timeframe: this.tf,
      count: n,
      first: n > 0 ? this.base.time[0] : NaN,
      last: n > 0 ? this.base.time[n - 1] : NaN,
      views,
      stored: views.filter((tf) => this.stored[tf] !== undefined),
    };
  }

  /** Candles of timeframe `tf` to compute on: the base series, or stored merged with resampled (whole history). */
  private source(tf: Timeframe): CandleColumns {
    let c = this.sources.get(tf);
    if (!c) {
      c = higherCandles(this.base, this.tf, tf, this.stored[tf]);
      this.sources.set(tf, c);
    }
    return c;
  }

  /** The view of the series on `tf`. */
  view(tf: Timeframe): ViewSeries {
    if (!this.info.views.includes(tf)) {
      throw new RangeError(`timeframe: "${tf}" is not a view of this ${this.tf} series (views: ${this.info.views.join(', ')})`);
    }
    let v = this.views.get(tf);
    if (!v) {
      v = buildViewSeries(this.base, this.tf, tf, this.stored[tf]);
      this.views.set(tf, v);
    }
    return v;
  }

  /**
   * Prepares `spec` on the series (higher timeframes it reads: stored candles merged with
   * candles resampled from the series) and collects its signals; null clears the strategy.
   */
  setStrategy(spec: ChartStrategySpec | null, tick?: (done: number, total: number) => void): ChartStrategyInfo | null {
    this.prepared = null;
    this.strategyInfo = null;
    if (spec === null) return null;
    const resolved = resolveRequestStrategy(spec);
    const input: StrategyInput = { symbol: this.info.symbol, timeframe: this.tf, candles: this.base };
    const other: Partial<Record<Timeframe, CandleColumns>> = {};
    for (const tf of resolved.strategy.timeframes(resolved.params, this.tf)) {
      if (this.stored[tf] !== undefined) other[tf] = this.source(tf);
    }
    if (Object.keys(other).length > 0) input.other = other;
    const prepared = resolved.strategy.prepare(input, resolved.params);
    const n = this.base.time.length;
    const signals = collectSignals(prepared, this.base.time, (done) => tick?.(done, n));
    const r = resolved.report;
    this.prepared = prepared;
    this.strategyInfo = {
      name: r.name,
      id: r.id,
      preset: r.preset,
      params: { ...r.params },
      warmup: resolved.strategy.warmup(resolved.params),
      overlays: strategyOverlays(r.id, r.params, this.tf),
      signals,
    };
    return this.strategyInfo;
  }

  get strategy(): ChartStrategyInfo | null {
    return this.strategyInfo;
  }

  /** Base bars the date filter keeps: [lo, hi] (lo > hi when none). */
  barRange(from?: number | null, to?: number | null): { lo: number; hi: number } {
    const t = this.base.time;
    const lo = from === null || from === undefined ? 0 : lowerBound(t, from);
    const hi = to === null || to === undefined ? t.length - 1 : lowerBound(t, to + 1) - 1;
    return { lo, hi };
  }

  /** The base bar to stop at for time `t`: the last one opening at or before it, inside the date filter. */
  locate(t: number, from?: number | null, to?: number | null): { bar: number; time: number } | null {
    const { lo, hi } = this.barRange(from, to);
    if (lo > hi) return null;
    const i = Math.min(hi, Math.max(lo, lowerBound(this.base.time, t + 1) - 1));
    return { bar: i, time: this.base.time[i] };
  }

  /** A window of view candles with the values of `overlays` on them. */
  window(req: WindowRequest): ChartWindow {
    const v = this.view(req.tf);
    const vt = v.candles.time;
    const total = vt.length;
    const lo = req.from === null || req.from === undefined ? 0 : lowerBound(vt, candleOpenTime(req.from, req.tf));
    const hi = req.to === null || req.to === undefined ? total : lowerBound(vt, req.to + 1);
    const anchor = lowerBound(vt, req.anchor + 1) - 1;
    const { from, to } = windowRange(lo, hi, anchor, req.size, req.align);
    const c = v.candles;
    const closeBase = v.closeBase.slice(from, to);
    const closeBaseTime = new Float64Array(closeBase.length);
    for (let k = 0; k < closeBase.length; k++) closeBaseTime[k] = closeBase[k] >= 0 ? this.base.time[closeBase[k]] : NaN;
    const bars = this.barRange(req.from, req.to);
    const overlays = req.overlays.map((spec) => {
      const data = this.overlay(spec, req.tf);
      const idx = this.mapping(req.tf, data.source);
      return {
        key: overlayKey(spec),
        outputs: Object.entries(data.values).map(([name, col]) => {
          const out = new Float64Array(to - from);
          for (let k = from; k < to; k++) out[k - from] = idx[k] >= 0 ? col[idx[k]] : NaN;
          return { name, values: out };
        }),
      };
    });
    return {
      tf: req.tf,
      from,
      to,
      lo,
      hi,
      total,
      barLo: bars.lo <= bars.hi ? bars.lo : -1,
      barHi: bars.lo <= bars.hi ? bars.hi : -1,
      barLoTime: bars.lo <= bars.hi ? this.base.time[bars.lo] : NaN,
      barHiTime: bars.lo <= bars.hi ? this.base.time[bars.hi] : NaN,
      candles: sliceCandles(c, from, to),
      closeBase,
      closeBaseTime,
      overlays,
    };
  }

  /** An overlay's values on every candle of its own timeframe (`viewTf` when it follows the view), computed once. */
  private overlay(spec: OverlaySpec, viewTf: Timeframe): OverlayData {
    const given = checkOverlay(spec, this.tf);
    const checked = { ...given, timeframe: given.timeframe ?? viewTf };
    const key = overlayKey(checked);
    let d = this.overlayCache.get(key);
    if (!d) {
      const source = checked.timeframe;
      if (!this.info.views.includes(source)) {
        throw new RangeError(`overlay.timeframe: "${source}" cannot be built from this ${this.tf} series and is not stored`);
      }
      const def = getIndicator(checked.indicator);
      const src = this.source(source);
      const values = def.compute(def.inputs.map((inp) => src[inp.field]), checked.params);
      d = { spec: checked, source, values };
      this.overlayCache.set(key, d);
    }
    return d;
  }

  /**
   * Per view candle of `viewTf`: the candle of `sourceTf` read there, the last one closed by the
   * view candle's close (-1 when none, or when a later one should have closed but is missing).
   */
  private mapping(viewTf: Timeframe, sourceTf: Timeframe): Int32Array {
    const key = `${viewTf}>${sourceTf}`;
    let m = this.mapCache.get(key);
    if (!m) {
      m = lastClosedIndex(this.view(viewTf).candles.time, viewTf, this.source(sourceTf).time, sourceTf);
      this.mapCache.set(key, m);
    }
    return m;
  }

  /**
   * The view candle of `tf` forming at base bar `bar` (its close later than the bar's), built
   * from base bars up to `bar`, with the overlays' values on it; null when the view candle
   * containing the bar is closed by the bar's close (nothing is forming).
   */
  forming(tf: Timeframe, bar: number, overlays: OverlaySpec[]): ChartForming | null {
    this.checkBar(bar);
    if (tf === this.tf) return null;
    const v = this.view(tf);
    const t = this.base.time[bar];
    const barClose = nextOpenTime(t, this.tf);
    const k = closedCount(v.candles.time, tf, barClose);
    const bucket = candleOpenTime(t, tf);
    if (nextOpenTime(bucket, tf) <= barClose) return null;
    const candle = partialCandle(this.base, bar, tf);
    return {
      tf,
      index: k,
      bar,
      candle,
      overlays: overlays.map((spec) => {
        const data = this.overlay(spec, tf);
        return { key: overlayKey(spec), outputs: this.overlayAtBar(data, tf, bar, candle) };
      }),
    };
  }

  /**
   * An overlay's values on the candle of `tf` forming at base bar `bar`: computed with that
   * candle as the last one when the overlay is on the same timeframe, else the values of the last
   * candle of the overlay's timeframe closed by the bar's close.
   */
  private overlayAtBar(data: OverlayData, tf: Timeframe, bar: number, candle: ChartForming['candle']): { name: string; value: number }[] {
    const src = this.source(data.source);
    if (data.source === tf) {
      const k = lowerBound(src.time, candle.time);
      const cols = emptyCandles(k + 1);
      for (const f of CANDLE_FIELDS) {
        cols[f].set(src[f].subarray(0, k));
        cols[f][k] = candle[f];
      }
      const def = getIndicator(data.spec.indicator);
      const out = def.compute(def.inputs.map((inp) => cols[inp.field]), data.spec.params);
      return Object.keys(data.values).map((name) => ({ name, value: out[name][k] }));
    }
    const j = lastClosedBy(src.time, data.source, nextOpenTime(this.base.time[bar], this.tf));
    return Object.entries(data.values).map(([name, col]) => ({ name, value: j >= 0 ? col[j] : NaN }));
  }

  /** The condition snapshot of base bar `bar`; null without a strategy. */
  conditions(bar: number): ConditionSnapshot | null {
    this.checkBar(bar);
    return this.prepared ? conditionSnapshot(this.prepared, this.base, bar) : null;
  }

  private checkBar(bar: number): void {
    const n = this.base.time.length;
    if (!(Number.isInteger(bar) && bar >= 0 && bar < n)) throw new RangeError(`bar: ${bar} is not a bar of this series (0..${n - 1})`);
  }
}

/** Index of the last candle (open times `time`, timeframe `tf`) closed by `t`, when the one after it is not due yet; else -1. */
function lastClosedBy(time: Float64Array, tf: Timeframe, t: number): number {
  const j = lastBaseClosedBy(time, tf, t);
  if (j < 0) return -1;
  return nextOpenTime(nextOpenTime(time[j], tf), tf) <= t ? -1 : j;
}
