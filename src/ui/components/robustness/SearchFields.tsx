import { For, Show } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import { OBJECTIVE_KINDS } from '../../../core/robustness/objective';
import type { ParamSpec } from '../../../core/strategy/types';
import type { SearchState } from './form-model';

const OBJECTIVE_LABELS: Record<string, string> = {
  sharpe: 'Sharpe ratio',
  sqn: 'SQN',
  profitFactor: 'Profit factor',
  roiPct: 'ROI %',
  calmar: 'Calmar ratio',
  custom: 'Custom weighted',
};

/** The parameter space (tick a parameter to vary it: a range or a list), the method, objective and constraints. */
export function SearchFields(props: { specs: readonly ParamSpec[]; state: SearchState; set: SetStoreFunction<SearchState> }) {
  return (
    <>
      <fieldset class="card" style={{ margin: '0' }}>
        <legend>
          <strong>Parameters to vary</strong>
        </legend>
        <div class="rb-space" data-testid="space-editor">
          <div class="rb-space-row rb-space-head rb-hide-narrow">
            <span>Parameter</span>
            <span>Form</span>
            <span>Min / values</span>
            <span>Max</span>
            <span>Step</span>
          </div>
          <For each={props.state.rows}>
            {(row, i) => {
              const spec = props.specs.find((s) => s.key === row.key)!;
              const numeric = spec.type === 'number' || spec.type === 'integer';
              return (
                <div class={`rb-space-row ${row.on ? 'on' : 'off'}`} data-param={row.key}>
                  <label class="bt-check">
                    <input type="checkbox" checked={row.on} onChange={(e) => props.set('rows', i(), 'on', e.currentTarget.checked)} aria-label={`Vary ${spec.label}`} />
                    <span>
                      {spec.label} <span class="muted" style={{ 'font-size': '0.78rem' }}>{row.key}</span>
                    </span>
                  </label>
                  <select value={row.mode} disabled={!numeric || !row.on} onChange={(e) => props.set('rows', i(), 'mode', e.currentTarget.value as 'range' | 'list')} aria-label={`${spec.label}: range or list`}>
                    <option value="range">range</option>
                    <option value="list">list</option>
                  </select>
                  <Show
                    when={row.mode === 'range'}
                    fallback={
                      <input
                        class="rb-list"
                        type="text"
                        value={row.list}
                        disabled={!row.on}
                        onInput={(e) => props.set('rows', i(), 'list', e.currentTarget.value)}
                        aria-label={`${spec.label} values (comma separated)`}
                        placeholder="values, comma separated"
                      />
                    }
                  >
                    <input type="text" inputmode="decimal" value={row.min} disabled={!row.on} onInput={(e) => props.set('rows', i(), 'min', e.currentTarget.value)} aria-label={`${spec.label} min`} />
                    <input type="text" inputmode="decimal" value={row.max} disabled={!row.on} onInput={(e) => props.set('rows', i(), 'max', e.currentTarget.value)} aria-label={`${spec.label} max`} />
                    <input type="text" inputmode="decimal" value={row.step} disabled={!row.on} onInput={(e) => props.set('rows', i(), 'step', e.currentTarget.value)} aria-label={`${spec.label} step`} placeholder="continuous" />
                  </Show>
                </div>
              );
            }}
          </For>
        </div>
      </fieldset>
      <div class="rb-fields">
        <label class="rb-field">
          <span>Method</span>
          <select value={props.state.method} onChange={(e) => props.set('method', e.currentTarget.value as SearchState['method'])}>
            <option value="grid">Grid (every point)</option>
            <option value="random">Random</option>
            <option value="tpe">Smart (TPE, model-based)</option>
          </select>
        </label>
        <Show when={props.state.method !== 'grid'}>
          <label class="rb-field">
            <span>Evaluations</span>
            <input type="text" inputmode="numeric" value={props.state.evaluations} onInput={(e) => props.set('evaluations', e.currentTarget.value)} />
          </label>
          <label class="rb-field">
            <span>Seed</span>
            <input type="text" inputmode="numeric" value={props.state.seed} onInput={(e) => props.set('seed', e.currentTarget.value)} />
          </label>
        </Show>
        <label class="rb-field">
          <span>Objective</span>
          <select value={props.state.objective} onChange={(e) => props.set('objective', e.currentTarget.value as SearchState['objective'])}>
            <For each={OBJECTIVE_KINDS}>{(k) => <option value={k}>{OBJECTIVE_LABELS[k]}</option>}</For>
          </select>
        </label>
        <Show when={props.state.objective === 'custom'}>
          <label class="rb-field">
            <span>Weights (metric=weight)</span>
            <input type="text" value={props.state.weights} onInput={(e) => props.set('weights', e.currentTarget.value)} />
          </label>
        </Show>
        <label class="rb-field">
          <span>Min trades</span>
          <input type="text" inputmode="numeric" value={props.state.minTrades} onInput={(e) => props.set('minTrades', e.currentTarget.value)} />
        </label>
        <label class="rb-field">
          <span>Max drawdown %</span>
          <input type="text" inputmode="decimal" value={props.state.maxDrawdownPct} placeholder="no limit" onInput={(e) => props.set('maxDrawdownPct', e.currentTarget.value)} />
        </label>
      </div>
    </>
  );
}
