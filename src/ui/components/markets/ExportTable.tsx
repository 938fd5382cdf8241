import { For, Show } from 'solid-js';
import { seriesList } from '../../../app/series-store';
import { formatDate, formatInt } from '../../format';
import { ExportButton } from '../ExportButton';

/** Every stored series with its range and count, each with an Export CSV button. */
export function ExportTable() {
  return (
    <div class="card" data-testid="export-panel">
      <h2>Export candles to a file</h2>
      <p class="muted">
        Any stored series as <code>timestamp,open,high,low,close,volume</code> (open time in UTC ms), the format the import reads back.
      </p>
      <Show when={(seriesList() ?? []).length > 0} fallback={<p class="muted">No candles stored yet.</p>}>
        <div class="table-wrap">
          <table class="stack" data-testid="export-table">
            <thead>
              <tr>
                <th scope="col">Series</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col" class="num">
                  Candles
                </th>
                <th scope="col">
                  <span class="visually-hidden">Export</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={seriesList() ?? []}>
                {(s) => (
                  <tr data-series={`${s.exchange}:${s.symbol}:${s.timeframe}`}>
                    <td>
                      <strong>{s.symbol}</strong> {s.timeframe} <span class="muted">{s.exchange}</span>
                    </td>
                    <td data-label="From">{formatDate(s.first)}</td>
                    <td data-label="To">{formatDate(s.last)}</td>
                    <td class="num" data-label="Candles">
                      {formatInt(s.count)}
                    </td>
                    <td>
                      <ExportButton series={s} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </div>
  );
}
