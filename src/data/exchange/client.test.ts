import * as ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { TIMEFRAMES } from '../../core/candles/timeframe';
import { parseRetryAfter } from './client';
import { codeOfCcxtError, EXCHANGE_ERROR_CODES, ExchangeApiError, RETRYABLE_EXCHANGE_CODES, toExchangeError, type ExchangeErrorCode } from './errors';
import { EXCHANGE_IDS, EXCHANGES, normalizeProxyUrl } from './exchanges';
import { toMarketInputs } from './markets';
import { backoffDelay, retryPolicy, withRetry } from './retry';

/** Our code for a ccxt error, decided with `instanceof` on ccxt's real classes (independent of the name table). */
function codeByInstance(e: Error): ExchangeErrorCode {
  if (e instanceof ccxt.BadSymbol) return 'EXCHANGE_BAD_SYMBOL';
  if (e instanceof ccxt.BadRequest || e instanceof ccxt.ArgumentsRequired) return 'EXCHANGE_BAD_REQUEST';
  if (e instanceof ccxt.AuthenticationError) return 'EXCHANGE_AUTH';
  if (e instanceof ccxt.NotSupported) return 'EXCHANGE_NOT_SUPPORTED';
  if (e instanceof ccxt.InvalidProxySettings) return 'EXCHANGE_PROXY';
  if (e instanceof ccxt.RestrictedLocation) return 'EXCHANGE_RESTRICTED';
  if (e instanceof ccxt.RateLimitExceeded || e instanceof ccxt.DDoSProtection) return 'EXCHANGE_RATE_LIMIT';
  if (e instanceof ccxt.ExchangeNotAvailable) return 'EXCHANGE_UNAVAILABLE';
  if (e instanceof ccxt.RequestTimeout) return 'EXCHANGE_TIMEOUT';
  if (e instanceof ccxt.BadResponse) return 'EXCHANGE_BAD_RESPONSE';
  if (e instanceof ccxt.NetworkError || e instanceof ccxt.OperationFailed) return 'EXCHANGE_NETWORK';
  return 'EXCHANGE_ERROR';
}

describe('ccxt error mapping', () => {
  const classes = (Object.entries(ccxt.errors) as Array<[string, unknown]>).filter(
    (e): e is [string, new (m: string) => Error] => typeof e[1] === 'function' && (e[1] as { prototype?: unknown }).prototype instanceof Error,
  );

  it('covers every ccxt error class and agrees with its class tree', () => {
    expect(classes.length).toBeGreaterThan(30);
    for (const [name, Cls] of classes) {
      const e = new Cls('boom');
      expect(e.name).toBe(name);
      expect(codeOfCcxtError(name), name).toBe(codeByInstance(e));
    }
  });

  it('retries exactly the transient failures', () => {
    const retryable = (name: string) => toExchangeError(new (ccxt.errors as unknown as Record<string, new (m: string) => Error>)[name]('x'), { exchange: 'binance', action: 'testing' }).retryable;
    for (const n of ['NetworkError', 'RateLimitExceeded', 'DDoSProtection', 'ExchangeNotAvailable', 'OnMaintenance', 'RequestTimeout', 'BadResponse', 'NullResponse']) expect(retryable(n), n).toBe(true);
    for (const n of ['BadSymbol', 'BadRequest', 'AuthenticationError', 'PermissionDenied', 'NotSupported', 'ExchangeError', 'InvalidProxySettings']) expect(retryable(n), n).toBe(false);
    expect([...RETRYABLE_EXCHANGE_CODES].every((c) => EXCHANGE_ERROR_CODES.includes(c))).toBe(true);
  });

  it('says what was being done, keeps ccxt detail, and spots restricted locations', () => {
    const e = toExchangeError(new ccxt.BadSymbol('binance does not have market symbol FOO/USDT'), { exchange: 'binance', action: 'fetching FOO/USDT 1h candles' });
    expect(e).toBeInstanceOf(ExchangeApiError);
    expect(e.code).toBe('EXCHANGE_BAD_SYMBOL');
    expect(e.message).toBe('binance: fetching FOO/USDT 1h candles: unknown market (BadSymbol: binance does not have market symbol FOO/USDT)');
    expect(e.details).toEqual({ exchange: 'binance', retryAfterMs: null, cause: 'BadSymbol' });
    const geo = toExchangeError(new ccxt.ExchangeNotAvailable('binance 451 {"code":0,"msg":"Service unavailable from a restricted location"}'), { exchange: 'binance', action: 'loading markets' });
    expect(geo.code).toBe('EXCHANGE_RESTRICTED');
    expect(geo.retryable).toBe(false);
    expect(toExchangeError(new TypeError('Failed to fetch'), { exchange: 'okx', action: 'x' }).code).toBe('EXCHANGE_ERROR');
  });
});

