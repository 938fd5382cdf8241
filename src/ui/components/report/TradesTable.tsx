import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import type { Trade } from '../../../core/backtest/trade';
import { formatValue } from '../../../core/metrics';
import { formatDateTime, formatInt, formatPrice } from '../../format';
import { confidenceText, distinct, NO_FILTER, pageOf, pageOfTrade, tradeOrder, TRADES_PAGE_SIZE, type TradeFilter, type TradeSortKey } from './model';
import './report.css';

/** What a cell needs to know beyond its trade: the bar length and each symbol's price tick. */
interface CellContext {
  barMs: number;
  tick: (symbol: string) => number | null;
}

interface Column {
  key: TradeSortKey;
  label: string;
  num?: boolean;
  cell: (t: Trade, i: number, ctx: CellContext) => string;
}

const COLUMNS: readonly Column[] = [
  { key: 'index', label: '#', num: true, cell: (_t, i) => String(i + 1) },
  { key: 'symbol', label: 'Symbol', cell: (t) => t.symbol },
  { key: 'direction', label: 'Direction', cell: (t) => t.direction },
  { key: 'entryTime', label: 'Entry (UTC)', cell: (t) => formatDateTime(t.entryTime).replace(' UTC', '') },
  { key: 'entryPrice', label: 'Entry price', num: true, cell: (t, _i, ctx) => formatPrice(t.entryPrice, ctx.tick(t.symbol)) },
  { key: 'exitTime', label: 'Exit (UTC)', cell: (t) => formatDateTime(t.exitTime).replace(' UTC', '') },
  { key: 'exitPrice', label: 'Exit price', num: true, cell: (t, _i, ctx) => formatPrice(t.exitPrice, ctx.tick(t.symbol)) },
  { key: 'duration', label: 'Duration', num: true, cell: (t, _i, ctx) => formatValue('duration', t.exitTime - t.entryTime, { barMs: ctx.barMs }) },
  { key: 'quantity', label: 'Quantity', num: true, cell: (t) => formatPrice(t.quantity) },
  { key: 'fees', label: 'Fees', num: true, cell: (t) => formatValue('money', t.fees) },
  { key: 'pnl', label: 'P&L', num: true, cell: (t) => formatValue('money', t.pnl) },
  { key: 'pnlPct', label: 'P&L %', num: true, cell: (t) => formatValue('pct', t.pnlPct) },
  { key: 'exitReason', label: 'Exit reason', cell: (t) => t.exitReason },
  { key: 'confidence', label: 'Confidence', cell: (t) => confidenceText(t.confidence) },
];

/**
 * The trades of a result: sortable by any column (click or Enter on its header), filtered by
 * direction, symbol and exit reason, 25 per page with a pager. Clicking a row, or Enter / Space on
 * a focused row, selects the trade (`onSelect` with its index in `trades`). Rows carry
 * `data-trade-index`; the selected one is `aria-selected`.
 */
