import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { confirmedGapCount, refetchGaps, seriesAction, updateSeries } from '../../app/backfill';
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
      <table class="series-table" data-testid="series-table">
        <caption class="muted" style={{ 'text-align': 'left', padding: '8px 10px' }}>
          Stored candle series
        </caption>
        <thead>
          <tr>
            <th scope="col">Symbol</th>
            <th scope="col">Timeframe</th>
            <th scope="col">Source</th>
            <th scope="col">Coverage</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col" class="num">
              Candles
            </th>
            <th scope="col" class="num">
              Gaps
            </th>
            <th scope="col" class="num">
              Size
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
                        <td>
                          <strong>{s().symbol}</strong> <span class="muted">{s().exchange}</span>
                        </td>
                        <td>{s().timeframe}</td>
                        <td>
                          <Show when={s().source === 'demo'} fallback={<span class="badge">{s().source}</span>}>
                            <span class="badge synthetic" title="Synthetic demo data, not a real market">
                              Synthetic
                            </span>
                          </Show>
                        </td>
                        <td style={{ 'min-width': '120px' }}>
                          <CoverageBar first={s().first} last={s().last} gaps={s().gaps} label={`${label()} coverage`} />
                        </td>
                        <td>{formatDate(s().first)}</td>
                        <td>{formatDate(s().last)}</td>
                        <td class="num">{formatInt(s().count)}</td>
                        <td class="num">
                          <span data-testid="series-gap-count">{formatInt(s().gapCount)}</span>
                          <Show when={confirmed() > 0}>
                            <br />
                            <span class="muted" style={{ 'font-size': '0.8rem' }} data-testid="series-confirmed-count">
                              {formatInt(confirmed())} confirmed empty
                            </span>
                          </Show>
                        </td>
                        <td class="num">{formatBytes(s().sizeBytes)}</td>
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
                                class="muted series-action-message"
                                data-testid="series-action-message"
                                style={{ 'font-size': '0.85rem', margin: '4px 0 0', color: a().error ? 'var(--danger)' : undefined }}
                              >
                                {a().error ?? a().message}
                              </p>
                            )}
                          </Show>
                        </td>
                      </tr>
                      <Show when={open()}>
                        <tr class="series-detail" id={detailId} data-detail-for={k}>
                          <td colspan="10">
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
