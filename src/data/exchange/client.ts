/**
 * The ccxt adapter: one {@link ExchangeClient} per exchange (and proxy), created lazily. ccxt itself
 * is loaded with a dynamic import the first time a client is created, so it is never part of a
 * bundle that does not talk to an exchange.
 *
 * Every request goes through ccxt's rate limiter (`enableRateLimit`) and {@link withRetry}: network
 * errors, rate limits (honouring Retry-After), 5xx, timeouts and malformed responses are retried
 * with bounded exponential backoff and jitter; unknown symbols, bad requests and authentication
 * errors fail at once. Failures reach the caller as {@link ExchangeApiError}s.
 */
import type { Exchange, Market, OHLCV } from 'ccxt';
import type { Timeframe } from '../../core/candles/timeframe';
import type { CandleColumns } from '../../core/candles/types';
import type { MarketInput } from '../repos/markets';
import type { ExchangeClass } from './ccxt-pro';
import { ExchangeApiError, toExchangeError } from './errors';
import { EXCHANGES, normalizeProxyUrl, requireExchangeId, type ExchangeId, type ExchangeInfo } from './exchanges';
import { toMarketInputs } from './markets';
import { raceAbort, retryPolicy, withRetry, type RetryInfo, type RetryPolicy } from './retry';

export interface ExchangeClientOptions {
  /** CORS proxy URL prefix (ccxt `proxyUrl`): requests go to `proxyUrl + realUrl`. */
  proxyUrl?: string | null;
  /** Per-request timeout in ms (ccxt `timeout`, default 10 000). */
  timeoutMs?: number;
  /** Minimum spacing of requests in ms (ccxt `rateLimit`; default: ccxt's value for the exchange). */
  rateLimitMs?: number;
  /** Retry policy overrides (attempts, delays, random source, sleep). */
  retry?: Partial<RetryPolicy>;
  /** Use ccxt's WebSocket classes for live candles where they load (default true; never with a proxy). */
  websocket?: boolean;
  /** Clock used to stamp fetched markets (default `Date.now`). */
  now?: () => number;
}

/** Options of one call. */
export interface RequestOptions {
  /** Abandons the call (and its retries) with an `AbortError`. */
  signal?: AbortSignal;
  /** Told before each wait between attempts. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * One page of candles as the exchange sent them (ascending, as ccxt sorts them), in columns, not
 * yet cleaned: it may hold the still-forming candle. Feed it to `cleanCandles`.
 */
export interface CandlePage {
  rows: CandleColumns;
  count: number;
}

const BAD_RESPONSE = 'BadResponse';

function badResponse(message: string): Error {
  const e = new Error(message);
  e.name = BAD_RESPONSE;
  return e;
}

/** Retry-After as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(v: unknown, now: number): number | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.max(0, t - now) : null;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function numberOrNaN(v: unknown): number {
  return typeof v === 'number' ? v : NaN;
}

/** Columns from ccxt OHLCV rows, checking their shape (a row that is not six values is a BadResponse). */
function toColumns(ohlcv: unknown): CandleColumns {
  if (!Array.isArray(ohlcv)) throw badResponse(`expected a list of candles, got ${typeof ohlcv}`);
  const n = ohlcv.length;
  const c: CandleColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = ohlcv[i] as OHLCV | undefined;
    if (!Array.isArray(r) || r.length < 6) {
      throw badResponse(`candle ${i}: ${JSON.stringify(r)?.slice(0, 120)} is not [time, open, high, low, close, volume]`);
    }
    // A value that is not a number (the exchange sent "NaN" or garbage) stays NaN: candle hygiene
    // rejects the row and the caller reports it.
    c.time[i] = numberOrNaN(r[0]);
    c.open[i] = numberOrNaN(r[1]);
    c.high[i] = numberOrNaN(r[2]);
    c.low[i] = numberOrNaN(r[3]);
    c.close[i] = numberOrNaN(r[4]);
    c.volume[i] = numberOrNaN(r[5]);
  }
  return c;
}

/** URL paths whose successful answer must be a JSON list (checked before ccxt parses it). */
const LIST_ENDPOINTS: Partial<Record<ExchangeId, RegExp>> = {
  binance: /\/api\/v3\/(klines|uiKlines)\b/,
};

type Patchable = Exchange & {
  onRestResponse: (status: number, statusText: string, url: string, method: string, headers: Record<string, string>, body: string, ...rest: unknown[]) => string;
  parseOHLCVs: (ohlcvs: unknown, ...rest: unknown[]) => OHLCV[];
  parseOHLCV: (ohlcv: unknown, market?: unknown) => OHLCV;
};

