/**
 * lightweight-charts, loaded on demand: the library stays out of the first-load bundle and is
 * fetched once, the first time a chart is drawn.
 */
import type { DeepPartial, IChartApi, TimeChartOptions, UTCTimestamp } from 'lightweight-charts';
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { queueDraw } from './draw-queue';
import { tickMarkLabel } from './tick-marks';
import { onNearViewport } from './near-viewport';
import type { ChartColors } from './theme';

export type LightweightCharts = typeof import('lightweight-charts');

let loading: Promise<LightweightCharts> | undefined;

/** The library module (one dynamic import, shared by every chart). */
export function loadCharts(): Promise<LightweightCharts> {
  loading ??= import('lightweight-charts').catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

/**
 * The library for a chart component: `lib` once loaded, the chart's container (`near`, when given)
 * has come within a screen of the viewport, and this chart's turn in the page's draw queue has come
 * (one chart created per frame, see {@link queueDraw}); `failed` with the reason if it could not
 * load. The container itself is in the page from the start at its final size, so nothing below it
 * moves when the chart draws. Call during a component's setup: leaving the page takes the chart
 * off the queue.
 */
export function useChartLibrary(near?: () => HTMLElement | undefined): { lib: Accessor<LightweightCharts | undefined>; failed: Accessor<string | null> } {
  const [lib, setLib] = createSignal<LightweightCharts>();
  const [failed, setFailed] = createSignal<string | null>(null);
  let live = true;
  let cancel: (() => void) | undefined;
  let stopWatching: (() => void) | undefined;
  onCleanup(() => {
    live = false;
    cancel?.();
    stopWatching?.();
  });
  const enqueue = (lc: LightweightCharts) => {
    if (live) cancel = queueDraw(() => setLib(() => lc));
  };
  loadCharts().then(
    (lc) => {
      if (!live) return;
      const el = near?.();
      if (el) stopWatching = onNearViewport(el, '100% 0px', () => enqueue(lc));
      else enqueue(lc);
    },
    (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
  );
  return { lib, failed };
}

/**
 * False until the chart made in the current reactive scope has had its own frames, then true: a
 * chart created in one turn of the draw queue with a sketch of its data (a few points that give
 * the price scale its final width) gets all of its data in a later turn. Its first paint, which
 * makes every canvas of the chart, and its paint of the whole data are then two frames, not one
 * long task. Leaving the page takes the turn off the queue.
 */
export function useDataTurn(): Accessor<boolean> {
  const [turn, setTurn] = createSignal(false);
  onCleanup(queueDraw(() => setTurn(true)));
  return turn;
}

/** A time in UTC ms as the chart's time (UTC seconds). */
export function chartTime(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp;
}

/**
 * Chart options for the colours of the current theme (background, text, grid, scales, crosshair).
 * The library's attribution logo is off: it injects an inline `<style>` element, which the app's
 * Content-Security-Policy refuses; the attribution and link are on the Settings page (About).
 */
export function themeOptions(lc: LightweightCharts, c: ChartColors): DeepPartial<TimeChartOptions> {
  return {
    layout: {
      background: { type: lc.ColorType.Solid, color: c.background },
      textColor: c.text,
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif',
      attributionLogo: false,
    },
    grid: { vertLines: { color: c.grid }, horzLines: { color: c.grid } },
    rightPriceScale: { borderColor: c.border },
    timeScale: { borderColor: c.border, timeVisible: true, secondsVisible: false, tickMarkFormatter: tickMarkLabel },
    crosshair: { vertLine: { labelBackgroundColor: c.accent }, horzLine: { labelBackgroundColor: c.accent } },
  };
}

/**
 * A chart filling `container` in the theme's colours, sized to the container now and resized with
 * it (keeping the visible time range). Call inside a reactive scope: the size observer stops
 * with it; the caller removes the chart.
 */
export function createThemedChart(lc: LightweightCharts, container: HTMLElement, c: ChartColors, extra: DeepPartial<TimeChartOptions> = {}): IChartApi {
  const base = themeOptions(lc, c);
  const chart = lc.createChart(container, {
    ...base,
    ...extra,
    layout: { ...base.layout, ...extra.layout },
    timeScale: { ...base.timeScale, lockVisibleTimeRangeOnResize: true, ...extra.timeScale },
    width: Math.max(1, container.clientWidth),
    height: Math.max(1, container.clientHeight),
  });
  if (typeof ResizeObserver === 'function') {
    let w = container.clientWidth;
    let h = container.clientHeight;
    const observer = new ResizeObserver(() => {
      if (container.clientWidth === w && container.clientHeight === h) return;
      w = container.clientWidth;
      h = container.clientHeight;
      if (w > 0 && h > 0) chart.resize(w, h);
    });
    observer.observe(container);
    onCleanup(() => observer.disconnect());
  }
  return chart;
}

/**
 * Calls `apply` now and, when the chart's container has no size yet, again once it has (a chart
 * made in a container not yet laid out has no width, and a range set then does not survive the
 * first resize). A container laid out already gets one call: each call repaints the chart.
 */
export function whenSized(box: HTMLElement, apply: () => void): void {
  apply();
  if (box.clientWidth > 0) return;
  let tries = 0;
  const again = () => {
    if (!box.isConnected) return;
    if (box.clientWidth > 0) apply();
    else if (++tries < 60) requestAnimationFrame(again);
  };
  requestAnimationFrame(again);
}

/** Fits the whole time range into view, now and once the container is laid out. */
export function fitWhenSized(chart: IChartApi, box: HTMLElement): void {
  whenSized(box, () => chart.timeScale().fitContent());
}

/** Options of a chart whose whole time range should fit on screen however many points it has. */
export const FIT_ALL_OPTIONS: DeepPartial<TimeChartOptions> = { timeScale: { minBarSpacing: 0.001 } };
