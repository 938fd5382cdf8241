/**
 * What the Markets & Data pages say about exchange work, as pure functions: error codes turned
 * into plain sentences, retry notices, ages and ETAs, typed symbol lists, date-range inputs and
 * the gap list with the ranges the exchange confirmed empty.
 */
import { subtractRanges, type Gap, type TimeRange } from '../core/candles/hygiene';
import { candleOpenTime, isTimeframe, type Timeframe } from '../core/candles/timeframe';
import { parseTime } from '../core/util/time-parse';
import { EXCHANGES, isExchangeId } from '../data/exchange/exchanges';

/** The exchange's display name (`Binance`), or the id itself when it is not one of ours. */
export function exchangeName(exchange: string): string {
  return isExchangeId(exchange) ? EXCHANGES[exchange].name : exchange;
}

/** What an error was about, to name it in the sentence. */
export interface ErrorContext {
  exchange: string;
  /** The symbols asked for (the first one is named when the message does not say which). */
  symbols?: readonly string[];
  timeframe?: string;
}

/**
 * The market an error message names: the one our adapter quotes (`"XYZ/USDT" is not a spot
 * market`), else the unified symbol in what was being done (`fetching XYZ/USDT 1h candles`).
 * Never a word quoted in the exchange's own answer (`{"code":-1121,"msg":"Invalid symbol."}`).
 */
function namedSymbol(message: string): string | null {
  const m = /"([^"]+)" is not a spot market/.exec(message) ?? /(?:^|[\s:(])([A-Z0-9][A-Z0-9.]*\/[A-Z0-9][A-Z0-9.]*)(?=[\s:),]|$)/.exec(message);
  return m ? m[1] : null;
}