export function TradesTable(props: {
  trades: readonly Trade[];
  selected: number | null;
  onSelect: (index: number) => void;
  /** Bar length of the run (durations under one bar read "same bar"); 0 when unknown. */
  barMs?: number;
  /** A symbol's price tick size, null when unknown (prices then show 8 significant digits). */
  tickSize?: (symbol: string) => number | null;
}) {
  const ctx: CellContext = {
    get barMs() {
      return props.barMs ?? 0;
    },
    tick: (s) => props.tickSize?.(s) ?? null,
  };
  const [sortKey, setSortKey] = createSignal<TradeSortKey>('index');
  const [sortDir, setSortDir] = createSignal<1 | -1>(1);
  const [filter, setFilter] = createSignal<TradeFilter>(NO_FILTER);
  const [page, setPage] = createSignal(0);

  const symbols = createMemo(() => distinct(props.trades, 'symbol'));
  const reasons = createMemo(() => distinct(props.trades, 'exitReason'));
  const order = createMemo(() => tradeOrder(props.trades, filter(), sortKey(), sortDir()));
  const view = createMemo(() => pageOf(order(), page()));

  // A trade selected elsewhere (the chart) is brought into view when it is on another page.
  createEffect(
    on(
      () => props.selected,
      (sel) => {
        if (sel === null) return;
        const p = pageOfTrade(order(), sel);
        if (p >= 0 && p !== view().page) setPage(p);
      },
      { defer: true },
    ),
  );

  const sortBy = (key: TradeSortKey) => {
    if (sortKey() === key) setSortDir((d) => (d === 1 ? -1 : 1));
    else {
      setSortKey(key);
      setSortDir(key === 'pnl' || key === 'pnlPct' || key === 'confidence' ? -1 : 1);
    }
    setPage(0);
  };
  const setFilterField = (field: keyof TradeFilter, value: string) => {
    setFilter((f) => ({ ...f, [field]: value }));
    setPage(0);
  };
  const ariaSort = (key: TradeSortKey) => (sortKey() !== key ? 'none' : sortDir() === 1 ? 'ascending' : 'descending');

  return (
    <div data-testid="trades">
      <div class="trades-controls" role="group" aria-label="Filter trades">
        <label>
          Direction
          <select data-testid="filter-direction" value={filter().direction} onChange={(e) => setFilterField('direction', e.currentTarget.value)}>
            <option value="">All</option>
            <option value="LONG">Long</option>
            <option value="SHORT">Short</option>
          </select>
        </label>
        <label>
          Symbol
          <select data-testid="filter-symbol" value={filter().symbol} onChange={(e) => setFilterField('symbol', e.currentTarget.value)}>
            <option value="">All</option>
            <For each={symbols()}>{(s) => <option value={s}>{s}</option>}</For>
          </select>
        </label>
        <label>
          Exit reason
          <select data-testid="filter-exit-reason" value={filter().exitReason} onChange={(e) => setFilterField('exitReason', e.currentTarget.value)}>
            <option value="">All</option>
            <For each={reasons()}>{(r) => <option value={r}>{r}</option>}</For>
          </select>
        </label>
        <span class="muted" aria-live="polite" data-testid="trades-count">
          {formatInt(order().length)} of {formatInt(props.trades.length)} trades
        </span>
      </div>
      <div class="table-wrap">
        <table class="trades" data-testid="trades-table">
          <caption class="visually-hidden">Trades; select a row to show the trade on the price chart</caption>
          <thead>
            <tr>
              <For each={COLUMNS}>
                {(c) => (
                  <th scope="col" class={c.num ? 'num' : undefined} aria-sort={ariaSort(c.key)}>
                    <button type="button" class="sort" data-sort={c.key} onClick={() => sortBy(c.key)}>
                      {c.label}
                      <span aria-hidden="true">{sortKey() === c.key ? (sortDir() === 1 ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={view().rows}>
              {(i) => {
                const t = () => props.trades[i];
                const select = () => props.onSelect(i);
                return (
                  <tr
                    tabindex="0"
                    data-trade-index={i}
                    aria-selected={props.selected === i}
                    onClick={select}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        select();
                      }
                    }}
                  >
                    <For each={COLUMNS}>
                      {(c) => (
                        <td class={`${c.num ? 'num' : ''}${c.key === 'pnl' || c.key === 'pnlPct' ? (t().pnl > 0 ? ' pnl-up' : t().pnl < 0 ? ' pnl-down' : '') : ''}`} data-col={c.key}>
                          {c.cell(t(), i, ctx)}
                        </td>
                      )}
                    </For>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
        <Show when={order().length === 0}>
          <p class="muted" style={{ padding: '8px 12px' }}>
            No trade matches these filters.
          </p>
        </Show>
      </div>
      <nav class="pager" aria-label="Trade pages" data-testid="trades-pager">
        <button type="button" class="btn" onClick={() => setPage(0)} disabled={view().page === 0}>
          First
        </button>
        <button type="button" class="btn" onClick={() => setPage(view().page - 1)} disabled={view().page === 0}>
          Previous
        </button>
        <span data-testid="trades-page" aria-live="polite">
          Page {view().page + 1} of {view().pages}
        </span>
        <button type="button" class="btn" onClick={() => setPage(view().page + 1)} disabled={view().page >= view().pages - 1}>
          Next
        </button>
        <button type="button" class="btn" onClick={() => setPage(view().pages - 1)} disabled={view().page >= view().pages - 1}>
          Last
        </button>
        <span class="muted">{TRADES_PAGE_SIZE} per page</span>
      </nav>
    </div>
  );
}
