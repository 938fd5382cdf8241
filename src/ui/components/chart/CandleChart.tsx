import { createEffect, createMemo, createSignal, For, on, onCleanup, Show, untrack } from 'solid-js';
import type { ChartStore } from '../../../app/chart-store';
import type { FormingCandle } from '../../../core/candles/hygiene';
import { upperBound } from '../../../core/util/binary-search';
import { formatDateTime } from '../../format';
import { useChartLibrary } from '../charts/lightweight';
import { createChartColors } from '../charts/theme';
import { bindChartView } from './bind';
import { ChartView } from './chart-view';
import { formatNumber, formatPrice, formatVolume } from './format';

/** What the legend shows: the candle under the crosshair, else the cursor's, else the last one. */
interface LegendCandle extends FormingCandle {
  forming: boolean;
  values: { label: string; color: string; text: string }[];
}

/**
 * The candle chart of the Chart page (see `chart-view.ts`) with its legend: open, high, low,
 * close and volume of the candle under the crosshair (or at the replay cursor) and every
 * overlay's value there.
 */
export function CandleChart(props: { store: ChartStore }) {
  let box!: HTMLDivElement;
  const s = untrack(() => props.store);
  const colors = createChartColors();
  const { lib, failed } = useChartLibrary();
  const [hoverK, setHoverK] = createSignal<{ k: number | null; forming: boolean }>({ k: null, forming: false });
  const [view, setView] = createSignal<ChartView | null>(null);

  createEffect(() => {
    const lc = lib();
    if (!lc) return;
    const v = new ChartView(lc, box, untrack(colors));
    setView(v);
    onCleanup(() => {
      setView(null);
      v.destroy();
    });
    v.onHover((k, forming) => {
      setHoverK({ k, forming });
      s.setHoverIndex(k);
    });
    createEffect(on(colors, (c) => v.setColors(c), { defer: true }));
    bindChartView(v, s, box);
  });
  onCleanup(() => delete box?.dataset.ready);

  const legend = createMemo<LegendCandle | null>(() => {
    const w = s.window();
    if (!w || w.candles.time.length === 0) return null;
    const h = hoverK();
    const r = s.replay();
    const f = s.forming();
    const overlayList = s.overlays();
    const c = colors();
    const values = (k: number | null, fromForming: boolean) =>
      overlayList.flatMap((o, i) => {
        const color = c.series[i % c.series.length];
        if (fromForming && f) {
          const fo = f.overlays.find((x) => x.key === o.key);
          const v = fo?.outputs[0]?.value ?? NaN;
          return [{ label: o.label, color, text: o.spec.pane === 'price' ? formatPrice(v, f.candle.close) : formatNumber(v) }];
        }
        const wo = w.overlays.find((x) => x.key === o.key);
        if (!wo || k === null) return [];
        const v = wo.outputs[0]?.values[k] ?? NaN;
        return [{ label: o.label, color, text: o.spec.pane === 'price' ? formatPrice(v, w.candles.close[k]) : formatNumber(v) }];
      });
    if ((h.forming || (h.k === null && r.active)) && f && r.active && f.bar === r.bar) {
      return { ...f.candle, forming: true, values: values(null, true) };
    }
    let k = h.k;
    if (k === null) {
      if (r.active) {
        // The last candle closed at the cursor.
        k = upperBound(w.closeBase, r.bar) - 1;
      } else k = w.candles.time.length - 1;
    }
    if (k < 0 || k >= w.candles.time.length) return null;
    const cd = w.candles;
    return { time: cd.time[k], open: cd.open[k], high: cd.high[k], low: cd.low[k], close: cd.close[k], volume: cd.volume[k], forming: false, values: values(k, false) };
  });

  return (
    <div class="chart-wrap cl-chart-wrap">
      <div class="cl-legend" data-testid="chart-legend" aria-live="off">
        <Show when={legend()}>
          {(l) => (
            <>
              <span class="cl-legend-time">
                {formatDateTime(l().time)}
                <Show when={l().forming}>
                  {' '}
                  <span class="badge" title="Built from the bars up to the replay cursor; it closes later">
                    forming
                  </span>
                </Show>
              </span>
              <span>
                O <b>{formatPrice(l().open, l().close)}</b>
              </span>
              <span>
                H <b>{formatPrice(l().high, l().close)}</b>
              </span>
              <span>
                L <b>{formatPrice(l().low, l().close)}</b>
              </span>
              <span>
                C <b class={l().close >= l().open ? 'pnl-up' : 'pnl-down'}>{formatPrice(l().close, l().close)}</b>
              </span>
              <span>
                V <b>{formatVolume(l().volume)}</b>
              </span>
              <For each={l().values}>
                {(v) => (
                  <span class="cl-legend-overlay">
                    <i class="swatch" style={{ background: v.color }} aria-hidden="true" /> {v.label} <b>{v.text}</b>
                  </span>
                )}
              </For>
            </>
          )}
        </Show>
      </div>
      <div
        class="chart-box cl-chart-box"
        ref={box}
        data-testid="candle-chart"
        role="img"
        aria-label="Candles with volume, overlays, signal arrows and trades; use the replay controls or the keyboard to move through the bars"
      />
      <Show when={!lib() || !s.window()}>
        <div class="chart-status muted">
          {failed() ? `The chart could not be loaded: ${failed()}` : s.windowError() ? `The candles could not be read: ${s.windowError()}` : 'Loading the chart…'}
        </div>
      </Show>
      <Show when={view() && s.window() && s.window()!.candles.time.length === 0}>
        <div class="chart-status muted">No candles in the chosen dates.</div>
      </Show>
    </div>
  );
}
