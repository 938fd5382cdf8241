import { For, Show, createMemo } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Timeframe } from '../../../core/candles/timeframe';
import { resolveStrategy } from '../../../core/strategy/registry';
import { ParamFields } from './ParamFields';
import { STRATEGY_CHOICES, paramSpecs, type FormState } from './form-model';

const STRATEGY_HELP: Record<string, string> = {
  HMA_SMA: 'HMA / SMA trend alignment across the base and two higher timeframes',
  SCRIPTED: 'Your own signals from a CSV: time,symbol,direction,stopPct,targetPct[,confidence]',
};

function strategyHelp(name: string): string {
  if (STRATEGY_HELP[name]) return STRATEGY_HELP[name];
  try {
    const r = resolveStrategy(name);
    return r.preset ? `Signal engine, ${name.toLowerCase()} preset` : r.strategy.description;
  } catch {
    return '';
  }
}

/**
 * The strategy part of the new-backtest form: the strategy and timeframe, the signals CSV for
 * SCRIPTED (pasted or from a file), and the parameter form generated from the strategy's schema.
 */
export function StrategyFields(props: {
  state: FormState;
  setState: SetStoreFunction<FormState>;
  timeframes: readonly Timeframe[];
  onStrategy: (name: string) => void;
  onTimeframe: (tf: Timeframe) => void;
  onError: (text: string) => void;
}) {
  const state = props.state;
  const setState = props.setState;
  const specs = createMemo(() => {
    try {
      return paramSpecs(state.strategy);
    } catch {
      return [];
    }
  });
  const isScripted = () => state.strategy === 'SCRIPTED';
  const loadScript = async (file: File | undefined) => {
    if (!file) return;
    try {
      setState('script', await file.text());
    } catch (err) {
      props.onError(`script: ${file.name} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <>
      <fieldset>
        <legend>Strategy</legend>
        <div class="bt-grid">
          <div class="bt-field">
            <label for="bt-strategy">Strategy</label>
            <select id="bt-strategy" value={state.strategy} onChange={(e) => props.onStrategy(e.currentTarget.value)}>
              <For each={STRATEGY_CHOICES}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
            <span class="muted" style={{ 'font-size': '0.83rem' }}>
              {strategyHelp(state.strategy)}
            </span>
          </div>
          <div class="bt-field">
            <label for="bt-timeframe">Timeframe</label>
            <select id="bt-timeframe" value={state.timeframe} onChange={(e) => props.onTimeframe(e.currentTarget.value as Timeframe)}>
              <For each={props.timeframes}>{(tf) => <option value={tf}>{tf}</option>}</For>
            </select>
          </div>
        </div>
        <Show when={isScripted()}>
          <div class="bt-field" style={{ 'margin-top': '10px' }}>
            <label for="bt-script">Signals CSV</label>
            <textarea
              id="bt-script"
              placeholder={'time,symbol,direction,stopPct,targetPct,confidence\n2023-06-01T10:00Z,BTC/USDT,LONG,2,4,0.8'}
              value={state.script}
              onInput={(e) => setState('script', e.currentTarget.value)}
            />
            <label class="bt-check">
              Or load a file:
              <input type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => void loadScript(e.currentTarget.files?.[0])} />
            </label>
          </div>
        </Show>
      </fieldset>

      <Show when={specs().length > 0}>
        <fieldset>
          <legend>Parameters</legend>
          <ParamFields
            idPrefix="bt-param"
            specs={specs()}
            values={state.params}
            vary={state.vary}
            variants={state.variants}
            onValue={(k, v) => setState('params', k, v)}
            onVary={(k, on) => {
              setState('vary', k, on);
              if (on && (state.variants[k] ?? '') === '') setState('variants', k, state.params[k] ?? '');
            }}
            onVariant={(k, v) => setState('variants', k, v)}
          />
        </fieldset>
      </Show>
    </>
  );
}
