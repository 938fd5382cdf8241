import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import type { ParamSpec, ParamValue, StrategyParams } from '../../../core/strategy/types';
import {
  activate,
  newPreset,
  PRESET_STRATEGIES,
  presetChangeLog,
  presetList,
  presetSchema,
  removePreset,
  saveAsNew,
  savePreset,
  TRADING_MODES,
  type PresetChangeRecord,
  type PresetOutcome,
  type PresetRecord,
  type TradingMode,
} from '../../../app/presets';
import { ParamFields } from '../backtests/ParamFields';
import { parseParamText } from '../backtests/form-model';
import { formatDateTime } from '../../format';
import '../backtests/backtests.css';
import './settings.css';

function textOf(p: PresetRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of presetSchema(p.strategy)) out[spec.key] = String(p.params[spec.key] ?? spec.default);
  return out;
}

/** A logged value as shown: numbers of `number` parameters keep one decimal (`2.0`), others as they are. */
function shown(v: ParamValue | null, spec: ParamSpec | undefined): string {
  if (v === null) return '—';
  if (typeof v === 'number' && spec?.type === 'number' && Number.isInteger(v)) return v.toFixed(1);
  return String(v);
}

/**
 * Settings → Presets: the strategy presets (the five trading modes and HMA_SMA to start with),
 * which one is active (it drives the signal stream and the bot), a parameter form generated from
 * the strategy's schema, save / save as new / delete, and each preset's change log field by field.
 */
