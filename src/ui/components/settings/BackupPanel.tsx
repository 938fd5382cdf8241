import { createSignal, For, Match, Switch } from 'solid-js';
import {
  backupState,
  cancelBackup,
  cancelRestore,
  chooseRestoreFile,
  confirmRestore,
  dismissRestore,
  restoreState,
  runBackup,
} from '../../../app/backup';
import { formatBytes, formatInt } from '../../format';
import { ProgressBar } from '../ProgressBar';

const TABLE_NAMES: Record<string, string> = {
  markets: 'Markets',
  candleSeries: 'Candle series',
  candleChunks: 'Candle chunks',
  backfillJobs: 'Backfill jobs',
  signals: 'Signals',
  decisions: 'Bot decisions',
  paperAccounts: 'Paper accounts',
  paperTrades: 'Paper trades',
  botSessions: 'Bot sessions',
  backtestJobs: 'Backtests',
  backtestResults: 'Backtest results',
  monteCarloRuns: 'Monte Carlo runs',
  walkForwardRuns: 'Walk-forward runs',
  optimisationRuns: 'Optimisation runs',
  presets: 'Presets',
  presetChanges: 'Preset changes',
  settings: 'Settings',
};

/** A table's name as users read it. */
export function tableName(t: string): string {
  return TABLE_NAMES[t] ?? t;
}

/** The backup button with its candles option; `compact` for the cleanup card's "back up first". */
export function BackupButton(props: { compact?: boolean }) {
  const [withCandles, setWithCandles] = createSignal(true);
  const running = () => backupState().status === 'running';
  return (
    <div class="row">
      <label class="row" style={{ gap: '6px' }}>
        <input type="checkbox" checked={withCandles()} onChange={(e) => setWithCandles(e.currentTarget.checked)} data-testid="backup-candles" />
        Include candles
      </label>
      <button type="button" class={props.compact ? 'btn' : 'btn primary'} disabled={running()} onClick={() => void runBackup(withCandles())} data-testid="backup-button">
        {props.compact ? 'Back up first' : 'Back up the database'}
      </button>
    </div>
  );
}

/** The state of the last backup: progress with cancel, the file written, or why it failed. */
export function BackupStatus() {
  return (
    <Switch>
      <Match when={backupState().status === 'running' && backupState()}>
        {(s) => <ProgressBar label="Backing up" progress={(s() as { progress: { done: number; total: number; message?: string } }).progress} onCancel={cancelBackup} />}
      </Match>
      <Match when={backupState().status === 'done' && backupState()}>
        {(s) => {
          const d = s() as { fileName: string; records: number; bytes: number; withCandles: boolean };
          return (
            <p role="status" data-testid="backup-done">
              Saved <strong>{d.fileName}</strong>: <span class="num">{formatInt(d.records)}</span> records, <span class="num">{formatBytes(d.bytes)}</span>
              {d.withCandles ? ', candles included.' : ', without candles.'}
            </p>
          );
        }}
      </Match>
      <Match when={backupState().status === 'cancelled'}>
        <p role="status" class="muted">
          Backup cancelled; no file was saved.
        </p>
      </Match>
      <Match when={backupState().status === 'failed' && backupState()}>
        {(s) => (
          <p role="alert" style={{ color: 'var(--danger)' }}>
            The backup failed: {(s() as { message: string }).message}
          </p>
        )}
      </Match>
    </Switch>
  );
}

/**
 * Backup and restore: the whole database to one file (candles optional) and back. A restore checks
 * the file first, asks replace or merge when the database holds records, and shows what it restored.
 */
