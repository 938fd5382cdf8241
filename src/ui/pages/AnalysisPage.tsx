import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import {
  createDashboard,
  createPerformanceAnalysis,
  createSourceOptions,
  createTradeAnalysis,
  exportDashboardCsv,
  parseSourceKey,
  type AnalysisState,
  type SourceOption,
} from '../../app/analysis';
import { DEFAULT_DASHBOARD_DAYS, DEFAULT_QUERY, DEFAULT_SAMPLE_SIZE, type DashboardRange, type TradeQuery } from '../../core/analysis';
import { DashboardView } from '../components/analysis/DashboardView';
import { PerformanceView } from '../components/analysis/PerformanceView';
import { QueryControls } from '../components/analysis/QueryControls';
import { TradeAnalysisView } from '../components/analysis/TradeAnalysisView';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import '../components/analysis/analysis.css';
import '../components/markets/markets.css';
import '../components/report/report.css';

type Tab = 'trades' | 'performance' | 'dashboard';
const TABS: ReadonlyArray<{ id: Tab; label: string }> = [
  { id: 'trades', label: 'Trade analysis' },
  { id: 'performance', label: 'Performance' },
  { id: 'dashboard', label: 'Dashboard' },
];

const RANGE_CHOICES: ReadonlyArray<[string, number | null]> = [
  ['Last 7 days', 7],
  ['Last 30 days', 30],
  ['Last 90 days', 90],
  ['Last 365 days', 365],
  ['Every day', null],
];

function utcDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** A worker result: loading, failed (with the message) or the view of its value. */
function Result<T>(props: { state: AnalysisState<T>; what: string; children: (value: T) => JSX.Element }) {
  return (
    <Switch>
      <Match when={props.state.status === 'loading' || props.state.status === 'idle'}>
        <p class="muted" role="status">
          Computing the {props.what}…
        </p>
      </Match>
      <Match when={props.state.status === 'failed' && props.state}>
        {(s) => (
          <p class="banner error" role="alert" style={{ 'border-radius': 'var(--radius)' }}>
            The {props.what} could not be computed: {(s() as { message: string }).message}
          </p>
        )}
      </Match>
      <Match when={props.state.status === 'done' && props.state}>{(s) => props.children((s() as { value: T }).value)}</Match>
    </Switch>
  );
}

/**
 * Analysis (`/analysis?source=…&tab=…`): pick a source — a paper account, the SYSTEM trades or a
 * completed backtest — then the trade analysis with its stop/target diagnosis, the performance
 * analysis with its action plan, or the analytics dashboard. The engine runs in a worker.
 */
