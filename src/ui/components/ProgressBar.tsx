import { Show } from 'solid-js';

export interface ProgressView {
  done: number;
  total: number;
  phase?: string;
  message?: string;
}

/** A labelled progress bar with an optional cancel button. */
export function ProgressBar(props: { label: string; progress: ProgressView; onCancel?: () => void }) {
  const pct = () => (props.progress.total > 0 ? Math.min(100, (props.progress.done / props.progress.total) * 100) : 0);
  return (
    <div class="card" role="status" aria-live="polite" data-testid="progress">
      <div class="progress-line">
        <div>
          <strong>{props.label}</strong>
          <span class="muted"> · {props.progress.message ?? props.progress.phase ?? ''}</span>
        </div>
        <span class="num">{pct().toFixed(0)} %</span>
      </div>
      <progress max="100" value={pct()} aria-label={props.label} />
      <Show when={props.onCancel}>
        <div class="row" style={{ 'margin-top': '8px' }}>
          <button type="button" class="btn danger" onClick={() => props.onCancel?.()}>
            Cancel
          </button>
        </div>
      </Show>
    </div>
  );
}
