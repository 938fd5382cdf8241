/**
 * Exchange failures in our own terms, so the UI can say what happened and the backfill knows
 * whether to try again. ccxt errors are recognised by their `name` (ccxt sets it explicitly, so it
 * survives minification) and its class ancestry, without importing ccxt here: this module stays
 * cheap to import from anywhere.
 */

/** What went wrong talking to an exchange. */
export type ExchangeErrorCode =
  /** The symbol is not a market of the exchange (ccxt BadSymbol). */
  | 'EXCHANGE_BAD_SYMBOL'
  /** The exchange refused the request's parameters (ccxt BadRequest, ArgumentsRequired). */
  | 'EXCHANGE_BAD_REQUEST'
  /** Credentials missing or refused (ccxt AuthenticationError and subclasses). */
  | 'EXCHANGE_AUTH'
  /** The exchange (or ccxt for it) does not offer this, e.g. a timeframe (ccxt NotSupported). */
  | 'EXCHANGE_NOT_SUPPORTED'
  /** Too many requests: HTTP 429/418 (ccxt RateLimitExceeded, DDoSProtection). Retried. */
  | 'EXCHANGE_RATE_LIMIT'
  /** The exchange is down or in maintenance: HTTP 5xx (ccxt ExchangeNotAvailable, OnMaintenance). Retried. */
  | 'EXCHANGE_UNAVAILABLE'
  /** No answer in time (ccxt RequestTimeout). Retried. */
  | 'EXCHANGE_TIMEOUT'
  /** The request did not get through: offline, DNS, CORS (ccxt NetworkError). Retried. */
  | 'EXCHANGE_NETWORK'
  /** The answer is not what the API returns (not JSON, wrong shape, invalid candles). Retried. */
  | 'EXCHANGE_BAD_RESPONSE'
  /** The proxy settings are unusable (ccxt InvalidProxySettings). */
  | 'EXCHANGE_PROXY'
  /** The exchange refuses to serve this location (HTTP 451, "restricted location"). */
  | 'EXCHANGE_RESTRICTED'
  /** Any other exchange error. */
  | 'EXCHANGE_ERROR';

export const EXCHANGE_ERROR_CODES: readonly ExchangeErrorCode[] = [
  'EXCHANGE_BAD_SYMBOL',
  'EXCHANGE_BAD_REQUEST',
  'EXCHANGE_AUTH',
  'EXCHANGE_NOT_SUPPORTED',
  'EXCHANGE_RATE_LIMIT',
  'EXCHANGE_UNAVAILABLE',
  'EXCHANGE_TIMEOUT',
  'EXCHANGE_NETWORK',
  'EXCHANGE_BAD_RESPONSE',
  'EXCHANGE_PROXY',
  'EXCHANGE_RESTRICTED',
  'EXCHANGE_ERROR',
];

/** Codes worth retrying with backoff: the same request may well succeed a little later. */
export const RETRYABLE_EXCHANGE_CODES: ReadonlySet<ExchangeErrorCode> = new Set<ExchangeErrorCode>([
  'EXCHANGE_RATE_LIMIT',
  'EXCHANGE_UNAVAILABLE',
  'EXCHANGE_TIMEOUT',
  'EXCHANGE_NETWORK',
  'EXCHANGE_BAD_RESPONSE',
]);

/** Every failure of `src/data/exchange` reaches its caller as an ExchangeApiError. */
export class ExchangeApiError extends Error {
  override name = 'ExchangeApiError';
  readonly code: ExchangeErrorCode;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  /** How long the exchange asked to wait (HTTP Retry-After), in ms; null when it did not say. */
  readonly retryAfterMs: number | null;
  /** Structured-cloneable extras that cross the worker boundary with the code. */
  readonly details: { exchange: string | null; retryAfterMs: number | null; cause: string | null };