/**
 * Makes a ccxt instance strict about what it receives, so a garbled answer is an error (and
 * retried) rather than an empty page that would look like "no candles there":
 * - HTTP 429/418 fail as RateLimitExceeded/DDoSProtection carrying Retry-After;
 * - a 2xx body that is not JSON, or (binance klines) not a JSON list, fails as BadResponse;
 * - candles that are not six values with a readable open time fail as BadResponse (a single
 *   unreadable price is passed on as NaN, for candle hygiene to reject and report).
 */
function harden(ex: Exchange, id: ExchangeId, now: () => number): void {
  const p = ex as Patchable;
  const onRest = p.onRestResponse.bind(ex);
  const listPath = LIST_ENDPOINTS[id];
  p.onRestResponse = (status, statusText, url, method, headers, body, ...rest) => {
    const text = onRest(status, statusText, url, method, headers, body, ...rest);
    if (status === 429 || status === 418) {
      const e = new Error(`${id} HTTP ${status} ${String(text).slice(0, 200)}`) as Error & { retryAfterMs: number | null };
      e.name = status === 429 ? 'RateLimitExceeded' : 'DDoSProtection';
      e.retryAfterMs = parseRetryAfter(headers?.['Retry-After'] ?? headers?.['retry-after'], now());
      throw e;
    }
    if (status >= 200 && status < 300) {
      const expectsList = listPath !== undefined && listPath.test(url);
      if (text === '') {
        if (expectsList) throw badResponse(`${id} HTTP ${status} with an empty body`);
        return text;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw badResponse(`${id} HTTP ${status} body is not JSON: ${text.slice(0, 80)}`);
      }
      if (expectsList && !Array.isArray(parsed)) throw badResponse(`${id} HTTP ${status} body is not a list: ${text.slice(0, 80)}`);
    }
    return text;
  };
  const parseAll = p.parseOHLCVs.bind(ex);
  p.parseOHLCVs = (ohlcvs, ...rest) => {
    if (!Array.isArray(ohlcvs)) throw badResponse(`${id} candles are not a list: ${JSON.stringify(ohlcvs)?.slice(0, 80)}`);
    for (let i = 0; i < ohlcvs.length; i++) {
      const raw = ohlcvs[i];
      const r = p.parseOHLCV(raw, rest[0]);
      // Each row must be (at least) six values with a readable open time; a single unreadable
      // price is an invalid candle (reported by candle hygiene), not an unreadable answer.
      if ((Array.isArray(raw) && raw.length < 6) || !Array.isArray(r) || r.length < 6 || !isFiniteNumber(r[0])) {
        throw badResponse(`${id} candle ${i} is malformed: ${JSON.stringify(ohlcvs[i])?.slice(0, 120)}`);
      }
    }
    return parseAll(ohlcvs, ...rest);
  };
}

/** A ccxt exchange behind our error codes, retries and market cache. Create with {@link createExchangeClient}. */
export class ExchangeClient {
  readonly id: ExchangeId;
  readonly info: ExchangeInfo;
  /** Candles per request (the exchange's maximum). */
  readonly pageLimit: number;
  readonly proxyUrl: string | null;
  private readonly rest: Exchange;
  private readonly config: Record<string, unknown>;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly websocket: boolean;
  private markets: Promise<Record<string, Market>> | null = null;
  private marketsFailed = false;
  private pro: Promise<Exchange | null> | null = null;

  constructor(id: ExchangeId, Rest: ExchangeClass, options: ExchangeClientOptions = {}) {
    this.id = requireExchangeId('exchange', id);
    this.info = EXCHANGES[id];
    this.pageLimit = this.info.pageLimit;
    this.proxyUrl = normalizeProxyUrl('proxyUrl', options.proxyUrl);
    this.now = options.now ?? Date.now;
    this.policy = retryPolicy(options.retry);
    this.websocket = options.websocket ?? true;
    const timeout = options.timeoutMs ?? 10_000;
    if (!(Number.isFinite(timeout) && timeout > 0)) throw new RangeError(`timeoutMs: ${timeout} is not a positive number`);
    this.config = {
      enableRateLimit: true,
      timeout,
      options: structuredClone(this.info.ccxtOptions),
      ...(options.rateLimitMs !== undefined ? { rateLimit: options.rateLimitMs } : {}),
    };
    this.rest = new Rest(this.proxyUrl ? { ...this.config, proxyUrl: this.proxyUrl } : this.config);
    harden(this.rest, id, this.now);
  }

