import { A, useParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, Match, on, onCleanup, onMount, Show, Switch } from 'solid-js';
import {
  createBacktestView,
  exportResultJson,
  exportTradesCsv,
  loadPriceSeries,
  parseSeq,
  resultExportState,
  type BacktestJobRecord,
  type BacktestResultRecord,
  type ExportKind,
  type PriceSeries,
} from '../../app/backtest-results';
import type { Trade } from '../../core/backtest/trade';
import { chartHref } from '../../core/chart/link';
import { formatValue } from '../../core/metrics';
import { normaliseSymbol } from '../../core/strategy/scripted';
import { EquityChart } from '../components/charts/EquityChart';
import { PriceChart } from '../components/charts/PriceChart';
import { PageHeader } from '../components/PageHeader';
import { ProgressBar } from '../components/ProgressBar';
import { BreakdownTables } from '../components/report/BreakdownTables';
import { ConfigPanel } from '../components/report/ConfigPanel';
import { EntryHeatTable } from '../components/report/EntryHeatTable';
import { ImportResultButton } from '../components/report/ImportResultButton';
import { MetricCards } from '../components/report/MetricCards';
import { breakdownsOf, confidenceText, initialCapitalOf } from '../components/report/model';
import { TradesTable } from '../components/report/TradesTable';
import '../components/report/report.css';
import { formatDate, formatDateTime, formatPrice } from '../format';
import { marketTickSize } from '../../app/markets';
import { barMsOf, jobDetail } from '../components/backtests/job-text';

function ExportButton(props: { kind: ExportKind; seq: number; label: string }) {
  const state = () => resultExportState(props.kind, props.seq);
  return (
    <span class="row" style={{ display: 'inline-flex', gap: '6px' }}>
      <button
        type="button"
        class="btn"
        disabled={state().running}
        aria-busy={state().running}
        onClick={() => void (props.kind === 'trades-csv' ? exportTradesCsv(props.seq) : exportResultJson(props.seq))}
      >
        {state().running ? 'Exporting…' : props.label}
      </button>
      <Show when={state().error}>
        {(err) => (
          <span role="alert" style={{ color: 'var(--danger)' }}>
            {err()}
          </span>
        )}
      </Show>
    </span>
  );
}

/** What the selected trade was: times, prices, stop and target, outcome, confidence and reasons; and a link to its bar on the Chart page. */
function SelectedTrade(props: { trade: Trade; index: number; exchange: string; chart: string }) {
  const t = () => props.trade;
  const price = (v: number) => formatPrice(v, marketTickSize(props.exchange, t().symbol));
  return (
    <div class="selected-trade" data-testid="selected-trade" aria-live="polite">
      <span>
        Trade <strong>#{props.index + 1}</strong> · {t().symbol} · {t().direction}
      </span>
      <span>
        Entry <strong>{price(t().entryPrice)}</strong> at {formatDateTime(t().entryTime)}
      </span>
      <span>
        Exit <strong>{price(t().exitPrice)}</strong> at {formatDateTime(t().exitTime)} ({t().exitReason})
      </span>
      <span data-testid="selected-stop">
        Stop <strong>{t().stop > 0 ? price(t().stop) : 'none'}</strong>
      </span>
      <span data-testid="selected-target">
        Target <strong>{t().target > 0 ? price(t().target) : 'none'}</strong>
      </span>
      <span>
        P&amp;L <strong class={t().pnl > 0 ? 'pnl-up' : t().pnl < 0 ? 'pnl-down' : ''}>{formatValue('money', t().pnl)}</strong> ({formatValue('pct', t().pnlPct)})
      </span>
      <span>Confidence {confidenceText(t().confidence)}</span>
      <A href={props.chart} data-testid="selected-trade-chart">
        Open on the chart
      </A>
      <Show when={t().reasons.length > 0}>
        <span class="muted">
          Reasons: {t().reasons.map((r) => `${r.condition}${r.value === null ? '' : ` ${String(r.value)}`} ${r.pass ? '✓' : '✗'}`).join(' · ')}
        </span>
      </Show>
    </div>
  );
}

