import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { Timeframe } from '../../../core/candles/timeframe';
import { DEFAULT_VOLATILITY_THRESHOLDS, volatilityGroup, type VolatilityGroup } from '../../../core/reports/volatility';
import type { BatchPeriod } from '../../../app/backtest-batch';
import type { SeriesView } from '../../../app/series-store';
import { measureVolatility } from '../../../app/series-volatility';

/** A series' annualised realised volatility (%) and its group, or null when it could not be measured. */
export interface VolInfo {
  vol: number | null;
  group: VolatilityGroup | null;
}

/** The key of a series in {@link SeriesVolatilities.vols}. */
export function seriesKey(s: Pick<SeriesView, 'exchange' | 'symbol'>): string {
  return `${s.exchange}|${s.symbol}`;
}

export interface SeriesVolatilities {
  vols: Accessor<Map<string, VolInfo>>;
  measuring: Accessor<boolean>;
  /** Listed series in each group. */
  groupCounts: Accessor<Record<VolatilityGroup, number>>;
}

/**
 * The realised volatility of the listed series over a window, measured in a worker a quarter of a
 * second after the list or the window last changed (a newer measurement cancels the one under
 * way), and how many series fall in each group. Call inside a component.
 */
export function createSeriesVolatilities(available: Accessor<readonly SeriesView[]>, window: Accessor<BatchPeriod | null>, timeframe: Accessor<Timeframe>): SeriesVolatilities {
  const [vols, setVols] = createSignal<Map<string, VolInfo>>(new Map());
  const [measuring, setMeasuring] = createSignal(false);
  createEffect(
    on([available, () => window()?.from, () => window()?.to], () => {
      const list = available();
      const w = window();
      if (list.length === 0 || w === null) {
        setVols(new Map());
        return;
      }
      const ac = new AbortController();
      const timer = setTimeout(async () => {
        setMeasuring(true);
        const next = new Map<string, VolInfo>();
        try {
          const exchanges = [...new Set(list.map((s) => s.exchange))];
          for (const exchange of exchanges) {
            const symbols = list.filter((s) => s.exchange === exchange).map((s) => s.symbol);
            const res = await measureVolatility({ exchange, symbols, timeframe: timeframe(), from: w.from, to: w.to }, ac.signal);
            for (const r of res) {
              next.set(`${exchange}|${r.symbol}`, {
                vol: r.volatility,
                group: r.volatility === null ? null : volatilityGroup(r.volatility, DEFAULT_VOLATILITY_THRESHOLDS),
              });
            }
          }
          if (!ac.signal.aborted) setVols(next);
        } catch {
          // Cancelled by a newer measurement, or the series changed meanwhile.
        } finally {
          if (!ac.signal.aborted) setMeasuring(false);
        }
      }, 250);
      onCleanup(() => {
        clearTimeout(timer);
        ac.abort();
      });
    }),
  );
  const groupCounts = createMemo(() => {
    const out: Record<VolatilityGroup, number> = { LOW: 0, MEDIUM: 0, HIGH: 0 };
    const v = vols();
    for (const s of available()) {
      const g = v.get(seriesKey(s))?.group;
      if (g) out[g]++;
    }
    return out;
  });
  return { vols, measuring, groupCounts };
}
