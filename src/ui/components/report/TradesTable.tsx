import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import { DIRECTION_CODES, type TradeColumns } from '../../../core/backtest/trade-columns';
import { EXIT_REASONS } from '../../../core/backtest/trade';
import { formatValue } from '../../../core/metrics';
import { formatDateTime, formatInt, formatPrice } from '../../format';
import { confidenceText, NO_FILTER, TRADE_ROW_HEIGHT, tradeOrder, type TradeFilter, type TradeSortKey } from './model';
import './report.css';

/** Rows rendered beyond the visible ones on each side. */
const OVERSCAN = 10;

/** What a cell needs to know beyond its trade: the bar length and each symbol's price tick. */
interface CellContext {
  barMs: number;
  tick: (symbol: string) => number | null;
}

/** A sort button of a column's header: the key it sorts by and its label. */
interface Sort {
  key: TradeSortKey;
  label: string;
}

interface Column {
  /** `data-col` of the column's cells. */
  id: string;
  sorts: readonly Sort[];
  num?: boolean;
  /** Shown only when the result holds several symbols. */
  multiSymbol?: boolean;
  /** One line, or two stacked (time over price, money over percent). */
  cell: (c: TradeColumns, i: number, ctx: CellContext) => string | readonly [field: string, text: string][];
}

const time = (t: number) => formatDateTime(t).replace(' UTC', '');

const COLUMNS: readonly Column[] = [
  { id: 'index', sorts: [{ key: 'index', label: '#' }], num: true, cell: (_c, i) => formatInt(i + 1) },
  { id: 'symbol', sorts: [{ key: 'symbol', label: 'Symbol' }], multiSymbol: true, cell: (c, i) => c.symbols[c.symbol[i]] },
  { id: 'direction', sorts: [{ key: 'direction', label: 'Side' }], cell: (c, i) => DIRECTION_CODES[c.direction[i]] },
  {
    id: 'entry',
    sorts: [{ key: 'entryTime', label: 'Entry (UTC)' }, { key: 'entryPrice', label: 'price' }],
    cell: (c, i, ctx) => [['entryTime', time(c.entryTime[i])], ['entryPrice', formatPrice(c.entryPrice[i], ctx.tick(c.symbols[c.symbol[i]]))]],
  },
  {
    id: 'exit',
    sorts: [{ key: 'exitTime', label: 'Exit (UTC)' }, { key: 'exitPrice', label: 'price' }],
    cell: (c, i, ctx) => [['exitTime', time(c.exitTime[i])], ['exitPrice', formatPrice(c.exitPrice[i], ctx.tick(c.symbols[c.symbol[i]]))]],
  },
  { id: 'duration', sorts: [{ key: 'duration', label: 'Held' }], num: true, cell: (c, i, ctx) => formatValue('duration', c.exitTime[i] - c.entryTime[i], { barMs: ctx.barMs }) },
  { id: 'quantity', sorts: [{ key: 'quantity', label: 'Quantity' }], num: true, cell: (c, i) => formatPrice(c.quantity[i]) },
  { id: 'fees', sorts: [{ key: 'fees', label: 'Fees' }], num: true, cell: (c, i) => formatValue('money', c.fees[i]) },
  {
    id: 'pnl',
    sorts: [{ key: 'pnl', label: 'P&L' }, { key: 'pnlPct', label: '%' }],
    num: true,
    cell: (c, i) => [['pnl', formatValue('money', c.pnl[i])], ['pnlPct', formatValue('pct', c.pnlPct[i])]],
  },
  { id: 'exitReason', sorts: [{ key: 'exitReason', label: 'Exit' }], cell: (c, i) => EXIT_REASONS[c.exitReason[i]] },
  { id: 'confidence', sorts: [{ key: 'confidence', label: 'Confidence' }], cell: (c, i) => confidenceText(c.confidence[i]) },
];

/**
 * The trades of a result in a scrolling table that renders only the rows in view (and a few
 * around), so 10,000 trades cost what 40 do. Sortable by any column (click or Enter on its
 * header), filtered by direction, symbol and exit reason. Clicking a row, or Enter / Space on a
 * focused row, selects the trade (`onSelect` with its index); Arrow keys, Page Up / Down, Home and
 * End move between rows. A trade selected elsewhere is scrolled into view. Rows carry
 * `data-trade-index`; the selected one is `aria-selected`.
 */
/** A cell's one line, or its two lines stacked, each marked with the field it shows. */
function cellContent(v: string | readonly [string, string][]) {
  if (typeof v === 'string') return v;
  return (
    <For each={v}>
      {([field, text]) => (
        <span class="cell-line" data-field={field}>
          {text}
        </span>
      )}
    </For>
  );
}

