import { useNavigate } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { SourceOption } from '../../../app/robustness';
import { startMonteCarlo, startOptimisation, startWalkForward } from '../../../app/robustness-runner';
import { resolveRequestStrategy } from '../../../core/backtest/request';
import { MONTE_CARLO_DEFAULTS, MONTE_CARLO_METHODS, type MonteCarloMethod } from '../../../core/robustness/monte-carlo';
import type { ParamSpec } from '../../../core/strategy/types';
import { dateText, dateValue, initialSearch, optimiserOf, type SearchState } from './form-model';
import { SearchFields } from './SearchFields';

type Tab = 'montecarlo' | 'optimisation' | 'walkforward';

const METHOD_HELP: Record<MonteCarloMethod, string> = {
  reshuffle: 'the same trades in random order',
  bootstrap: 'trades drawn with replacement',
  skip: 'each trade missed with a chance',
  noise: 'each trade’s return blurred',
};

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Starts a run of any kind from a completed backtest. */
export function NewRunPanel(props: { sources: SourceOption[] }) {
  const navigate = useNavigate();
  const [sourceId, setSourceId] = createSignal(props.sources[0]?.id ?? '');
  const source = createMemo(() => props.sources.find((s) => s.id === sourceId()) ?? props.sources[0]);
  const [tab, setTab] = createSignal<Tab>('montecarlo');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const specs = createMemo<readonly ParamSpec[]>(() => {
    const s = source();
    if (!s) return [];
    try {
      return resolveRequestStrategy({ name: s.config.strategy, params: s.config.params, script: s.config.script }).strategy.params;
    } catch {
      return [];
    }
  });
  const [search, setSearch] = createStore<SearchState>(initialSearch([]));
  createEffect(on(specs, (sp) => setSearch(initialSearch(sp))));

  const [mc, setMc] = createStore({ method: 'reshuffle' as MonteCarloMethod, runs: String(MONTE_CARLO_DEFAULTS.runs), seed: '1', skip: '10', noise: '0.5', ruin: '50' });
  const window = () => {
    const s = source();
    const sum = s?.config.report?.summary;
    return { from: s?.config.from ?? sum?.start ?? null, to: s?.config.to ?? sum?.end ?? null };
  };
  const [period, setPeriod] = createStore({ from: '', to: '', holdout: '' });
  const [wf, setWf] = createStore({ mode: 'rolling' as 'rolling' | 'anchored', is: '365', oos: '90', step: '' });
  createEffect(
    on(source, () => {
      setPeriod({ from: dateText(window().from), to: dateText(window().to), holdout: '' });
      setError(null);
    }),
  );

  const num = (field: string, text: string) => {
    const v = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) throw new RangeError(`${field}: "${text}" is not a number`);
    return v;
  };

  async function submit(e: Event) {
    e.preventDefault();
    const s = source();
    if (!s) return;
    setError(null);
    setBusy(true);
    try {
      let id: string;
      if (tab() === 'montecarlo') {
        id = await startMonteCarlo(s.id, {
          method: mc.method,
          runs: num('runs', mc.runs),
          seed: num('seed', mc.seed),
          skipPct: num('skipPct', mc.skip),
          noisePct: num('noisePct', mc.noise),
          ruinDrawdownPct: num('ruinDrawdownPct', mc.ruin),
        });
      } else if (tab() === 'optimisation') {
        const optimiser = optimiserOf(search, specs());
        id = await startOptimisation(s.id, {
          optimiser,
          from: period.from.trim() === '' ? null : dateValue('from', period.from),
          to: period.to.trim() === '' ? null : dateValue('to', period.to, true),
          holdoutFrom: period.holdout.trim() === '' ? null : dateValue('holdoutFrom', period.holdout),
        });
      } else {
        const optimiser = optimiserOf(search, specs());
        id = await startWalkForward(s.id, {
          mode: wf.mode,
          from: dateValue('from', period.from),
          to: dateValue('to', period.to, true),
          inSampleDays: num('inSampleDays', wf.is),
          outOfSampleDays: num('outOfSampleDays', wf.oos),
          stepDays: wf.step.trim() === '' ? null : num('stepDays', wf.step),
          optimiser,
        });
      }
      navigate(`/robustness?run=${encodeURIComponent(id)}`);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card rb-form" onSubmit={submit} data-testid="new-run" aria-labelledby="new-run-title">
      <h2 id="new-run-title" style={{ margin: '0' }}>
        Start a run
      </h2>
      <div class="rb-fields">
        <label class="rb-field" style={{ 'grid-column': '1 / -1' }}>
          <span>From the completed backtest</span>
          <select value={source()?.id ?? ''} onChange={(e) => setSourceId(e.currentTarget.value)} data-testid="source-select">
            <For each={props.sources}>
              {(s) => (
                <option value={s.id}>
                  #{s.seq} {s.name} · {s.config.symbols.join(', ')} {s.config.timeframe} · {s.config.strategy} · {s.trades ?? '?'} trades
                </option>
              )}
            </For>
          </select>
        </label>
      </div>
      <div class="segmented" role="group" aria-label="Kind of run">
        <button type="button" aria-pressed={tab() === 'montecarlo'} onClick={() => setTab('montecarlo')}>
          Monte Carlo
        </button>
        <button type="button" aria-pressed={tab() === 'optimisation'} onClick={() => setTab('optimisation')}>
          Optimise
        </button>
        <button type="button" aria-pressed={tab() === 'walkforward'} onClick={() => setTab('walkforward')}>
          Walk-forward
        </button>
      </div>

      <Show when={tab() === 'montecarlo'}>
        <p class="muted" style={{ margin: '0' }}>
          Replays the backtest’s trades many times, changed at random, to show the range of outcomes luck alone allows.
        </p>
        <div class="rb-fields">
          <label class="rb-field">
            <span>Method</span>
            <select value={mc.method} onChange={(e) => setMc('method', e.currentTarget.value as MonteCarloMethod)}>
              <For each={MONTE_CARLO_METHODS}>
                {(m) => (
                  <option value={m}>
                    {m}: {METHOD_HELP[m]}
                  </option>
                )}
              </For>
            </select>
          </label>
          <label class="rb-field">
            <span>Runs (up to 100,000)</span>
            <input type="text" inputmode="numeric" value={mc.runs} onInput={(e) => setMc('runs', e.currentTarget.value)} />
          </label>
          <label class="rb-field">
            <span>Seed</span>
            <input type="text" inputmode="numeric" value={mc.seed} onInput={(e) => setMc('seed', e.currentTarget.value)} />
          </label>
          <Show when={mc.method === 'skip'}>
            <label class="rb-field">
              <span>Skip chance %</span>
              <input type="text" inputmode="decimal" value={mc.skip} onInput={(e) => setMc('skip', e.currentTarget.value)} />
            </label>
          </Show>
          <Show when={mc.method === 'noise'}>
            <label class="rb-field">
              <span>Return noise % of notional</span>
              <input type="text" inputmode="decimal" value={mc.noise} onInput={(e) => setMc('noise', e.currentTarget.value)} />
            </label>
          </Show>
          <label class="rb-field">
            <span>Ruin at drawdown %</span>
            <input type="text" inputmode="decimal" value={mc.ruin} onInput={(e) => setMc('ruin', e.currentTarget.value)} />
          </label>
        </div>
      </Show>

      <Show when={tab() !== 'montecarlo'}>
        <Show when={specs().length > 0} fallback={<p class="rb-error">This backtest’s strategy has no parameters to tune.</p>}>
          <p class="muted" style={{ margin: '0' }}>
            {tab() === 'optimisation'
              ? 'Backtests every parameter set the search proposes on the same market and settings, ranks them by the objective and checks the winner for overfitting.'
              : 'Re-optimises on each in-sample window and trades the winner on the next, unseen window; the out-of-sample pieces are stitched into one curve.'}
          </p>
          <div class="rb-fields">
            <label class="rb-field">
              <span>From</span>
              <input type="date" value={period.from} onInput={(e) => setPeriod('from', e.currentTarget.value)} />
            </label>
            <label class="rb-field">
              <span>To</span>
              <input type="date" value={period.to} onInput={(e) => setPeriod('to', e.currentTarget.value)} />
            </label>
            <Show when={tab() === 'optimisation'}>
              <label class="rb-field">
                <span>Hold-out from (optional)</span>
                <input type="date" value={period.holdout} onInput={(e) => setPeriod('holdout', e.currentTarget.value)} />
              </label>
            </Show>
            <Show when={tab() === 'walkforward'}>
              <label class="rb-field">
                <span>Windows</span>
                <select value={wf.mode} onChange={(e) => setWf('mode', e.currentTarget.value as 'rolling' | 'anchored')}>
                  <option value="rolling">rolling</option>
                  <option value="anchored">anchored</option>
                </select>
              </label>
              <label class="rb-field">
                <span>In-sample days</span>
                <input type="text" inputmode="numeric" value={wf.is} onInput={(e) => setWf('is', e.currentTarget.value)} />
              </label>
              <label class="rb-field">
                <span>Out-of-sample days</span>
                <input type="text" inputmode="numeric" value={wf.oos} onInput={(e) => setWf('oos', e.currentTarget.value)} />
              </label>
              <label class="rb-field">
                <span>Step days</span>
                <input type="text" inputmode="numeric" value={wf.step} placeholder="= out-of-sample" onInput={(e) => setWf('step', e.currentTarget.value)} />
              </label>
            </Show>
          </div>
          <SearchFields specs={specs()} state={search} set={setSearch} />
        </Show>
      </Show>

      <Show when={error()}>
        <p class="rb-error" role="alert" data-testid="run-error">
          {error()}
        </p>
      </Show>
      <div class="row">
        <button type="submit" class="btn primary" disabled={busy() || !source()}>
          {tab() === 'montecarlo' ? 'Run Monte Carlo' : tab() === 'optimisation' ? 'Start optimisation' : 'Start walk-forward'}
        </button>
      </div>
    </form>
  );
}
