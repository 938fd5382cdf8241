import { For, Show, createEffect, createMemo, createSignal, on, onCleanup, untrack } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { TIMEFRAMES, type Timeframe } from '../../../core/candles/timeframe';
import { DEFAULT_VOLATILITY_THRESHOLDS, VOLATILITY_GROUPS, volatilityGroup, type VolatilityGroup } from '../../../core/reports/volatility';
import { resolveStrategy } from '../../../core/strategy/registry';
import { batchJobCount, expandBatch } from '../../../app/backtest-batch';
import { createBatch, measureVolatility } from '../../../app/backtest-queue';
import type { SeriesView } from '../../../app/series-store';
import { formatDate } from '../../format';
import { ParamFields } from './ParamFields';
import {
  STRATEGY_CHOICES,
  defaultParamText,
  formSpec,
  paramSpecs,
  parsePeriod,
  parseVariantText,
  periodText,
  settingErrors,
  type FormState,
  type PeriodText,
} from './form-model';

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

function seriesKey(s: Pick<SeriesView, 'exchange' | 'symbol'>): string {
  return `${s.exchange}|${s.symbol}`;
}

interface VolInfo {
  vol: number | null;
  group: VolatilityGroup | null;
}

/**
 * The new-backtest form: strategy and its generated parameter form, symbols (stored series or a
 * volatility group), timeframe, date ranges, costs and sizing, and the batch (symbols one per job
 * or as one portfolio, several periods, parameters tried with several values). The submit button
 * shows how many backtests it will queue, and is disabled with the reason while anything is invalid.
 */
