/**
 * Observable Plot, loaded on demand, for the charts lightweight-charts does not draw: histograms,
 * the Monte Carlo fan over trade steps (not a time axis) and the objective heatmap. Plot makes
 * accessible, theme-coloured SVG with scales, legends and tooltips from a few declarative lines,
 * which hand-written SVG would have to re-implement.
 */
import { createEffect, createReaction, createSignal, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { queueDraw } from '../charts/draw-queue';

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
  // The width comes from the ResizeObserver's first report (after the browser's own layout), never
  // from reading `clientWidth` while the page is being built, which would force a layout of the
  // whole page in the same task.
  onMount(() => {
    if (typeof ResizeObserver !== 'function') {
      requestAnimationFrame(() => setWidth(box.clientWidth));
      return;
    }
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1].contentRect.width);
      if (Math.abs(w - width()) > 4) setWidth(w);
    });
    ro.observe(box);
    onCleanup(() => ro.disconnect());
  });
  // Drawn through the figures' queue ({@link queueDraw}), one figure per frame, so a result with
  // several charts never holds the main thread for all of them at once. What `render` reads is
  // tracked by a reaction that queues the next drawing when it changes.
  let drawWith: { P: PlotModule; w: number } | null = null;
  let cancel: (() => void) | undefined;
  const schedule = () => {
    cancel?.();
    cancel = queueDraw(draw);
  };
  const reaction = createReaction(schedule);
  const draw = () => {
    cancel = undefined;
    if (!drawWith) return;
    const { P, w } = drawWith;
    let el: Element | undefined;
    // eslint-disable-next-line solid/reactivity -- createReaction tracks what this function reads
    reaction(() => (el = props.render(P, w)));
    if (el) box.replaceChildren(el);
    box.dataset.ready = 'true';
  };
  onCleanup(() => cancel?.());
  createEffect(() => {
    const P = plot();
    const w = width();
    drawWith = P && w > 0 ? { P, w } : null;
    if (drawWith) schedule();
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
