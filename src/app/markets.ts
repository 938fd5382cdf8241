/**
 * The Markets page's state: the chosen exchange, each exchange's spot markets as stored in Dexie
 * (kept current across tabs and workers), refreshing them through the data worker, favourites and
 * the per-exchange CORS proxy setting.
 */
import { createRoot, createSignal, from, type Accessor } from 'solid-js';
import { getSetting, listMarkets, observeQuery, setFavourite, setSetting, type MarketRecord } from '../data';
import {
  DEFAULT_EXCHANGE,
  EXCHANGE_IDS,
  EXCHANGES,
  isExchangeId,
  normalizeProxyUrl,
  PROXY_WARNING,
  requireExchangeId,
  type ExchangeId,
  type ExchangeInfo,
} from '../data/exchange/exchanges';
import { isWorkerTaskError } from '../../workers/bridge';
import { dataWorker } from './worker-pools';
import { database, reportWriteError } from './db-service';
import { explainError } from './exchange-text';

export { DEFAULT_EXCHANGE, EXCHANGE_IDS, EXCHANGES, PROXY_WARNING, isExchangeId };
export type { ExchangeId, ExchangeInfo, MarketRecord };

const EXCHANGE_KEY = 'candlelab.exchange';

function savedExchange(): ExchangeId {
  try {
    const v = globalThis.localStorage?.getItem(EXCHANGE_KEY);
    return isExchangeId(v) ? v : DEFAULT_EXCHANGE;
  } catch {
    return DEFAULT_EXCHANGE;
  }
}

const [exchange, setExchangeSignal] = createSignal<ExchangeId>(savedExchange());

/** The exchange the Markets & Data pages work with (Binance until another is chosen; remembered). */
export const selectedExchange: Accessor<ExchangeId> = exchange;

/** Chooses the exchange the pages work with. */
export function selectExchange(id: ExchangeId): void {
  requireExchangeId('exchange', id);
  setExchangeSignal(id);
  try {
    globalThis.localStorage?.setItem(EXCHANGE_KEY, id);
  } catch {
    // Not remembered across visits; still chosen now.
  }
}

const lists = new Map<ExchangeId, Accessor<MarketRecord[] | undefined>>();

/** The stored spot markets of `id`, sorted by symbol; undefined while first read. */
export function storedMarkets(id: ExchangeId): MarketRecord[] | undefined {
  let list = lists.get(id);
  if (!list) {
    list = createRoot(() => from(observeQuery(() => listMarkets(database(), id))));
    lists.set(id, list);
  }
  return list();
}

const tickMaps = new WeakMap<readonly MarketRecord[], Map<string, number | null>>();

/**
 * The price tick size of a stored market (`pricePrecision`: binance, coinbase and okx report a tick
 * size through ccxt), null when the exchange is not one of ours, its markets are not stored or the
 * exchange did not say. Reactive: updates when the market list does.
 */
export function marketTickSize(exchange: string, symbol: string): number | null {
  if (!isExchangeId(exchange)) return null;
  const list = storedMarkets(exchange);
  if (!list) return null;
  let ticks = tickMaps.get(list);
  if (!ticks) {
    ticks = new Map(list.map((m) => [m.symbol, m.pricePrecision]));
    tickMaps.set(list, ticks);
  }
  return ticks.get(symbol) ?? null;
}

/** When `id`'s stored market list was fetched (UTC ms), null when none is stored. */
export function marketsFetchedAt(id: ExchangeId): number | null {
  const list = storedMarkets(id) ?? [];
  let t: number | null = null;
  for (const m of list) if (t === null || m.fetchedAt > t) t = m.fetchedAt;
  return t;
}

/** State of a market refresh of one exchange. */
export interface MarketsRefreshState {
  running: boolean;
  /** A plain sentence when the last refresh failed. */
  error: string | null;
  /** Code of the failure (`EXCHANGE_*`), null when none. */
  errorCode: string | null;
  /** Summary of the last successful refresh. */
  result: { count: number; active: number; removed: number; fetchedAt: number } | null;
}

const idleRefresh: MarketsRefreshState = { running: false, error: null, errorCode: null, result: null };
const [refreshes, setRefreshes] = createSignal<Partial<Record<ExchangeId, MarketsRefreshState>>>({});

/** The refresh state of `id`. */
export function marketsRefresh(id: ExchangeId): MarketsRefreshState {
  return refreshes()[id] ?? idleRefresh;
}

function setRefresh(id: ExchangeId, s: MarketsRefreshState): void {
  setRefreshes((m) => ({ ...m, [id]: s }));
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function codeOf(e: unknown): string | null {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : null;
}

/**
 * Fetches `id`'s spot markets in the data worker and stores them (favourites kept). Always asks
 * the exchange again (ccxt `reload`), so a list that failed to load is never served from a cache.
 * Failures end in {@link marketsRefresh} as a plain sentence.
 */
export async function refreshMarkets(id: ExchangeId): Promise<void> {
  if (marketsRefresh(id).running) return;
  setRefresh(id, { ...marketsRefresh(id), running: true, error: null, errorCode: null });
  try {
    const r = await dataWorker().run('loadMarkets', { exchange: id, reload: true });
    setRefresh(id, { running: false, error: null, errorCode: null, result: { count: r.count, active: r.active, removed: r.removed, fetchedAt: r.fetchedAt } });
  } catch (e) {
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
    const code = codeOf(e);
    setRefresh(id, { running: false, error: `The market list was not refreshed. ${explainError(code, messageOf(e), { exchange: id })}`, errorCode: code, result: marketsRefresh(id).result });
  }
}

/** Marks or unmarks a stored market as a favourite. */
export async function toggleFavourite(id: string, symbol: string, favourite: boolean): Promise<void> {
  try {
    await setFavourite(database(), id, symbol, favourite);
  } catch (e) {
    reportWriteError(e);
  }
}

let proxies: Accessor<Record<string, string> | undefined> | undefined;

/** The saved CORS proxy URL prefix of each exchange (empty object while first read). */
export function exchangeProxies(): Record<string, string> {
  proxies ??= createRoot(() => from(observeQuery(() => getSetting(database(), 'exchangeProxies'))));
  return proxies() ?? {};
}

/**
 * Saves the CORS proxy URL prefix of an exchange (ccxt `proxyUrl`); an empty value removes it.
 * Throws a RangeError naming the field when the value is not an http(s) URL.
 */
export async function saveProxyUrl(id: ExchangeId, url: string): Promise<void> {
  const value = normalizeProxyUrl(`${EXCHANGES[id].name} proxy URL`, url.trim());
  const current = await getSetting(database(), 'exchangeProxies');
  const next = { ...current };
  if (value === null) delete next[id];
  else next[id] = value;
  try {
    await setSetting(database(), 'exchangeProxies', next);
  } catch (e) {
    reportWriteError(e);
    throw e;
  }
}