export function BacktestForm(props: { series: readonly SeriesView[]; initial: FormState; onQueued?: (seqs: number[]) => void }) {
  const [state, setState] = createStore<FormState>(structuredClone(props.initial));
  const [submitting, setSubmitting] = createSignal(false);
  const [message, setMessage] = createSignal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [vols, setVols] = createSignal<Map<string, VolInfo>>(new Map());
  const [measuring, setMeasuring] = createSignal(false);

  createEffect(
    on(
      () => props.initial,
      (init) => {
        setState(reconcile(structuredClone(init)));
        setMessage(null);
      },
      { defer: true },
    ),
  );

  const timeframes = createMemo(() => TIMEFRAMES.filter((tf) => props.series.some((s) => s.timeframe === tf)));
  createEffect(() => {
    const tfs = timeframes();
    if (tfs.length > 0 && !tfs.includes(untrack(() => state.timeframe))) changeTimeframe(tfs.includes('1h') ? '1h' : tfs[0]);
  });
  const available = createMemo(() => props.series.filter((s) => s.timeframe === state.timeframe));
  const chosen = createMemo(() => available().filter((s) => s.exchange === state.exchange && state.symbols.includes(s.symbol)));
  const specs = createMemo(() => {
    try {
      return paramSpecs(state.strategy);
    } catch {
      return [];
    }
  });
  const isScripted = () => state.strategy === 'SCRIPTED';

  /** The chosen series' common range (all listed series when none is chosen). */
  const common = createMemo(() => {
    const list = chosen().length > 0 ? chosen() : available();
    if (list.length === 0) return { from: null, to: null };
    return { from: Math.max(...list.map((s) => s.first)), to: Math.min(...list.map((s) => s.last)) };
  });
  const periods = createMemo<PeriodText[]>(() =>
    state.periodsEdited ? state.periods : [periodText(common().from, common().to), ...state.periods.slice(1)],
  );

  function changeTimeframe(tf: Timeframe) {
    setState(
      produce((s) => {
        s.timeframe = tf;
        if (s.strategy === 'HMA_SMA') s.params = defaultParamText(s.strategy, tf);
      }),
    );
  }

  function changeStrategy(name: string) {
    setState(
      produce((s) => {
        s.strategy = name;
        s.params = defaultParamText(name, s.timeframe);
        s.vary = {};
        s.variants = {};
      }),
    );
  }

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
    const v = vols();
    const inGroup = available().filter((s) => v.get(seriesKey(s))?.group === group);
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

  function editPeriod(i: number, end: 'from' | 'to', value: string) {
    const current = periods();
    setState(
      produce((s) => {
        s.periods = current.map((p) => ({ ...p }));
        s.periods[i][end] = value;
        s.periodsEdited = true;
      }),
    );
  }

  function addPeriod() {
    const current = periods();
    setState(
      produce((s) => {
        s.periods = [...current.map((p) => ({ ...p })), { ...current[current.length - 1] }];
        s.periodsEdited = true;
      }),
    );
  }

  function removePeriod(i: number) {
    const current = periods();
    setState(
      produce((s) => {
        s.periods = current.filter((_, k) => k !== i).map((p) => ({ ...p }));
        s.periodsEdited = true;
      }),
    );
  }

  // Realised volatility of the listed series over the first period, measured in a worker.
  const volWindow = createMemo(() => {
    try {
      return parsePeriod(periods()[0] ?? { from: '', to: '' }, 0);
    } catch {
      return null;
    }
  });
  createEffect(
    on([available, () => volWindow()?.from, () => volWindow()?.to], () => {
      const list = available();
      const w = volWindow();
      if (list.length === 0 || w === null) {
        setVols(new Map());
        return;
      }
      const ac = new AbortController();
      const timer = setTimeout(async () => {
        setMeasuring(true);
        const next = new Map<string, VolInfo>();
        try {
          const exchanges = [...new Set(list.map((s) => s.exchange))];
          for (const exchange of exchanges) {
            const symbols = list.filter((s) => s.exchange === exchange).map((s) => s.symbol);
            const res = await measureVolatility({ exchange, symbols, timeframe: state.timeframe, from: w.from, to: w.to }, ac.signal);
            for (const r of res) {
              next.set(`${exchange}|${r.symbol}`, {
                vol: r.volatility,
                group: r.volatility === null ? null : volatilityGroup(r.volatility, DEFAULT_VOLATILITY_THRESHOLDS),
              });
            }
          }
          if (!ac.signal.aborted) setVols(next);
        } catch {
          // Cancelled by a newer measurement, or the series changed meanwhile.
        } finally {
          if (!ac.signal.aborted) setMeasuring(false);
        }
      }, 250);
      onCleanup(() => {
        clearTimeout(timer);
        ac.abort();
      });
    }),
  );
  const groupCounts = createMemo(() => {
    const out: Record<VolatilityGroup, number> = { LOW: 0, MEDIUM: 0, HIGH: 0 };
    const v = vols();
    for (const s of available()) {
      const g = v.get(seriesKey(s))?.group;
      if (g) out[g]++;
    }
    return out;
  });

  const count = createMemo(() => {
    const variants = specs()
      .filter((spec) => state.vary[spec.key])
      .map((spec) => {
        const r = parseVariantText(spec, state.variants[spec.key] ?? '');
        return { key: spec.key, values: 'values' in r ? r.values : [spec.default] };
      });
    return batchJobCount({ symbols: state.symbols, mode: state.mode, periods: periods().map(() => ({ from: null, to: null })), variants });
  });

  const settingsErr = createMemo(() => settingErrors(state));
  const verdict = createMemo<{ ok: true } | { ok: false; reason: string }>(() => {
    try {
      if (available().length === 0) return { ok: false, reason: `timeframe: no ${state.timeframe} series is stored` };
      expandBatch(formSpec(state, periods()));
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
  });

  /** Why the form cannot run yet: a hint while no series is chosen (how the form opens), else the error. */
  const blocked = createMemo<{ hint: boolean; text: string } | null>(() => {
    const v = verdict();
    if (v.ok) return null;
    if (state.symbols.length === 0 && v.reason.startsWith('symbols:')) return { hint: true, text: 'Choose one or more series under Symbols, then run.' };
    return { hint: false, text: v.reason };
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!verdict().ok || submitting()) return;
    setSubmitting(true);
    setMessage(null);
    try {
      const { seqs } = await createBatch(formSpec(state, periods()));
      const range = seqs.length === 1 ? `#${seqs[0]}` : `#${seqs[0]}–#${seqs[seqs.length - 1]}`;
      setMessage({ kind: 'ok', text: `Queued ${seqs.length} backtest${seqs.length === 1 ? '' : 's'}: ${range}.` });
      props.onQueued?.(seqs);
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setSubmitting(false);
    }
  };

  const loadScript = async (file: File | undefined) => {
    if (!file) return;
    try {
      setState('script', await file.text());
    } catch (err) {
      setMessage({ kind: 'error', text: `script: ${file.name} could not be read: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  return (
    <form class="card bt-form" data-testid="backtest-form" aria-labelledby="bt-form-title" novalidate onSubmit={submit}>
      <h2 id="bt-form-title" style={{ 'margin-top': '0' }}>
        New backtest
      </h2>

      <fieldset>
        <legend>Strategy</legend>
        <div class="bt-grid">
          <div class="bt-field">
            <label for="bt-strategy">Strategy</label>
            <select id="bt-strategy" value={state.strategy} onChange={(e) => changeStrategy(e.currentTarget.value)}>
              <For each={STRATEGY_CHOICES}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
            <span class="muted" style={{ 'font-size': '0.83rem' }}>
              {strategyHelp(state.strategy)}
            </span>
          </div>
          <div class="bt-field">
            <label for="bt-timeframe">Timeframe</label>
            <select id="bt-timeframe" value={state.timeframe} onChange={(e) => changeTimeframe(e.currentTarget.value as Timeframe)}>
              <For each={timeframes()}>{(tf) => <option value={tf}>{tf}</option>}</For>
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

      <fieldset>
        <legend>Symbols</legend>
        <div class="row" style={{ 'margin-bottom': '6px' }}>
          <span class="muted" style={{ 'font-size': '0.88rem' }}>
            Pick by volatility (annualised, 1h closes over the first period; LOW &lt; {DEFAULT_VOLATILITY_THRESHOLDS.low} %, HIGH &gt;{' '}
            {DEFAULT_VOLATILITY_THRESHOLDS.high} %):
          </span>
          <For each={VOLATILITY_GROUPS}>
            {(g) => (
              <button type="button" class="btn" disabled={groupCounts()[g] === 0} onClick={() => selectGroup(g)}>
                Add {g} ({groupCounts()[g]})
              </button>
            )}
          </For>
          <button type="button" class="btn" disabled={state.symbols.length === 0} onClick={() => setState('symbols', [])}>
            Clear
          </button>
          <Show when={measuring()}>
            <span class="muted" role="status">
              Measuring volatility…
            </span>
          </Show>
        </div>
        <div class="bt-series" role="group" aria-label="Stored series">
          <For each={available()} fallback={<p class="muted">No {state.timeframe} series is stored.</p>}>
            {(s) => {
              const info = () => vols().get(seriesKey(s));
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

      <fieldset>
        <legend>Periods</legend>
        <For each={periods()}>
          {(p, i) => (
            <div class="bt-period" style={{ 'margin-bottom': '6px' }}>
              <div class="bt-field">
                <label for={`bt-from-${i()}`}>{i() === 0 ? 'From' : `From (period ${i() + 1})`}</label>
                <input id={`bt-from-${i()}`} type="date" value={p.from} onInput={(e) => editPeriod(i(), 'from', e.currentTarget.value)} />
              </div>
              <div class="bt-field">
                <label for={`bt-to-${i()}`}>{i() === 0 ? 'To' : `To (period ${i() + 1})`}</label>
                <input id={`bt-to-${i()}`} type="date" value={p.to} onInput={(e) => editPeriod(i(), 'to', e.currentTarget.value)} />
              </div>
              <Show when={periods().length > 1}>
                <button type="button" class="btn" onClick={() => removePeriod(i())} aria-label={`Remove period ${i() + 1}`}>
                  Remove
                </button>
              </Show>
            </div>
          )}
        </For>
        <div class="row">
          <button type="button" class="btn" onClick={addPeriod}>
            Add period
          </button>
          <Show when={!state.periodsEdited}>
            <span class="muted" style={{ 'font-size': '0.85rem' }}>
              Defaults to the range every chosen series covers.
            </span>
          </Show>
        </div>
      </fieldset>

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

      <div class="bt-submit">
        <button type="submit" class="btn primary" disabled={!verdict().ok || submitting()} aria-describedby="bt-submit-reason">
          Run {count()} backtests
        </button>
        <Show when={blocked()}>
          {(b) => (
            <span id="bt-submit-reason" class={b().hint ? 'muted' : 'bt-error'} data-testid="backtest-form-reason">
              {b().text}
            </span>
          )}
        </Show>
        <Show when={message()}>
          <span role="status" class={message()!.kind === 'error' ? 'bt-error' : 'muted'} data-testid="backtest-form-message">
            {message()!.text}
          </span>
        </Show>
      </div>
    </form>
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
