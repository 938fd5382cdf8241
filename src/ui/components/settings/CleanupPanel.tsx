import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js';
import { CLEANUP_CONFIRMATION, CLEANUP_KIND_LIST, countCleanupRecords, restoreState, runCleanup, type CleanupKind, type CleanupReport } from '../../../app/backup';
import { formatInt } from '../../format';
import { BackupButton, BackupStatus } from './BackupPanel';

const KIND_TEXT: Record<CleanupKind, { label: string; note?: string }> = {
  signals: { label: 'Signals' },
  paperTrades: { label: 'Paper trades', note: 'every account’s and the SYSTEM trades' },
  paperAccounts: { label: 'Paper accounts', note: 'optional; only together with their paper trades' },
  decisions: { label: 'Bot decisions' },
  sessions: { label: 'Bot sessions' },
  backtests: { label: 'Backtests', note: 'jobs and their results' },
  robustness: { label: 'Robustness runs', note: 'Monte Carlo, walk-forward, optimisation' },
  candles: { label: 'Candles', note: 'every stored series (chunks) and backfill job' },
};

/**
 * Database cleanup: choose what to delete (with the record counts), optionally back up first,
 * type YES, delete in one transaction, and see the counts afterwards.
 */
export function CleanupPanel() {
  const [counts, { refetch }] = createResource(countCleanupRecords);
  createEffect(on(() => restoreState().status, (s) => s === 'done' && void refetch(), { defer: true }));
  const [chosen, setChosen] = createSignal<Set<CleanupKind>>(new Set());
  const [word, setWord] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [report, setReport] = createSignal<CleanupReport | null>(null);
  const toggle = (k: CleanupKind, on: boolean) => {
    const next = new Set(chosen());
    if (on) next.add(k);
    else {
      next.delete(k);
      if (k === 'paperTrades') next.delete('paperAccounts');
    }
    setChosen(next);
  };
  const total = () => [...chosen()].reduce((s, k) => s + (counts()?.[k] ?? 0), 0);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const r = await runCleanup([...chosen()], word());
      setReport(r);
      setChosen(new Set<CleanupKind>());
      setWord('');
    } catch (x) {
      setError(x instanceof Error ? x.message : String(x));
    } finally {
      setBusy(false);
      void refetch();
    }
  };
  return (
    <form class="card" data-testid="cleanup-card" onSubmit={(e) => void submit(e)}>
      <p class="muted">Delete whole kinds of records to start over or free space. Everything chosen goes in one step, or nothing does. It cannot be undone: back up first.</p>
      <fieldset class="plain" style={{ 'margin-bottom': '10px' }}>
        <legend>What to delete</legend>
        <Show when={counts()} fallback={<p class="muted">{counts.error ? `The records could not be counted: ${String(counts.error)}` : 'Counting records…'}</p>}>
          {(c) => (
            <div style={{ display: 'grid', 'grid-template-columns': 'repeat(auto-fill, minmax(min(100%, 260px), 1fr))', gap: '6px 16px' }}>
              <For each={CLEANUP_KIND_LIST}>
                {(k) => (
                  <label class="row" style={{ gap: '8px', 'align-items': 'flex-start', 'flex-wrap': 'nowrap' }} data-kind={k}>
                    <input
                      type="checkbox"
                      checked={chosen().has(k)}
                      disabled={k === 'paperAccounts' && !chosen().has('paperTrades')}
                      onChange={(e) => toggle(k, e.currentTarget.checked)}
                    />
                    <span>
                      {KIND_TEXT[k].label} <span class="num muted" data-testid={`cleanup-count-${k}`}>({formatInt(c()[k])})</span>
                      <Show when={KIND_TEXT[k].note}>
                        <br />
                        <span class="muted" style={{ 'font-size': '0.82rem' }}>
                          {KIND_TEXT[k].note}
                        </span>
                      </Show>
                    </span>
                  </label>
                )}
              </For>
            </div>
          )}
        </Show>
      </fieldset>
      <div class="row" style={{ 'margin-bottom': '10px' }}>
        <BackupButton compact />
      </div>
      <BackupStatus />
      <div class="row">
        <label class="row" style={{ gap: '8px' }}>
          Type <strong>{CLEANUP_CONFIRMATION}</strong> to confirm
          <input
            type="text"
            value={word()}
            onInput={(e) => setWord(e.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
            aria-describedby="cleanup-summary"
            data-testid="cleanup-confirm"
            style={{ font: 'inherit', padding: '5px 8px', border: '1px solid var(--border)', 'border-radius': '6px', background: 'var(--surface)', color: 'var(--text)', width: '7em' }}
          />
        </label>
        <button type="submit" class="btn danger" disabled={busy() || chosen().size === 0 || word() === ''} data-testid="cleanup-button">
          {busy() ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      <p id="cleanup-summary" class="muted" style={{ 'font-size': '0.85rem' }}>
        {chosen().size === 0 ? 'Nothing chosen.' : `${formatInt(total())} records of ${[...chosen()].map((k) => KIND_TEXT[k].label.toLowerCase()).join(', ')} will be deleted.`}
      </p>
      <Show when={error()}>
        <p role="alert" data-testid="cleanup-error" style={{ color: 'var(--danger)' }}>
          {error()}
        </p>
      </Show>
      <Show when={report()}>
        {(r) => (
          <div role="status" data-testid="cleanup-done">
            <p>Deleted and checked. Records now stored:</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Records after the cleanup">
              <table>
                <thead>
                  <tr>
                    <th>Records</th>
                    <th class="num">Deleted</th>
                    <th class="num">Stored now</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={CLEANUP_KIND_LIST}>
                    {(k) => (
                      <tr data-kind={k}>
                        <td>{KIND_TEXT[k].label}</td>
                        <td class="num">{r().deleted[k] === undefined ? '—' : formatInt(r().deleted[k]!)}</td>
                        <td class="num">{formatInt(r().after[k])}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </div>
        )}
      </Show>
    </form>
  );
}
