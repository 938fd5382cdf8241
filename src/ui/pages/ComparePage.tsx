import { A, useSearchParams } from '@solidjs/router';
import { createMemo, For, Match, Show, Switch } from 'solid-js';
import { createBacktestsView, type BacktestEntry } from '../../app/backtest-results';
import { formatMetric, METRIC_DEFINITIONS, type Metrics } from '../../core/metrics';
import { formatIdRanges, parseIdRanges } from '../../core/util/id-ranges';
import { CompareEquityChart, type CompareCurve } from '../components/charts/CompareEquityChart';
import { PageHeader } from '../components/PageHeader';
import { barMsOf, jobDetail } from '../components/backtests/job-text';
import { bestColumns, initialCapitalOf, rankValue } from '../components/report/model';
import '../components/report/report.css';

/** Fewest backtests compared at once (the metrics table takes any number more). */
const MIN_COMPARED = 2;
/** Most equity curves overlaid on the chart; the table still compares every backtest. */
export const MAX_OVERLAID = 8;

type Selection = { ok: true; seqs: number[] } | { ok: false; message: string };

function readSelection(raw: string | string[] | undefined): Selection {
  const text = (Array.isArray(raw) ? raw.join(' ') : (raw ?? '')).trim();
  if (text === '') return { ok: false, message: `Choose ${MIN_COMPARED} or more backtests to compare, e.g. /backtests/compare?ids=1,2 or ?ids=1 2 5-8.` };
  let seqs: number[];
  try {
    seqs = parseIdRanges(text);
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  if (seqs.length < MIN_COMPARED) return { ok: false, message: `ids: "${text}" names ${seqs.length} backtest; compare needs ${MIN_COMPARED} or more.` };
  return { ok: true, seqs };
}

interface Column {
  seq: number;
  name: string;
  detail: string | null;
  barMs: number;
  metrics: Record<string, number | null>;
  curve: CompareCurve | null;
}

function column(e: BacktestEntry): Column | null {
  if (!e.job || !e.result) return null;
  const c = e.job.config;
  const base = initialCapitalOf(e.result.metrics, c);
  return {
    seq: e.seq,
    name: e.job.name,
    detail: jobDetail(e.job.name, c.strategy, c.symbols, c.timeframe),
    barMs: barMsOf(c.timeframe),
    metrics: e.result.metrics,
    curve: base === null ? null : { label: `#${e.seq} ${e.job.name}`, tag: `#${e.seq}`, time: e.result.equity.time, value: e.result.equity.value, base },
  };
}

function problem(e: BacktestEntry): string | null {
  if (!e.job) return `No backtest #${e.seq}.`;
  if (e.job.status !== 'COMPLETED') return `Backtest #${e.seq} is ${e.job.status.toLowerCase()}: it has no result yet.`;
  if (!e.result) return `The result of backtest #${e.seq} is missing.`;
  return null;
}

/**
 * Compare two or more completed backtests (`/backtests/compare?ids=1,2` or `ids=1 2 5-8`): every metric
 * side by side with the best value of each row highlighted (by the metric's good direction), and
 * the equity curves overlaid on one chart, normalised to 100.
 */
export default function ComparePage() {
  const [params] = useSearchParams<{ ids: string }>();
  const selection = createMemo(() => readSelection(params.ids));
  const seqs = createMemo(() => {
    const s = selection();
    return s.ok ? s.seqs : [];
  }, [], { equals: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]) });
  const entries = createBacktestsView(seqs);
  const problems = createMemo(() => (entries() ?? []).map(problem).filter((p): p is string => p !== null));
  const columns = createMemo(() => (entries() ?? []).map(column).filter((c): c is Column => c !== null));
  const curves = createMemo(() => columns().map((c) => c.curve).filter((c): c is CompareCurve => c !== null));
  const rows = createMemo(() =>
    METRIC_DEFINITIONS.map((def) => {
      const cols = columns();
      const best = bestColumns(def, cols.map((c) => rankValue(def.key, c.metrics)));
      return { def, cells: cols.map((c, i) => ({ text: formatMetric(def.key, c.metrics[def.key] ?? null, c.metrics as unknown as Metrics, { barMs: c.barMs }), best: best[i] })) };
    }),
  );
  const subtitle = () => {
    const s = selection();
    return s.ok ? `Backtests ${formatIdRanges(s.seqs)}` : undefined;
  };

  return (
    <section aria-labelledby="page-title" data-testid="compare-page">
      <PageHeader title="Compare backtests" subtitle={subtitle()} />
      <Switch>
        <Match when={!selection().ok && (selection() as { message: string })}>
          {(s) => (
            <div class="empty" role="alert" data-testid="compare-message">
              <h2>Nothing to compare</h2>
              <p>{s().message}</p>
              <p>
                Select backtests on the <A href="/backtests">Backtests</A> page (for example <code>1 2</code>) and press Compare.
              </p>
            </div>
          )}
        </Match>
        <Match when={entries() === undefined}>
          <p class="muted">Reading the backtests…</p>
        </Match>
        <Match when={true}>
          <Show when={problems().length > 0}>
            <div class="card" role="alert" data-testid="compare-problems" style={{ 'border-color': 'var(--warn)', 'margin-bottom': '12px' }}>
              <For each={problems()}>{(p) => <p>{p}</p>}</For>
              <Show when={columns().length < MIN_COMPARED}>
                <p>At least {MIN_COMPARED} completed backtests are needed to compare.</p>
              </Show>
            </div>
          </Show>
          <Show when={columns().length >= MIN_COMPARED}>
            <section aria-labelledby="compare-equity-title">
              <h2 id="compare-equity-title" style={{ 'margin-top': '0' }}>
                Equity, normalised to 100
              </h2>
              <CompareEquityChart curves={curves().slice(0, MAX_OVERLAID)} />
              <Show when={curves().length > MAX_OVERLAID}>
                <p class="muted" data-testid="overlay-note">
                  The chart overlays the first {MAX_OVERLAID} of {curves().length} curves so each stays readable; the table below compares all {columns().length}.
                </p>
              </Show>
            </section>
            <section aria-labelledby="compare-metrics-title" class="report-section">
              <h2 id="compare-metrics-title">Metrics</h2>
              <p class="muted">The best value of each row is highlighted (★), by whether higher or lower is better for that metric.</p>
              <div class="table-wrap">
                <table class="compare" data-testid="compare-table">
                  <thead>
                    <tr>
                      <th scope="col">Metric</th>
                      <For each={columns()}>
                        {(c) => (
                          <th scope="col" class="num" data-seq={c.seq}>
                            <A href={`/backtests/${c.seq}`}>#{c.seq}</A> {c.name}
                            <Show when={c.detail}>
                              <span class="muted compare-detail">{c.detail}</span>
                            </Show>
                          </th>
                        )}
                      </For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={rows()}>
                      {(row) => (
                        <tr data-metric={row.def.key}>
                          <th scope="row" title={row.def.explanation}>
                            {row.def.label}
                          </th>
                          <For each={row.cells}>
                            {(cell) => (
                              <td class={`num${cell.best ? ' best' : ''}`} data-best={cell.best ? 'true' : undefined}>
                                {cell.text}
                                <Show when={cell.best}>
                                  <span class="visually-hidden"> (best)</span>
                                </Show>
                              </td>
                            )}
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
            </section>
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
