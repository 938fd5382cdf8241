import { createSignal, For, Index, Show } from 'solid-js';
import { formatValue, WEEKDAY_LABELS } from '../../../core/metrics';
import type { EntryHeat } from '../../../core/reports/backtest-report';
import { createMediaQuery, PHONE_QUERY } from '../../media';
import './report.css';

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAY_DAYS = WEEKDAY_LABELS.map((_, d) => d);

function hourLabel(h: number): string {
  return String(h).padStart(2, '0');
}

/** A pnl in a few characters: `+12`, `-3.4k`, `+1.2M`. */
function compact(v: number): string {
  const a = Math.abs(v);
  const sign = v > 0 ? '+' : v < 0 ? '-' : '';
  if (a >= 1e6) return `${sign}${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${sign}${(a / 1e3).toFixed(1)}k`;
  return `${sign}${a.toFixed(a >= 10 || a === 0 ? 0 : 1)}`;
}

/**
 * Entries by weekday (rows) and hour of day (columns), UTC: each cell gives the number of trades
 * entered and their net pnl, coloured by pnl (green profit, red loss, stronger with size) or by
 * count (accent, stronger with more trades) — never so strong that the text loses contrast. Each cell's title says it all in words. On a phone
 * the table turns: hours are rows and weekdays columns, so it fits the screen's width.
 */
export function EntryHeatTable(props: { heat: EntryHeat }) {
  const heat = () => props.heat;
  const [mode, setMode] = createSignal<'pnl' | 'count'>('pnl');
  const background = (k: number): string => {
    const h = heat();
    if (h.count[k] === 0) return 'transparent';
    if (mode() === 'count') {
      const a = h.maxCount > 0 ? h.count[k] / h.maxCount : 0;
      return `color-mix(in srgb, var(--accent) ${Math.round(12 + 33 * a)}%, transparent)`;
    }
    const p = h.pnl[k];
    const a = h.maxAbsPnl > 0 ? Math.abs(p) / h.maxAbsPnl : 0;
    if (a === 0) return 'var(--surface-2)';
    return `color-mix(in srgb, ${p > 0 ? 'var(--up)' : 'var(--down)'} ${Math.round(12 + 33 * a)}%, transparent)`;
  };
  const phone = createMediaQuery(PHONE_QUERY);
  const cell = (d: number, h: number) => {
    const k = d * 24 + h;
    const day = WEEKDAY_LABELS[d];
    const count = () => heat().count[k];
    const pnl = () => heat().pnl[k];
    return (
      <td
        data-cell={`${d}-${h}`}
        style={{ background: background(k) }}
        title={`${day} ${hourLabel(h)}:00 UTC: ${count()} trade${count() === 1 ? '' : 's'}, P&L ${formatValue('money', pnl())}`}
      >
        {count() > 0 ? (
          <>
            <span class="heat-count">{count()}</span>
            <span class="heat-pnl">{compact(pnl())}</span>
          </>
        ) : (
          <span class="muted" aria-label="no trades">
            ·
          </span>
        )}
      </td>
    );
  };
  return (
    <div data-testid="entry-heat">
      <div class="row" style={{ 'margin-bottom': '6px' }}>
        <span class="muted" id="heat-mode-label">
          Colour by
        </span>
        <div class="segmented" role="group" aria-labelledby="heat-mode-label">
          <button type="button" aria-pressed={mode() === 'pnl'} onClick={() => setMode('pnl')}>
            P&amp;L
          </button>
          <button type="button" aria-pressed={mode() === 'count'} onClick={() => setMode('count')}>
            Trades
          </button>
        </div>
      </div>
      <div class="table-wrap">
        <table class="heat">
          <caption class="visually-hidden">Trades entered by weekday and hour (UTC): count and net P&amp;L per cell</caption>
          <Show
            when={phone()}
            fallback={
              <>
                <thead>
                  <tr>
                    <th scope="col">UTC</th>
                    <For each={HOURS}>{(h) => <th scope="col">{hourLabel(h)}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <Index each={WEEKDAY_LABELS}>
                    {(day, d) => (
                      <tr>
                        <th scope="row">{day()}</th>
                        <For each={HOURS}>{(h) => cell(d, h)}</For>
                      </tr>
                    )}
                  </Index>
                </tbody>
              </>
            }
          >
            <thead>
              <tr>
                <th scope="col">UTC</th>
                <For each={WEEKDAY_LABELS}>{(day) => <th scope="col">{day}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={HOURS}>
                {(h) => (
                  <tr>
                    <th scope="row">{hourLabel(h)}</th>
                    <For each={WEEKDAY_DAYS}>{(d) => cell(d, h)}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </Show>
        </table>
      </div>
    </div>
  );
}
