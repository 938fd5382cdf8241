import { useLocation } from '@solidjs/router';
import { createEffect, createMemo, For, onCleanup, onMount, Show, untrack } from 'solid-js';
import { createBacktestsView } from '../../app/backtest-results';
import { createChartStore, type OpenOptions } from '../../app/chart-store';
import { sessionWithTrades } from '../../app/paper';
import { seriesList, type SeriesView } from '../../app/series-store';
import { strategyOfConfig } from '../../core/backtest/result-file';
import type { Trade } from '../../core/backtest/trade';
import { isTimeframe } from '../../core/candles/timeframe';
import { parseChartQuery, type ChartLink } from '../../core/chart/link';
import { backtestChartTrade, chartTradesOfSymbol, paperChartTrade } from '../../core/chart/trades';
import { normaliseSymbol } from '../../core/strategy/scripted';
import { CandleChart } from '../components/chart/CandleChart';
import { ChartToolbar } from '../components/chart/ChartToolbar';
import { ConditionPanel } from '../components/chart/ConditionPanel';
import { OverlayControls } from '../components/chart/OverlayControls';
import { ReplayBar } from '../components/chart/ReplayBar';
import { TradeStrip } from '../components/chart/TradeStrip';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { ProgressBar } from '../components/ProgressBar';
import { sectionByPath } from '../components/SectionPage';
import '../components/chart/chart.css';

/** The stored series a link names: exchange (when given), symbol without case or punctuation, timeframe (else the shortest stored). */
function findSeries(list: readonly SeriesView[], link: ChartLink): SeriesView | undefined {
  if (link.symbol === undefined) return undefined;
  const want = normaliseSymbol(link.symbol);
  const matches = list.filter((s) => normaliseSymbol(s.symbol) === want && (link.timeframe === undefined || s.timeframe === link.timeframe));
  return matches.find((s) => s.exchange === link.exchange) ?? matches[0];
}

/** True when a key press belongs to a form field rather than to the chart. */
function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || el.isContentEditable;
}

/**
 * The Chart page: any stored series as candles with volume on any longer timeframe, overlays,
 * the strategy's signals as arrows, a backtest's trades, a replay that draws nothing after its
 * cursor, and the condition panel. Its address places it (see `core/chart/link.ts`).
 */
