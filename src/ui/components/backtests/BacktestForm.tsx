import { Show, createEffect, createMemo, createSignal, on, untrack } from 'solid-js';
import { createStore, produce, reconcile } from 'solid-js/store';
import { TIMEFRAMES, type Timeframe } from '../../../core/candles/timeframe';
import { batchJobCount, expandBatch } from '../../../app/backtest-batch';
import { createBatch } from '../../../app/backtest-commands';
import type { SeriesView } from '../../../app/series-store';
import { PeriodFields } from './PeriodFields';
import { SettingsFields } from './SettingsFields';
import { StrategyFields } from './StrategyFields';
import { SymbolPicker } from './SymbolPicker';
import { defaultParamText, formSpec, paramSpecs, parsePeriod, parseVariantText, periodText, type FormState, type PeriodText } from './form-model';
import { createSeriesVolatilities } from './volatility-groups';

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
  const volatility = createSeriesVolatilities(available, volWindow, () => state.timeframe);

  const count = createMemo(() => {
    const variants = specs()
      .filter((spec) => state.vary[spec.key])
      .map((spec) => {
        const r = parseVariantText(spec, state.variants[spec.key] ?? '');
        return { key: spec.key, values: 'values' in r ? r.values : [spec.default] };
      });
    return batchJobCount({ symbols: state.symbols, mode: state.mode, periods: periods().map(() => ({ from: null, to: null })), variants });
  });

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

  return (
    <form class="card bt-form" data-testid="backtest-form" aria-labelledby="bt-form-title" novalidate onSubmit={submit}>
      <h2 id="bt-form-title" style={{ 'margin-top': '0' }}>
        New backtest
      </h2>
      <StrategyFields
        state={state}
        setState={setState}
        timeframes={timeframes()}
        onStrategy={changeStrategy}
        onTimeframe={changeTimeframe}
        onError={(text) => setMessage({ kind: 'error', text })}
      />
      <SymbolPicker state={state} setState={setState} available={available()} volatility={volatility} />
      <PeriodFields periods={periods()} edited={state.periodsEdited} onEdit={editPeriod} onAdd={addPeriod} onRemove={removePeriod} />
      <SettingsFields state={state} setState={setState} />

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
