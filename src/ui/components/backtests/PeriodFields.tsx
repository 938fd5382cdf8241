import { For, Show } from 'solid-js';
import type { PeriodText } from './form-model';

/** The date ranges of the new-backtest form: each gives its own backtests; the first follows the chosen series until edited. */
export function PeriodFields(props: {
  periods: readonly PeriodText[];
  edited: boolean;
  onEdit: (i: number, end: 'from' | 'to', value: string) => void;
  onAdd: () => void;
  onRemove: (i: number) => void;
}) {
  return (
    <fieldset>
      <legend>Periods</legend>
      <For each={props.periods}>
        {(p, i) => (
          <div class="bt-period" style={{ 'margin-bottom': '6px' }}>
            <div class="bt-field">
              <label for={`bt-from-${i()}`}>{i() === 0 ? 'From' : `From (period ${i() + 1})`}</label>
              <input id={`bt-from-${i()}`} type="date" value={p.from} onInput={(e) => props.onEdit(i(), 'from', e.currentTarget.value)} />
            </div>
            <div class="bt-field">
              <label for={`bt-to-${i()}`}>{i() === 0 ? 'To' : `To (period ${i() + 1})`}</label>
              <input id={`bt-to-${i()}`} type="date" value={p.to} onInput={(e) => props.onEdit(i(), 'to', e.currentTarget.value)} />
            </div>
            <Show when={props.periods.length > 1}>
              <button type="button" class="btn" onClick={() => props.onRemove(i())} aria-label={`Remove period ${i() + 1}`}>
                Remove
              </button>
            </Show>
          </div>
        )}
      </For>
      <div class="row">
        <button type="button" class="btn" onClick={props.onAdd}>
          Add period
        </button>
        <Show when={!props.edited}>
          <span class="muted" style={{ 'font-size': '0.85rem' }}>
            Defaults to the range every chosen series covers.
          </span>
        </Show>
      </div>
    </fieldset>
  );
}
