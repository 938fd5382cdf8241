import { useNavigate } from '@solidjs/router';
import { Show, createMemo, createSignal } from 'solid-js';
import { parseIdRanges } from '../../../core/util/id-ranges';
import { resolveSelection, type SelectionAction } from '../../../app/backtest-selection';

/**
 * Selecting jobs by number (`1 2 5-8 10`) for a report: Open report (one), Compare (2–6 completed)
 * or Volatility report (completed ones). Bad syntax is shown as it is typed; numbers that do not
 * exist, or jobs not completed, are refused with the reason when a button is used.
 */
export function JobSelection() {
  const navigate = useNavigate();
  const [text, setText] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const syntaxError = createMemo(() => {
    try {
      parseIdRanges(text());
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  });
  const shown = () => syntaxError() ?? error();

  const go = async (action: SelectionAction) => {
    if (busy()) return;
    setBusy(true);
    try {
      const r = await resolveSelection(text(), action);
      if (r.ok) {
        setError(null);
        navigate(r.href);
      } else setError(r.error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="card"
      data-testid="job-selection"
      aria-labelledby="bt-select-title"
      onSubmit={(e) => {
        e.preventDefault();
        void go('open');
      }}
    >
      <h2 id="bt-select-title" style={{ 'margin-top': '0' }}>
        Reports
      </h2>
      <div class="row" style={{ 'align-items': 'flex-end' }}>
        <div class="bt-field" style={{ flex: '1 1 220px' }}>
          <label for="bt-select">Select jobs</label>
          <input
            id="bt-select"
            class="bt-select-input"
            type="text"
            placeholder="1 2 5-8 10"
            autocomplete="off"
            value={text()}
            aria-invalid={shown() !== null}
            aria-describedby="bt-select-help"
            onInput={(e) => {
              setText(e.currentTarget.value);
              setError(null);
            }}
          />
        </div>
        <button type="submit" class="btn" disabled={busy()}>
          Open report
        </button>
        <button type="button" class="btn" disabled={busy()} onClick={() => void go('compare')}>
          Compare
        </button>
        <button type="button" class="btn" disabled={busy()} onClick={() => void go('volatility')}>
          Volatility report
        </button>
      </div>
      <p id="bt-select-help" class={shown() ? 'bt-error' : 'muted'} style={{ 'font-size': '0.85rem' }} role={shown() ? 'alert' : undefined} data-testid="selection-message">
        <Show when={shown()} fallback="Job numbers and ranges, e.g. 1 2 5-8 10. Open report takes one, Compare two or more, the volatility report any completed ones.">
          {shown()}
        </Show>
      </p>
    </form>
  );
}