export default function AnalysisPage() {
  const section = sectionByPath('/analysis');
  const [search, setSearch] = useSearchParams();
  const options = createSourceOptions();
  const tab = (): Tab => (search.tab === 'performance' || search.tab === 'dashboard' ? search.tab : 'trades');
  const selected = createMemo<SourceOption | undefined>(() => {
    const list = options() ?? [];
    const key = typeof search.source === 'string' ? search.source : undefined;
    return list.find((o) => o.key === key) ?? list[0];
  });
  const backtestSeq = () => {
    const ref = selected()?.ref;
    return ref?.kind === 'backtest' ? ref.seq : null;
  };
  createEffect(() => {
    const key = typeof search.source === 'string' ? search.source : undefined;
    if (key !== undefined && parseSourceKey(key) === null) setSearch({ source: undefined }, { replace: true });
  });

  const [tradeQuery, setTradeQuery] = createSignal<TradeQuery>({ ...DEFAULT_QUERY, limit: DEFAULT_SAMPLE_SIZE });
  const [perfQuery, setPerfQuery] = createSignal<TradeQuery>({ ...DEFAULT_QUERY, limit: null });
  const [rangeDays, setRangeDays] = createSignal<number | null>(DEFAULT_DASHBOARD_DAYS);
  const [customFrom, setCustomFrom] = createSignal('');
  const [customTo, setCustomTo] = createSignal('');
  const range = createMemo<DashboardRange>(() => {
    const from = utcDay(customFrom());
    const to = utcDay(customTo());
    return from !== null && to !== null && to >= from ? { days: null, from, to } : { days: rangeDays() };
  });

  const trades = createTradeAnalysis(() => (tab() === 'trades' && selected() ? { source: selected()!.ref, query: tradeQuery() } : null));
  const performance = createPerformanceAnalysis(() => (tab() === 'performance' && selected() ? { source: selected()!.ref, query: perfQuery() } : null));
  const dashboard = createDashboard(() => (tab() === 'dashboard' && selected() ? { source: selected()!.ref, range: range() } : null));
  const symbols = (s: AnalysisState<{ symbols: string[] }>) => (s.status === 'done' ? s.value.symbols : []);
  const [lastSymbols, setLastSymbols] = createSignal<string[]>([]);
  createEffect(() => {
    const list = tab() === 'trades' ? symbols(trades()) : tab() === 'performance' ? symbols(performance()) : [];
    if (list.length > 0) setLastSymbols(list);
  });

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={section.title} subtitle={section.holds} />
      <Show when={options() !== undefined} fallback={<p class="muted">Reading backtests and paper accounts…</p>}>
        <Show
          when={(options() ?? []).length > 0}
          fallback={
            <EmptyState section={section}>
              <p>
                Or create a paper account in <A href="/paper">Paper trading</A>.
              </p>
            </EmptyState>
          }
        >
          <div class="an-stack">
            <div class="card an-controls">
              <label class="an-source">
                Trades of
                <select
                  data-testid="analysis-source"
                  value={selected()?.key ?? ''}
                  onChange={(e) => {
                    setLastSymbols([]);
                    setTradeQuery((q) => ({ ...q, symbol: null }));
                    setPerfQuery((q) => ({ ...q, symbol: null }));
                    setSearch({ source: e.currentTarget.value });
                  }}
                >
                  <For each={['Paper trading', 'Backtests'] as const}>
                    {(group) => (
                      <Show when={(options() ?? []).some((o) => o.group === group)}>
                        <optgroup label={group}>
                          <For each={(options() ?? []).filter((o) => o.group === group)}>{(o) => <option value={o.key}>{o.label}</option>}</For>
                        </optgroup>
                      </Show>
                    )}
                  </For>
                </select>
              </label>
            </div>
            <nav class="subtabs" aria-label="Analysis views">
              <ul>
                <For each={TABS}>
                  {(t) => (
                    <li>
                      <a
                        href={`/analysis?${new URLSearchParams({ ...(selected() ? { source: selected()!.key } : {}), tab: t.id }).toString()}`}
                        classList={{ active: tab() === t.id }}
                        aria-current={tab() === t.id ? 'page' : undefined}
                        onClick={(e) => {
                          e.preventDefault();
                          setSearch({ tab: t.id });
                        }}
                      >
                        {t.label}
                      </a>
                    </li>
                  )}
                </For>
              </ul>
            </nav>
            <Switch>
              <Match when={tab() === 'trades'}>
                <QueryControls query={tradeQuery()} onChange={setTradeQuery} symbols={lastSymbols()} limits={[20, 50, 100, 500, null]} />
                <Result state={trades()} what="trade analysis">
                  {(a) => <TradeAnalysisView analysis={a} backtestSeq={backtestSeq()} />}
                </Result>
              </Match>
              <Match when={tab() === 'performance'}>
                <QueryControls query={perfQuery()} onChange={setPerfQuery} symbols={lastSymbols()} limits={[50, 100, 500, null]} />
                <Result state={performance()} what="performance analysis">
                  {(p) => <PerformanceView analysis={p} backtestSeq={backtestSeq()} />}
                </Result>
              </Match>
              <Match when={tab() === 'dashboard'}>
                <div class="an-controls" data-testid="dashboard-range-controls">
                  <label>
                    Range
                    <select
                      value={String(rangeDays())}
                      onChange={(e) => {
                        setCustomFrom('');
                        setCustomTo('');
                        setRangeDays(e.currentTarget.value === 'null' ? null : Number(e.currentTarget.value));
                      }}
                    >
                      <For each={RANGE_CHOICES}>{([label, d]) => <option value={String(d)}>{label}</option>}</For>
                    </select>
                  </label>
                  <label>
                    From (UTC)
                    <input type="date" value={customFrom()} onChange={(e) => setCustomFrom(e.currentTarget.value)} />
                  </label>
                  <label>
                    To (UTC)
                    <input type="date" value={customTo()} onChange={(e) => setCustomTo(e.currentTarget.value)} />
                  </label>
                </div>
                <Result state={dashboard()} what="dashboard">
                  {(d) => <DashboardView dashboard={d} onExport={() => exportDashboardCsv(selected()!.ref, range())} />}
                </Result>
              </Match>
            </Switch>
          </div>
        </Show>
      </Show>
    </section>
  );
}