export function TradesTable(props: {
  trades: TradeColumns;
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
  // Key and direction in one signal: a click sorts the trades once.
  const [sort, setSort] = createSignal<{ key: TradeSortKey; dir: 1 | -1 }>({ key: 'index', dir: 1 });
  const sortKey = () => sort().key;
  const sortDir = () => sort().dir;
  const [filter, setFilter] = createSignal<TradeFilter>(NO_FILTER);
  let scroller!: HTMLDivElement;

  const reasons = createMemo(() => {
    const seen = new Set<number>();
    for (let i = 0; i < props.trades.length; i++) seen.add(props.trades.exitReason[i]);
    return EXIT_REASONS.filter((_, k) => seen.has(k));
  });
  const order = createMemo(() => tradeOrder(props.trades, filter(), sortKey(), sortDir()));
  const columns = createMemo(() => COLUMNS.filter((c) => !c.multiSymbol || props.trades.symbols.length > 1));
  const rows = createVirtualizer({
    get count() {
      return order().length;
    },
    getScrollElement: () => scroller,
    estimateSize: () => TRADE_ROW_HEIGHT,
    overscan: OVERSCAN,
    initialRect: { width: 1200, height: 560 },
  });
  const items = () => rows.getVirtualItems();
  const padTop = () => (items().length > 0 ? items()[0].start : 0);
  const padBottom = () => (items().length > 0 ? rows.getTotalSize() - items()[items().length - 1].end : 0);

  const focusRow = (pos: number) => {
    const n = order().length;
    if (n === 0) return;
    const p = Math.max(0, Math.min(n - 1, pos));
    rows.scrollToIndex(p, { align: 'auto' });
    requestAnimationFrame(() => scroller.querySelector<HTMLElement>(`tr[data-pos="${p}"]`)?.focus({ preventScroll: true }));
  };

  // A trade selected elsewhere (the chart) is brought into view.
  createEffect(
    on(
      () => props.selected,
      (sel) => {
        if (sel === null) return;
        const pos = order().indexOf(sel);
        if (pos >= 0) rows.scrollToIndex(pos, { align: 'center' });
      },
      { defer: true },
    ),
  );

  const sortBy = (key: TradeSortKey) => {
    setSort((s) => (s.key === key ? { key, dir: s.dir === 1 ? -1 : 1 } : { key, dir: key === 'pnl' || key === 'pnlPct' || key === 'confidence' ? -1 : 1 }));
    scroller.scrollTop = 0;
  };
  const setFilterField = (field: keyof TradeFilter, value: string) => {
    setFilter((f) => ({ ...f, [field]: value }));
    scroller.scrollTop = 0;
  };
  const ariaSort = (sorts: readonly Sort[]) =>
    !sorts.some((x) => x.key === sortKey()) ? 'none' : sortDir() === 1 ? 'ascending' : 'descending';
  const onRowKey = (e: KeyboardEvent, pos: number, index: number) => {
    const page = Math.max(1, Math.floor(scroller.clientHeight / TRADE_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: pos + 1, ArrowUp: pos - 1, PageDown: pos + page, PageUp: pos - page, Home: 0, End: order().length - 1 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      props.onSelect(index);
    } else if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]);
    }
  };

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
            <For each={props.trades.symbols}>{(s) => <option value={s}>{s}</option>}</For>
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
      <div class="table-wrap trades-scroll" ref={scroller} data-testid="trades-scroll">
        <table class="trades" data-testid="trades-table" aria-rowcount={order().length + 1}>
          <caption class="visually-hidden">Trades; select a row to show the trade on the price chart. Arrow keys move between rows.</caption>
          <thead>
            <tr aria-rowindex="1">
              <For each={columns()}>
                {(c) => (
                  <th scope="col" class={c.num ? 'num' : undefined} aria-sort={ariaSort(c.sorts)}>
                    <For each={c.sorts}>
                      {(sort, k) => (
                        <button type="button" class={k() === 0 ? 'sort' : 'sort sort-sub'} data-sort={sort.key} onClick={() => sortBy(sort.key)}>
                          {sort.label}
                          <span aria-hidden="true">{sortKey() === sort.key ? (sortDir() === 1 ? ' ▲' : ' ▼') : ''}</span>
                        </button>
                      )}
                    </For>
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <Show when={padTop() > 0}>
              <tr class="trades-pad" aria-hidden="true" style={{ height: `${padTop()}px` }} />
            </Show>
            <For each={items()}>
              {(item) => {
                const pos = () => item.index;
                const i = () => order()[pos()];
                const tone = () => (props.trades.pnl[i()] > 0 ? ' pnl-up' : props.trades.pnl[i()] < 0 ? ' pnl-down' : '');
                return (
                  <Show when={i() !== undefined}>
                    <tr
                      tabindex="0"
                      data-trade-index={i()}
                      data-pos={pos()}
                      aria-rowindex={pos() + 2}
                      aria-selected={props.selected === i()}
                      onClick={() => props.onSelect(i())}
                      onKeyDown={(e) => onRowKey(e, pos(), i())}
                    >
                      <For each={columns()}>
                        {(c) => (
                          <td class={`${c.num ? 'num' : ''}${c.id === 'pnl' ? tone() : ''}`} data-col={c.id}>
                            {cellContent(c.cell(props.trades, i(), ctx))}
                          </td>
                        )}
                      </For>
                    </tr>
                  </Show>
                );
              }}
            </For>
            <Show when={padBottom() > 0}>
              <tr class="trades-pad" aria-hidden="true" style={{ height: `${padBottom()}px` }} />
            </Show>
          </tbody>
        </table>
        <Show when={order().length === 0}>
          <p class="muted" style={{ padding: '8px 12px' }}>
            No trade matches these filters.
          </p>
        </Show>
      </div>
    </div>
  );
}
