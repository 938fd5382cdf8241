import { createMemo, createSignal, For, Show, untrack } from 'solid-js';
import type { ChartStore } from '../../../app/chart-store';
import type { Timeframe } from '../../../core/candles/timeframe';
import { defaultPane, overlayKey, type OverlayPane } from '../../../core/chart/overlays';
import { getIndicator, INDICATORS, type IndicatorName } from '../../../core/indicators/registry';
import { createChartColors } from '../charts/theme';

/**
 * The overlays on the chart as removable chips (the strategy's own lines first), and a form that
 * adds any indicator of the registry: its parameters, the timeframe it is computed on (the view's,
 * or a longer one drawn as steps that change when its candle closes) and where it goes.
 */
export function OverlayControls(props: { store: ChartStore }) {
  const s = untrack(() => props.store);
  const colors = createChartColors();
  const [open, setOpen] = createSignal(false);
  const [name, setName] = createSignal<IndicatorName>('sma');
  const [params, setParams] = createSignal<Record<string, string>>({});
  const [tf, setTf] = createSignal<Timeframe | ''>('');
  const [pane, setPane] = createSignal<OverlayPane>('price');
  const [error, setError] = createSignal<string | null>(null);
  const def = createMemo(() => getIndicator(name()));

  const choose = (n: IndicatorName) => {
    setName(n);
    setParams({});
    setPane(defaultPane(n));
    setError(null);
  };
  const add = (e: Event) => {
    e.preventDefault();
    const p: Record<string, number> = {};
    for (const spec of def().params) {
      const text = (params()[spec.key] ?? String(spec.default)).trim();
      const v = Number(text);
      if (text === '' || !Number.isFinite(v)) {
        setError(`${spec.label}: "${text}" is not a number`);
        return;
      }
      p[spec.key] = v;
    }
    const err = s.addOverlay({ indicator: name(), params: p, timeframe: tf() === '' ? null : (tf() as Timeframe), pane: pane() });
    setError(err);
    if (err === null) setOpen(false);
  };
  const missingLines = () => {
    const st = s.strategy();
    if (!st) return false;
    const keys = new Set(s.overlays().map((o) => o.key));
    return st.overlays.some((o) => !keys.has(overlayKey(o)));
  };

  return (
    <div class="cl-overlays" data-testid="overlay-controls">
      <ul class="cl-chips" aria-label="Overlays on the chart">
        <For each={s.overlays()}>
          {(o, i) => (
            <li class="cl-chip" data-overlay={o.key}>
              <i class="swatch" style={{ background: colors().series[i() % colors().series.length] }} aria-hidden="true" />
              <span>{o.label}</span>
              <Show when={o.origin === 'strategy'}>
                <span class="muted cl-chip-note">strategy</span>
              </Show>
              <Show when={o.spec.pane === 'below'}>
                <span class="muted cl-chip-note">pane</span>
              </Show>
              <button type="button" class="cl-chip-x" aria-label={`Remove ${o.label}`} title={`Remove ${o.label}`} onClick={() => s.removeOverlay(o.key)}>
                ×
              </button>
            </li>
          )}
        </For>
        <li>
          <button type="button" class="btn cl-add" aria-expanded={open()} aria-controls="cl-add-form" onClick={() => setOpen(!open())}>
            + Indicator
          </button>
        </li>
        <Show when={missingLines()}>
          <li>
            <button type="button" class="btn" onClick={() => s.addStrategyLines()}>
              + Strategy lines
            </button>
          </li>
        </Show>
      </ul>
      <Show when={open()}>
        <form id="cl-add-form" class="card cl-add-form" onSubmit={add} aria-label="Add an indicator">
          <label>
            <span>Indicator</span>
            <select value={name()} onChange={(e) => choose(e.currentTarget.value as IndicatorName)} data-testid="overlay-indicator">
              <For each={INDICATORS}>{(d) => <option value={d.name}>{d.label}</option>}</For>
            </select>
          </label>
          <For each={def().params}>
            {(p) => (
              <label title={p.description}>
                <span>{p.label}</span>
                <input
                  type="number"
                  inputmode="decimal"
                  min={p.min}
                  step={p.type === 'integer' ? 1 : 'any'}
                  value={params()[p.key] ?? String(p.default)}
                  onInput={(e) => setParams({ ...params(), [p.key]: e.currentTarget.value })}
                  data-testid={`overlay-param-${p.key}`}
                />
              </label>
            )}
          </For>
          <label>
            <span>Computed on</span>
            <select value={tf()} onChange={(e) => setTf(e.currentTarget.value as Timeframe | '')} data-testid="overlay-timeframe">
              <option value="">the chart's timeframe</option>
              <For each={s.info()?.views ?? []}>{(v) => <option value={v}>{v} candles{v === s.info()?.timeframe ? '' : ' (closed)'}</option>}</For>
            </select>
          </label>
          <label>
            <span>Draw</span>
            <select value={pane()} onChange={(e) => setPane(e.currentTarget.value as OverlayPane)} data-testid="overlay-pane">
              <option value="price">on the price</option>
              <option value="below">in a pane below</option>
            </select>
          </label>
          <div class="row">
            <button type="submit" class="btn primary">
              Add
            </button>
            <button type="button" class="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
          <Show when={error()}>
            <p role="alert" class="cl-error">
              {error()}
            </p>
          </Show>
        </form>
      </Show>
    </div>
  );
}
