/**
 * Observable Plot, loaded on demand, for the charts lightweight-charts does not draw: histograms,
 * the Monte Carlo fan over trade steps (not a time axis) and the objective heatmap. Plot makes
 * accessible, theme-coloured SVG with scales, legends and tooltips from a few declarative lines,
 * which hand-written SVG would have to re-implement.
 */
import { createEffect, createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';

export type PlotModule = typeof import('@observablehq/plot');

let loading: Promise<PlotModule> | undefined;

/** Loads the chart library (once); call early, when the page is idle, so a result never waits for it. */
export function loadPlot(): Promise<PlotModule> {
  loading ??= import('@observablehq/plot').catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

/**
 * A figure drawn by `render(Plot, width)` (a Plot chart element), redrawn when the container's width
 * or `render`'s inputs change. `label` is the figure's accessible name; `caption` a line under it.
 */
export function PlotFigure(props: { render: (Plot: PlotModule, width: number) => Element; label: string; caption?: JSX.Element; testId?: string }) {
  let box!: HTMLDivElement;
  const [plot, setPlot] = createSignal<PlotModule>();
  const [failed, setFailed] = createSignal<string | null>(null);
  const [width, setWidth] = createSignal(0);
  loadPlot().then(
    (p) => setPlot(() => p),
    (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)),
  );
  onMount(() => {
    setWidth(box.clientWidth);
    if (typeof ResizeObserver === 'function') {
      const ro = new ResizeObserver(() => {
        if (Math.abs(box.clientWidth - width()) > 4) setWidth(box.clientWidth);
      });
      ro.observe(box);
      onCleanup(() => ro.disconnect());
    }
  });
  createEffect(() => {
    const P = plot();
    const w = width();
    if (!P || w <= 0) return;
    const el = props.render(P, w);
    box.replaceChildren(el);
    box.dataset.ready = 'true';
  });
  return (
    <figure class="rb-figure" data-testid={props.testId}>
      <div class="rb-plot" ref={box} role="img" aria-label={props.label} />
      <Show when={!plot()}>
        <p class="muted">{failed() ? `The chart could not be loaded: ${failed()}` : 'Loading the chart…'}</p>
      </Show>
      <Show when={props.caption}>
        <figcaption class="muted">{props.caption}</figcaption>
      </Show>
    </figure>
  );
}

/** The frame every robustness chart shares: size, left margin and the page's colours. */
export function plotFrame(width: number, height: number, marginLeft = 50): { width: number; height: number; marginLeft: number; style: { background: string; color: string } } {
  return { width, height, marginLeft, style: { background: 'transparent', color: 'var(--text)' } };
}
