/**
 * The Chart page's drawing, on lightweight-charts: candles with volume, overlays on the price or
 * in panes below (longer-timeframe overlays as step lines), gaps as empty slots, signal arrows and
 * backtest trades, and a replay cursor that draws nothing after it.
 *
 * Every series holds the same points: one per slot (a candle, or an empty slot in a gap). Moving
 * the replay cursor appends (`update`) or removes (`pop`) the points between the old and the new
 * cursor and replaces only the forming candle, so a step costs the same however large the window
 * is. When the next window of a playing replay arrives, what is drawn stays: the new window's slots
 * are lined up with the points already on the chart (`offset`), and only later points come from it.
 */
import type {
  CandlestickData,
  HistogramData,
  IChartApi,
  IPriceLine,
  ISeriesApi,
  ISeriesMarkersPluginApi,
  LineData,
  SeriesMarker,
  SeriesType,
  Time,
  UTCTimestamp,
  WhitespaceData,
} from 'lightweight-charts';
import type { IndexedChartTrade } from '../../../core/chart/trades';
import { candleOpenTime, nextOpenTime, TIMEFRAMES, type Timeframe } from '../../../core/candles/timeframe';
import { lowerBound, upperBound } from '../../../core/util/binary-search';
import { gapSlots, type GapSlots } from '../../../core/chart/gap-slots';
import type { OverlaySpec } from '../../../core/chart/overlays';
import type { ChartForming, ChartWindow } from '../../../core/chart/session';
import { firstSignalAfter, signalArrows, signalsInTimeRange, type SignalColumns } from '../../../core/chart/signals';
import { closedCount } from '../../../core/chart/view-series';
import { withAlpha } from '../charts/color';
import { chartTime, createThemedChart, themeOptions, type LightweightCharts } from '../charts/lightweight';
import type { ChartColors } from '../charts/theme';

/** An overlay as drawn: its key in the window's overlay values, label and spec. */
export interface DrawnOverlay {
  key: string;
  label: string;
  spec: OverlaySpec;
}

/** Where the replay cursor is: a bar of the opened series and its open time. */
export interface Cursor {
  bar: number;
  time: number;
}

type Point = CandlestickData<UTCTimestamp> | HistogramData<UTCTimestamp> | LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>;

/** One drawn series and how its point at a window slot is made. */
interface Drawn {
  api: ISeriesApi<SeriesType, Time>;
  /** Points of the window's slots, built when first needed. */
  points: (Point | undefined)[];
  make: (slot: number) => Point;
  /** Set for overlay lines: the overlay's key and output, and the output's values in the current window. */
  overlay?: string;
  output?: string;
  values?: Float64Array;
}

/** Points appended or removed one by one at most; more are redrawn with one `setData`. */
const INCREMENTAL_LIMIT = 64;
/** Candles in view after a jump. */
const JUMP_SPAN = 150;
/** Points on the chart at most before a new window is drawn afresh rather than lined up. */
const MAX_POINTS = 60_000;
/**
 * Points on the chart at most while a replay adds to it. lightweight-charts rebuilds every point
 * of a series whenever its data changes, so each frame of a replay costs what the chart holds:
 * past this many, the oldest are let go, down to {@link DRAWN_POINTS}.
 */
const REPLAY_POINTS_MAX = 6_000;
/**
 * Points a window is drawn with afresh: those before the cursor (or the window's end). Earlier
 * ones are drawn as the view nears the first point ({@link EARLIER_POINTS} at a time), so a new
 * window or a jump draws in a short task however many candles the window holds.
 */
const DRAWN_POINTS = 1_500;
/** Points drawn in front when the view nears the first point drawn. */
const EARLIER_POINTS = 3_000;
/** Bars from the first point drawn at which scrolling back draws earlier points. */
const EXTEND_MARGIN = 40;

/** Decimals that show a price of this size to about six significant digits (2 to 10). */
export function priceDecimals(price: number): number {
  if (!(price > 0)) return 2;
  return Math.min(10, Math.max(2, 5 - Math.floor(Math.log10(price))));
}

