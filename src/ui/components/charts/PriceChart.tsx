import { createEffect, createSignal, on, onCleanup, Show, untrack } from 'solid-js';
import type { CandlestickData, IChartApi, IPriceLine, SeriesMarker, UTCTimestamp } from 'lightweight-charts';
import { DIRECTION_CODES, type TradeColumns } from '../../../core/backtest/trade-columns';
import { EXIT_REASONS } from '../../../core/backtest/trade';
import { timeframeMs, type Timeframe } from '../../../core/candles/timeframe';
import type { CandleColumns } from '../../../core/candles/types';
import { formatDateTime, formatInt } from '../../format';
import { chartTime, createThemedChart, themeOptions, whenSized, useChartLibrary, useDataTurn } from './lightweight';
import { candleWindow, openingBars, openingRange, sketchIndices, tradesInRange } from './price-window';
import { priceScaleFormat } from './data';
import { createChartColors, type ChartColors } from './theme';
import '../report/report.css';

/** Bars shown before the entry and after the exit of the selected trade, at least. */
const CONTEXT_BARS = 30;
/** Most trades whose arrows are drawn at once; with more in view the chart asks to zoom in. */
export const MAX_MARKED_TRADES = 400;
/** Bars from a window's edge at which the window moves. */
const EDGE_BARS = 150;

function candleAt(c: CandleColumns, i: number): CandlestickData<UTCTimestamp> {
  return { time: chartTime(c.time[i]), open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i] };
}

/** Candles [start, end) of `c` as chart data. */
function candleData(c: CandleColumns, start: number, end: number): CandlestickData<UTCTimestamp>[] {
  const out: CandlestickData<UTCTimestamp>[] = new Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = candleAt(c, i);
  return out;
}

function markers(t: TradeColumns, shown: readonly number[], selected: number | null, c: ChartColors): SeriesMarker<UTCTimestamp>[] {
  const out: SeriesMarker<UTCTimestamp>[] = [];
  for (const i of shown) {
    const pnl = t.pnl[i];
    const color = pnl > 0 ? c.up : pnl < 0 ? c.down : c.muted;
    const direction = DIRECTION_CODES[t.direction[i]];
    const long = direction === 'LONG';
    const sel = i === selected;
    out.push({
      time: chartTime(t.entryTime[i]),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color,
      size: sel ? 2 : 1,
      id: `entry-${i}`,
      ...(sel ? { text: `#${i + 1} ${direction}` } : {}),
    });
    out.push({
      time: chartTime(t.exitTime[i]),
      position: long ? 'aboveBar' : 'belowBar',
      shape: long ? 'arrowDown' : 'arrowUp',
      color,
      size: sel ? 2 : 1,
      id: `exit-${i}`,
      ...(sel ? { text: `exit ${EXIT_REASONS[t.exitReason[i]]}` } : {}),
    });
  }
  return out.sort((a, b) => a.time - b.time);
}

/**
 * Candles of the traded symbol with an arrow at every entry and exit of its trades in view
 * (entries point the trade's way, exits the other; green for a win, red for a loss): only the
 * visible range is marked, and with more than {@link MAX_MARKED_TRADES} trades in view the chart
 * asks to zoom in instead. The chart holds a window of at most {@link WINDOW_BARS} candles around
 * the view and moves it as the view nears an edge. It opens on the selected trade, else on the
 * traded range (its first bars when it is longer, about 1.5 px each). The
 * selected trade's markers are larger and labelled, its entry, stop and target are drawn as price
 * lines, and the view moves to it. Clicking an arrow selects its trade. The container reports what
 * is on screen in `data-visible-from` / `data-visible-to` (UTC ms), `data-trades-in-view`,
 * `data-markers` (arrows drawn), `data-selected-trade`, `data-stop` and `data-target`.
 */
