import { useNavigate } from '@solidjs/router';
import { createMemo, For, Show, untrack } from 'solid-js';
import type { ChartStore } from '../../../app/chart-store';
import type { SeriesView } from '../../../app/series-store';
import { chartHref } from '../../../core/chart/link';
import { PRESET_NAMES } from '../../../core/strategy/presets';
import { parseTime } from '../../../core/util/time-parse';
import { formatInt } from '../../format';

/** The value of a series in the series list. */
export function seriesValue(s: { exchange: string; symbol: string; timeframe: string }): string {
  return `${s.exchange}|${s.symbol}|${s.timeframe}`;
}

const STRATEGY_OPTIONS = [...PRESET_NAMES, 'HMA_SMA'];

/** `2024-10-14` for a UTC time (the value of a date field). */
function dateValue(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString().slice(0, 10);
}

/**
 * What the chart shows: the stored series, the timeframe (the series' own or a longer one, stored
 * or built from it), the strategy whose signals and conditions are drawn, and the date filter.
 */
export function ChartToolbar(props: { store: ChartStore; series: readonly SeriesView[] }) {
  const s = untrack(() => props.store);
  const navigate = useNavigate();
  const current = () => {
    const k = s.series();
    return k ? seriesValue(k) : '';
  };
  const strategyValue = () => s.strategySpec()?.name ?? '';
  const strategyOptions = createMemo(() => {
    const v = strategyValue();
    return v !== '' && !STRATEGY_OPTIONS.includes(v) ? [...STRATEGY_OPTIONS, v] : STRATEGY_OPTIONS;
  });
  const open = (value: string) => {
    const row = props.series.find((x) => seriesValue(x) === value);
    if (!row) return;
    // A paper session's trades follow the chart to the session's other symbols.
    const src = s.trades()?.source;
    if (src?.kind === 'session') navigate(chartHref({ exchange: row.exchange, symbol: row.symbol, timeframe: row.timeframe, session: src.id }));
    else void s.open({ exchange: row.exchange, symbol: row.symbol, timeframe: row.timeframe });
  };
  const setDate = (which: 'from' | 'to', text: string) => {
    const f = s.filter();
    const t = text === '' ? null : parseTime(text);
    if (t !== null && !Number.isFinite(t)) return;
    const v = t === null ? null : which === 'to' ? t + 86_400_000 - 1 : t;
    const next = { ...f, [which]: v };
    if (next.from !== null && next.to !== null && next.from > next.to) return;
    s.setDateFilter(next.from, next.to);
  };
  return (
    <div class="cl-toolbar" data-testid="chart-toolbar">
      <label class="cl-field cl-series">
        <span>Series</span>
        <select value={current()} onChange={(e) => open(e.currentTarget.value)} data-testid="chart-series">
          <Show when={current() === ''}>
            <option value="">Choose a stored series…</option>
          </Show>
          <For each={props.series}>
            {(x) => (
              <option value={seriesValue(x)}>
                {x.symbol} · {x.timeframe} · {x.exchange} · {formatInt(x.count)} candles
              </option>
            )}
          </For>
        </select>
      </label>
      <div class="cl-field">
        <span id="cl-tf-label">Timeframe</span>
        <div class="segmented cl-tfs" role="group" aria-labelledby="cl-tf-label" data-testid="chart-timeframes">
          <For each={s.info()?.views ?? []}>
            {(tf) => (
              <button
                type="button"
                aria-pressed={s.viewTf() === tf}
                title={tf === s.info()?.timeframe ? 'The stored candles' : s.info()?.stored.includes(tf) ? `Stored ${tf} candles (built from ${s.info()?.timeframe} where none are stored)` : `Built from the ${s.info()?.timeframe} candles (complete candles only)`}
                onClick={() => s.setView(tf)}
              >
                {tf}
              </button>
            )}
          </For>
        </div>
      </div>
      <label class="cl-field">
        <span>Strategy</span>
        <select value={strategyValue()} onChange={(e) => void s.setStrategy(e.currentTarget.value === '' ? null : { name: e.currentTarget.value })} data-testid="chart-strategy">
          <option value="">none</option>
          <For each={strategyOptions()}>{(n) => <option value={n}>{n}</option>}</For>
        </select>
      </label>
      <fieldset class="cl-field cl-dates">
        <legend>Dates (UTC)</legend>
        <div class="cl-date-pair">
          <input type="date" aria-label="From (UTC)" value={dateValue(s.filter().from)} onChange={(e) => setDate('from', e.currentTarget.value)} data-testid="chart-from" />
          <span aria-hidden="true">–</span>
          <input type="date" aria-label="To (UTC)" value={dateValue(s.filter().to)} onChange={(e) => setDate('to', e.currentTarget.value)} data-testid="chart-to" />
          <Show when={s.filter().from !== null || s.filter().to !== null}>
            <button type="button" class="btn cl-clear" onClick={() => s.setDateFilter(null, null)} aria-label="Clear the dates">
              ×
            </button>
          </Show>
        </div>
      </fieldset>
    </div>
  );
}