export class ChartView {
  readonly chart: IChartApi;
  private readonly lc: LightweightCharts;
  private readonly box: HTMLElement;
  private colors: ChartColors;
  private readonly candles: ISeriesApi<'Candlestick', Time>;
  private readonly volume: ISeriesApi<'Histogram', Time>;
  private readonly markerApi: ISeriesMarkersPluginApi<Time>;
  private series: Drawn[] = [];
  private priceLines: IPriceLine[] = [];

  private win: ChartWindow | null = null;
  private slots: GapSlots = { time: new Float64Array(0), candle: new Int32Array(0), end: new Int32Array(0) };
  private overlays: DrawnOverlay[] = [];
  private baseTf: Timeframe = '1h';

  /** Open times (UTC ms) of the points on the chart, the forming candle excluded. */
  private points: number[] = [];
  /** Chart index of the window's slot 0 (negative when the window begins before the chart's first point). */
  private offset = 0;
  private formingDrawn = false;
  private cursor: Cursor | null = null;
  private formingData: ChartForming | null = null;
  private needsFull = true;
  /** The earliest slot a full redraw draws once the view asked for earlier points (null: the last {@link DRAWN_POINTS}). */
  private keepFrom: number | null = null;
  private extending = false;
  /** The span the shown signals were picked for (`from:to`). */
  private spanShown: string | null = null;

  private signals: SignalColumns | null = null;
  private shownSignals: SignalColumns | null = null;
  private trades: IndexedChartTrade[] = [];
  private selectedTrade: number | null = null;
  private markerKey = '';

  private hoverListeners: ((k: number | null, forming: boolean) => void)[] = [];
  private rangeListeners: ((from: number, to: number) => void)[] = [];

