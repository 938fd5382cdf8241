import { describe, expect, it } from 'vitest';
import { ExchangeApiError, EXCHANGE_ERROR_CODES } from '../data/exchange/errors';
import {
  backfillRequest,
  dateInputValue,
  explainError,
  formatAge,
  formatEta,
  gapDetails,
  normalizeSymbol,
  parseDateInput,
  parseSymbolList,
  retryNotice,
  type BackfillFormValues,
} from './exchange-text';

const H = 3_600_000;
const MIN = 60_000;

describe('explainError', () => {
  it('names the symbol Binance does not list, taken from the adapter message', () => {
    const e = new ExchangeApiError('EXCHANGE_BAD_SYMBOL', 'binance: "XYZ/USDT" is not a spot market of Binance', { exchange: 'binance' });
    expect(explainError(e.code, e.message, { exchange: 'binance', symbols: ['BTC/USDT', 'XYZ/USDT'] })).toBe('Binance does not list XYZ/USDT.');
  });

  it('falls back to the asked symbol when the message does not quote one', () => {
    expect(explainError('EXCHANGE_BAD_SYMBOL', 'binance: fetching XYZ/USDT 1h candles: unknown market (BadSymbol: Invalid symbol.)', { exchange: 'okx', symbols: ['XYZ/USDT'] })).toBe(
      'OKX does not list XYZ/USDT.',
    );
  });

  it('mid-backfill, names the market the request was for, never a word of the exchange answer', () => {
    // What the adapter reports when Binance answers -1121 while fetching the second symbol of a job.
    const e = new ExchangeApiError(
      'EXCHANGE_BAD_SYMBOL',
      'binance: fetching ETH/USDT 1h candles from 2023-01-01T00:00:00.000Z: unknown market (BadSymbol: binance {"code":-1121,"msg":"Invalid symbol."})',
      { exchange: 'binance' },
    );
    expect(explainError(e.code, e.message, { exchange: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'] })).toBe('Binance does not list ETH/USDT.');
    expect(explainError('EXCHANGE_BAD_SYMBOL', 'binance {"code":-1121,"msg":"Invalid symbol."}', { exchange: 'binance', symbols: ['SOL/USDT'] })).toBe(
      'Binance does not list SOL/USDT.',
    );
  });

  it('names the timeframe an exchange lacks', () => {
    const m = 'coinbase: Coinbase has no 4h candles (it has 1m, 5m, 15m, 30m, 1h, 2h, 6h, 1d)';
    expect(explainError('EXCHANGE_NOT_SUPPORTED', m, { exchange: 'coinbase' })).toBe('Coinbase has no 4h candles.');
  });

  it('gives every exchange code its own sentence naming the exchange, never the raw code', () => {
    const seen = new Set<string>();
    for (const code of EXCHANGE_ERROR_CODES) {
      const s = explainError(code, 'binance: detail', { exchange: 'binance', symbols: ['BTC/USDT'] });
      expect(s, code).not.toContain(code);
      if (code !== 'EXCHANGE_PROXY') expect(s, code).toContain('Binance');
      seen.add(s);
    }
    expect(seen.size).toBe(EXCHANGE_ERROR_CODES.length);
    expect(explainError('EXCHANGE_NETWORK', '', { exchange: 'binance' })).toContain('CORS proxy');
    expect(explainError('EXCHANGE_PROXY', '', { exchange: 'okx' })).toBe('The CORS proxy set for OKX cannot be used: check its URL on the Markets page.');
  });

  it('keeps the message of codes it does not know, on one line', () => {
    expect(explainError('NOT_FOUND', 'backfill job "bf_1"\n  not found', { exchange: 'binance' })).toBe('backfill job "bf_1" not found');
    expect(explainError(null, '', { exchange: 'binance' })).toBe('Something went wrong.');
  });
});

describe('retryNotice', () => {
  it('says why, how long and which attempt comes next', () => {
    expect(retryNotice({ attempt: 1, maxAttempts: 5, delayMs: 3_200, code: 'EXCHANGE_RATE_LIMIT' })).toBe('Rate limited — retrying in 4 s (attempt 2 of 5)');
    expect(retryNotice({ attempt: 3, maxAttempts: 5, delayMs: 10, code: 'EXCHANGE_TIMEOUT' })).toBe('No answer in time — retrying in 1 s (attempt 4 of 5)');
    expect(retryNotice({ attempt: 1, maxAttempts: 5, delayMs: 1000, code: 'SOMETHING' })).toBe('Request failed — retrying in 1 s (attempt 2 of 5)');
  });
});

describe('formatAge and formatEta', () => {
  it('formats ages by the largest whole unit', () => {
    const now = Date.UTC(2024, 0, 10);
    expect(formatAge(now - 59_999, now)).toBe('just now');
    expect(formatAge(now - 3 * MIN - 5, now)).toBe('3 min ago');
    expect(formatAge(now - 5 * H, now)).toBe('5 h ago');
    expect(formatAge(now - 50 * H, now)).toBe('2 days ago');
    expect(formatAge(now + MIN, now)).toBe('just now');
  });

  it('formats an ETA, or a dash when unknown', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(-1)).toBe('—');
    expect(formatEta(12_001)).toBe('about 13 s');
    expect(formatEta(3 * MIN + 20_000)).toBe('about 3 min');
    expect(formatEta(2 * H + 5 * MIN)).toBe('about 2 h 5 min');
  });
});

describe('symbols', () => {
  it('normalises separators, case and known spellings', () => {
    expect(normalizeSymbol(' btc/usdt ')).toBe('BTC/USDT');
    expect(normalizeSymbol('eth-usdt')).toBe('ETH/USDT');
    expect(normalizeSymbol('SOL_USDC')).toBe('SOL/USDC');
    expect(normalizeSymbol('1000satsusdt', ['1000SATS/USDT'])).toBe('1000SATS/USDT');
    expect(normalizeSymbol('btcusdt')).toBe('BTC/USDT');
    expect(normalizeSymbol('ethbtc')).toBe('ETH/BTC');
    expect(normalizeSymbol('usdt')).toBe('USDT');
    expect(normalizeSymbol('xyz')).toBe('XYZ');
  });

  it('reads a typed list in order, without duplicates', () => {
    expect(parseSymbolList('BTC/USDT, eth/usdt\nbtcusdt;  SOL-USDT  ,,')).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    expect(parseSymbolList('   ')).toEqual([]);
  });
});

describe('dates and the backfill form', () => {
  const base: BackfillFormValues = { exchange: 'binance', symbols: ['BTC/USDT'], timeframes: ['1h', '4h', '1h'], mode: 'range', from: '2021-01-01', to: '', lastN: '' };

  it('reads date inputs as UTC days and refuses impossible dates naming the field', () => {
    expect(parseDateInput('from', '2021-01-01')).toBe(Date.UTC(2021, 0, 1));
    expect(() => parseDateInput('from', '2021-02-30')).toThrow('from: "2021-02-30" is not a date (YYYY-MM-DD)');
    expect(() => parseDateInput('to', '01/02/2021')).toThrow('to: "01/02/2021" is not a date');
    expect(dateInputValue(Date.UTC(2023, 2, 24, 13, 5))).toBe('2023-03-24');
  });

  it('turns a date range into from/to open times, the "to" day included, and dedupes timeframes', () => {
    expect(backfillRequest(base)).toEqual({ exchange: 'binance', symbols: ['BTC/USDT'], timeframes: ['1h', '4h'], from: Date.UTC(2021, 0, 1), to: null });
    expect(backfillRequest({ ...base, to: '2021-01-31' })).toMatchObject({ from: Date.UTC(2021, 0, 1), to: Date.UTC(2021, 0, 31, 23, 59) });
  });

  it('turns "last N candles" into lastN', () => {
    expect(backfillRequest({ ...base, mode: 'lastN', lastN: ' 500 ' })).toEqual({ exchange: 'binance', symbols: ['BTC/USDT'], timeframes: ['1h', '4h'], lastN: 500 });
  });

  it('refuses incomplete or contradictory forms naming the field and the value', () => {
    expect(() => backfillRequest({ ...base, symbols: [] })).toThrow('symbols: none chosen');
    expect(() => backfillRequest({ ...base, timeframes: [] })).toThrow('timeframes: none chosen');
    expect(() => backfillRequest({ ...base, timeframes: ['2h'] })).toThrow('timeframes: "2h" is not a timeframe');
    expect(() => backfillRequest({ ...base, exchange: 'kraken' })).toThrow('exchange: "kraken" is not an exchange');
    expect(() => backfillRequest({ ...base, to: '2020-12-31' })).toThrow('to: "2020-12-31" is before from "2021-01-01"');
    expect(() => backfillRequest({ ...base, mode: 'lastN', lastN: '0' })).toThrow('last N candles: "0" is not a positive whole number');
    expect(() => backfillRequest({ ...base, mode: 'lastN', lastN: '2.5' })).toThrow('"2.5" is not a positive whole number');
  });
});

describe('gapDetails', () => {
  const t0 = Date.UTC(2021, 3, 20, 2);
  const gaps = [
    { from: t0, to: t0 + H, missing: 2 },
    { from: t0 + 100 * H, to: t0 + 103 * H, missing: 4 },
    { from: t0 + 200 * H, to: t0 + 200 * H, missing: 1 },
  ];

  it('marks gaps the exchange confirmed empty, wholly or partly, and keeps the open parts', () => {
    const d = gapDetails(gaps, [{ from: t0, to: t0 + H }, { from: t0 + 101 * H, to: t0 + 102 * H }], '1h');
    expect(d.map((g) => g.status)).toEqual(['confirmed', 'partly', 'open']);
    expect(d[0].open).toEqual([]);
    expect(d[1].open).toEqual([
      { from: t0 + 100 * H, to: t0 + 100 * H, missing: 1 },
      { from: t0 + 103 * H, to: t0 + 103 * H, missing: 1 },
    ]);
    expect(d[2].open).toEqual([gaps[2]]);
    expect(d.map(({ from, to, missing }) => ({ from, to, missing }))).toEqual(gaps);
  });

  it('marks gaps the exchange answered empty without confirming, and lists such ranges past the last candle as gaps', () => {
    const after = { from: t0 + 300 * H, to: t0 + 310 * H };
    const d = gapDetails(gaps, [], '1h', [{ from: t0 + 100 * H, to: t0 + 103 * H }, after], { first: t0 - 10 * H, last: t0 + 250 * H });
    expect(d.map((g) => g.status)).toEqual(['open', 'unconfirmed', 'open', 'unconfirmed']);
    expect(d[3]).toMatchObject({ from: after.from, to: after.to, missing: 11 });
  });

  it('counts a gap inside a wider confirmed range as confirmed', () => {
    expect(gapDetails(gaps, [{ from: t0 - 10 * H, to: t0 + 300 * H }], '1h').every((g) => g.status === 'confirmed')).toBe(true);
    expect(gapDetails([], [{ from: t0, to: t0 }], '1h')).toEqual([]);
  });
});
