import { createEffect, onCleanup, Show, untrack } from 'solid-js';
import { formatValue } from '../../../core/metrics';
import { drawdownPct } from '../report/model';
import { withAlpha } from './color';
import { linePoints, MAX_LINE_POINTS, SKETCH_POINTS } from './data';
import { createThemedChart, FIT_ALL_OPTIONS, fitWhenSized, themeOptions, useChartLibrary, useDataTurn } from './lightweight';
import { createChartColors } from './theme';
import '../report/report.css';

/**
 * The equity curve (above the initial capital in the up colour, below it in the down colour) and,
 * in a pane beneath, the drawdown below the running peak in percent. The chart library loads on
 * first use.
 */
export function EquityChart(props: {
  time: Float64Array;
  value: Float64Array;
  initialCapital: number | null;
  /** Buy-and-hold equity at the same times, drawn as a second line when given. */
  benchmark?: Float64Array | null;
}) {
  let box!: HTMLDivElement;
  const colors = createChartColors();
  const { lib, failed } = useChartLibrary(() => box);

  createEffect(() => {
    const lc = lib();
    if (!lc) return;
    const c0 = untrack(colors);
    const chart = createThemedChart(lc, box, c0, FIT_ALL_OPTIONS);
    onCleanup(() => chart.remove());
    const equity = chart.addSeries(
      lc.BaselineSeries,
      { lineWidth: 2, priceLineVisible: false, title: 'Equity', priceFormat: { type: 'custom', minMove: 0.01, formatter: (v: number) => formatValue('money', v) } },
      0,
    );
    const dd = chart.addSeries(
      lc.BaselineSeries,
      {
        lineWidth: 1,
        priceLineVisible: false,
        baseValue: { type: 'price', price: 0 },
        title: 'Drawdown',
        priceFormat: { type: 'custom', minMove: 0.01, formatter: (v: number) => formatValue('pct', v) },
      },
      1,
    );
    const bench = chart.addSeries(
      lc.LineSeries,
      { lineWidth: 1, lineStyle: lc.LineStyle.Dashed, priceLineVisible: false, lastValueVisible: false, title: 'Buy & hold', priceFormat: { type: 'custom', minMove: 0.01, formatter: (v: number) => formatValue('money', v) } },
      0,
    );
    const panes = chart.panes();
    panes[0]?.setStretchFactor(3);
    panes[1]?.setStretchFactor(1);

    // Before the data turn, a sketch of each curve (its extremes and last value) gives the first
    // paint, which makes the chart's canvases, the price scales' final widths.
    const dataTurn = useDataTurn();
    const most = () => (dataTurn() ? MAX_LINE_POINTS : SKETCH_POINTS);

    createEffect(() => {
      const capital = props.initialCapital ?? (props.value.length > 0 ? props.value[0] : 0);
      equity.applyOptions({ baseValue: { type: 'price', price: capital } });
      equity.setData(linePoints(props.time, props.value, 1, most()));
      dd.setData(linePoints(props.time, drawdownPct(props.value, props.initialCapital), 1, most()));
      fitWhenSized(chart, box);
      if (dataTurn()) box.dataset.points = String(props.time.length);
    });
    createEffect(() => {
      const b = props.benchmark;
      const shown = b && b.length === props.time.length ? b : null;
      bench.setData(shown ? linePoints(props.time, shown, 1, most()) : []);
      if (dataTurn()) box.dataset.benchmarkPoints = String(shown ? shown.length : 0);
    });
    createEffect(() => {
      const c = colors();
      chart.applyOptions(themeOptions(lc, c));
      equity.applyOptions({
        topLineColor: c.up,
        topFillColor1: withAlpha(c.up, 0.28),
        topFillColor2: withAlpha(c.up, 0.04),
        bottomLineColor: c.down,
        bottomFillColor1: withAlpha(c.down, 0.04),
        bottomFillColor2: withAlpha(c.down, 0.28),
      });
      bench.applyOptions({ color: c.muted });
      dd.applyOptions({
        topLineColor: c.down,
        topFillColor1: withAlpha(c.down, 0),
        topFillColor2: withAlpha(c.down, 0),
        bottomLineColor: c.down,
        bottomFillColor1: withAlpha(c.down, 0.05),
        bottomFillColor2: withAlpha(c.down, 0.35),
      });
    });
    createEffect(() => {
      if (dataTurn()) box.dataset.ready = 'true';
    });
    onCleanup(() => delete box.dataset.ready);
  });

  return (
    <figure style={{ margin: '0' }}>
      <div class="chart-wrap">
        <div class="chart-box tall" ref={box} data-testid="equity-chart" role="img" aria-label="Equity curve and drawdown over time" />
        <Show when={!lib()}>
          <div class="chart-status muted">{failed() ? `The chart could not be loaded: ${failed()}` : 'Loading the chart…'}</div>
        </Show>
      </div>
      <figcaption class="muted" style={{ 'margin-top': '6px', 'font-size': '0.85rem' }}>
        Equity at the close of each bar (green above the initial capital, red below)
        <Show when={props.benchmark}>, buy-and-hold of the same symbols dashed</Show> and, beneath, the drawdown from the running peak in %.
      </figcaption>
    </figure>
  );
}
