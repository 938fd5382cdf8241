import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import { formatAge } from '../../../app/exchange-text';
import {
  EXCHANGES,
  marketsFetchedAt,
  marketsRefresh,
  refreshMarkets,
  storedMarkets,
  toggleFavourite,
  type ExchangeId,
  type MarketRecord,
} from '../../../app/markets';
import { formatDateTime, formatInt } from '../../format';

/** Markets shown per page of the list. */
export const MARKETS_PAGE_SIZE = 50;

/** A clock for "updated 3 min ago" that ticks every 15 s while the component is shown. */
function useNow(): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(timer));
  return now;
}

function matches(m: MarketRecord, q: string): boolean {
  if (q === '') return true;
  const flat = q.replace('/', '');
  return m.symbol.toUpperCase().includes(q) || m.symbol.toUpperCase().replace('/', '').includes(flat) || m.base.toUpperCase() === q || m.quote.toUpperCase() === q;
}

/**
 * One exchange's spot markets as stored on this device: when they were fetched and a Refresh
 * button, a search box (symbol, base or quote), a favourites filter, and the list itself in pages
 * of {@link MARKETS_PAGE_SIZE} with a star to mark favourites.
 */
export function MarketList(props: { exchange: ExchangeId }) {
  const now = useNow();
  const [query, setQuery] = createSignal('');
  const [favOnly, setFavOnly] = createSignal(false);
  const [page, setPage] = createSignal(0);
  const name = () => EXCHANGES[props.exchange].name;
  const all = () => storedMarkets(props.exchange);
  const refresh = () => marketsRefresh(props.exchange);
  const fetchedAt = () => marketsFetchedAt(props.exchange);
  const filtered = createMemo(() => {
    const q = query().trim().toUpperCase();
    return (all() ?? []).filter((m) => (!favOnly() || m.favourite) && matches(m, q));
  });
  const pages = () => Math.max(1, Math.ceil(filtered().length / MARKETS_PAGE_SIZE));
  createEffect(on([query, favOnly, () => props.exchange], () => setPage(0)));
  createEffect(() => {
    if (page() >= pages()) setPage(pages() - 1);
  });
  const shown = () => filtered().slice(page() * MARKETS_PAGE_SIZE, (page() + 1) * MARKETS_PAGE_SIZE);
  const favourites = () => (all() ?? []).filter((m) => m.favourite).length;

  return (
    <div class="card" data-testid="market-list">
      <div class="row" style={{ 'justify-content': 'space-between' }}>
        <h2 style={{ margin: '0' }}>{name()} spot markets</h2>
        <div class="row">
          <span class="muted" data-testid="markets-age">
            <Show when={fetchedAt()} fallback={'not loaded yet'}>
              {(t) => (
                <span title={formatDateTime(t())}>
                  {formatInt((all() ?? []).length)} markets · updated {formatAge(t(), now())}
                </span>
              )}
            </Show>
          </span>
          <button type="button" class="btn primary" disabled={refresh().running} aria-busy={refresh().running} onClick={() => void refreshMarkets(props.exchange)}>
            {refresh().running ? 'Loading…' : fetchedAt() ? 'Refresh' : 'Load markets'}
          </button>
        </div>
      </div>
      <Show when={refresh().error}>
        {(m) => (
          <p role="alert" class="banner error" data-testid="markets-error">
            {m()}
          </p>
        )}
      </Show>
      <Show when={!refresh().error && refresh().result}>
        {(r) => (
          <p role="status" class="muted" data-testid="markets-result">
            {formatInt(r().count)} spot markets ({formatInt(r().active)} trading)
            {r().removed > 0 ? `; ${formatInt(r().removed)} no longer listed were removed` : ''}.
          </p>
        )}
      </Show>
      <Show
        when={(all() ?? []).length > 0}
        fallback={
          <p class="muted">
            <Show when={all() !== undefined} fallback={'Reading stored markets…'}>
              No {name()} markets stored yet. Load them to search symbols and pick favourites; they are kept on this device for offline use.
            </Show>
          </p>
        }
      >
        <div class="row" style={{ margin: '10px 0' }}>
          <label class="field" style={{ flex: '1 1 240px' }}>
            Search symbols
            <input type="search" placeholder="BTC, ETH/USDT, USDT…" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} data-testid="market-search" />
          </label>
          <label class="row" style={{ gap: '6px' }}>
            <input type="checkbox" checked={favOnly()} onChange={(e) => setFavOnly(e.currentTarget.checked)} data-testid="favourites-only" />
            Favourites only ({formatInt(favourites())})
          </label>
        </div>
        <div class="table-wrap">
          <table data-testid="market-table">
            <caption class="visually-hidden">{name()} spot markets</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Favourite</span>
                </th>
                <th scope="col">Symbol</th>
                <th scope="col">Base</th>
                <th scope="col">Quote</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              <For each={shown()} fallback={<tr><td colspan="5" class="muted">No market matches.</td></tr>}>
                {(m) => (
                  <tr data-symbol={m.symbol}>
                    <td>
                      <button
                        type="button"
                        class="star"
                        aria-pressed={m.favourite}
                        aria-label={`Favourite ${m.symbol}`}
                        title={m.favourite ? 'Remove from favourites' : 'Add to favourites'}
                        onClick={() => void toggleFavourite(m.exchange, m.symbol, !m.favourite)}
                      >
                        {m.favourite ? '★' : '☆'}
                      </button>
                    </td>
                    <td>
                      <strong>{m.symbol}</strong>
                    </td>
                    <td>{m.base}</td>
                    <td>{m.quote}</td>
                    <td>{m.active ? 'trading' : <span class="muted">inactive</span>}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <div class="row" style={{ 'margin-top': '8px', 'justify-content': 'space-between' }}>
          <span class="muted" data-testid="market-count">
            <Show when={filtered().length > 0} fallback={'0 markets'}>
              {formatInt(page() * MARKETS_PAGE_SIZE + 1)}–{formatInt(Math.min(filtered().length, (page() + 1) * MARKETS_PAGE_SIZE))} of {formatInt(filtered().length)}
            </Show>
          </span>
          <Show when={pages() > 1}>
            <div class="row">
              <button type="button" class="btn" disabled={page() === 0} onClick={() => setPage(page() - 1)}>
                Previous
              </button>
              <span class="muted">
                Page {page() + 1} of {pages()}
              </span>
              <button type="button" class="btn" disabled={page() >= pages() - 1} onClick={() => setPage(page() + 1)}>
                Next
              </button>
            </div>
          </Show>
        </div>
      </Show>
    </div>
  );
}