/** The price chart section: one symbol at a time (the selected trade's), with the trades marked. */
function PriceSection(props: { job: BacktestJobRecord; result: BacktestResultRecord; selected: number | null; onSymbol: () => void }) {
  const trades = () => props.result.trades;
  const symbols = createMemo(() => {
    const fromConfig = Array.isArray(props.job.config.symbols) ? props.job.config.symbols : [];
    const seen = new Set(fromConfig.map(normaliseSymbol));
    const extra = [...new Set(trades().map((t) => t.symbol))].filter((s) => !seen.has(normaliseSymbol(s)));
    return [...fromConfig, ...extra];
  });
  const [symbol, setSymbol] = createSignal(symbols()[0] ?? '');
  createEffect(
    on(
      () => props.selected,
      (sel) => {
        if (sel === null) return;
        const s = trades()[sel]?.symbol;
        if (s !== undefined && normaliseSymbol(s) !== normaliseSymbol(symbol())) setSymbol(symbols().find((x) => normaliseSymbol(x) === normaliseSymbol(s)) ?? s);
      },
    ),
  );
  const indices = createMemo(() => {
    const want = normaliseSymbol(symbol());
    const out: number[] = [];
    trades().forEach((t, i) => normaliseSymbol(t.symbol) === want && out.push(i));
    return out;
  });
  const window = createMemo(() => {
    const eq = props.result.equity.time;
    let from = eq.length > 0 ? eq[0] : Infinity;
    let to = eq.length > 0 ? eq[eq.length - 1] : -Infinity;
    for (const t of trades()) {
      if (t.entryTime < from) from = t.entryTime;
      if (t.exitTime > to) to = t.exitTime;
    }
    return Number.isFinite(from) && Number.isFinite(to) ? { from, to } : null;
  });
  const [series, setSeries] = createSignal<PriceSeries | null | undefined>(undefined);
  const [error, setError] = createSignal<string | null>(null);
  createEffect(() => {
    const s = symbol();
    const w = window();
    const exchange = String(props.job.config.exchange ?? '');
    const timeframe = props.job.config.timeframe;
    let live = true;
    onCleanup(() => (live = false));
    setSeries(undefined);
    setError(null);
    if (!w || s === '') {
      setSeries(null);
      return;
    }
    loadPriceSeries({ exchange, symbol: s, timeframe }, w.from, w.to).then(
      (p) => live && setSeries(p),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
  });
  const selectedHere = () => (props.selected !== null && indices().includes(props.selected) ? props.selected : null);
  return (
    <div>
      <Show when={symbols().length > 1}>
        <div class="trades-controls">
          <label>
            Symbol on the chart
            <select
              value={symbol()}
              onChange={(e) => {
                setSymbol(e.currentTarget.value);
                props.onSymbol();
              }}
            >
              <For each={symbols()}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </label>
        </div>
      </Show>
      <Switch>
        <Match when={error()}>
          {(msg) => (
            <p role="alert" style={{ color: 'var(--danger)' }}>
              The candles could not be read: {msg()}
            </p>
          )}
        </Match>
        <Match when={series() === undefined}>
          <p class="muted">Reading the candles of {symbol()}…</p>
        </Match>
        <Match when={series() === null || series()!.candles.time.length === 0}>
          <p class="muted" data-testid="price-chart-missing">
            No stored {props.job.config.timeframe} candles of {symbol()} cover this backtest, so its trades cannot be drawn on a price chart. Import or download
            them on the <A href="/markets">Markets</A> page.
          </p>
        </Match>
        <Match when={series()}>
          {(p) => (
            <PriceChart candles={p().candles} timeframe={p().timeframe} trades={trades()} indices={indices()} selected={selectedHere()} label={`${p().symbol} ${p().timeframe}`} />
          )}
        </Match>
      </Switch>
      <Show when={props.selected !== null && trades()[props.selected!]}>
        {(t) => (
          <SelectedTrade
            trade={t()}
            index={props.selected!}
            exchange={String(props.job.config.exchange ?? '')}
            chart={chartHref({ exchange: String(props.job.config.exchange ?? ''), symbol: t().symbol, timeframe: props.job.config.timeframe, time: t().signalTime, backtest: props.job.seq, trade: props.selected! })}
          />
        )}
      </Show>
    </div>
  );
}

function ReportBody(props: { job: BacktestJobRecord; result: BacktestResultRecord }) {
  const c0 = createMemo(() => initialCapitalOf(props.result.metrics, props.job.config));
  const breakdowns = createMemo(() => breakdownsOf(props.result.breakdowns, props.result.trades, c0()));
  const [selected, setSelected] = createSignal<number | null>(null);
  const barMs = () => barMsOf(props.job.config.timeframe);
  // The sections below the trades table render just after the first paint, so the metrics and
  // the first page of trades show as soon as the result is read.
  const [belowFold, setBelowFold] = createSignal(false);
  onMount(() => {
    const id = requestAnimationFrame(() => setTimeout(() => setBelowFold(true), 0));
    onCleanup(() => cancelAnimationFrame(id));
  });
  let chartSection: HTMLElement | undefined;
  const select = (i: number) => {
    setSelected(i);
    chartSection?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  return (
    <>
      <section class="report-section" aria-labelledby="metrics-title">
        <h2 id="metrics-title">Metrics</h2>
        <MetricCards metrics={props.result.metrics} initialCapital={c0()} barMs={barMs()} />
      </section>
      <section class="report-section" aria-labelledby="equity-title">
        <h2 id="equity-title">Equity and drawdown</h2>
        <EquityChart time={props.result.equity.time} value={props.result.equity.value} initialCapital={c0()} />
      </section>
      <section class="report-section" aria-labelledby="price-title" ref={chartSection}>
        <h2 id="price-title">Price and trades</h2>
        <PriceSection job={props.job} result={props.result} selected={selected()} onSymbol={() => setSelected(null)} />
      </section>
      <section class="report-section" aria-labelledby="trades-title">
        <h2 id="trades-title">Trades</h2>
        <Show when={props.result.trades.length > 0} fallback={<p class="muted">This backtest made no trades.</p>}>
          <TradesTable
            trades={props.result.trades}
            selected={selected()}
            onSelect={select}
            barMs={barMs()}
            tickSize={(symbol) => marketTickSize(String(props.job.config.exchange ?? ''), symbol)}
          />
        </Show>
      </section>
      <Show when={belowFold()} fallback={<p class="muted">Preparing the breakdowns…</p>}>
        <section class="report-section" aria-labelledby="breakdowns-title">
          <h2 id="breakdowns-title">Breakdowns</h2>
          <BreakdownTables breakdowns={breakdowns()} />
          <h3 style={{ 'margin-top': '16px' }}>Entries by weekday and hour (UTC)</h3>
          <EntryHeatTable trades={props.result.trades} />
        </section>
        <section class="report-section" aria-labelledby="config-title">
          <h2 id="config-title">Configuration</h2>
          <ConfigPanel seq={props.job.seq} config={props.job.config} />
        </section>
      </Show>
    </>
  );
}

/** The job's name, then what the name does not say: strategy, symbols and timeframe, and the window. */
function subtitle(job: BacktestJobRecord): string {
  const c = job.config;
  const parts = [job.name];
  const detail = jobDetail(job.name, c.strategy, c.symbols, c.timeframe);
  if (detail !== null) parts.push(detail);
  if (typeof c.from === 'number' || typeof c.to === 'number') {
    const from = typeof c.from === 'number' ? formatDate(c.from) : 'first candle';
    const to = typeof c.to === 'number' ? formatDate(c.to) : 'last candle';
    if (!job.name.includes(from) || !job.name.includes(to)) parts.push(`${from} – ${to}`);
  }
  return parts.join(' · ');
}

/**
 * The report of one backtest (`/backtests/:seq`): every metric as a card with its explanation,
 * the equity and drawdown chart, the price chart with the trades, the trades table, breakdowns,
 * the entry heat table and the configuration with Run again / Edit and run; exports and the
 * result import in the header. A missing job, a failed one (its error) and a running one (its
 * progress) each get their own view.
 */
export default function BacktestReportPage() {
  const params = useParams<{ seq: string }>();
  const seq = createMemo(() => parseSeq(params.seq));
  const view = createBacktestView(() => seq() ?? 0);
  const found = () => {
    const v = view();
    return seq() !== null && v.state === 'found' ? v : undefined;
  };
  const completed = () => {
    const f = found();
    return f && f.job.status === 'COMPLETED' && f.result ? { job: f.job, result: f.result } : undefined;
  };
  const title = () => (seq() === null ? 'Backtest report' : `Backtest #${seq()}`);
  return (
    <section aria-labelledby="page-title" data-testid="backtest-report">
      <PageHeader
        title={title()}
        subtitle={found() ? subtitle(found()!.job) : undefined}
        actions={
          <div class="row" style={{ 'align-items': 'flex-start' }}>
            <Show when={completed()}>
              <ExportButton kind="trades-csv" seq={seq()!} label="Export trades CSV" />
              <ExportButton kind="result-json" seq={seq()!} label="Export result JSON" />
            </Show>
            <ImportResultButton />
          </div>
        }
      />
      <Switch>
        <Match when={seq() === null}>
          <div class="empty" data-testid="report-missing">
            <h2>No backtest "{params.seq}"</h2>
            <p>Backtests are numbered 1, 2, 3… Pick one on the <A href="/backtests">Backtests</A> page.</p>
          </div>
        </Match>
        <Match when={view().state === 'loading'}>
          <p class="muted">Reading backtest #{seq()}…</p>
        </Match>
        <Match when={view().state === 'missing'}>
          <div class="empty" data-testid="report-missing">
            <h2>No backtest #{seq()}</h2>
            <p>There is no backtest with this number in this browser. It may have been deleted, or it was run in another browser.</p>
            <p>
              Queue one on the <A href="/backtests">Backtests</A> page, or import a result file exported from Candlelab with <strong>Import result JSON</strong> above.
            </p>
          </div>
        </Match>
        <Match when={found()?.job.status === 'FAILED' && found()}>
          {(f) => (
            <>
              <div class="card" role="alert" data-testid="report-failed" style={{ 'border-color': 'var(--danger)' }}>
                <h2 style={{ 'margin-top': '0', color: 'var(--danger)' }}>Backtest #{f().seq} failed</h2>
                <p>{f().job.error ?? 'No error message was recorded.'}</p>
                <p class="muted">Finished {formatDateTime(f().job.finishedAt)}. Fix the settings with Edit and run, or run it again.</p>
              </div>
              <section class="report-section" aria-labelledby="config-title">
                <h2 id="config-title">Configuration</h2>
                <ConfigPanel seq={f().seq} config={f().job.config} />
              </section>
            </>
          )}
        </Match>
        <Match when={(found()?.job.status === 'RUNNING' || found()?.job.status === 'PENDING') && found()}>
          {(f) => (
            <div data-testid="report-running">
              <Show
                when={f().job.status === 'RUNNING'}
                fallback={<p>Backtest #{f().seq} is waiting in the queue; this page shows its report as soon as it completes.</p>}
              >
                <ProgressBar label={`Backtest #${f().seq} is running`} progress={{ done: Math.round(f().job.progress * 1000), total: 1000, message: `started ${formatDateTime(f().job.startedAt)}` }} />
                <p class="muted">This page shows the report as soon as the run completes.</p>
              </Show>
              <p>
                <A href="/backtests">Go to the queue</A>
              </p>
            </div>
          )}
        </Match>
        <Match when={found()?.job.status === 'CANCELLED' && found()}>
          {(f) => (
            <div class="card" data-testid="report-cancelled">
              <h2 style={{ 'margin-top': '0' }}>Backtest #{f().seq} was cancelled</h2>
              <p>It has no result. Retry it from the <A href="/backtests">Backtests</A> queue, or run it again below.</p>
              <ConfigPanel seq={f().seq} config={f().job.config} />
            </div>
          )}
        </Match>
        <Match when={found()?.resultLoading}>
          <p class="muted">Reading the result of backtest #{seq()}…</p>
        </Match>
        <Match when={completed()}>{(c) => <ReportBody job={c().job} result={c().result} />}</Match>
        <Match when={found()}>
          <div class="card" role="alert">
            <h2 style={{ 'margin-top': '0' }}>The result of backtest #{seq()} is missing</h2>
            <p>The job is marked completed but its result is not stored. Run it again from the configuration.</p>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
