/**
 * The exchanges Candlelab reads market data from, and what is known about each without loading
 * ccxt (so the UI can list them cheaply). Spot markets only.
 */
import type { Timeframe } from '../../core/candles/timeframe';

export const EXCHANGE_IDS = ['binance', 'coinbase', 'okx'] as const;
export type ExchangeId = (typeof EXCHANGE_IDS)[number];

/** The exchange preselected everywhere. */
export const DEFAULT_EXCHANGE: ExchangeId = 'binance';

export function isExchangeId(v: unknown): v is ExchangeId {
  return typeof v === 'string' && (EXCHANGE_IDS as readonly string[]).includes(v);
}

/** Checks an exchange id, naming the field and the value when it is not one of ours. */
export function requireExchangeId(field: string, v: unknown): ExchangeId {
  if (!isExchangeId(v)) throw new RangeError(`${field}: ${JSON.stringify(v)} is not an exchange Candlelab reads; use one of ${EXCHANGE_IDS.join(', ')}`);
  return v;
}

export interface ExchangeInfo {
  id: ExchangeId;
  name: string;
  /** Most candles one `fetchOHLCV` request returns (ccxt `features.spot.fetchOHLCV.limit`). */
  pageLimit: number;
  /** Our timeframes the exchange serves candles for. */
  timeframes: readonly Timeframe[];
  /** Whether ccxt can stream its candles over a WebSocket (`watchOHLCV`). */
  websocket: boolean;
  /**
   * ccxt `options` that keep `loadMarkets` to public spot endpoints: binance would otherwise also
   * load USDⓈ-M and COIN-M futures (`fapi`, `dapi`) and okx futures, swaps and options.
   */
  ccxtOptions: Record<string, unknown>;
}

const ALL: readonly Timeframe[] = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M'];

export const EXCHANGES: Readonly<Record<ExchangeId, ExchangeInfo>> = {
  binance: {
    id: 'binance',
    name: 'Binance',
    pageLimit: 1000,
    timeframes: ALL,
    websocket: true,
    ccxtOptions: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  },
  coinbase: {
    id: 'coinbase',
    name: 'Coinbase',
    pageLimit: 300,
    timeframes: ['1m', '5m', '15m', '30m', '1h', '1d'],
    websocket: true,
    ccxtOptions: { fetchMarkets: 'fetchMarketsV3' },
  },
  okx: {
    id: 'okx',
    name: 'OKX',
    pageLimit: 300,
    timeframes: ALL,
    websocket: true,
    ccxtOptions: { fetchMarkets: { types: ['spot'] } },
  },
};

/** Plain warning to show beside the proxy setting. */
export const PROXY_WARNING =
  'A CORS proxy relays every request to the exchange and sees all of that traffic. Use only a proxy you run or trust.';

/** Checks a proxy URL prefix (ccxt `proxyUrl`): empty/null means none. */
export function normalizeProxyUrl(field: string, v: unknown): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw new RangeError(`${field}: ${JSON.stringify(v)} is not a URL`);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new RangeError(`${field}: ${JSON.stringify(v)} is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new RangeError(`${field}: ${JSON.stringify(v)} is not an http(s) URL`);
  return v;
}
