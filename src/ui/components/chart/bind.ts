/**
 * Keeps a {@link ChartView} drawing what a chart store holds: each new window, the replay cursor
 * and the forming candle at it, the strategy's signals and the backtest's trades. Call inside a
 * reactive scope (a component, or a `createRoot`); the bindings end with it.
 */
import { createEffect, on, untrack } from 'solid-js';
import type { ChartStore } from '../../../app/chart-store';
import type { ChartView, DrawnOverlay } from './chart-view';

/** The store's overlays that the current window holds values for, in the store's order. */
export function drawnOverlays(store: ChartStore): DrawnOverlay[] {
  const w = store.window();
  if (!w) return [];
  return store
    .overlays()
    .filter((o) => w.overlays.some((x) => x.key === o.key))
    .map((o) => ({ key: o.key, label: o.label, spec: o.spec }));
}

export function bindChartView(view: ChartView, store: ChartStore, box: HTMLElement): void {
  view.onVisibleRange((from, to) => store.reportVisible(from, to));

  // A new window: everything drawn again (the cursor and overlays as they are now).
  createEffect(
    on(store.window, (w) => {
      if (!w) return;
      const r = untrack(store.replay);
      view.setWindow(w, untrack(store.info)?.timeframe ?? w.tf, untrack(() => drawnOverlays(store)), r.active ? { bar: r.bar, time: r.time } : null, untrack(store.forming));
      box.dataset.ready = 'true';
    }),
  );

  // The replay cursor and the forming candle at it.
  createEffect(
    on(
      [() => store.replay().active, () => store.replay().bar, store.forming],
      ([active]) => {
        if (!untrack(store.window)) return;
        const r = untrack(store.replay);
        view.setCursor(active ? { bar: r.bar, time: r.time } : null, untrack(store.forming));
        if (active) view.revealCursor();
      },
      { defer: true },
    ),
  );

  createEffect(() => view.setSignals(store.strategy()?.signals ?? null));
  createEffect(() => {
    const t = store.trades();
    view.setTrades(t?.trades ?? [], t?.selected ?? null);
  });
}