describe('retry policy', () => {
  it('doubles the delay per failure, caps it, and jitters within [half, full]', () => {
    const p = { baseDelayMs: 1000, maxDelayMs: 30_000 };
    expect(backoffDelay(1, { ...p, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { ...p, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(3, { ...p, random: () => 0 })).toBe(2000);
    expect(backoffDelay(10, { ...p, random: () => 0.999999 })).toBe(30_000);
    expect(backoffDelay(10, { ...p, random: () => 0 })).toBe(15_000);
    // Retry-After is a lower bound.
    expect(backoffDelay(1, { ...p, random: () => 0 }, 7000)).toBe(7000);
  });

  it('builds a complete policy from defaults and rejects bad settings', () => {
    const a = retryPolicy({ random: undefined });
    expect(a.maxAttempts).toBe(5);
    expect(a.maxDelayMs).toBe(30_000);
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow('retry.maxAttempts: 0 is not a positive integer');
    expect(() => retryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow('retry.maxDelayMs: 5 is below retry.baseDelayMs 10');
  });

  it('retries retryable errors up to maxAttempts, fails fast otherwise, and refuses waits longer than the cap', async () => {
    const sleeps: number[] = [];
    const policy = retryPolicy({ maxAttempts: 3, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) });
    const map = (e: unknown) => toExchangeError(e, { exchange: 'binance', action: 'testing' });
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          if (calls < 3) throw new ccxt.RequestTimeout('slow');
          return 'ok';
        },
        { policy, map },
      ),
    ).resolves.toBe('ok');
    expect(sleeps).toEqual([750, 1500]);

    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new ccxt.AuthenticationError('no keys');
        },
        { policy, map },
      ),
    ).rejects.toMatchObject({ code: 'EXCHANGE_AUTH' });
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw Object.assign(new Error('banned'), { name: 'DDoSProtection', retryAfterMs: 120_000 });
        },
        { policy, map },
      ),
    ).rejects.toMatchObject({ code: 'EXCHANGE_RATE_LIMIT', retryAfterMs: 120_000, message: expect.stringContaining('asks to wait 120 s') });
    expect(calls).toBe(1);

    const ac = new AbortController();
    ac.abort();
    await expect(withRetry(async () => 1, { policy, map, signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2024, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

describe('exchange table', () => {
  it("matches ccxt: page size = ccxt's spot fetchOHLCV limit, timeframes = ours that ccxt lists", () => {
    const classes = { binance: ccxt.binance, coinbase: ccxt.coinbase, okx: ccxt.okx };
    for (const id of EXCHANGE_IDS) {
      const ex = new classes[id]();
      const features = ex.features as { spot: { fetchOHLCV: { limit: number } } };
      expect(EXCHANGES[id].pageLimit, id).toBe(features.spot.fetchOHLCV.limit);
      expect(EXCHANGES[id].timeframes, id).toEqual(TIMEFRAMES.filter((tf) => tf in ex.timeframes));
    }
  });

  it('spot-only options are what ccxt reads', () => {
    const b = new ccxt.binance({ options: structuredClone(EXCHANGES.binance.ccxtOptions) });
    expect(b.options.fetchMarkets).toMatchObject({ types: ['spot'] });
    expect(b.options.fetchCurrencies).toBe(false);
    const o = new ccxt.okx({ options: structuredClone(EXCHANGES.okx.ccxtOptions) });
    expect(o.options.fetchMarkets).toMatchObject({ types: ['spot'] });
  });

  it('checks proxy URLs, naming the field', () => {
    expect(normalizeProxyUrl('proxyUrl', '')).toBeNull();
    expect(normalizeProxyUrl('proxyUrl', null)).toBeNull();
    expect(normalizeProxyUrl('proxyUrl', 'https://proxy.example/')).toBe('https://proxy.example/');
    expect(() => normalizeProxyUrl('exchangeProxies.okx', 'not a url')).toThrow('exchangeProxies.okx: "not a url" is not a URL');
    expect(() => normalizeProxyUrl('proxyUrl', 'ftp://x/')).toThrow('proxyUrl: "ftp://x/" is not an http(s) URL');
  });
});

describe('market records', () => {
  it('keeps spot markets only, unified symbols, precision and minimum order from ccxt', () => {
    const spot = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', spot: true, type: 'spot', active: true, precision: { price: 0.01, amount: 0.00001 }, limits: { amount: { min: 0.00001 }, cost: { min: 5 } } };
    const perp = { ...spot, symbol: 'BTC/USDT:USDT', spot: false, type: 'swap' };
    const unknownActive = { ...spot, symbol: 'ETH/USDT', base: 'ETH', active: undefined, precision: {}, limits: {} };
    const out = toMarketInputs('binance', [perp, unknownActive, spot] as never, 123);
    expect(out).toEqual([
      { exchange: 'binance', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', type: 'spot', active: true, pricePrecision: 0.01, amountPrecision: 0.00001, minAmount: 0.00001, minCost: 5, fetchedAt: 123 },
      { exchange: 'binance', symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', type: 'spot', active: true, pricePrecision: null, amountPrecision: null, minAmount: null, minCost: null, fetchedAt: 123 },
    ]);
  });
});
