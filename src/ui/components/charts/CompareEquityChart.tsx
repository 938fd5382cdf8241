import { createEffect, For, onCleanup, Show, untrack } from 'solid-js';
import type { ISeriesApi } from 'lightweight-charts';
import { linePoints } from './data';
import { createThemedChart, FIT_ALL_OPTIONS, fitWhenSized, themeOptions, useChartLibrary } from './lightweight';
import { createChartColors } from './theme';
import '../report/report.css';

/** One equity curve to overlay. */
export interface CompareCurve {
  /** The legend's name of the curve. */
  label: string;
  /** A short name on the price scale beside the curve's last value (e.g. `#3`): the legend gives the rest. */
  tag: string;
  time: Float64Array;
  value: Float64Array;
  /** The curve is divided by this and multiplied by 100 (its initial capital). */
  base: number;
}

/**
 * Equity curves of several backtests on one chart, each normalised to 100 at its initial capital,
 * in colours told apart in both themes, with a legend naming each line. The container reports
 * the number of lines drawn in `data-series-count`.
 */
export function CompareEquityChart(props: { curves: readonly CompareCurve[] }) {
  let box!: HTMLDivElement;
  const colors = createChartColors();
  const { lib, failed } = useChartLibrary();

  createEffect(() => {
    const lc = lib();
    if (!lc) return;
    const chart = createThemedChart(lc, box, untrack(colors), FIT_ALL_OPTIONS);
    onCleanup(() => chart.remove());
    let lines: ISeriesApi<'Line'>[] = [];
    createEffect(() => {
      for (const l of lines) chart.removeSeries(l);
      const palette = untrack(colors).series;
      lines = props.curves.map((c, i) =>
        chart.addSeries(lc.LineSeries, {
          color: palette[i % palette.length],
          lineWidth: 2,
          title: c.tag,
          priceLineVisible: false,
          lastValueVisible: true,
          priceFormat: { type: 'price', precision: 1, minMove: 0.1 },
        }),
      );
      props.curves.forEach((c, i) => lines[i].setData(linePoints(c.time, c.value, 100 / c.base)));
      fitWhenSized(chart, box);
      box.dataset.seriesCount = String(lines.length);
    });
    createEffect(() => {
      const c = colors();
      chart.applyOptions(themeOptions(lc, c));
      lines.forEach((l, i) => l.applyOptions({ color: c.series[i % c.series.length] }));
    });
    box.dataset.ready = 'true';
    onCleanup(() => delete box.dataset.ready);
  });

  return (
    <figure style={{ margin: '0' }}>
      <div class="chart-wrap">
        <div class="chart-box tall" ref={box} data-testid="compare-equity-chart" role="img" aria-label="Equity curves normalised to 100 at the start" />
        <Show when={!lib()}>
          <div class="chart-status muted">{failed() ? `The chart could not be loaded: ${failed()}` : 'Loading the chart…'}</div>
        </Show>
      </div>
      <figcaption>
        <ul class="chart-legend" data-testid="compare-legend">
          <For each={props.curves}>
            {(c, i) => (
              <li>
                <span class="swatch" style={{ background: colors().series[i() % colors().series.length] }} aria-hidden="true" />
                {c.label}
              </li>
            )}
          </For>
        </ul>
        <span class="muted" style={{ 'font-size': '0.85rem' }}>
          Each equity curve divided by its initial capital × 100: 110 means +10 %.
        </span>
      </figcaption>
    </figure>
  );
}