  constructor(lc: LightweightCharts, box: HTMLElement, colors: ChartColors) {
    this.lc = lc;
    this.box = box;
    this.colors = colors;
    this.chart = createThemedChart(lc, box, colors, {
      rightPriceScale: { borderColor: colors.border, scaleMargins: { top: 0.08, bottom: 0.22 }, minimumWidth: 88 },
      timeScale: { rightOffset: 6, barSpacing: 7, borderColor: colors.border, timeVisible: true, secondsVisible: false },
    });
    this.candles = this.chart.addSeries(lc.CandlestickSeries, { priceLineVisible: false });
    this.volume = this.chart.addSeries(lc.HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    this.volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
    this.markerApi = lc.createSeriesMarkers(this.candles, [], { zOrder: 'aboveSeries' });
    this.setColors(colors);
    this.chart.subscribeCrosshairMove((p) => {
      let k: number | null = null;
      let forming = false;
      if (p.logical !== undefined && p.time !== undefined) {
        const i = Math.round(p.logical);
        if (this.formingDrawn && i === this.points.length) {
          forming = true;
          k = this.formingData && this.win ? this.formingData.index - this.win.from : null;
        } else if (i >= 0 && i < this.points.length) {
          const s = i - this.offset;
          const c = s >= 0 && s < this.slots.candle.length ? this.slots.candle[s] : -1;
          k = c >= 0 ? c : null;
        }
      }
      for (const f of this.hoverListeners) f(k, forming);
    });
    this.chart.timeScale().subscribeVisibleLogicalRangeChange((r) => {
      if (!r || !this.win) return;
      if (this.offset < 0 && r.from < EXTEND_MARGIN) this.drawEarlier();
      const from = this.candleAtSlot(Math.floor(r.from) - this.offset);
      const to = this.candleAtSlot(Math.ceil(r.to) - this.offset) + 1;
      this.box.dataset.visibleFrom = String(from);
      this.box.dataset.visibleTo = String(to);
      for (const f of this.rangeListeners) f(from, to);
    });
  }

  /** Calls `f` with the window index of the candle under the crosshair (null when none). */
  onHover(f: (k: number | null, forming: boolean) => void): void {
    this.hoverListeners.push(f);
  }

  /** Calls `f` with the window candles [from, to) on screen whenever the view moves. */
  onVisibleRange(f: (from: number, to: number) => void): void {
    this.rangeListeners.push(f);
  }

  /** Window index of the last candle at or before slot `s` (clamped into the window). */
  private candleAtSlot(s: number): number {
    return Math.max(0, Math.min(this.slots.end.length - 1, upperBound(this.slots.end, s)));
  }

  setColors(c: ChartColors): void {
    this.colors = c;
    this.chart.applyOptions(themeOptions(this.lc, c));
    this.candles.applyOptions({ upColor: c.up, downColor: c.down, borderUpColor: c.up, borderDownColor: c.down, wickUpColor: c.up, wickDownColor: c.down });
    for (const d of this.series) {
      d.points = [];
      if (d.overlay !== undefined) d.api.applyOptions(this.lineStyle(d.overlay, d.output!) as never);
    }
    this.markerKey = '';
    if (this.win) {
      this.needsFull = true;
      this.redraw();
    }
  }

  /**
   * Shows a new window. `baseTf` is the opened series' timeframe; `overlays` are drawn in this
   * order (their values come from the window). During a replay, when the window holds the last
   * point drawn and draws the same timeframe and overlays, the chart keeps what it drew.
   */
  setWindow(w: ChartWindow, baseTf: Timeframe, overlays: DrawnOverlay[], cursor: Cursor | null, forming: ChartForming | null): void {
    const old = this.win;
    const keepView = old !== null && old.tf === w.tf && cursor === null ? this.visibleTimes() : null;
    const sameLines = old !== null && old.tf === w.tf && overlays.map((o) => o.key).join('\n') === this.overlays.map((o) => o.key).join('\n');
    this.win = w;
    this.baseTf = baseTf;
    this.keepFrom = null;
    this.slots = gapSlots(w.candles.time, w.tf);
    this.applyPriceFormat(w);
    let lined = false;
    if (sameLines && cursor !== null && this.cursor !== null && !this.needsFull) lined = this.lineUp();
    if (!lined) {
      this.setOverlaySeries(overlays);
      this.needsFull = true;
    } else {
      for (const d of this.series) {
        d.points = [];
        if (d.overlay !== undefined) d.values = w.overlays.find((x) => x.key === d.overlay)?.outputs.find((x) => x.name === d.output)?.values ?? new Float64Array(w.candles.time.length).fill(NaN);
      }
    }
    this.cursor = cursor;
    this.formingData = forming;
    this.spanShown = null;
    this.redraw();
    this.box.dataset.windowFrom = String(w.from);
    this.box.dataset.windowTo = String(w.to);
    this.box.dataset.viewTf = w.tf;
    if (lined) return;
    if (cursor) this.revealCursor(true);
    else if (keepView) this.restoreTimes(keepView);
    else this.showLast();
  }

  /**
   * Lines the new window's slots up with the points on the chart: true when the window holds the
   * last point drawn (so later points can come from it), false when it must be drawn afresh.
   */
  private lineUp(): boolean {
    if (this.formingDrawn) {
      for (const d of this.series) d.api.pop(1);
      this.formingDrawn = false;
    }
    const n = this.points.length;
    if (n === 0 || n > MAX_POINTS) return false;
    const last = this.points[n - 1];
    const s = lowerBound(this.slots.time, last);
    if (s >= this.slots.time.length || this.slots.time[s] !== last) return false;
    const offset = n - 1 - s;
    // The overlap must be the same slots.
    const first = Math.max(0, offset);
    if (this.points[first] !== this.slots.time[first - offset]) return false;
    this.offset = offset;
    return true;
  }

  private applyPriceFormat(w: ChartWindow): void {
    const n = w.candles.close.length;
    let mid = n > 0 ? w.candles.close[n >> 1] : 1;
    if (!(mid > 0)) mid = 1;
    const decimals = priceDecimals(mid);
    const fmt = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    this.candles.applyOptions({ priceFormat: { type: 'custom', minMove: 10 ** -decimals, formatter: (p: number) => fmt.format(p) } });
  }

  /** The series drawn: candles, volume and one per overlay output (recreated). */
  private setOverlaySeries(overlays: DrawnOverlay[]): void {
    for (const d of this.series) if (d.overlay !== undefined) this.chart.removeSeries(d.api);
    this.overlays = overlays;
    const lines: Drawn[] = [];
    let pane = 0;
    overlays.forEach((o) => {
      const values = this.win!.overlays.find((x) => x.key === o.key);
      if (!values) return;
      const paneIndex = o.spec.pane === 'price' ? 0 : ++pane;
      for (const out of values.outputs) {
        const histogram = o.spec.indicator === 'macd' && out.name === 'histogram';
        const api = histogram
          ? this.chart.addSeries(this.lc.HistogramSeries, { priceLineVisible: false, lastValueVisible: false }, paneIndex)
          : this.chart.addSeries(this.lc.LineSeries, { priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false }, paneIndex);
        api.applyOptions(this.lineStyle(o.key, out.name) as never);
        const d: Drawn = { api, points: [], overlay: o.key, output: out.name, values: out.values, make: (slot) => this.linePoint(d.values!, histogram, slot) };
        lines.push(d);
      }
    });
    this.series = [
      { api: this.candles as ISeriesApi<SeriesType, Time>, points: [], make: (slot) => this.candlePoint(slot) },
      { api: this.volume as ISeriesApi<SeriesType, Time>, points: [], make: (slot) => this.volumePoint(slot) },
      ...lines,
    ];
    const panes = this.chart.panes();
    for (let i = 1; i < panes.length; i++) panes[i].setHeight(110);
  }

  private lineStyle(key: string, output: string): Record<string, unknown> {
    const c = this.colors;
    const i = Math.max(0, this.overlays.findIndex((o) => o.key === key));
    const o = this.overlays[i];
    const color = c.series[i % c.series.length];
    const view = this.win?.tf ?? this.baseTf;
    const src = o?.spec.timeframe ?? view;
    const step = TIMEFRAMES.indexOf(src) > TIMEFRAMES.indexOf(view);
    const first = (this.win?.overlays.find((x) => x.key === key)?.outputs[0]?.name ?? output) === output;
    if (output === 'histogram') return { color: withAlpha(color, 0.5) };
    if (output === 'plusDi') return { color: c.up, lineWidth: 1 };
    if (output === 'minusDi') return { color: c.down, lineWidth: 1 };
    return {
      color,
      lineWidth: first ? 2 : 1,
      lineStyle: first ? this.lc.LineStyle.Solid : this.lc.LineStyle.Dashed,
      lineType: step ? this.lc.LineType.WithSteps : this.lc.LineType.Simple,
    };
  }

  private candlePoint(slot: number): Point {
    const time = chartTime(this.slots.time[slot]);
    const k = this.slots.candle[slot];
    if (k < 0) return { time };
    const c = this.win!.candles;
    return { time, open: c.open[k], high: c.high[k], low: c.low[k], close: c.close[k] };
  }

  private volumePoint(slot: number): Point {
    const time = chartTime(this.slots.time[slot]);
    const k = this.slots.candle[slot];
    if (k < 0) return { time };
    const c = this.win!.candles;
    return { time, value: c.volume[k], color: withAlpha(c.close[k] >= c.open[k] ? this.colors.up : this.colors.down, 0.45) };
  }

  private linePoint(values: Float64Array, histogram: boolean, slot: number): Point {
    const time = chartTime(this.slots.time[slot]);
    const k = this.slots.candle[slot];
    const v = k >= 0 ? values[k] : NaN;
    if (v !== v) return { time };
    return histogram ? { time, value: v, color: withAlpha(v >= 0 ? this.colors.up : this.colors.down, 0.5) } : { time, value: v };
  }

  private point(d: Drawn, slot: number): Point {
    let p = d.points[slot];
    if (p === undefined) {
      p = d.make(slot);
      d.points[slot] = p;
    }
    return p;
  }

  /** Slots of the window to draw at the current cursor (all without a cursor), and the forming candle. */
  private target(): { slots: number; forming: ChartForming | null } {
    const w = this.win!;
    if (this.cursor === null) return { slots: this.slots.time.length, forming: null };
    const close = nextOpenTime(this.cursor.time, this.baseTf);
    const k = closedCount(w.candles.time, w.tf, close);
    let forming = this.formingData;
    if (forming && (forming.bar !== this.cursor.bar || forming.tf !== w.tf || forming.index - w.from !== k || k >= w.candles.time.length)) forming = null;
    if (forming) return { slots: this.slots.end[k] - 1, forming };
    return { slots: k > 0 ? this.slots.end[k - 1] : 0, forming: null };
  }

  /** Moves the replay cursor (null: draw the whole window); `forming` is the candle forming at it, when known. */
  setCursor(cursor: Cursor | null, forming: ChartForming | null): void {
    this.cursor = cursor;
    this.formingData = forming;
    this.redraw();
  }

  /** Brings the points on the chart to the cursor: a few appended or removed, else all set at once. */
  private redraw(): void {
    if (!this.win) return;
    const t = this.target();
    if (this.formingDrawn) {
      for (const d of this.series) d.api.pop(1);
      this.formingDrawn = false;
    }
    const n = this.points.length;
    let to = this.offset + t.slots;
    const full = this.needsFull || to < Math.max(0, this.offset) || Math.abs(to - n) > INCREMENTAL_LIMIT;
    if (full) {
      const from = Math.max(0, Math.min(this.keepFrom ?? Infinity, t.slots - DRAWN_POINTS));
      this.drawSlots(from, t.slots);
      to = t.slots - from;
    } else if (to > n) {
      for (const d of this.series) for (let i = n; i < to; i++) d.api.update(this.point(d, i - this.offset) as never);
      for (let i = n; i < to; i++) this.points.push(this.slots.time[i - this.offset]);
      if (to > REPLAY_POINTS_MAX && this.viewWithin(to - DRAWN_POINTS + 2 * EXTEND_MARGIN)) {
        this.keepFrom = null;
        this.drawSlots(t.slots - DRAWN_POINTS, t.slots);
        to = DRAWN_POINTS;
      }
    } else if (to < n) {
      for (const d of this.series) d.api.pop(n - to);
      this.points.length = to;
    }
    if (t.forming) this.drawForming(t.forming);
    this.spanChanged();
    this.updateMarkers();
    const w = this.win;
    const closedShown = upperBound(this.slots.end, to - this.offset);
    this.box.dataset.drawn = String(closedShown);
    this.box.dataset.forming = t.forming ? String(t.forming.candle.time) : '';
    this.box.dataset.cursor = this.cursor ? String(this.cursor.time) : '';
    this.box.dataset.lastDrawn = closedShown > 0 ? String(w.candles.time[closedShown - 1]) : '';
  }

  /**
   * After a redraw: when the time span the chart holds has changed (a new window, or points let go
   * or drawn in front), the signals shown are those inside it, and the container says so in
   * `data-span-from` / `data-span-to` and `data-points`.
   */
  private spanChanged(): void {
    this.box.dataset.points = String(this.points.length);
    const span = this.span();
    const key = `${span.from}:${span.to}`;
    if (key === this.spanShown) return;
    this.spanShown = key;
    this.shownSignals = this.signals ? this.signalsShown(this.signals) : null;
    this.markerKey = '';
    this.box.dataset.spanFrom = String(span.from);
    this.box.dataset.spanTo = String(span.to);
  }

  /** Draws slots [from, to) afresh, slot `from` at the chart's first point. */
  private drawSlots(from: number, to: number): void {
    this.offset = -from;
    for (const d of this.series) {
      const pts: Point[] = new Array(to - from);
      for (let j = from; j < to; j++) pts[j - from] = this.point(d, j);
      d.api.setData(pts as never);
    }
    this.points = Array.from(this.slots.time.subarray(from, to));
    this.needsFull = false;
  }

  /** True when the view starts at or after chart point `i` (letting go of the points before it leaves the view as it is). */
  private viewWithin(i: number): boolean {
    const r = this.chart.timeScale().getVisibleLogicalRange();
    return r === null || r.from >= i;
  }

  /**
   * The view has neared the first point drawn while earlier slots of the window were left out:
   * draws up to {@link EARLIER_POINTS} more in front, in the next frame (the view stays on the
   * same bars: the library keeps the last bar's place).
   */
  private drawEarlier(): void {
    if (this.extending) return;
    this.extending = true;
    requestAnimationFrame(() => {
      this.extending = false;
      if (this.win === null || this.offset >= 0) return;
      this.keepFrom = Math.max(0, -this.offset - EARLIER_POINTS);
      this.needsFull = true;
      this.redraw();
    });
  }

  private drawForming(f: ChartForming): void {
    const time = chartTime(f.candle.time);
    const c = this.colors;
    const up = f.candle.close >= f.candle.open;
    this.candles.update({ time, open: f.candle.open, high: f.candle.high, low: f.candle.low, close: f.candle.close, color: withAlpha(up ? c.up : c.down, 0.55), borderColor: up ? c.up : c.down } as never);
    this.volume.update({ time, value: f.candle.volume, color: withAlpha(c.muted, 0.35) } as never);
    for (const d of this.series) {
      if (d.overlay === undefined) continue;
      const o = f.overlays.find((x) => x.key === d.overlay);
      const v = o?.outputs.find((x) => x.name === d.output)?.value ?? NaN;
      d.api.update((v === v ? { time, value: v } : { time }) as never);
    }
    this.formingDrawn = true;
  }

  /** The strategy's signals (all of the series); drawn as arrows on the view candles holding them. */
  setSignals(s: SignalColumns | null): void {
    this.signals = s;
    this.shownSignals = s && this.win ? this.signalsShown(s) : null;
    this.markerKey = '';
    this.updateMarkers();
  }

  /** The time span the chart shows: from its first point (or the window's first candle when none is drawn) to the window's end. */
  private span(): { from: number; to: number } {
    const w = this.win!;
    const t = w.candles.time;
    if (t.length === 0) return { from: 0, to: 0 };
    const first = this.points.length > 0 ? this.points[0] : t[0];
    return { from: first, to: nextOpenTime(t[t.length - 1], w.tf) };
  }

  private signalsShown(s: SignalColumns): SignalColumns {
    const { from, to } = this.span();
    return signalsInTimeRange(s, from, to);
  }

  /** Trades drawn with entry and exit markers; the selected one also with its entry, stop and target lines. */
  setTrades(trades: IndexedChartTrade[], selected: number | null): void {
    this.trades = trades;
    this.selectedTrade = selected;
    this.markerKey = '';
    this.updateMarkers();
  }

  private updateMarkers(): void {
    const w = this.win;
    if (!w) return;
    const cursorBar = this.cursor ? this.cursor.bar : Infinity;
    const cursorClose = this.cursor ? nextOpenTime(this.cursor.time, this.baseTf) : Infinity;
    const ss = this.shownSignals;
    const upTo = ss ? (Number.isFinite(cursorBar) ? firstSignalAfter(ss.bar, cursorBar) : ss.bar.length) : 0;
    const { from, to } = this.span();
    const shownTrades = this.trades.filter((t) => t.trade.entryTime >= from && t.trade.entryTime < to);
    let events = 0;
    for (const t of shownTrades) {
      if (t.trade.entryTime < cursorClose) events++;
      if (t.trade.exitTime !== null && t.trade.exitTime < cursorClose) events++;
    }
    const key = `${upTo}|${events}|${this.selectedTrade}|${this.formingDrawn}|${ss?.bar.length}`;
    if (key === this.markerKey) return;
    this.markerKey = key;
    const c = this.colors;
    const out: SeriesMarker<UTCTimestamp>[] = [];
    const codes: string[] = [];
    if (ss) {
      for (const a of signalArrows(ss, w.tf, upTo)) {
        const long = a.direction === 'LONG';
        out.push({
          time: chartTime(a.time),
          position: long ? 'belowBar' : 'aboveBar',
          shape: long ? 'arrowUp' : 'arrowDown',
          color: long ? c.up : c.down,
          size: 1.4,
          id: `signal-${a.firstBar}`,
          ...(a.count > 1 ? { text: `×${a.count}` } : {}),
        });
        codes.push(`${a.time}:${long ? 'L' : 'S'}:${a.count}`);
      }
    }
    let tradeCount = 0;
    this.priceLines.forEach((l) => this.candles.removePriceLine(l));
    this.priceLines = [];
    for (const { index, trade } of shownTrades) {
      const sel = index === this.selectedTrade;
      const pnl = trade.pnl ?? 0;
      const color = pnl > 0 ? c.up : pnl < 0 ? c.down : c.muted;
      if (trade.entryTime < cursorClose) {
        out.push({ time: chartTime(candleOpenTime(trade.entryTime, w.tf)), position: 'atPriceMiddle', price: trade.entryPrice, shape: 'circle', color: c.accent, size: sel ? 1.6 : 0.9, id: `entry-${index}`, ...(sel ? { text: `#${index + 1} ${trade.direction}` } : {}) });
        tradeCount++;
      }
      if (trade.exitTime !== null && trade.exitPrice !== null && trade.exitTime < cursorClose) {
        out.push({ time: chartTime(candleOpenTime(trade.exitTime, w.tf)), position: 'atPriceMiddle', price: trade.exitPrice, shape: 'square', color, size: sel ? 1.6 : 0.9, id: `exit-${index}`, ...(sel ? { text: `exit ${trade.exitReason}` } : {}) });
        tradeCount++;
      }
      if (sel && trade.entryTime < cursorClose) {
        this.priceLines.push(this.candles.createPriceLine({ price: trade.entryPrice, color: c.accent, lineWidth: 1, lineStyle: this.lc.LineStyle.Dotted, axisLabelVisible: true, title: 'Entry' }));
        if (trade.stop > 0) this.priceLines.push(this.candles.createPriceLine({ price: trade.stop, color: c.down, lineWidth: 2, lineStyle: this.lc.LineStyle.Dashed, axisLabelVisible: true, title: 'Stop' }));
        if (trade.target > 0) this.priceLines.push(this.candles.createPriceLine({ price: trade.target, color: c.up, lineWidth: 2, lineStyle: this.lc.LineStyle.Dashed, axisLabelVisible: true, title: 'Target' }));
      }
    }
    out.sort((a, b) => a.time - b.time);
    this.markerApi.setMarkers(out);
    this.box.dataset.arrows = codes.join(' ');
    this.box.dataset.arrowCount = String(codes.length);
    this.box.dataset.tradeMarkers = String(tradeCount);
  }

  private visibleTimes(): { from: number; to: number } | null {
    const r = this.chart.timeScale().getVisibleRange();
    return r ? { from: Number(r.from), to: Number(r.to) } : null;
  }

  private restoreTimes(t: { from: number; to: number }): void {
    try {
      this.chart.timeScale().setVisibleRange({ from: t.from as UTCTimestamp, to: t.to as UTCTimestamp });
    } catch {
      this.showLast();
    }
  }

  private drawnCount(): number {
    return this.points.length + (this.formingDrawn ? 1 : 0);
  }

  /** Shows the last candles drawn. */
  showLast(span = JUMP_SPAN): void {
    const n = this.drawnCount();
    this.chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, n - span), to: n + 6 });
  }

  /** Keeps the cursor on screen (the newest bar near the right edge); `jump` always places it. */
  revealCursor(jump = false): void {
    const n = this.drawnCount();
    const r = this.chart.timeScale().getVisibleLogicalRange();
    const span = r ? Math.max(40, Math.min(400, r.to - r.from)) : JUMP_SPAN;
    if (jump || !r || n - 1 > r.to - 2 || n - 1 < r.from) this.chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, n - span + 8), to: n + 8 });
  }

  destroy(): void {
    this.chart.remove();
  }
}
