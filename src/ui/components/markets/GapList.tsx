import { createMemo, createSignal, For, Show } from 'solid-js';
import './markets.css';
import { seriesGaps } from '../../../app/backfill-jobs';
import { exchangeName } from '../../../app/exchange-text';
import type { SeriesView } from '../../../app/series-store';
import { formatDateTime, formatInt } from '../../format';
import { pageOf } from '../../paging';
import { Pager } from '../Pager';

/** Gaps listed per page. */
export const GAPS_PAGE_SIZE = 20;

/**
 * Every gap of a series as exact missing ranges (open times of the first and last missing candle,
 * both included), each marked when the exchange confirmed those candles do not exist; 20 a page.
 */
export function GapList(props: { series: Pick<SeriesView, 'exchange' | 'symbol' | 'timeframe'> }) {
  const gaps = () => seriesGaps(props.series);
  const label = () => `${props.series.symbol} ${props.series.timeframe}`;
  const [page, setPage] = createSignal(0);
  const view = createMemo(() => pageOf(gaps() ?? [], page(), GAPS_PAGE_SIZE));
  return (
    <div data-testid="gap-list">
      <Show when={gaps()} fallback={<p class="muted">Reading gaps…</p>}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No gaps: every candle between the first and the last is stored.</p>}>
            <table class="gap-list stack">
              <caption class="muted table-caption">
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
                <For each={view().rows}>
                  {(g) => (
                    <tr data-from={g.from} data-to={g.to} data-missing={g.missing} data-status={g.status}>
                      <td data-label="First missing">{formatDateTime(g.from)}</td>
                      <td data-label="Last missing">{formatDateTime(g.to)}</td>
                      <td class="num" data-label="Missing">
                        {formatInt(g.missing)}
                      </td>
                      <td class={g.status === 'confirmed' ? 'gap-status-confirmed' : g.status === 'unconfirmed' ? 'gap-status-unconfirmed' : undefined} data-label="Status">
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
            <Pager
              page={view().page}
              pages={view().pages}
              size={GAPS_PAGE_SIZE}
              total={list().length}
              noun="gaps"
              label={`Gap pages of ${label()}`}
              onPage={setPage}
              testid="gap-pager"
            />
          </Show>
        )}
      </Show>
    </div>
  );
}