export function PresetsSettings() {
  const [selected, setSelected] = createSignal<string | null>(null);
  const [values, setValues] = createSignal<Record<string, string>>({});
  const [name, setName] = createSignal('');
  const [mode, setMode] = createSignal<TradingMode>('BALANCED');
  const [copyName, setCopyName] = createSignal('');
  const [newName, setNewName] = createSignal('');
  const [newStrategy, setNewStrategy] = createSignal(PRESET_STRATEGIES[0]);
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);

  const presets = () => presetList() ?? [];
  const current = createMemo(() => presets().find((p) => p.id === selected()) ?? null);
  // Open the active preset first.
  createEffect(() => {
    if (selected() === null && presets().length > 0) setSelected((presets().find((p) => p.active) ?? presets()[0]).id);
  });
  // Load the form when another preset is opened (not when the open one is saved).
  createEffect(
    on(
      () => current()?.id,
      () => {
        const p = current();
        if (!p) return;
        setValues(textOf(p));
        setName(p.name);
        setMode(p.mode);
        setCopyName(`${p.name} copy`);
      },
    ),
  );
  const open = (id: string) => {
    setMessage(null);
    setSelected(id);
  };
  const specs = () => (current() ? presetSchema(current()!.strategy) : []);
  const log = presetChangeLog(selected);
  const specOf = (field: string) => specs().find((s) => `params.${s.key}` === field);

  const parsed = (): { params: StrategyParams } | { error: string } => {
    const params: StrategyParams = {};
    for (const spec of specs()) {
      const r = parseParamText(spec, values()[spec.key] ?? '');
      if ('error' in r) return { error: r.error };
      params[spec.key] = r.value;
    }
    return { params };
  };
  const report = (r: PresetOutcome, ok: string) => setMessage(r.error === null ? { ok: true, text: ok } : { ok: false, text: r.error });

  const save = async () => {
    const p = current();
    const r = parsed();
    if (!p) return;
    if ('error' in r) return setMessage({ ok: false, text: r.error });
    report(await savePreset(p.id, { name: name(), mode: mode(), params: r.params }), `Saved ${name().trim()}.`);
  };
  const saveCopy = async () => {
    const p = current();
    const r = parsed();
    if (!p) return;
    if ('error' in r) return setMessage({ ok: false, text: r.error });
    const out = await saveAsNew(p.id, copyName(), { mode: mode(), params: r.params });
    if (out.preset) setSelected(out.preset.id);
    report(out, `Saved as ${copyName().trim()}.`);
  };
  const remove = async () => {
    const p = current();
    if (!p || !confirm(`Delete the preset ${p.name} and its change log?`)) return;
    const out = await removePreset(p.id);
    if (out.error === null) setSelected(null);
    report(out, `Deleted ${p.name}.`);
  };
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const out = await newPreset(newName(), newStrategy());
    if (out.preset) {
      setSelected(out.preset.id);
      setNewName('');
    }
    report(out, `Created ${out.preset?.name ?? ''} with the ${newStrategy()} defaults.`);
  };

  return (
    <>
      <h2 id="presets">Strategy presets</h2>
      <div class="card settings-stack" data-testid="presets-settings">
        <p class="muted">The active preset drives the live signal stream and the paper bot. Every saved change is logged field by field.</p>
        <div class="preset-layout">
          <ul class="preset-list" aria-label="Presets">
            <For each={presets()}>
              {(p) => (
                <li>
                  <button type="button" class="preset-item" aria-current={selected() === p.id} onClick={() => open(p.id)} data-preset={p.name}>
                    <span class="preset-name">{p.name}</span>
                    <span class="muted">
                      {p.strategy === 'SIGNAL_ENGINE' ? 'Signal engine' : p.strategy} · {p.mode}
                    </span>
                    <Show when={p.active}>
                      <span class="badge active-badge">active</span>
                    </Show>
                  </button>
                </li>
              )}
            </For>
          </ul>

          <Show when={current()} fallback={<p class="muted">Reading presets…</p>}>
            {(p) => (
              <form
                class="bt-form preset-editor"
                novalidate
                aria-label={`Edit preset ${p().name}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
              >
                <div class="row preset-editor-head">
                  <label class="bt-field">
                    <span>Name</span>
                    <input type="text" value={name()} onInput={(e) => setName(e.currentTarget.value)} data-testid="preset-name" />
                  </label>
                  <label class="bt-field">
                    <span>Trading mode</span>
                    <select value={mode()} onChange={(e) => setMode(e.currentTarget.value as TradingMode)}>
                      <For each={TRADING_MODES}>{(m) => <option value={m}>{m}</option>}</For>
                    </select>
                  </label>
                  <div class="bt-field">
                    <span class="bt-label">Strategy</span>
                    <span>{p().strategy}</span>
                  </div>
                  <Show
                    when={!p().active}
                    fallback={
                      <span class="badge active-badge" data-testid="preset-active">
                        Active: drives the signal stream
                      </span>
                    }
                  >
                    <button type="button" class="btn" onClick={() => void activate(p().id).then((err) => report(err, `${p().name} is now active.`))}>
                      Activate
                    </button>
                  </Show>
                </div>
                <fieldset>
                  <legend>Parameters</legend>
                  <ParamFields
                    idPrefix={`preset-${p().id}`}
                    specs={specs()}
                    values={values()}
                    vary={{}}
                    variants={{}}
                    single
                    onValue={(k, t) => setValues({ ...values(), [k]: t })}
                    onVary={() => undefined}
                    onVariant={() => undefined}
                  />
                </fieldset>
                <div class="row">
                  <button type="submit" class="btn primary">
                    Save changes
                  </button>
                  <button type="button" class="btn" onClick={() => setValues(textOf(p()))}>
                    Undo edits
                  </button>
                  <label class="preset-copy">
                    <span class="visually-hidden">Name of the copy</span>
                    <input type="text" value={copyName()} onInput={(e) => setCopyName(e.currentTarget.value)} aria-label="Name of the copy" />
                  </label>
                  <button type="button" class="btn" onClick={() => void saveCopy()}>
                    Save as new
                  </button>
                  <button type="button" class="btn danger" onClick={() => void remove()}>
                    Delete
                  </button>
                </div>
                <Show when={message()}>
                  {(m) => (
                    <p role={m().ok ? 'status' : 'alert'} classList={{ 'bt-error': !m().ok }} data-testid="preset-message">
                      {m().text}
                    </p>
                  )}
                </Show>
                <h3>Change log</h3>
                <Show when={(log() ?? []).length > 0} fallback={<p class="muted">No change saved yet.</p>}>
                  <ul class="change-log" data-testid="change-log">
                    <For each={log() ?? []}>
                      {(c: PresetChangeRecord) => (
                        <li>
                          <span class="muted num">{formatDateTime(c.at)}</span> <code>{c.field.replace(/^params\./, '')}</code> {shown(c.from, specOf(c.field))} →{' '}
                          {shown(c.to, specOf(c.field))}
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </form>
            )}
          </Show>
        </div>
        <form class="row new-preset" onSubmit={(e) => void create(e)}>
          <label class="bt-field">
            <span>New preset</span>
            <input type="text" value={newName()} placeholder="Name" onInput={(e) => setNewName(e.currentTarget.value)} required />
          </label>
          <label class="bt-field">
            <span>Strategy</span>
            <select value={newStrategy()} onChange={(e) => setNewStrategy(e.currentTarget.value)}>
              <For each={PRESET_STRATEGIES}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </label>
          <button type="submit" class="btn">
            Create
          </button>
        </form>
      </div>
    </>
  );
}
