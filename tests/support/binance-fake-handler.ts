/**
 * A faithful fake of Binance's public spot REST API, as a request → response function.
 *
 * Endpoints: `GET /api/v3/ping`, `/api/v3/time`, `/api/v3/exchangeInfo` (`symbol`, `symbols`) and
 * `/api/v3/klines` (`symbol`, `interval`, `startTime`, `endTime`, `limit`: default 500, at most
 * 1000), with Binance's error bodies (`{"code":-1121,"msg":"Invalid symbol."}`, HTTP 400). The
 * clock is the caller's: klines opening after `now` do not exist yet, the kline containing `now`
 * is served as it stands (still forming), and with neither `startTime` nor `endTime` the most
 * recent `limit` klines are returned.
 *
 * URLs may be the real ones (`https://api.binance.com/api/v3/klines?…`), the fake server's
 * (`http://127.0.0.1:PORT/api/v3/klines?…`) or a CORS-proxy form that prefixes the real URL
 * (`http://127.0.0.1:PORT/https://api.binance.com/api/v3/klines?…`, what ccxt sends with `proxyUrl`).
 *
 * {@link BinanceFake} adds state: a settable clock, request-weight headers, a request log and
 * fault injection (HTTP 429 with Retry-After, 418, 5xx, timeouts, malformed or truncated bodies).
 */
import {
  exchangeInfo,
  isBinanceInterval,
  klineTable,
  rawKline,
  type BinanceInterval,
  type RawKline,
} from './binance-fake-data';

/** What the fake answers. `delayMs` (Infinity = never) is applied by the transport. */
export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  delayMs?: number;
}

export interface BinanceRequestOptions {
  /** The exchange's clock (UTC ms). */
  now: number;
  /** HTTP method, default GET. */
  method?: string;
  /**
   * Serve the data as if it had happened `shiftMs` later (default 0): kline times are moved by it,
   * request times moved back. A whole number of weeks keeps every grid up to 1w exact (1M is not
   * shifted onto month starts). Lets a test with the real clock see "recent" candles.
   */
  shiftMs?: number;
}

const WEEK_MS = 7 * 86_400_000;

/** A shift of whole weeks that moves data time `dataTime` to within a week before `now` (for {@link BinanceRequestOptions.shiftMs}). */
export function shiftToNow(dataTime: number, now: number = Date.now()): number {
  return Math.floor((now - dataTime) / WEEK_MS) * WEEK_MS;
}

const JSON_HEADERS: Record<string, string> = {
  'content-type': 'application/json;charset=UTF-8',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-mbx-used-weight, x-mbx-used-weight-1m, retry-after',
};

function json(status: number, value: unknown): FakeResponse {
  return { status, headers: { ...JSON_HEADERS }, body: JSON.stringify(value) };
}

function binanceError(code: number, msg: string, status = 400): FakeResponse {
  return json(status, { code, msg });
}

const mandatory = (name: string): FakeResponse =>
  binanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
const illegal = (name: string): FakeResponse =>
  binanceError(-1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);

/**
 * The Binance URL a request is for, unwrapping CORS-proxy forms: `http://proxy/https://host/path`
 * (ccxt `proxyUrl` when there is no query), `http://proxy/https%3A%2F%2Fhost%2Fpath%3Fquery` (ccxt
 * URL-encodes a target with a query) and `http://proxy/?https%3A%2F%2F…` (query-style proxies).
 */
