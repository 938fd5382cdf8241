import { Show, createMemo } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { settingErrors, type FormState } from './form-model';

/** Capital, costs, sizing and portfolio rules of the new-backtest form, each checked as it is typed. */
export function SettingsFields(props: { state: FormState; setState: SetStoreFunction<FormState> }) {
  const state = props.state;
  const setState = props.setState;
  const settingsErr = createMemo(() => settingErrors(state));
  return (
    <fieldset>
      <legend>Settings</legend>
      <div class="bt-grid">
        <TextField id="bt-capital" label="Initial balance" hint="100 – 1,000,000" value={state.capital} error={settingsErr().capital} onInput={(v) => setState('capital', v)} />
        <TextField id="bt-fee" label="Fee %" hint="per fill, e.g. 0.1" value={state.fee} error={settingsErr().fee} onInput={(v) => setState('fee', v)} />
        <TextField id="bt-slippage" label="Slippage %" hint="per market fill" value={state.slippage} error={settingsErr().slippage} onInput={(v) => setState('slippage', v)} />
        <TextField id="bt-sizing" label="Sizing" hint="fixed:X, equity:P or risk:R" value={state.sizing} error={settingsErr().sizing} onInput={(v) => setState('sizing', v)} />
        <TextField id="bt-max-open" label="Max open trades" value={state.maxOpen} error={settingsErr().maxOpen} onInput={(v) => setState('maxOpen', v)} />
        <TextField id="bt-max-bars" label="Max bars held" hint="0 = no limit" value={state.maxBars} error={settingsErr().maxBars} onInput={(v) => setState('maxBars', v)} />
      </div>
      <div class="row" style={{ 'margin-top': '8px' }}>
        <label class="bt-check">
          <input type="checkbox" checked={state.allowLong} onChange={(e) => setState('allowLong', e.currentTarget.checked)} />
          Long trades
        </label>
        <label class="bt-check">
          <input type="checkbox" checked={state.allowShort} onChange={(e) => setState('allowShort', e.currentTarget.checked)} />
          Short trades
        </label>
        <label class="bt-check">
          <input type="checkbox" checked={state.exitOnOpposite} onChange={(e) => setState('exitOnOpposite', e.currentTarget.checked)} />
          Exit on opposite signal
        </label>
        <Show when={settingsErr().directions}>
          <span class="bt-error" role="alert">
            {settingsErr().directions}
          </span>
        </Show>
      </div>
    </fieldset>
  );
}

function TextField(props: { id: string; label: string; hint?: string; value: string; error: string | null; onInput: (v: string) => void }) {
  return (
    <div class="bt-field">
      <label for={props.id}>
        {props.label} <Show when={props.hint}><span class="bt-key">{props.hint}</span></Show>
      </label>
      <input
        id={props.id}
        type="text"
        value={props.value}
        aria-invalid={props.error !== null}
        aria-describedby={props.error ? `${props.id}-err` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <Show when={props.error}>
        <span id={`${props.id}-err`} class="bt-error" role="alert">
          {props.error}
        </span>
      </Show>
    </div>
  );
}
