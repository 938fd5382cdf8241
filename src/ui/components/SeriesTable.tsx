import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { confirmedGapCount, refetchGaps, seriesAction, updateSeries } from '../../app/backfill-jobs';
import { isExchangeId } from '../../app/markets';
import { deleteSeries, type SeriesView } from '../../app/series-store';
import { chartHref } from '../../core/chart/link';
import { formatBytes, formatDate, formatInt } from '../format';
import { CoverageBar } from './CoverageBar';
import { ExportButton } from './ExportButton';
import { GapList } from './markets/GapList';

function keyOf(s: Pick<SeriesView, 'exchange' | 'symbol' | 'timeframe'>): string {
  return `${s.exchange}:${s.symbol}:${s.timeframe}`;
}

/**
 * Every stored candle series: coverage, counts, gaps, size, source. Exchange series also offer
 * `Update` (fetch only newer candles) and `Re-fetch gaps`; a series with gaps can be expanded to
 * list them, each marked when the exchange confirmed it empty.
 */
export function SeriesTable(props: { series: readonly SeriesView[] }) {
  const [expanded, setExpanded] = createSignal<ReadonlySet<string>>(new Set());
  // Rows are keyed by series, so a write to one series updates its row in place.
  const byKey = createMemo(() => new Map(props.series.map((s) => [keyOf(s), s])));
  const keys = () => props.series.map(keyOf);
  const toggle = (k: string) => {
    const next = new Set(expanded());
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setExpanded(next);
  };
  const remove = async (s: SeriesView) => {
    if (!confirm(`Delete ${s.symbol} ${s.timeframe} (${formatInt(s.count)} candles) from this device?`)) return;
    await deleteSeries(s);
  };
  return (
    <div class="table-wrap">
      <table class="series-table stack" data-testid="series-table">
        <caption class="muted table-caption">Stored candle series</caption>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Coverage (UTC)</th>
            <th scope="col" class="num">
              Candles
            </th>
            <th scope="col" class="num">
              Gaps
            </th>
            <th scope="col" class="num">
              <span title="Candle data before the browser compresses it: 48 bytes a candle">Size</span>
            </th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={keys()}>
            {(k) => (
              <Show when={byKey().get(k)}>
                {(row) => {
                  const s = row;
                  const label = () => `${s().symbol} ${s().timeframe}`;
                  const fromExchange = () => isExchangeId(s().exchange) && s().source !== 'demo';
                  const action = () => seriesAction(s());
                  const confirmed = () => confirmedGapCount(s());
                  const open = () => expanded().has(k);
                  const detailId = `gaps-${k.replace(/[^A-Za-z0-9]+/g, '-')}`;
                  return (
                    <>
                      <tr data-series={k}>
                        <td class="series-name">
                          <strong>{s().symbol}</strong> {s().timeframe}
                          <span class="series-source">
                            <span class="muted">{s().exchange}</span>{' '}
                            <Show when={s().source === 'demo'} fallback={<span class="badge">{s().source}</span>}>
                              <span class="badge synthetic" title="Synthetic demo data, not a real market">
                                Synthetic
                              </span>
                            </Show>
                          </span>
                        </td>
                        <td class="series-coverage" data-label="Coverage">
                          <CoverageBar first={s().first} last={s().last} gaps={s().gaps} label={`${label()} coverage`} />
                          <span class="series-range">
                            {formatDate(s().first)} – {formatDate(s().last)}
                          </span>
                        </td>
                        <td class="num" data-label="Candles">
                          {formatInt(s().count)}
                        </td>
                        <td class="num" data-label="Gaps">
                          <span data-testid="series-gap-count">{formatInt(s().gapCount)}</span>
                          <Show when={confirmed() > 0}>
                            <br />
                            <span class="muted series-note" data-testid="series-confirmed-count">
                              {formatInt(confirmed())} confirmed empty
                            </span>
                          </Show>
                        </td>
                        <td class="num" data-label="Size">
                          {formatBytes(s().sizeBytes)}
                        </td>
                        <td class="series-actions-cell">
                          <div class="row series-actions">
                            <A class="btn" href={chartHref({ exchange: s().exchange, symbol: s().symbol, timeframe: s().timeframe })} aria-label={`Chart of ${label()}`} title="Open these candles on the Chart page">
                              Chart
                            </A>
                            <ExportButton series={s()} />
                            <Show when={fromExchange()}>
                              <button
                                type="button"
                                class="btn"
                                disabled={action()?.running}
                                aria-label={`Update ${label()}`}
                                title="Fetch only the candles newer than the last stored one"
                                onClick={() => void updateSeries(s())}
                              >
                                Update
                              </button>
                              <button
                                type="button"
                                class="btn"
                                disabled={action()?.running || s().gapCount === 0}
                                aria-label={`Re-fetch gaps of ${label()}`}
                                title="Ask the exchange again for the missing candles; record those it confirms do not exist"
                                onClick={() => void refetchGaps(s())}
                              >
                                Re-fetch gaps
                              </button>
                            </Show>
                            <Show when={s().gapCount > 0}>
                              <button
                                type="button"
                                class="btn"
                                aria-expanded={open()}
                                aria-controls={detailId}
                                aria-label={`${open() ? 'Hide' : 'Show'} gaps of ${label()}`}
                                onClick={() => toggle(k)}
                              >
                                {open() ? 'Hide gaps' : 'Gaps'}
                              </button>
                            </Show>
                            <button
                              type="button"
                              class="btn danger"
                              aria-label={`Delete ${s().symbol} ${s().timeframe}`}
                              onClick={() => void remove(s())}
                            >
                              Delete
                            </button>
                          </div>
                          <Show when={action()}>
                            {(a) => (
                              <p
                                role={a().error ? 'alert' : 'status'}
                                class={`series-action-message${a().error ? ' error' : ' muted'}`}
                                data-testid="series-action-message"
                              >
                                {a().error ?? a().message}
                              </p>
                            )}
                          </Show>
                        </td>
                      </tr>
                      <Show when={open()}>
                        <tr class="series-detail" id={detailId} data-detail-for={k}>
                          <td colspan="6">
                            <GapList series={s()} />
                          </td>
                        </tr>
                      </Show>
                    </>
                  );
                }}
              </Show>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
