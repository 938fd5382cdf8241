import { Show } from 'solid-js';
import { exportSeries, exportState, type SeriesRef } from '../../app/files';

/**
 * Downloads a stored series as a standard CSV (`timestamp,open,high,low,close,volume`, UTC ms),
 * named `<exchange>_<SYMBOL>_<tf>.csv`. Shows "Exporting…" while the data worker writes it and
 * the error, if any, beside the button.
 */
export function ExportButton(props: { series: SeriesRef }) {
  const state = () => exportState(props.series);
  return (
    <span class="row" style={{ display: 'inline-flex', gap: '6px' }}>
      <button
        type="button"
        class="btn"
        data-testid="export-button"
        aria-label={`Export ${props.series.symbol} ${props.series.timeframe} as CSV`}
        disabled={state().running}
        aria-busy={state().running}
        onClick={() => void exportSeries(props.series)}
      >
        {state().running ? 'Exporting…' : 'Export CSV'}
      </button>
      <Show when={state().error}>
        {(err) => (
          <span role="alert" class="muted" data-testid="export-error" style={{ color: 'var(--danger)' }}>
            {err()}
          </span>
        )}
      </Show>
    </span>
  );
}