  private map(action: string): (e: unknown) => ExchangeApiError {
    return (e) => toExchangeError(e, { exchange: this.id, action });
  }

  private request<T>(action: string, op: (attempt: number) => Promise<T>, opts: RequestOptions): Promise<T> {
    return withRetry((attempt) => raceAbort(op(attempt), opts.signal), {
      policy: this.policy,
      map: this.map(action),
      signal: opts.signal,
      onRetry: opts.onRetry,
    });
  }

  /**
   * The exchange's markets, loaded once and shared. A failed load is never kept: the next call
   * loads again, with ccxt's `reload` so ccxt does not hand back its cached failure either.
   */
  private ensureMarkets(opts: RequestOptions, reload = false): Promise<Record<string, Market>> {
    if (!reload && this.markets) return this.markets;
    const forceReload = reload || this.marketsFailed;
    const p = this.request('loading markets', (attempt) => this.rest.loadMarkets(forceReload || attempt > 1), opts);
    this.markets = p;
    p.then(
      () => {
        this.marketsFailed = false;
      },
      () => {
        this.marketsFailed = true;
        if (this.markets === p) this.markets = null;
      },
    );
    return p;
  }

  /** Spot markets as records to store (`reload` fetches them again even when loaded). */
  async loadMarkets(opts: RequestOptions & { reload?: boolean } = {}): Promise<MarketInput[]> {
    const markets = await this.ensureMarkets(opts, opts.reload ?? false);
    return toMarketInputs(this.id, markets, this.now());
  }

  /** Fails with EXCHANGE_BAD_SYMBOL unless `symbol` is a spot market of the exchange. */
  async requireMarket(symbol: string, opts: RequestOptions = {}): Promise<void> {
    const markets = await this.ensureMarkets(opts);
    const m = markets[symbol];
    if (!m || m.spot !== true) {
      throw new ExchangeApiError('EXCHANGE_BAD_SYMBOL', `${this.id}: ${JSON.stringify(symbol)} is not a spot market of ${this.info.name}`, {
        exchange: this.id,
      });
    }
  }

  /** Fails with EXCHANGE_NOT_SUPPORTED unless the exchange serves `tf` candles. */
  requireTimeframe(tf: Timeframe): void {
    const tfs = (this.rest as { timeframes?: Record<string, unknown> }).timeframes ?? {};
    if (!(tf in tfs)) {
      throw new ExchangeApiError('EXCHANGE_NOT_SUPPORTED', `${this.id}: ${this.info.name} has no ${tf} candles (it has ${Object.keys(tfs).join(', ')})`, {
        exchange: this.id,
      });
    }
  }

  /**
   * Up to `limit` (default and at most {@link pageLimit}) candles opening at or after `since`, and
   * at or before `until` when given, ascending. May include the still-forming candle.
   */
  async fetchCandlePage(
    symbol: string,
    tf: Timeframe,
    since: number,
    opts: RequestOptions & { limit?: number; until?: number } = {},
  ): Promise<CandlePage> {
    if (!Number.isFinite(since)) throw new RangeError(`since: ${since} is not a time`);
    return this.fetchCandles(symbol, tf, since, opts);
  }

  /** The most recent `limit` candles (the forming one last). */
  async fetchLatestCandles(symbol: string, tf: Timeframe, limit: number, opts: RequestOptions = {}): Promise<CandlePage> {
    return this.fetchCandles(symbol, tf, undefined, { ...opts, limit });
  }

