import { For, Show, createMemo } from 'solid-js';
import type { ParamSpec } from '../../../core/strategy/types';
import { parseParamText, parseVariantText } from './form-model';

export interface ParamFieldsProps {
  idPrefix: string;
  specs: readonly ParamSpec[];
  values: Record<string, string>;
  vary: Record<string, boolean>;
  variants: Record<string, string>;
  onValue: (key: string, text: string) => void;
  onVary: (key: string, on: boolean) => void;
  onVariant: (key: string, text: string) => void;
  /** One value per parameter: no "Try several" (preset editing). */
  single?: boolean;
}

/**
 * The parameter form generated from a strategy's schema: a number field (with its min, max and
 * step) for numbers and integers, a checkbox for booleans and a list for selects. Each field is
 * checked as it changes and shows the message naming the parameter and the value. "Try several"
 * turns a field into a list of values (`1.5, 2, 2.5`); each value gives its own backtests.
 */
export function ParamFields(props: ParamFieldsProps) {
  return (
    <div class="bt-grid">
      <For each={props.specs}>{(spec) => <ParamField spec={spec} {...props} />}</For>
    </div>
  );
}

function ParamField(props: ParamFieldsProps & { spec: ParamSpec }) {
  const id = () => `${props.idPrefix}-${props.spec.key}`;
  const varied = () => props.vary[props.spec.key] === true;
  const error = createMemo(() => {
    if (varied()) {
      const r = parseVariantText(props.spec, props.variants[props.spec.key] ?? '');
      return 'error' in r ? r.error : null;
    }
    const r = parseParamText(props.spec, props.values[props.spec.key] ?? '');
    return 'error' in r ? r.error : null;
  });
  const hint = () => {
    const s = props.spec;
    const range = s.min !== undefined && s.max !== undefined ? ` (${s.min}–${s.max})` : '';
    return `${s.description ?? ''}${range}`;
  };
  return (
    <div class="bt-field" title={hint()}>
      <Show
        when={props.spec.type !== 'boolean' || varied()}
        fallback={
          <label class="bt-check" style={{ 'margin-top': '1.3rem' }}>
            <input
              id={id()}
              type="checkbox"
              checked={props.values[props.spec.key] === 'true'}
              onChange={(e) => props.onValue(props.spec.key, e.currentTarget.checked ? 'true' : 'false')}
            />
            {props.spec.label}{' '}
            <span class="bt-key" aria-hidden="true">
              {props.spec.key}
            </span>
          </label>
        }
      >
        <label for={id()}>
          {varied() ? `Values of ${props.spec.label}` : props.spec.label}{' '}
          <span class="bt-key" aria-hidden="true">
            {props.spec.key}
          </span>
        </label>
        <Show
          when={!varied()}
          fallback={
            <input
              id={id()}
              type="text"
              placeholder={props.spec.type === 'boolean' ? 'true, false' : props.spec.type === 'select' ? (props.spec.options ?? []).slice(0, 3).join(', ') : '1.5, 2, 2.5'}
              value={props.variants[props.spec.key] ?? ''}
              aria-invalid={error() !== null}
              aria-describedby={error() ? `${id()}-err` : undefined}
              onInput={(e) => props.onVariant(props.spec.key, e.currentTarget.value)}
            />
          }
        >
          <Show
            when={props.spec.type === 'select'}
            fallback={
              <input
                id={id()}
                type="number"
                inputmode="decimal"
                min={props.spec.min}
                max={props.spec.max}
                step={props.spec.step ?? 'any'}
                value={props.values[props.spec.key] ?? ''}
                aria-invalid={error() !== null}
                aria-describedby={error() ? `${id()}-err` : undefined}
                onInput={(e) => props.onValue(props.spec.key, e.currentTarget.value)}
              />
            }
          >
            <select id={id()} value={props.values[props.spec.key] ?? ''} onChange={(e) => props.onValue(props.spec.key, e.currentTarget.value)}>
              <For each={props.spec.options ?? []}>{(o) => <option value={o}>{o}</option>}</For>
            </select>
          </Show>
        </Show>
      </Show>
      <Show when={!props.single}>
        <label class="bt-check">
          <input type="checkbox" checked={varied()} onChange={(e) => props.onVary(props.spec.key, e.currentTarget.checked)} />
          <span>
            Try several<span class="visually-hidden"> values of {props.spec.label}</span>
          </span>
        </label>
      </Show>
      <Show when={error()}>
        <span id={`${id()}-err`} class="bt-error" role="alert">
          {error()}
        </span>
      </Show>
    </div>
  );
}
