import { createEffect, onCleanup, Show, untrack } from 'solid-js';
import type { DayPoint } from '../../../core/analysis';
import { withAlpha } from '../charts/color';
import { chartTime, createThemedChart, FIT_ALL_OPTIONS, fitWhenSized, themeOptions, useChartLibrary } from '../charts/lightweight';
import { createChartColors } from '../charts/theme';
import '../report/report.css';

const moneyFormat = { type: 'custom' as const, minMove: 0.01, formatter: (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) };

/**
 * Realised P&L per UTC day as bars (green up, red down) and, in a pane beneath, its running total.
 * The chart library loads on first use.
 */
export function DailyPnlChart(props: { days: DayPoint[] }) {
  let box!: HTMLDivElement;
  const colors = createChartColors();
  const { lib, failed } = useChartLibrary();

  createEffect(() => {
    const lc = lib();
    if (!lc) return;
    const chart = createThemedChart(lc, box, untrack(colors), { ...FIT_ALL_OPTIONS, timeScale: { timeVisible: false } });
    onCleanup(() => chart.remove());
    const bars = chart.addSeries(lc.HistogramSeries, { priceLineVisible: false, title: 'Daily P&L', priceFormat: moneyFormat, base: 0 }, 0);
    const total = chart.addSeries(lc.BaselineSeries, { lineWidth: 2, priceLineVisible: false, title: 'Cumulative', baseValue: { type: 'price', price: 0 }, priceFormat: moneyFormat }, 1);
    const panes = chart.panes();
    panes[0]?.setStretchFactor(3);
    panes[1]?.setStretchFactor(2);
    createEffect(() => {
      const c = colors();
      chart.applyOptions(themeOptions(lc, c));
      bars.setData(props.days.map((d) => ({ time: chartTime(d.day), value: d.pnl, color: d.pnl >= 0 ? c.up : c.down })));
      total.setData(props.days.map((d) => ({ time: chartTime(d.day), value: d.cumulative })));
      total.applyOptions({
        topLineColor: c.up,
        topFillColor1: withAlpha(c.up, 0.25),
        topFillColor2: withAlpha(c.up, 0.04),
        bottomLineColor: c.down,
        bottomFillColor1: withAlpha(c.down, 0.04),
        bottomFillColor2: withAlpha(c.down, 0.25),
      });
      fitWhenSized(chart, box);
      box.dataset.points = String(props.days.length);
    });
    box.dataset.ready = 'true';
    onCleanup(() => delete box.dataset.ready);
  });

  return (
    <figure style={{ margin: '0' }}>
      <div class="chart-wrap">
        <div class="chart-box" ref={box} data-testid="daily-pnl-chart" role="img" aria-label="Realised P&L per day and its running total" />
        <Show when={!lib()}>
          <div class="chart-status muted">{failed() ? `The chart could not be loaded: ${failed()}` : 'Loading the chart…'}</div>
        </Show>
      </div>
      <figcaption class="muted" style={{ 'margin-top': '6px', 'font-size': '0.85rem' }}>
        Realised P&amp;L of the trades closed each UTC day (bars) and, beneath, its running total over the range.
      </figcaption>
    </figure>
  );
}
