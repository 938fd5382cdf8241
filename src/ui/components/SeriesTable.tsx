import { For, Show } from 'solid-js';
import { deleteSeries, type SeriesView } from '../../app/series-store';
import { formatBytes, formatDate, formatInt } from '../format';
import { CoverageBar } from './CoverageBar';
import { ExportButton } from './ExportButton';

/** Every stored candle series: coverage, counts, gaps, size, source. */
export function SeriesTable(props: { series: readonly SeriesView[] }) {
  const remove = async (s: SeriesView) => {
    if (!confirm(`Delete ${s.symbol} ${s.timeframe} (${formatInt(s.count)} candles) from this device?`)) return;
    await deleteSeries(s);
  };
  return (
    <div class="table-wrap">
      <table data-testid="series-table">
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
          <For each={props.series}>
            {(s) => (
              <tr data-series={`${s.exchange}:${s.symbol}:${s.timeframe}`}>
                <td>
                  <strong>{s.symbol}</strong> <span class="muted">{s.exchange}</span>
                </td>
                <td>{s.timeframe}</td>
                <td>
                  <Show when={s.source === 'demo'} fallback={<span class="badge">{s.source}</span>}>
                    <span class="badge synthetic" title="Synthetic demo data, not a real market">
                      Synthetic
                    </span>
                  </Show>
                </td>
                <td style={{ 'min-width': '120px' }}>
                  <CoverageBar first={s.first} last={s.last} gaps={s.gaps} label={`${s.symbol} ${s.timeframe} coverage`} />
                </td>
                <td>{formatDate(s.first)}</td>
                <td>{formatDate(s.last)}</td>
                <td class="num">{formatInt(s.count)}</td>
                <td class="num">{formatInt(s.gapCount)}</td>
                <td class="num">{formatBytes(s.sizeBytes)}</td>
                <td>
                  <div class="row">
                    <ExportButton series={s} />
                    <button
                      type="button"
                      class="btn danger"
                      aria-label={`Delete ${s.symbol} ${s.timeframe}`}
                      onClick={() => void remove(s)}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
