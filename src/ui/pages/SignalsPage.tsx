import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { CONFIDENCE_LEVELS, DIRECTIONS, SIGNAL_PAGE_SIZE, SIGNAL_STATUSES, signalStream, signalSymbols, type SignalFilter, type SignalRecord } from '../../app/live-signals';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { LiveSourcePanel } from '../components/signals/LiveSourcePanel';
import { ColumnHeaders, SignalDetail } from '../components/signals/SignalDetail';
import { formatDateTime, formatInt, formatLevel, formatPercent, formatPrice } from '../format';
import '../components/signals/signals.css';

type FilterKey = 'symbol' | 'direction' | 'level' | 'status';

/** Column headers of the stream, and whether each holds numbers. */
const HEADERS: ReadonlyArray<readonly [string, boolean]> = [
  ['Time (bar open)', false],
  ['Symbol', false],
  ['Direction', false],
  ['Confidence', true],
  ['Price', true],
  ['Stop', true],
  ['Target', true],
  ['Status', false],
];

/** The live signal stream and its history: newest first, filters, paging, and each signal's reasons. */
export default function SignalsPage() {
  const section = sectionByPath('/signals');
  const [filter, setFilter] = createSignal<SignalFilter>({});
  const [page, setPage] = createSignal(0);
  const [open, setOpen] = createSignal<string | null>(null);
  const stream = signalStream(filter, page);
  const pages = createMemo(() => Math.max(1, Math.ceil((stream()?.total ?? 0) / SIGNAL_PAGE_SIZE)));
  createEffect(on(filter, () => setPage(0), { defer: true }));
  // Past the last page (signals filtered away): back to the last one.
  createEffect(() => {
    if (stream() !== undefined && page() > pages() - 1) setPage(pages() - 1);
  });

  const setField = (key: FilterKey, value: string) => {
    setFilter((f) => {
      const next: Record<string, string | undefined> = { ...f };
      next[key] = value === '' ? undefined : value;
      return next as SignalFilter;
    });
  };
  const filtered = () => Object.values(filter()).some((v) => v !== undefined);

  const select = (key: FilterKey, label: string, options: readonly string[], text: (o: string) => string = (o) => o) => (
    <label class="signal-filter">
      <span>{label}</span>
      <select value={(filter()[key] as string | undefined) ?? ''} onChange={(e) => setField(key, e.currentTarget.value)} data-testid={`filter-${key}`}>
        <option value="">All</option>
        <For each={options}>{(o) => <option value={o}>{text(o)}</option>}</For>
      </select>
    </label>
  );

  const toggle = (s: SignalRecord) => setOpen(open() === s.id ? null : s.id);

  return (
    <section aria-labelledby="page-title" class="signals-page">
      <PageHeader title={section.title} subtitle={section.holds} />
      <LiveSourcePanel />

      <h2>Stream</h2>
      <div class="row signal-toolbar">
        <div class="signal-filters" role="group" aria-label="Filter signals">
          {select('symbol', 'Symbol', signalSymbols() ?? [])}
          {select('direction', 'Direction', DIRECTIONS, (d) => (d === 'LONG' ? 'LONG (bullish)' : 'SHORT (bearish)'))}
          {select('level', 'Confidence', CONFIDENCE_LEVELS, (l) => l.replace('_', ' '))}
          {select('status', 'Status', SIGNAL_STATUSES)}
          <Show when={filtered()}>
            <button type="button" class="btn" onClick={() => setFilter({})}>
              Clear filters
            </button>
          </Show>
        </div>
        <p class="signal-counts" data-testid="signal-counts" aria-live="polite">
          <strong class="num">{formatInt(stream()?.total ?? 0)}</strong> signals{filtered() ? ' match' : ''} ·{' '}
          <span class="up num">▲ {formatInt(stream()?.long ?? 0)} bullish</span> · <span class="down num">▼ {formatInt(stream()?.short ?? 0)} bearish</span>
        </p>
      </div>

      <Show
        when={(stream()?.total ?? 0) > 0}
        fallback={
          <Show
            when={filtered()}
            fallback={
              <EmptyState section={section}>
                <p>{stream() === undefined ? 'Reading signals…' : 'With the demo market stored, press Play on the demo clock above; or follow exchange series from Settings.'}</p>
              </EmptyState>
            }
          >
            <div class="empty" data-testid="signals-empty">
              <p>No signal matches these filters.</p>
            </div>
          </Show>
        }
      >
        <div class="table-wrap">
          <table class="signal-table" data-testid="signal-table">
            <caption class="visually-hidden">Signals, newest first; select a row for its reasons</caption>
            <thead>
              <ColumnHeaders columns={HEADERS} />
            </thead>
            <tbody>
              <For each={stream()?.items ?? []}>
                {(s) => (
                  <>
                    <tr
                      class="signal-row"
                      classList={{ open: open() === s.id }}
                      tabindex="0"
                      aria-expanded={open() === s.id}
                      data-signal={s.id}
                      onClick={() => toggle(s)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          toggle(s);
                        }
                      }}
                    >
                      <td data-label="Time" class="num">
                        {formatDateTime(s.time)}
                      </td>
                      <td data-label="Symbol">
                        {s.symbol} <span class="muted">{s.timeframe}</span>
                      </td>
                      <td data-label="Direction" classList={{ up: s.direction === 'LONG', down: s.direction === 'SHORT' }}>
                        {s.direction === 'LONG' ? '▲ LONG' : '▼ SHORT'}
                      </td>
                      <td data-label="Confidence" class="num">
                        {formatPercent(s.confidence, 0)} <span class="muted">{s.level.replace('_', ' ')}</span>
                      </td>
                      <td data-label="Price" class="num">
                        {formatPrice(s.price)}
                      </td>
                      <td data-label="Stop" class="num">
                        {formatLevel(s.stopPrice)}
                      </td>
                      <td data-label="Target" class="num">
                        {formatLevel(s.targetPrice)}
                      </td>
                      <td data-label="Status" title={`${s.strategy}${s.preset ? ` · preset ${s.preset}` : ''}`}>
                        <span class={`status status-${s.status.toLowerCase()}`}>{s.status}</span>
                      </td>
                    </tr>
                    <Show when={open() === s.id}>
                      <tr class="signal-detail-row">
                        <td colSpan={HEADERS.length}>
                          <SignalDetail signal={s} />
                        </td>
                      </tr>
                    </Show>
                  </>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <nav class="row signal-pager" aria-label="Signal pages">
          <button type="button" class="btn" disabled={page() === 0} onClick={() => setPage(page() - 1)}>
            ← Newer
          </button>
          <span class="num" data-testid="signal-page">
            Page {formatInt(page() + 1)} of {formatInt(pages())}
          </span>
          <button type="button" class="btn" disabled={page() >= pages() - 1} onClick={() => setPage(page() + 1)}>
            Older →
          </button>
        </nav>
      </Show>
    </section>
  );
}