function strip(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/**
 * A plain sentence for an error code of the data worker (`EXCHANGE_*`, storage codes, `CANCELLED`),
 * e.g. `EXCHANGE_BAD_SYMBOL` → "Binance does not list XYZ/USDT." Unknown codes give the message.
 */
export function explainError(code: string | null | undefined, message: string, ctx: ErrorContext): string {
  const name = exchangeName(ctx.exchange);
  switch (code) {
    case 'EXCHANGE_BAD_SYMBOL': {
      const symbol = namedSymbol(message) ?? ctx.symbols?.[0] ?? 'this symbol';
      return `${name} does not list ${symbol}.`;
    }
    case 'EXCHANGE_NOT_SUPPORTED': {
      const tf = /has no (\S+) candles/.exec(message)?.[1] ?? ctx.timeframe;
      if (tf) return `${name} has no ${tf} candles.`;
      return `${name} does not offer this here.`;
    }
    case 'EXCHANGE_RATE_LIMIT':
      return `${name} is limiting requests (too many, too fast). Wait a minute, then try again.`;
    case 'EXCHANGE_UNAVAILABLE':
      return `${name} is unavailable right now (down or in maintenance). Try again later.`;
    case 'EXCHANGE_TIMEOUT':
      return `${name} did not answer in time. Check the connection, then try again.`;
    case 'EXCHANGE_NETWORK':
      return `${name} could not be reached: this device may be offline, or ${name} refuses requests from browsers (a CORS proxy, set on the Markets page, can help).`;
    case 'EXCHANGE_BAD_RESPONSE':
      return `${name} sent an answer that could not be read. Try again.`;
    case 'EXCHANGE_PROXY':
      return `The CORS proxy set for ${name} cannot be used: check its URL on the Markets page.`;
    case 'EXCHANGE_RESTRICTED':
      return `${name} does not serve this location.`;
    case 'EXCHANGE_AUTH':
      return `${name} refused the credentials.`;
    case 'EXCHANGE_BAD_REQUEST':
      return `${name} refused the request: ${strip(message)}`;
    case 'EXCHANGE_ERROR':
      return `${name} reported an error: ${strip(message)}`;
    case 'QUOTA_EXCEEDED':
      return 'The browser ran out of storage space; the last page was not stored. Free some space (Stored data), then resume.';
    case 'VERSION_CHANGED':
      return 'Candlelab was updated in another tab: reload this page, then resume.';
    case 'CANCELLED':
      return 'Cancelled. Resume continues from where it stopped.';
    case 'WORKER_CRASHED':
      return 'The background worker stopped unexpectedly. Resume continues from the last stored page.';
    default:
      return strip(message) || 'Something went wrong.';
  }
}

const RETRY_WHAT: Record<string, string> = {
  EXCHANGE_RATE_LIMIT: 'Rate limited',
  EXCHANGE_UNAVAILABLE: 'Exchange unavailable',
  EXCHANGE_TIMEOUT: 'No answer in time',
  EXCHANGE_NETWORK: 'Network error',
  EXCHANGE_BAD_RESPONSE: 'Unreadable answer',
};

/** A retry in progress, as the worker reports it. */
export interface RetryInfoView {
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  code: string;
}

/** "Rate limited — retrying in 4 s (attempt 2 of 5)". */
export function retryNotice(r: RetryInfoView): string {
  const what = RETRY_WHAT[r.code] ?? 'Request failed';
  const s = Math.max(1, Math.ceil(r.delayMs / 1000));
  return `${what} — retrying in ${s} s (attempt ${r.attempt + 1} of ${r.maxAttempts})`;
}

/** "just now", "3 min ago", "5 h ago", "2 days ago" for a time `ms` before `now`. */
export function formatAge(then: number, now: number): string {
  const d = Math.max(0, now - then);
  if (d < 60_000) return 'just now';
  const min = Math.floor(d / 60_000);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

/** An ETA: "about 12 s", "about 3 min", "—" when unknown. */
export function formatEta(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `about ${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `about ${m} min`;
  return `about ${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Quote assets recognised at the end of a symbol typed without a separator, longest first. */
export const COMMON_QUOTES: readonly string[] = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'DAI', 'EUR', 'USD', 'GBP', 'TRY', 'BTC', 'ETH', 'BNB'];

/**
 * The unified form of a typed symbol: `btc/usdt` → `BTC/USDT`, `BTC-USDT` → `BTC/USDT`, and
 * `BTCUSDT` → `BTC/USDT` as a known market spells it or, without one, by a common quote asset at
 * its end. Anything else is returned upper-cased for the exchange to judge.
 */
export function normalizeSymbol(raw: string, known: readonly string[] = []): string {
  const s = raw.trim().toUpperCase();
  if (s.includes('/')) return s.split('/').map((p) => p.trim()).join('/');
  const dash = /^([A-Z0-9]+)[-_]([A-Z0-9]+)$/.exec(s);
  if (dash) return `${dash[1]}/${dash[2]}`;
  const match = known.find((k) => k.toUpperCase().replace('/', '') === s);
  if (match) return match;
  const quote = COMMON_QUOTES.find((q) => s.length > q.length && s.endsWith(q));
  return quote ? `${s.slice(0, -quote.length)}/${quote}` : s;
}

/**
 * Symbols typed as a list (commas, spaces or new lines between them), normalised with
 * {@link normalizeSymbol}, without duplicates, in the order typed.
 */
export function parseSymbolList(text: string, known: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (part.trim() === '') continue;
    const s = normalizeSymbol(part, known);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** `2021-01-01` (a date input's value) → that day's 00:00 UTC in ms; throws naming the field when it is not a date. */
export function parseDateInput(field: string, value: string): number {
  const t = parseTime(value.trim(), { iso: 'date' });
  if (!Number.isFinite(t)) {
    throw new RangeError(`${field}: ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`);
  }
  return t;
}

/** The arguments of a backfill as the form gives them. */
export interface BackfillRequest {
  exchange: string;
  symbols: string[];
  timeframes: Timeframe[];
  from?: number;
  /** Last open time wanted (inclusive); null = up to now. */
  to?: number | null;
  lastN?: number;
}

/** What the backfill form holds. */
export interface BackfillFormValues {
  exchange: string;
  symbols: string[];
  timeframes: string[];
  mode: 'range' | 'lastN';
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD, or empty for "up to now". */
  to: string;
  lastN: string;
}

/**
 * Checks the backfill form and turns it into task arguments. A "to" date includes that whole day
 * (its last 1m candle opens at 23:59). Throws a RangeError naming the field and the value.
 */
export function backfillRequest(v: BackfillFormValues): BackfillRequest {
  if (!isExchangeId(v.exchange)) throw new RangeError(`exchange: ${JSON.stringify(v.exchange)} is not an exchange`);
  if (v.symbols.length === 0) throw new RangeError('symbols: none chosen; pick at least one symbol');
  if (v.timeframes.length === 0) throw new RangeError('timeframes: none chosen; tick at least one timeframe');
  const timeframes: Timeframe[] = [];
  for (const tf of v.timeframes) {
    if (!isTimeframe(tf)) throw new RangeError(`timeframes: ${JSON.stringify(tf)} is not a timeframe`);
    if (!timeframes.includes(tf)) timeframes.push(tf);
  }
  const base = { exchange: v.exchange, symbols: [...v.symbols], timeframes };
  if (v.mode === 'lastN') {
    const n = Number(v.lastN.trim());
    if (v.lastN.trim() === '' || !Number.isInteger(n) || n < 1) throw new RangeError(`last N candles: ${JSON.stringify(v.lastN)} is not a positive whole number`);
    return { ...base, lastN: n };
  }
  const from = parseDateInput('from', v.from);
  if (v.to.trim() === '') return { ...base, from, to: null };
  const to = parseDateInput('to', v.to) + 86_400_000 - 60_000;
  if (to < from) throw new RangeError(`to: ${JSON.stringify(v.to)} is before from ${JSON.stringify(v.from)}`);
  return { ...base, from, to };
}

/** One gap of a series as the gap list shows it. */
export interface GapDetail extends Gap {
  /**
   * 'confirmed': the exchange confirmed every candle of it does not exist; 'partly': some of it;
   * 'unconfirmed': the exchange answered empty there although it has candles around it (retried
   * by "Re-fetch gaps"); 'open': nothing known.
   */
  status: 'open' | 'confirmed' | 'partly' | 'unconfirmed';
  /** The parts not confirmed empty. */
  open: Gap[];
}

/**
 * Each gap of a series with how much of it the exchange confirmed empty, and the ranges it
 * answered empty without confirming (`unconfirmed`): those inside a gap mark it, those before the
 * first or after the last candle (`coverage`) are listed as gaps of their own, in time order.
 */
export function gapDetails(
  gaps: readonly Gap[],
  confirmedEmpty: readonly TimeRange[],
  tf: Timeframe,
  unconfirmed: readonly TimeRange[] = [],
  coverage: { first: number; last: number } | null = null,
): GapDetail[] {
  const inside = gaps.map((g): GapDetail => {
    const open = subtractRanges([g], confirmedEmpty, tf);
    const missingOpen = open.reduce((n, x) => n + x.missing, 0);
    const doubted = unconfirmed.some((r) => r.from <= g.to && r.to >= g.from);
    const status: GapDetail['status'] = missingOpen === 0 ? 'confirmed' : doubted ? 'unconfirmed' : missingOpen === g.missing ? 'open' : 'partly';
    return { from: g.from, to: g.to, missing: g.missing, status, open };
  });
  if (coverage === null) return inside;
  const edges = subtractRanges(
    unconfirmed.filter((r) => r.to < coverage.first || r.from > coverage.last).map((r) => ({ from: r.from, to: r.to, missing: 1 })),
    confirmedEmpty,
    tf,
  ).map((g): GapDetail => ({ ...g, status: 'unconfirmed', open: [g] }));
  return [...inside, ...edges].sort((a, b) => a.from - b.from);
}

/** Open time of the first candle of the day `t` falls in, as a date input value (YYYY-MM-DD, UTC). */
export function dateInputValue(t: number): string {
  return new Date(candleOpenTime(t, '1d')).toISOString().slice(0, 10);
}