export default function ChartPage() {
  const section = sectionByPath('/chart');
  const location = useLocation();
  const store = createChartStore();
  onCleanup(() => store.dispose());

  const parsed = createMemo(() => parseChartQuery(location.search));
  const backtests = createBacktestsView(() => {
    const seq = parsed().link.backtest;
    return seq === undefined ? [] : [seq];
  });
  const session = sessionWithTrades(() => parsed().link.session);
  const list = () => seriesList();

  /** The request the address (or the last visit) makes, once everything it needs is read; null while waiting. */
  const request = createMemo<{ key: string; series: SeriesView; opts: OpenOptions } | null>(() => {
    const all = list();
    if (!all || all.length === 0) return null;
    const { link } = parsed();
    const base: OpenOptions = {};
    if (link.view !== undefined) base.view = link.view;
    if (link.from !== undefined) base.from = link.from;
    if (link.to !== undefined) base.to = link.to;
    if (link.time !== undefined) base.at = link.time;
    if (link.strategy !== undefined) base.strategy = { name: link.strategy };
    if (link.backtest !== undefined) {
      const entries = backtests();
      if (entries === undefined) return null;
      const v = entries[0];
      if (v?.job?.status === 'COMPLETED' && v.result) {
        const cfg = v.job.config;
        const trades: Trade[] = v.result.trades;
        const picked = link.trade !== undefined ? trades[link.trade] : undefined;
        const symbol = link.symbol ?? picked?.symbol ?? (Array.isArray(cfg.symbols) ? String(cfg.symbols[0]) : undefined);
        const timeframe = link.timeframe ?? (isTimeframe(cfg.timeframe) ? cfg.timeframe : undefined);
        const series = findSeries(all, { exchange: link.exchange ?? String(cfg.exchange ?? ''), symbol, timeframe });
        if (!series) return { key: `missing:${location.search}`, series: undefined as never, opts: base };
        const st = strategyOfConfig(cfg as { strategy: string });
        const spec = st ? { name: st.name, params: st.params, ...(typeof cfg.script === 'string' ? { script: cfg.script } : {}) } : undefined;
        const opts: OpenOptions = {
          ...base,
          trades: { source: { kind: 'backtest', seq: v.seq, name: v.job.name }, trades: chartTradesOfSymbol(trades.map(backtestChartTrade), series.symbol), selected: picked ? link.trade! : null },
        };
        if (spec && link.strategy === undefined) opts.strategy = spec;
        if (picked && link.time === undefined) opts.at = picked.signalTime;
        return { key: location.search, series, opts };
      }
    }
    if (link.session !== undefined) {
      const found = session();
      if (found === undefined) return null;
      if (found === null) return { key: `missing:${location.search}`, series: undefined as never, opts: base };
      const trades = found.trades.map(paperChartTrade);
      const byIndex = link.trade !== undefined ? trades[link.trade] : undefined;
      const s = found.session;
      const series = findSeries(all, { exchange: link.exchange ?? s.exchange, symbol: link.symbol ?? byIndex?.symbol ?? s.symbols[0], timeframe: link.timeframe ?? s.timeframe });
      if (!series) return { key: `missing:${location.search}`, series: undefined as never, opts: base };
      const shown = chartTradesOfSymbol(trades, series.symbol);
      // Without an index, the link's time picks the trade its signal fired at (links from a trade list).
      const selected = byIndex ? link.trade! : link.time !== undefined ? (shown.find((e) => e.trade.signalTime === link.time)?.index ?? null) : null;
      const picked = selected === null ? undefined : trades[selected];
      const opts: OpenOptions = { ...base, trades: { source: { kind: 'session', id: s.id, name: s.name }, trades: shown, selected } };
      if (link.strategy === undefined) opts.strategy = { name: s.strategy, params: s.config };
      if (picked && link.time === undefined) opts.at = picked.signalTime;
      return { key: location.search, series, opts };
    }
    const byLink = findSeries(all, link);
    if (byLink) return { key: location.search, series: byLink, opts: base };
    if (link.symbol !== undefined) return { key: `missing:${location.search}`, series: undefined as never, opts: base };
    const r = store.remembered().series;
    const again = r ? all.find((s) => s.exchange === r.exchange && s.symbol === r.symbol && s.timeframe === r.timeframe) : undefined;
    return { key: 'default', series: again ?? all[0], opts: {} };
  });

  const missing = () => request()?.key.startsWith('missing:') ?? false;
  let opened = '';
  createEffect(() => {
    const r = request();
    if (!r || r.series === undefined || r.key === opened) return;
    opened = r.key;
    void store.open({ exchange: r.series.exchange, symbol: r.series.symbol, timeframe: r.series.timeframe }, r.opts);
  });
  // A paper session's trades stay current while its bot trades; the selection is kept.
  createEffect(() => {
    const r = request();
    const t = r?.opts.trades;
    if (!r || r.key !== opened || t?.source.kind !== 'session') return;
    const selected = untrack(store.trades)?.selected ?? t.selected;
    store.setTrades({ ...t, selected });
  });

  const onKey = (e: KeyboardEvent) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || !store.window()) return;
    if (e.key === ' ' || e.key === 'Spacebar') {
      e.preventDefault();
      store.togglePlay();
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      store.pause();
      store.stepBack();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      store.pause();
      store.stepForward();
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      store.faster();
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      store.slower();
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  const phase = () => store.phase();
  return (
    <section aria-labelledby="page-title" class="cl-page" data-testid="chart-page">
      <PageHeader title={section.title} subtitle="Candles, indicators, the strategy's signals and a bar-by-bar replay that never shows what came after." />
      <Show when={parsed().errors.length > 0}>
        <div class="card cl-link-errors" role="alert">
          <strong>Parts of this address were not understood:</strong>
          <ul>
            <For each={parsed().errors}>{(m) => <li>{m}</li>}</For>
          </ul>
        </div>
      </Show>
      <Show when={list() !== undefined} fallback={<p class="muted">Reading the stored series…</p>}>
        <Show when={list()!.length > 0} fallback={<EmptyState section={section} />}>
          <Show when={missing()}>
            <p class="card cl-error" role="alert" data-testid="chart-link-missing">
              No stored series matches this link ({parsed().link.symbol ?? 'no symbol'} {parsed().link.timeframe ?? ''}
              {parsed().link.backtest !== undefined ? `, backtest #${parsed().link.backtest}` : ''}
              {parsed().link.session !== undefined ? `, paper session ${session()?.session.name ?? parsed().link.session}` : ''}). Import or download it on Markets & Data, or pick a series below.
            </p>
          </Show>
          <ChartToolbar store={store} series={list()!} />
          <Show when={phase().state === 'opening' && phase()}>
            {(p) => {
              const op = p() as Extract<ReturnType<typeof phase>, { state: 'opening' }>;
              return <ProgressBar label={`Opening ${op.series.symbol} ${op.series.timeframe}`} progress={op.progress ?? { done: 0, total: 1, message: 'reading the candles' }} />;
            }}
          </Show>
          <Show when={phase().state === 'error' && phase()}>
            {(p) => (
              <p class="card cl-error" role="alert">
                The series could not be opened: {(p() as { message: string }).message}
              </p>
            )}
          </Show>
          <div class="cl-layout">
            <div class="cl-main">
              <ReplayBar store={store} />
              <OverlayControls store={store} />
              <CandleChart store={store} />
              <TradeStrip store={store} />
            </div>
            <ConditionPanel store={store} />
          </div>
        </Show>
      </Show>
    </section>
  );
}