export function binanceTarget(url: string | URL): URL {
  const u = new URL(String(url));
  const path = u.pathname.slice(1);
  if (/^https?:\/\//.test(path)) return new URL(path + u.search);
  if (/^https?%3A/i.test(path)) return new URL(decodeURIComponent(path) + u.search);
  const q = u.search.slice(1);
  if (/^https?(%3A|:)/i.test(q)) return new URL(decodeURIComponent(q));
  return u;
}

/** Request weight of an endpoint (Binance's published weights). */
export function endpointWeight(path: string, params: URLSearchParams): number {
  if (path.endsWith('/klines')) return 2;
  if (path.endsWith('/exchangeInfo')) return params.has('symbol') || params.has('symbols') ? 2 : 20;
  return 1;
}

function firstIndexAtOrAfter(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstIndexAfter(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parseMs(params: URLSearchParams, name: string): number | undefined | FakeResponse {
  const v = params.get(name);
  if (v === null) return undefined;
  if (!/^[0-9]{1,20}$/.test(v)) return illegal(name);
  return Number(v);
}

/** The klines a request selects, or Binance's error. */
function klines(params: URLSearchParams, now: number, shift: number): FakeResponse {
  const symbol = params.get('symbol');
  if (!symbol) return mandatory('symbol');
  const interval = params.get('interval');
  if (!interval) return mandatory('interval');
  if (!exchangeInfo().symbols.some((s) => s.symbol === symbol)) return binanceError(-1121, 'Invalid symbol.');
  if (!isBinanceInterval(interval)) return binanceError(-1120, 'Invalid interval.');
  const start = parseMs(params, 'startTime');
  if (typeof start === 'object') return start;
  const end = parseMs(params, 'endTime');
  if (typeof end === 'object') return end;
  let limit = 500;
  const rawLimit = params.get('limit');
  if (rawLimit !== null) {
    if (!/^[0-9]{1,20}$/.test(rawLimit)) return illegal('limit');
    limit = Number(rawLimit);
    if (limit < 1 || limit > 1000) return binanceError(-1130, 'Invalid data sent for a parameter.');
  }
  if (start !== undefined && end !== undefined && start > end) return binanceError(-1023, 'Start time is greater than end time.');
  const table = klineTable(symbol, interval);
  const t = table.time;
  const visible = firstIndexAfter(t, now - shift);
  let lo: number;
  let hi: number;
  if (start !== undefined) {
    lo = firstIndexAtOrAfter(t, start - shift);
    hi = Math.min(end !== undefined ? firstIndexAfter(t, end - shift) : visible, visible, lo + limit);
  } else {
    hi = Math.min(end !== undefined ? firstIndexAfter(t, end - shift) : visible, visible);
    lo = Math.max(0, hi - limit);
  }
  const rows: RawKline[] = [];
  for (let i = lo; i < hi; i++) {
    const r = rawKline(table, i, interval as BinanceInterval);
    r[0] += shift;
    r[6] += shift;
    rows.push(r);
  }
  return json(200, rows);
}

function exchangeInfoResponse(params: URLSearchParams, now: number): FakeResponse {
  const info = exchangeInfo();
  const one = params.get('symbol');
  const many = params.get('symbols');
  if (one !== null && many !== null) return binanceError(-1128, 'Combination of optional parameters invalid.');
  let wanted: string[] | null = null;
  if (one !== null) wanted = [one];
  if (many !== null) {
    try {
      const list: unknown = JSON.parse(many);
      if (!Array.isArray(list) || list.some((s) => typeof s !== 'string')) throw new SyntaxError('not a list');
      wanted = list as string[];
    } catch {
      return binanceError(-1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
    }
  }
  let symbols = info.symbols;
  if (wanted !== null) {
    const byName = new Map(info.symbols.map((s) => [s.symbol, s]));
    if (wanted.some((s) => !byName.has(s))) return binanceError(-1121, 'Invalid symbol.');
    symbols = wanted.map((s) => byName.get(s)!);
  }
  return json(200, { ...info, serverTime: now, symbols });
}

/**
 * Answers one request the way `api.binance.com` does (see the module comment). Pure: the same URL,
 * method and clock always give the same response.
 */
export function handleBinanceRequest(url: string | URL, options: BinanceRequestOptions): FakeResponse {
  const method = (options.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS') {
    return {
      status: 204,
      headers: { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS', 'access-control-allow-headers': '*', 'access-control-max-age': '600' },
      body: '',
    };
  }
  const target = binanceTarget(url);
  const path = target.pathname;
  const params = target.searchParams;
  if (!path.startsWith('/api/v3/')) return { status: 404, headers: { 'content-type': 'text/html', 'access-control-allow-origin': '*' }, body: '' };
  if (method !== 'GET') return binanceError(-1014, 'Unsupported order combination.', 405);
  switch (path) {
    case '/api/v3/ping':
      return json(200, {});
    case '/api/v3/time':
      return json(200, { serverTime: options.now });
    case '/api/v3/exchangeInfo':
      return exchangeInfoResponse(params, options.now);
    case '/api/v3/klines':
      return klines(params, options.now, options.shiftMs ?? 0);
    default:
      return { status: 404, headers: { 'content-type': 'text/html', 'access-control-allow-origin': '*' }, body: '' };
  }
}

/** A fault the fake applies to a request instead of (or on top of) its real answer. */
export type BinanceFault =
  /** This HTTP status; `retryAfterSec` adds a Retry-After header. 429 and 418 get Binance's -1003 body. */
  | { type: 'status'; status: number; retryAfterSec?: number; body?: string }
  /** The real answer, `delayMs` late (default: never answered). */
  | { type: 'timeout'; delayMs?: number }
  /** HTTP 200 with the real body cut in half: not JSON. */
  | { type: 'malformed' }
  /** HTTP 200 with a JSON array holding only the first `keep` rows (default half, at least 1). */
  | { type: 'truncate'; keep?: number }
  /** HTTP 200 with every kline cut to its first 3 fields. */
  | { type: 'shortRows' }
  /** HTTP 200 with an empty list, as if no kline existed there. */
  | { type: 'empty' }
  /** HTTP 200 with kline `index` (default 0) made invalid: its high below its low, or its close `"NaN"`. */
  | { type: 'badCandle'; kind: 'high-below-low' | 'nan'; index?: number };

/**
 * Applies `fault` to requests matching `path`: rules are tried in the order queued and the first
 * due one applies. A rule lets the first `skip` matching requests that reach it pass (to later
 * rules or a normal answer), then applies to the next `times` (default 1) and is removed.
 */
export interface FaultRule {
  fault: BinanceFault;
  /** Endpoint name (`klines`, `exchangeInfo`, …) or a RegExp tested on path + query. Default: any. */
  path?: string | RegExp;
  skip?: number;
  times?: number;
}

/** One request the fake answered. */
export interface FakeRequestRecord {
  /** The Binance URL (proxy prefix removed). */
  url: string;
  path: string;
  params: Record<string, string>;
  status: number;
  fault: BinanceFault['type'] | null;
  /** The fake's clock when it answered. */
  at: number;
}

export interface BinanceFakeOptions {
  /** The exchange clock: a fixed time or a function (default: the real clock). */
  now?: number | (() => number);
  /** See {@link BinanceRequestOptions.shiftMs}. */
  shiftMs?: number;
  /** Faults to apply, in order. */
  faults?: FaultRule[];
}

function matches(rule: FaultRule, target: URL): boolean {
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return target.pathname.endsWith(`/${rule.path}`);
  return rule.path.test(target.pathname + target.search);
}

function applyFault(fault: BinanceFault, real: FakeResponse, now: number): FakeResponse {
  switch (fault.type) {
    case 'status': {
      const headers: Record<string, string> = { ...JSON_HEADERS };
      if (fault.retryAfterSec !== undefined) headers['retry-after'] = String(fault.retryAfterSec);
      let body = fault.body;
      if (body === undefined) {
        if (fault.status === 429) {
          body = JSON.stringify({ code: -1003, msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use the websocket for live updates to avoid polling the API.' });
        } else if (fault.status === 418) {
          body = JSON.stringify({ code: -1003, msg: `Way too much request weight used; IP banned until ${now + 60_000}. Please use the websocket for live updates to avoid bans.` });
        } else {
          headers['content-type'] = 'text/html';
          body = `<html><body><h1>${fault.status}</h1></body></html>`;
        }
      }
      return { status: fault.status, headers, body };
    }
    case 'timeout':
      return { ...real, delayMs: fault.delayMs ?? Infinity };
    case 'malformed':
      return { ...real, status: 200, body: real.body.slice(0, Math.floor(real.body.length / 2)) };
    case 'truncate': {
      const parsed: unknown = JSON.parse(real.body);
      if (!Array.isArray(parsed) || parsed.length === 0) return real;
      const keep = Math.max(1, Math.min(parsed.length, fault.keep ?? Math.ceil(parsed.length / 2)));
      return { ...real, body: JSON.stringify(parsed.slice(0, keep)) };
    }
    case 'empty':
      return { ...real, status: 200, body: '[]' };
    case 'badCandle': {
      const parsed: unknown = JSON.parse(real.body);
      if (!Array.isArray(parsed)) return real;
      const r = parsed[fault.index ?? 0] as unknown[] | undefined;
      if (!Array.isArray(r)) return real;
      if (fault.kind === 'nan') r[4] = 'NaN';
      else r[2] = (Number(r[3]) - 1).toFixed(8);
      return { ...real, body: JSON.stringify(parsed) };
    }
    case 'shortRows': {
      const parsed: unknown = JSON.parse(real.body);
      if (!Array.isArray(parsed)) return real;
      return { ...real, body: JSON.stringify(parsed.map((r) => (Array.isArray(r) ? r.slice(0, 3) : r))) };
    }
  }
}

/** A stateful fake Binance: clock, request log, weight headers and fault injection. */
export class BinanceFake {
  /** Every request answered, in order. */
  readonly requests: FakeRequestRecord[] = [];
  private clock: () => number;
  private readonly rules: Array<FaultRule & { seen: number; applied: number }> = [];
  private policy: ((target: URL, n: number) => BinanceFault | null) | null = null;
  private weights: Array<{ at: number; weight: number }> = [];
  /** See {@link BinanceRequestOptions.shiftMs}. */
  shiftMs: number;

  constructor(options: BinanceFakeOptions = {}) {
    this.shiftMs = options.shiftMs ?? 0;
    this.clock = typeof options.now === 'function' ? options.now : options.now !== undefined ? constant(options.now) : Date.now;
    for (const r of options.faults ?? []) this.inject(r);
  }

  now(): number {
    return this.clock();
  }

  /** Sets the exchange clock to a fixed time. */
  setNow(t: number): void {
    this.clock = constant(t);
  }

  /** Moves the exchange clock forward (it becomes fixed). */
  advance(ms: number): void {
    this.setNow(this.clock() + ms);
  }

  /** Queues a fault rule. */
  inject(rule: FaultRule): this {
    this.rules.push({ ...rule, seen: 0, applied: 0 });
    return this;
  }

  /** Decides a fault per request (after queued rules); `n` counts requests from 1. Null removes it. */
  setFaultPolicy(policy: ((target: URL, n: number) => BinanceFault | null) | null): void {
    this.policy = policy;
  }

  /** Drops every queued fault rule and the fault policy. */
  clearFaults(): void {
    this.rules.length = 0;
    this.policy = null;
  }

  /** Fault rules not yet used up. */
  pendingFaults(): number {
    return this.rules.length;
  }

  /** Requests to `/api/v3/<endpoint>`. */
  requestsTo(endpoint: string): FakeRequestRecord[] {
    return this.requests.filter((r) => r.path === `/api/v3/${endpoint}`);
  }

  /** Answers one request (see {@link handleBinanceRequest}), applying the first due fault. */
  handle(url: string | URL, init: { method?: string } = {}): FakeResponse {
    const now = this.clock();
    const target = binanceTarget(url);
    const real = handleBinanceRequest(target, { now, method: init.method, shiftMs: this.shiftMs });
    if ((init.method ?? 'GET').toUpperCase() === 'OPTIONS') return real;
    let fault: BinanceFault | null = null;
    for (let i = 0; i < this.rules.length && fault === null; i++) {
      const rule = this.rules[i];
      if (!matches(rule, target)) continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      fault = rule.fault;
      rule.applied++;
      if (rule.applied >= (rule.times ?? 1)) this.rules.splice(i, 1);
    }
    if (fault === null && this.policy) fault = this.policy(target, this.requests.length + 1);
    const res = fault ? applyFault(fault, real, now) : real;
    const weight = endpointWeight(target.pathname, target.searchParams);
    this.weights = this.weights.filter((w) => w.at > now - 60_000);
    this.weights.push({ at: now, weight });
    const used = this.weights.reduce((s, w) => s + w.weight, 0);
    res.headers = { ...res.headers, 'x-mbx-used-weight': String(used), 'x-mbx-used-weight-1m': String(used) };
    this.requests.push({
      url: target.toString(),
      path: target.pathname,
      params: Object.fromEntries(target.searchParams),
      status: res.status,
      fault: fault?.type ?? null,
      at: now,
    });
    return res;
  }
}

function constant(t: number): () => number {
  return () => t;
}

/** A new {@link BinanceFake}. */
export function createBinanceFake(options: BinanceFakeOptions = {}): BinanceFake {
  return new BinanceFake(options);
}