  private async fetchCandles(
    symbol: string,
    tf: Timeframe,
    since: number | undefined,
    opts: RequestOptions & { limit?: number; until?: number },
  ): Promise<CandlePage> {
    this.requireTimeframe(tf);
    await this.requireMarket(symbol, opts);
    const limit = Math.min(opts.limit ?? this.pageLimit, this.pageLimit);
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit: ${opts.limit} is not a positive integer`);
    const params: Record<string, unknown> = {};
    if (opts.until !== undefined) params.until = opts.until;
    const what = `fetching ${symbol} ${tf} candles${since !== undefined ? ` from ${new Date(since).toISOString()}` : ''}`;
    const ohlcv = await this.request(what, () => this.rest.fetchOHLCV(symbol, tf, since, limit, params), opts);
    let rows: CandleColumns;
    try {
      rows = toColumns(ohlcv);
    } catch (e) {
      throw toExchangeError(e, { exchange: this.id, action: what });
    }
    return { rows, count: rows.time.length };
  }

  private proInstance(): Promise<Exchange | null> {
    // A CORS proxy relays HTTP requests only: a WebSocket would go straight to the exchange, which
    // the proxy is there to avoid. With a proxy, live candles poll through it.
    if (!this.websocket || this.proxyUrl !== null) return Promise.resolve(null);
    this.pro ??= (async () => {
      // Imported on demand: where the WebSocket classes cannot be resolved (Node tests) this
      // import fails and live candles poll instead.
      const { loadProClass } = await import('./ccxt-pro');
      const Pro = await loadProClass(this.id);
      if (!Pro) return null;
      const ex = new Pro(this.config);
      const markets = await this.ensureMarkets({});
      ex.setMarkets(Object.values(markets));
      return ex;
    })().catch(() => null);
    return this.pro;
  }

  /** Whether candles can be streamed over a WebSocket here (ccxt's class loads, and no proxy is set). */
  async supportsWebSocket(): Promise<boolean> {
    return (await this.proInstance()) !== null;
  }

  /**
   * Waits for the next WebSocket candle update (ccxt `watchOHLCV`) and returns the recent candles
   * ccxt holds, the forming one last. EXCHANGE_NOT_SUPPORTED where WebSockets are unavailable.
   */
  async watchCandles(symbol: string, tf: Timeframe, opts: { signal?: AbortSignal } = {}): Promise<CandlePage> {
    const ex = await this.proInstance();
    const what = `watching ${symbol} ${tf} candles`;
    if (!ex) throw new ExchangeApiError('EXCHANGE_NOT_SUPPORTED', `${this.id}: ${what}: WebSocket candles are not available here`, { exchange: this.id });
    try {
      const ohlcv = await raceAbort(ex.watchOHLCV(symbol, tf), opts.signal);
      const rows = toColumns(ohlcv);
      return { rows, count: rows.time.length };
    } catch (e) {
      if ((e as { name?: unknown })?.name === 'AbortError') throw e;
      throw toExchangeError(e, { exchange: this.id, action: what });
    }
  }

  /** Stops the WebSocket subscription of `symbol` `tf` (if any). */
  async unwatchCandles(symbol: string, tf: Timeframe): Promise<void> {
    const ex = this.pro ? await this.pro : null;
    if (!ex) return;
    try {
      await ex.unWatchOHLCV(symbol, tf);
    } catch {
      // Some exchanges cannot unsubscribe; the stream is dropped at close().
    }
  }

  /** Closes WebSocket connections. */
  async close(): Promise<void> {
    const ex = this.pro ? await this.pro : null;
    await ex?.close().catch(() => undefined);
  }
}

/** A new client (ccxt is loaded on first use). */
export async function createExchangeClient(id: ExchangeId, options: ExchangeClientOptions = {}): Promise<ExchangeClient> {
  requireExchangeId('exchange', id);
  const classes = await import('./ccxt-rest');
  return new ExchangeClient(id, classes[id] as unknown as ExchangeClass, options);
}

const clients = new Map<string, Promise<ExchangeClient>>();

/**
 * The shared client of an exchange for the given proxy, timeout, rate limit and WebSocket choice,
 * created on first use. A client whose creation failed is not kept.
 */
export function getExchangeClient(id: ExchangeId, options: Omit<ExchangeClientOptions, 'retry' | 'now'> = {}): Promise<ExchangeClient> {
  try {
    requireExchangeId('exchange', id);
  } catch (e) {
    return Promise.reject(e);
  }
  const key = JSON.stringify([id, options.proxyUrl ?? null, options.timeoutMs ?? null, options.rateLimitMs ?? null, options.websocket ?? true]);
  let c = clients.get(key);
  if (!c) {
    c = createExchangeClient(id, options);
    clients.set(key, c);
    c.catch(() => clients.delete(key));
  }
  return c;
}

/** Fetches one page of candles (see {@link ExchangeClient.fetchCandlePage}). */
export function fetchCandlePage(
  exchange: ExchangeClient,
  symbol: string,
  tf: Timeframe,
  since: number,
  limit?: number,
  opts: RequestOptions & { until?: number } = {},
): Promise<CandlePage> {
  return exchange.fetchCandlePage(symbol, tf, since, { ...opts, limit });
}
