import { createEffect, on, onCleanup, Show, untrack } from 'solid-js';
import type { CandlestickData, IPriceLine, SeriesMarker, UTCTimestamp } from 'lightweight-charts';
import type { Trade } from '../../../core/backtest/trade';
import { timeframeMs, type Timeframe } from '../../../core/candles/timeframe';
import type { CandleColumns } from '../../../core/candles/types';
import { chartTime, createThemedChart, themeOptions, whenSized, useChartLibrary } from './lightweight';
import { priceScaleFormat } from './data';
import { createChartColors, type ChartColors } from './theme';
import '../report/report.css';

/** Bars shown before the entry and after the exit of the selected trade, at least. */
const CONTEXT_BARS = 30;

function candleData(c: CandleColumns): CandlestickData<UTCTimestamp>[] {
  const out: CandlestickData<UTCTimestamp>[] = new Array(c.time.length);
  for (let i = 0; i < c.time.length; i++) {
    out[i] = { time: chartTime(c.time[i]), open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i] };
  }
  return out;
}

function markers(trades: readonly Trade[], indices: readonly number[], selected: number | null, c: ChartColors): SeriesMarker<UTCTimestamp>[] {
  const out: SeriesMarker<UTCTimestamp>[] = [];
  for (const i of indices) {
    const t = trades[i];
    const color = t.pnl > 0 ? c.up : t.pnl < 0 ? c.down : c.muted;
    const long = t.direction === 'LONG';
    const sel = i === selected;
    out.push({
      time: chartTime(t.entryTime),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color,
      size: sel ? 2 : 1,
      id: `entry-${i}`,
      ...(sel ? { text: `#${i + 1} ${t.direction}` } : {}),
    });
    out.push({
      time: chartTime(t.exitTime),
      position: long ? 'aboveBar' : 'belowBar',
      shape: long ? 'arrowDown' : 'arrowUp',
      color,
      size: sel ? 2 : 1,
      id: `exit-${i}`,
      ...(sel ? { text: `exit ${t.exitReason}` } : {}),
    });
  }
  return out.sort((a, b) => a.time - b.time);
}

/**
 * Candles of the traded symbol with an arrow at every entry and exit of its trades (entries point
 * the trade's way, exits the other; green for a win, red for a loss). The selected trade's markers
 * are larger and labelled, its entry, stop and target are drawn as price lines, and the view moves
 * to it (from some bars before the entry to some after the exit). The container reports what is on
 * screen in `data-visible-from` / `data-visible-to` (UTC ms of the first and last visible bar),
 * `data-selected-trade`, `data-stop` and `data-target`.
 */
export function PriceChart(props: {
  candles: CandleColumns;
  timeframe: Timeframe;
  trades: readonly Trade[];
  /** Indices (into `trades`) of the trades of this chart's symbol. */
  indices: readonly number[];
  selected: number | null;
  label: string;
}) {
  let box!: HTMLDivElement;
  const colors = createChartColors();
  const { lib, failed } = useChartLibrary();

  createEffect(() => {
    const lc = lib();
    if (!lc) return;
    const chart = createThemedChart(lc, box, untrack(colors));
    onCleanup(() => chart.remove());
    const series = chart.addSeries(lc.CandlestickSeries, { priceLineVisible: false });
    const markerApi = lc.createSeriesMarkers(series, []);
    let lines: IPriceLine[] = [];

    const onRange = () => {
      const r = chart.timeScale().getVisibleRange();
      if (!r) return;
      box.dataset.visibleFrom = String(Number(r.from) * 1000);
      box.dataset.visibleTo = String(Number(r.to) * 1000);
    };
    chart.timeScale().subscribeVisibleTimeRangeChange(onRange);
    onCleanup(() => chart.timeScale().unsubscribeVisibleTimeRangeChange(onRange));

    createEffect(() => {
      const close = props.candles.close;
      series.applyOptions({ priceFormat: priceScaleFormat(close.length > 0 ? close[close.length - 1] : 0) });
      series.setData(candleData(props.candles));
      box.dataset.candles = String(props.candles.time.length);
    });

    createEffect(() => {
      const c = colors();
      chart.applyOptions(themeOptions(lc, c));
      series.applyOptions({ upColor: c.up, downColor: c.down, borderUpColor: c.up, borderDownColor: c.down, wickUpColor: c.up, wickDownColor: c.down });
      markerApi.setMarkers(markers(props.trades, props.indices, props.selected, c));
    });

    createEffect(
      on([() => props.selected, () => props.candles, colors], ([sel, , c]) => {
        for (const l of lines) series.removePriceLine(l);
        lines = [];
        delete box.dataset.stop;
        delete box.dataset.target;
        if (sel === null || !props.indices.includes(sel)) {
          delete box.dataset.selectedTrade;
          return;
        }
        const t = props.trades[sel];
        lines.push(series.createPriceLine({ price: t.entryPrice, color: c.accent, lineWidth: 1, lineStyle: lc.LineStyle.Dotted, axisLabelVisible: true, title: 'Entry' }));
        if (t.stop > 0) {
          lines.push(series.createPriceLine({ price: t.stop, color: c.down, lineWidth: 2, lineStyle: lc.LineStyle.Dashed, axisLabelVisible: true, title: 'Stop' }));
          box.dataset.stop = String(t.stop);
        }
        if (t.target > 0) {
          lines.push(series.createPriceLine({ price: t.target, color: c.up, lineWidth: 2, lineStyle: lc.LineStyle.Dashed, axisLabelVisible: true, title: 'Target' }));
          box.dataset.target = String(t.target);
        }
        const bar = timeframeMs(props.timeframe);
        const pad = Math.max(CONTEXT_BARS * bar, Math.round((t.exitTime - t.entryTime) * 0.5));
        const range = { from: chartTime(t.entryTime - pad), to: chartTime(t.exitTime + pad) };
        whenSized(box, () => {
          chart.timeScale().setVisibleRange(range);
          onRange();
        });
        box.dataset.selectedTrade = String(sel);
      }),
    );
    box.dataset.ready = 'true';
    onCleanup(() => delete box.dataset.ready);
  });

  return (
    <div class="chart-wrap">
      <div class="chart-box tall" ref={box} data-testid="price-chart" role="img" aria-label={`Price of ${props.label} with the entries and exits of its trades`} />
      <Show when={!lib()}>
        <div class="chart-status muted">{failed() ? `The chart could not be loaded: ${failed()}` : 'Loading the chart…'}</div>
      </Show>
    </div>
  );
}