export function PriceChart(props: {
  candles: CandleColumns;
  timeframe: Timeframe;
  trades: TradeColumns;
  /** Indices (into `trades`) of the trades of this chart's symbol. */
  indices: ArrayLike<number>;
  selected: number | null;
  label: string;
  onSelect?: (index: number) => void;
}) {
  let box!: HTMLDivElement;
  const colors = createChartColors();
  const { lib, failed } = useChartLibrary(() => box);
  const [inView, setInView] = createSignal(0);
  const [viewRange, setViewRange] = createSignal<{ from: number; to: number } | null>(null);

  createEffect(() => {
    const lc = lib();
    if (!lc) return;
    const chart: IChartApi = createThemedChart(lc, box, untrack(colors));
    onCleanup(() => chart.remove());
    const series = chart.addSeries(lc.CandlestickSeries, { priceLineVisible: false });
    const markerApi = lc.createSeriesMarkers(series, []);
    let lines: IPriceLine[] = [];
    let frame = 0;
    let win = { start: 0, end: 0 };
    let heldFrom: CandleColumns | null = null;
    const dataTurn = useDataTurn();

    const showView = (view: { from: number; to: number }, then?: () => void) =>
      whenSized(box, () => {
        chart.timeScale().setVisibleRange({ from: chartTime(view.from), to: chartTime(view.to) });
        then?.();
      });
    const scaleFor = (c: CandleColumns) => series.applyOptions({ priceFormat: priceScaleFormat(c.close.length > 0 ? c.close[c.close.length - 1] : 0) });

    /**
     * Before the chart's data turn: the few candles that span window `w`'s prices, in view `view`,
     * so the first paint (which makes the chart's canvases) already has the price scale's width.
     */
    const sketch = (w: { start: number; end: number }, view: { from: number; to: number }) => {
      const c = props.candles;
      scaleFor(c);
      series.setData(sketchIndices(c, w.start, w.end).map((i) => candleAt(c, i)));
      showView(view);
    };

    /** Holds candles [w.start, w.end) and, when given, shows the view [from, to]. */
    const hold = (w: { start: number; end: number }, view: { from: number; to: number } | null) => {
      const c = props.candles;
      if (c !== heldFrom || w.start !== win.start || w.end !== win.end) {
        win = w;
        if (c !== heldFrom) scaleFor(c);
        heldFrom = c;
        series.setData(candleData(c, w.start, w.end));
        box.dataset.candles = String(w.end - w.start);
      }
      if (view) showView(view, scheduleMarkers);
    };

    /** What the markers drawn last show: the same again is not set again (each set repaints the chart). */
    let drawnKey = '';
    let drawnColors: ChartColors | null = null;
    let drawnCount = 0;
    const drawMarkers = () => {
      frame = 0;
      const r = chart.timeScale().getVisibleRange();
      const lr = chart.timeScale().getVisibleLogicalRange();
      if (!r || !lr) return;
      const from = Number(r.from) * 1000;
      const to = Number(r.to) * 1000;
      const time = props.candles.time;
      const held = win.end - win.start;
      if ((lr.from < EDGE_BARS && win.start > 0) || (lr.to > held - EDGE_BARS && win.end < time.length)) {
        const next = candleWindow(time, from, to);
        if (next.start !== win.start) {
          hold(next, { from, to });
          return;
        }
      }
      box.dataset.visibleFrom = String(from);
      box.dataset.visibleTo = String(to);
      const first = time[win.start];
      const last = time[win.end - 1];
      const visible = tradesInRange(props.trades, props.indices, from, to);
      const sel = props.selected;
      const shown = visible.length <= MAX_MARKED_TRADES ? visible : sel !== null && visible.includes(sel) ? [sel] : [];
      const c = colors();
      const key = `${win.start}:${win.end}:${sel}:${shown.join(',')}`;
      if (key !== drawnKey || c !== drawnColors) {
        const drawn = markers(props.trades, shown, sel, c).filter((m) => m.time * 1000 >= first && m.time * 1000 <= last);
        markerApi.setMarkers(drawn);
        drawnCount = drawn.length;
        drawnKey = key;
        drawnColors = c;
      }
      setInView(visible.length);
      setViewRange({ from, to });
      box.dataset.tradesInView = String(visible.length);
      box.dataset.markers = String(drawnCount);
    };
    const scheduleMarkers = () => {
      if (frame === 0 && untrack(dataTurn)) frame = requestAnimationFrame(drawMarkers);
    };
    chart.timeScale().subscribeVisibleTimeRangeChange(scheduleMarkers);
    onCleanup(() => {
      chart.timeScale().unsubscribeVisibleTimeRangeChange(scheduleMarkers);
      if (frame !== 0) cancelAnimationFrame(frame);
    });
    const onClick = (param: { hoveredObjectId?: unknown }) => {
      const id = param.hoveredObjectId;
      const m = typeof id === 'string' ? /^(?:entry|exit)-(\d+)$/.exec(id) : null;
      if (m) props.onSelect?.(Number(m[1]));
    };
    chart.subscribeClick(onClick);
    onCleanup(() => chart.unsubscribeClick(onClick));

    createEffect(() => {
      const c = colors();
      chart.applyOptions(themeOptions(lc, c));
      series.applyOptions({ upColor: c.up, downColor: c.down, borderUpColor: c.up, borderDownColor: c.down, wickUpColor: c.up, wickDownColor: c.down });
      scheduleMarkers();
    });

    createEffect(
      on([dataTurn, () => props.selected, () => props.candles, () => props.indices, colors], ([turn, sel, candles, indices, c]) => {
        const show = turn ? hold : sketch;
        for (const l of lines) series.removePriceLine(l);
        lines = [];
        delete box.dataset.stop;
        delete box.dataset.target;
        const t = props.trades;
        const here = sel !== null && Array.prototype.includes.call(indices, sel);
        if (!here) {
          delete box.dataset.selectedTrade;
          const range = openingRange(t, indices, candles, props.timeframe, openingBars(box.clientWidth));
          if (range) show(candleWindow(candles.time, range.from, range.to), range);
          return;
        }
        const i = sel!;
        const bar = timeframeMs(props.timeframe);
        const pad = Math.max(CONTEXT_BARS * bar, Math.round((t.exitTime[i] - t.entryTime[i]) * 0.5));
        const range = { from: t.entryTime[i] - pad, to: t.exitTime[i] + pad };
        show(candleWindow(candles.time, range.from, range.to), range);
        if (!turn) return;
        lines.push(series.createPriceLine({ price: t.entryPrice[i], color: c.accent, lineWidth: 1, lineStyle: lc.LineStyle.Dotted, axisLabelVisible: true, title: 'Entry' }));
        if (t.stop[i] > 0) {
          lines.push(series.createPriceLine({ price: t.stop[i], color: c.down, lineWidth: 2, lineStyle: lc.LineStyle.Dashed, axisLabelVisible: true, title: 'Stop' }));
          box.dataset.stop = String(t.stop[i]);
        }
        if (t.target[i] > 0) {
          lines.push(series.createPriceLine({ price: t.target[i], color: c.up, lineWidth: 2, lineStyle: lc.LineStyle.Dashed, axisLabelVisible: true, title: 'Target' }));
          box.dataset.target = String(t.target[i]);
        }
        box.dataset.selectedTrade = String(i);
      }),
    );
    createEffect(() => {
      if (dataTurn()) box.dataset.ready = 'true';
    });
    onCleanup(() => delete box.dataset.ready);
  });

  return (
    <div class="chart-wrap">
      <div class="chart-box tall" ref={box} data-testid="price-chart" role="img" aria-label={`Price of ${props.label} with the entries and exits of its trades`} />
      <Show when={!lib()}>
        <div class="chart-status muted">{failed() ? `The chart could not be loaded: ${failed()}` : 'Loading the chart…'}</div>
      </Show>
      {/* The caption's line is there from the start, so the page below does not move when the chart draws. */}
      <p class="chart-caption muted" data-testid="price-chart-range">
        <Show when={viewRange()} fallback={'\u00a0'}>
          {(r) => (
            <>
              In view: {formatDateTime(r().from)} → {formatDateTime(r().to)} · {formatInt(inView())} trade{inView() === 1 ? '' : 's'}. Drag to move, scroll or pinch to zoom.
            </>
          )}
        </Show>
      </p>
      <Show when={lib() && inView() > MAX_MARKED_TRADES}>
        <div class="chart-hint muted" data-testid="price-chart-hint" role="status">
          {formatInt(inView())} trades in view: zoom in (scroll or pinch) to see their entries and exits, or pick a trade in the table.
        </div>
      </Show>
    </div>
  );
}
