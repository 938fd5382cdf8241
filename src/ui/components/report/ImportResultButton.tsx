import { A, useNavigate } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { dismissResultImport, importResultJson, resultImportState } from '../../../app/backtest-files';
import './report.css';

/**
 * `Import result JSON`: picks a result file exported by Candlelab and stores it as a new completed
 * backtest (checked field by field in a worker; a foreign or damaged file is refused with the
 * reason, naming the field, and nothing is stored). On success the new backtest's report opens,
 * unless `openOnImport` is false, and a link to it stays beside the button.
 */
export function ImportResultButton(props: { openOnImport?: boolean }) {
  let input: HTMLInputElement | undefined;
  const navigate = useNavigate();
  const busy = () => resultImportState().status === 'running';
  const running = () => {
    const s = resultImportState();
    return s.status === 'running' ? s : undefined;
  };
  const done = () => {
    const s = resultImportState();
    return s.status === 'done' ? s : undefined;
  };
  const problem = () => {
    const s = resultImportState();
    return s.status === 'refused' || s.status === 'failed' ? s : undefined;
  };
  const pick = async (files: FileList | null) => {
    const file = files?.[0];
    if (input) input.value = '';
    if (!file || busy()) return;
    const res = await importResultJson(file);
    if (res && props.openOnImport !== false) navigate(`/backtests/${res.seq}`);
  };
  return (
    <div class="import-result" data-testid="import-result">
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        class="visually-hidden"
        tabindex="-1"
        aria-hidden="true"
        data-testid="import-result-input"
        onChange={(e) => void pick(e.currentTarget.files)}
      />
      <button type="button" class="btn" onClick={() => input?.click()} disabled={busy()} aria-busy={busy()}>
        {busy() ? 'Importing…' : 'Import result JSON'}
      </button>
      <Switch>
        <Match when={running()}>
          {(s) => (
            <span class="import-message muted" role="status">
              {s().progress.message ?? 'Importing…'}
            </span>
          )}
        </Match>
        <Match when={done()}>
          {(s) => (
            <span class="import-message" role="status" data-testid="import-result-done">
              {s().fileName} imported as <A href={`/backtests/${s().seq}`}>backtest #{s().seq}</A> ({s().trades.toLocaleString('en-US')} trades).{' '}
              <button type="button" class="btn" style={{ padding: '1px 8px' }} onClick={dismissResultImport}>
                Dismiss
              </button>
            </span>
          )}
        </Match>
        <Match when={problem()}>
          {(s) => (
            <span class="import-message error" role="alert" data-testid="import-result-error">
              {s().status === 'refused' ? `${s().fileName} was refused: ${s().message}` : s().message}{' '}
              <button type="button" class="btn" style={{ padding: '1px 8px' }} onClick={dismissResultImport}>
                Dismiss
              </button>
            </span>
          )}
        </Match>
      </Switch>
    </div>
  );
}
