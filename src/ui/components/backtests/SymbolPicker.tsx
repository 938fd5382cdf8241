import { For, Show } from 'solid-js';
import { produce, type SetStoreFunction } from 'solid-js/store';
import { DEFAULT_VOLATILITY_THRESHOLDS, VOLATILITY_GROUPS, type VolatilityGroup } from '../../../core/reports/volatility';
import type { SeriesView } from '../../../app/series-store';
import { formatDate } from '../../format';
import type { FormState } from './form-model';
import { seriesKey, type SeriesVolatilities } from './volatility-groups';

/**
 * The symbols of the new-backtest form: the stored series of the timeframe (one exchange at a
 * time), with their volatility group over the first period and buttons adding a whole group, and
 * whether the chosen symbols run one backtest each or together as one portfolio.
 */
export function SymbolPicker(props: { state: FormState; setState: SetStoreFunction<FormState>; available: readonly SeriesView[]; volatility: SeriesVolatilities }) {
  const state = props.state;
  const setState = props.setState;
  const volatility = props.volatility;

  function toggleSeries(s: SeriesView, on: boolean) {
    setState(
      produce((st) => {
        if (on) {
          if (st.exchange !== s.exchange) {
            st.exchange = s.exchange;
            st.symbols = [];
          }
          if (!st.symbols.includes(s.symbol)) st.symbols.push(s.symbol);
        } else {
          st.symbols = st.symbols.filter((x) => x !== s.symbol);
        }
      }),
    );
  }

  function selectGroup(group: VolatilityGroup) {
    const v = volatility.vols();
    const inGroup = props.available.filter((s) => v.get(seriesKey(s))?.group === group);
    if (inGroup.length === 0) return;
    const exchange = state.exchange !== '' && inGroup.some((s) => s.exchange === state.exchange) ? state.exchange : inGroup[0].exchange;
    setState(
      produce((st) => {
        if (st.exchange !== exchange) st.symbols = [];
        st.exchange = exchange;
        for (const s of inGroup) if (s.exchange === exchange && !st.symbols.includes(s.symbol)) st.symbols.push(s.symbol);
      }),
    );
  }

  return (
    <fieldset>
      <legend>Symbols</legend>
      <div class="row" style={{ 'margin-bottom': '6px' }}>
        <span class="muted" style={{ 'font-size': '0.88rem' }}>
          Pick by volatility (annualised, 1h closes over the first period; LOW &lt; {DEFAULT_VOLATILITY_THRESHOLDS.low} %, HIGH &gt;{' '}
          {DEFAULT_VOLATILITY_THRESHOLDS.high} %):
        </span>
        <For each={VOLATILITY_GROUPS}>
          {(g) => (
            <button type="button" class="btn" disabled={volatility.groupCounts()[g] === 0} onClick={() => selectGroup(g)}>
              Add {g} ({volatility.groupCounts()[g]})
            </button>
          )}
        </For>
        <button type="button" class="btn" disabled={state.symbols.length === 0} onClick={() => setState('symbols', [])}>
          Clear
        </button>
        <Show when={volatility.measuring()}>
          <span class="muted" role="status">
            Measuring volatility…
          </span>
        </Show>
      </div>
      <div class="bt-series" role="group" aria-label="Stored series">
        <For each={props.available} fallback={<p class="muted">No {state.timeframe} series is stored.</p>}>
          {(s) => {
            const info = () => volatility.vols().get(seriesKey(s));
            return (
              <label data-series-option={`${s.exchange}:${s.symbol}`}>
                <input
                  type="checkbox"
                  checked={s.exchange === state.exchange && state.symbols.includes(s.symbol)}
                  onChange={(e) => toggleSeries(s, e.currentTarget.checked)}
                />
                <strong>{s.symbol}</strong>
                <span class="muted" style={{ 'font-size': '0.8rem' }}>
                  {s.exchange} · {formatDate(s.first)} – {formatDate(s.last)}
                </span>
                <Show when={s.source === 'demo'}>
                  <span class="badge synthetic" title="Synthetic demo data, not a real market">
                    Synthetic
                  </span>
                </Show>
                <Show when={info()?.group}>
                  <span class={`badge bt-vol ${info()!.group}`} title="Annualised realised volatility over the first period">
                    {info()!.group} {info()!.vol!.toFixed(1)} %
                  </span>
                </Show>
              </label>
            );
          }}
        </For>
      </div>
      <div class="row" role="radiogroup" aria-label="How the symbols run" style={{ 'margin-top': '8px' }}>
        <label class="bt-check">
          <input type="radio" name="bt-mode" checked={state.mode === 'each'} onChange={() => setState('mode', 'each')} />
          One backtest per symbol
        </label>
        <label class="bt-check">
          <input type="radio" name="bt-mode" checked={state.mode === 'portfolio'} onChange={() => setState('mode', 'portfolio')} />
          All chosen symbols as one portfolio
        </label>
        <span class="muted">{state.symbols.length} chosen</span>
      </div>
    </fieldset>
  );
}