export function BackupPanel() {
  let input!: HTMLInputElement;
  const state = restoreState;
  return (
    <div class="card" data-testid="backup-card">
      <p class="muted">
        One file holds everything stored in this browser: candles (optional — they are most of the size), signals, backtests and their results, robustness runs, paper
        accounts and trades, the bot's decisions and sessions, presets and settings. Keep it somewhere safe; restore it here or in another browser.
      </p>
      <BackupButton />
      <BackupStatus />
      <hr style={{ border: '0', 'border-top': '1px solid var(--border)', margin: '14px 0' }} />
      <div class="row">
        <button type="button" class="btn" disabled={state().status === 'running' || state().status === 'checking'} onClick={() => input.click()}>
          Restore from a backup…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          style={{ display: 'none' }}
          data-testid="restore-input"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void chooseRestoreFile(f);
          }}
        />
      </div>
      <Switch>
        <Match when={state().status === 'checking'}>
          <p class="muted" role="status">
            Checking {(state() as { fileName: string }).fileName}…
          </p>
        </Match>
        <Match when={state().status === 'ask' && state()}>
          {(s) => {
            const a = s() as Extract<ReturnType<typeof state>, { status: 'ask' }>;
            const stored = () => Object.values(a.inspection.stored).reduce((x, y) => x + y, 0);
            const inFile = () => a.inspection.summary.tables.reduce((x, t) => x + t.rows, 0);
            return (
              <div class="banner warn" role="alertdialog" aria-labelledby="restore-ask" data-testid="restore-ask" style={{ 'border-radius': 'var(--radius)', 'margin-top': '10px' }}>
                <p id="restore-ask">
                  <strong>{a.fileName}</strong> holds <span class="num">{formatInt(inFile())}</span> records
                  {a.inspection.summary.withCandles ? ' (with candles)' : ' (without candles)'}; this browser already holds{' '}
                  <span class="num">{formatInt(stored())}</span>. Nothing has been written yet.
                </p>
                <p>
                  <strong>Replace</strong> makes the database exactly the backup
                  {a.inspection.summary.withCandles ? '' : ' (the stored candles are kept, as the file has none)'}. <strong>Merge</strong> keeps what is stored and adds
                  the backup's records; a record with the same key is replaced by the backup's.
                </p>
                <div class="row">
                  <button type="button" class="btn danger" onClick={() => void confirmRestore('replace')}>
                    Replace
                  </button>
                  <button type="button" class="btn" onClick={() => void confirmRestore('merge')}>
                    Merge
                  </button>
                  <button type="button" class="btn" onClick={dismissRestore}>
                    Cancel
                  </button>
                </div>
              </div>
            );
          }}
        </Match>
        <Match when={state().status === 'running' && state()}>
          {(s) => <ProgressBar label="Restoring" progress={(s() as { progress: { done: number; total: number; message?: string } }).progress} onCancel={cancelRestore} />}
        </Match>
        <Match when={state().status === 'done' && state()}>
          {(s) => {
            const d = s() as Extract<ReturnType<typeof state>, { status: 'done' }>;
            return (
              <div role="status" data-testid="restore-done" style={{ 'margin-top': '10px' }}>
                <p>
                  Restored <strong>{d.fileName}</strong> ({d.report.mode === 'replace' ? 'replaced' : 'merged'}). The database now holds:
                </p>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Records restored">
                  <table>
                    <thead>
                      <tr>
                        <th>Records</th>
                        <th class="num">In the file</th>
                        <th class="num">Stored now</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={Object.keys(d.report.counts)}>
                        {(t) => (
                          <tr data-table={t}>
                            <td>{tableName(t)}</td>
                            <td class="num">{formatInt(d.report.summary.tables.find((x) => x.name === t)?.rows ?? null)}</td>
                            <td class="num">{formatInt(d.report.counts[t])}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </div>
            );
          }}
        </Match>
        <Match when={(state().status === 'refused' || state().status === 'failed') && state()}>
          {(s) => (
            <p role="alert" data-testid="restore-refused" style={{ color: 'var(--danger)', 'overflow-wrap': 'anywhere' }}>
              {(s() as { fileName: string }).fileName} was not restored: {(s() as { message: string }).message}
            </p>
          )}
        </Match>
        <Match when={state().status === 'cancelled'}>
          <p role="status" class="muted">
            Restore cancelled; the database is as it was.
          </p>
        </Match>
      </Switch>
    </div>
  );
}