  constructor(
    code: ExchangeErrorCode,
    message: string,
    options: { exchange?: string | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = RETRYABLE_EXCHANGE_CODES.has(code);
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.details = {
      exchange: options.exchange ?? null,
      retryAfterMs: this.retryAfterMs,
      cause: causeName(options.cause),
    };
  }
}

function causeName(e: unknown): string | null {
  if (typeof e !== 'object' || e === null) return null;
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' ? name : null;
}

/**
 * ccxt error name → its parent's name (ccxt's class tree, `base/errors.js`), so a subclass ccxt adds
 * later, or one not listed in {@link CODE_OF}, maps like its nearest listed ancestor.
 */
const PARENT: Record<string, string> = {
  ExchangeError: 'BaseError',
  AuthenticationError: 'ExchangeError',
  PermissionDenied: 'AuthenticationError',
  AccountNotEnabled: 'PermissionDenied',
  AccountSuspended: 'AuthenticationError',
  ArgumentsRequired: 'ExchangeError',
  BadRequest: 'ExchangeError',
  BadSymbol: 'BadRequest',
  OperationRejected: 'ExchangeError',
  NoChange: 'OperationRejected',
  MarginModeAlreadySet: 'NoChange',
  MarketClosed: 'OperationRejected',
  ManualInteractionNeeded: 'OperationRejected',
  RestrictedLocation: 'OperationRejected',
  InsufficientFunds: 'ExchangeError',
  InvalidAddress: 'ExchangeError',
  AddressPending: 'InvalidAddress',
  InvalidOrder: 'ExchangeError',
  OrderNotFound: 'InvalidOrder',
  OrderNotCached: 'InvalidOrder',
  OrderImmediatelyFillable: 'InvalidOrder',
  OrderNotFillable: 'InvalidOrder',
  DuplicateOrderId: 'InvalidOrder',
  ContractUnavailable: 'InvalidOrder',
  NotSupported: 'ExchangeError',
  InvalidProxySettings: 'ExchangeError',
  ExchangeClosedByUser: 'ExchangeError',
  OperationFailed: 'BaseError',
  NetworkError: 'OperationFailed',
  DDoSProtection: 'NetworkError',
  RateLimitExceeded: 'NetworkError',
  ExchangeNotAvailable: 'NetworkError',
  OnMaintenance: 'ExchangeNotAvailable',
  InvalidNonce: 'NetworkError',
  ChecksumError: 'InvalidNonce',
  RequestTimeout: 'NetworkError',
  BadResponse: 'OperationFailed',
  NullResponse: 'BadResponse',
  CancelPending: 'OperationFailed',
  UnsubscribeError: 'BaseError',
};

const CODE_OF: Record<string, ExchangeErrorCode> = {
  BadSymbol: 'EXCHANGE_BAD_SYMBOL',
  BadRequest: 'EXCHANGE_BAD_REQUEST',
  ArgumentsRequired: 'EXCHANGE_BAD_REQUEST',
  AuthenticationError: 'EXCHANGE_AUTH',
  NotSupported: 'EXCHANGE_NOT_SUPPORTED',
  InvalidProxySettings: 'EXCHANGE_PROXY',
  RestrictedLocation: 'EXCHANGE_RESTRICTED',
  DDoSProtection: 'EXCHANGE_RATE_LIMIT',
  RateLimitExceeded: 'EXCHANGE_RATE_LIMIT',
  ExchangeNotAvailable: 'EXCHANGE_UNAVAILABLE',
  RequestTimeout: 'EXCHANGE_TIMEOUT',
  NetworkError: 'EXCHANGE_NETWORK',
  OperationFailed: 'EXCHANGE_NETWORK',
  BadResponse: 'EXCHANGE_BAD_RESPONSE',
  ExchangeError: 'EXCHANGE_ERROR',
  BaseError: 'EXCHANGE_ERROR',
};

/** Our code for a ccxt error name (walking up ccxt's class tree); null for a name ccxt does not use. */
export function codeOfCcxtError(name: string): ExchangeErrorCode | null {
  for (let n: string | undefined = name, depth = 0; n !== undefined && depth < 10; n = PARENT[n], depth++) {
    const code = CODE_OF[n];
    if (code) return code;
  }
  return null;
}

const WHAT: Record<ExchangeErrorCode, string> = {
  EXCHANGE_BAD_SYMBOL: 'unknown market',
  EXCHANGE_BAD_REQUEST: 'the exchange refused the request',
  EXCHANGE_AUTH: 'the exchange refused the credentials',
  EXCHANGE_NOT_SUPPORTED: 'not supported by the exchange',
  EXCHANGE_RATE_LIMIT: 'rate limited by the exchange',
  EXCHANGE_UNAVAILABLE: 'the exchange is unavailable',
  EXCHANGE_TIMEOUT: 'the exchange did not answer in time',
  EXCHANGE_NETWORK: 'network error (offline, or the exchange blocks browser requests: a CORS proxy may help)',
  EXCHANGE_BAD_RESPONSE: 'the exchange sent a malformed response',
  EXCHANGE_PROXY: 'invalid proxy settings',
  EXCHANGE_RESTRICTED: 'the exchange does not serve this location',
  EXCHANGE_ERROR: 'exchange error',
};

/** The short phrase the UI can show for a code. */
export function describeExchangeCode(code: ExchangeErrorCode): string {
  return WHAT[code];
}

const MAX_DETAIL = 300;

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_DETAIL ? `${one.slice(0, MAX_DETAIL)}…` : one;
}

/**
 * Maps anything thrown while talking to an exchange to an {@link ExchangeApiError}. `action` says
 * what was being done (`fetching BTC/USDT 1h candles`). ccxt's own message (which often carries the
 * response body) is kept, shortened, after ours.
 */
export function toExchangeError(e: unknown, context: { exchange: string; action: string }): ExchangeApiError {
  if (e instanceof ExchangeApiError) return e;
  const name = typeof (e as { name?: unknown })?.name === 'string' ? (e as { name: string }).name : 'Error';
  const message = typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : String(e);
  let code: ExchangeErrorCode = codeOfCcxtError(name) ?? 'EXCHANGE_ERROR';
  if (/restricted location/i.test(message)) code = 'EXCHANGE_RESTRICTED';
  const retryAfter = (e as { retryAfterMs?: unknown })?.retryAfterMs;
  return new ExchangeApiError(code, `${context.exchange}: ${context.action}: ${WHAT[code]} (${name}: ${clip(message)})`, {
    exchange: context.exchange,
    retryAfterMs: typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter : null,
    cause: e,
  });
}
