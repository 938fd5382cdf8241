import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { RunView } from '../../../app/robustness';
import { deleteRun } from '../../../app/robustness';
import { cancelRun, liveProgress } from '../../../app/robustness-runner';
import { formatDateTime } from '../../format';

const KIND_LABEL = { montecarlo: 'Monte Carlo', optimisation: 'Optimisation', walkforward: 'Walk-forward' } as const;

/** Every run: kind, name, source, status with progress, outcome, and its actions. */
export function RunList(props: { runs: RunView[] }) {
  return (
    <div class="table-wrap">
      <table class="rb-table" data-testid="run-list">
        <thead>
          <tr>
            <th class="rb-hide-narrow">Kind</th>
            <th>Run</th>
            <th>Status</th>
            <th class="rb-hide-narrow">Started</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.runs}>
            {(r) => {
              const live = () => liveProgress[r.id];
              const active = () => r.status === 'RUNNING' || r.status === 'PENDING';
              return (
                <tr data-run={r.id} data-kind={r.kind} data-status={r.status}>
                  <td class="rb-hide-narrow">{KIND_LABEL[r.kind]}</td>
                  <td class="rb-wrap">
                    <A href={`/robustness?run=${encodeURIComponent(r.id)}`}>{r.name}</A>
                    <Show when={r.headline}>
                      <div class="muted" style={{ 'font-size': '0.85rem' }}>
                        {r.headline}
                      </div>
                    </Show>
                    <Show when={r.error}>
                      <div class="rb-error" style={{ 'font-size': '0.85rem' }}>
                        {r.error}
                      </div>
                    </Show>
                  </td>
                  <td>
                    <span class={`bt-status ${r.status}`}>{r.status}</span>
                    <Show when={active()}>
                      <div>
                        <progress max="1" value={live() ? live()!.done / Math.max(1, live()!.total) : r.progress} aria-label={`Progress of ${r.name}`} />
                      </div>
                    </Show>
                  </td>
                  <td class="rb-hide-narrow">{formatDateTime(r.createdAt)}</td>
                  <td>
                    <div class="rb-actions">
                      <Show when={active()}>
                        <button type="button" class="btn danger" onClick={() => void cancelRun(r.kind, r.id)}>
                          Cancel
                        </button>
                      </Show>
                      <Show when={!active()}>
                        <button type="button" class="btn" onClick={() => void deleteRun(r.kind, r.id)} aria-label={`Delete ${r.name}`}>
                          Delete
                        </button>
                      </Show>
                    </div>
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </div>
  );
}
