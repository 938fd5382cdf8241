import { For, Show } from 'solid-js';
import './markets.css';
import { seriesGaps } from '../../../app/backfill';
import { exchangeName } from '../../../app/exchange-text';
import type { SeriesView } from '../../../app/series-store';
import { formatDateTime, formatInt } from '../../format';

/**
 * Every gap of a series as exact missing ranges (open times of the first and last missing candle,
 * both included), each marked when the exchange confirmed those candles do not exist.
 */
export function GapList(props: { series: Pick<SeriesView, 'exchange' | 'symbol' | 'timeframe'> }) {
  const gaps = () => seriesGaps(props.series);
  const label = () => `${props.series.symbol} ${props.series.timeframe}`;
  return (
    <div data-testid="gap-list">
      <Show when={gaps()} fallback={<p class="muted">Reading gaps…</p>}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No gaps: every candle between the first and the last is stored.</p>}>
            <table class="gap-list">
              <caption class="muted" style={{ 'text-align': 'left', padding: '4px 0' }}>
                Gaps of {label()}: {formatInt(list().length)} ({formatInt(list().reduce((n, g) => n + g.missing, 0))} candles missing). Gaps are
                shown, never filled.
              </caption>
              <thead>
                <tr>
                  <th scope="col">First missing</th>
                  <th scope="col">Last missing</th>
                  <th scope="col" class="num">
                    Missing
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(g) => (
                    <tr data-from={g.from} data-to={g.to} data-missing={g.missing} data-status={g.status}>
                      <td>{formatDateTime(g.from)}</td>
                      <td>{formatDateTime(g.to)}</td>
                      <td class="num">{formatInt(g.missing)}</td>
                      <td class={g.status === 'confirmed' ? 'gap-status-confirmed' : g.status === 'unconfirmed' ? 'gap-status-unconfirmed' : undefined}>
                        {g.status === 'confirmed'
                          ? `Confirmed empty by ${exchangeName(props.series.exchange)}`
                          : g.status === 'partly'
                            ? `Partly confirmed empty; ${formatInt(g.open.reduce((n, x) => n + x.missing, 0))} still unknown`
                            : g.status === 'unconfirmed'
                              ? 'Answered empty, not confirmed (re-fetch to retry)'
                              : 'Open'}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>
    </div>
  );
}
