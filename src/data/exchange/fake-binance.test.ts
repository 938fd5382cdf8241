import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BinanceFake, binanceTarget, handleBinanceRequest, shiftToNow, startBinanceFakeServer } from '../../../tests/support/binance-fake';
import { loadSharedCandles, SHARED_DATA_DIR } from '../../../tests/support/shared-data';

/** The fake Binance used by the exchange tests, checked against real Binance responses. */
const samples = join(SHARED_DATA_DIR, 'exchange-samples');
const realKlines = JSON.parse(readFileSync(join(samples, 'binance_spot_api_v3_klines_ETHUSDT_1h_2021-11-08_240.json'), 'utf8')) as unknown[][];
const errorDoc = JSON.parse(readFileSync(join(samples, 'binance-docs', 'doc_example_error.json'), 'utf8')) as unknown;
const NOW = Date.UTC(2023, 11, 30, 19, 30);
const get = (path: string, now = NOW) => handleBinanceRequest(`https://api.binance.com${path}`, { now });
const body = (path: string, now = NOW) => JSON.parse(get(path, now).body) as unknown;

describe('fake Binance against real responses', () => {
  it('serves klines identical to a real /api/v3/klines capture (open time, OHLCV strings, close time)', () => {
    const first = realKlines[0][0] as number;
    const rows = body(`/api/v3/klines?symbol=ETHUSDT&interval=1h&startTime=${first}&limit=240`) as unknown[][];
    expect(rows).toHaveLength(240);
    // The capture's last kline was still open when it was taken; the other 239 are final.
    for (let i = 0; i < 239; i++) expect(rows[i].slice(0, 7)).toEqual(realKlines[i].slice(0, 7));
    expect(rows.every((r) => r.length === 12 && typeof r[7] === 'string' && typeof r[8] === 'number')).toBe(true);
  });

  it('answers errors in Binance format', () => {
    const bad = get('/api/v3/klines?symbol=FOOUSDT&interval=1h');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual(errorDoc);
    expect(body('/api/v3/klines?symbol=BTCUSDT&interval=2d')).toEqual({ code: -1120, msg: 'Invalid interval.' });
    expect(body('/api/v3/klines?interval=1h')).toEqual({ code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
    expect(get('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=1001').status).toBe(400);
    expect(body('/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=2&endTime=1')).toEqual({ code: -1023, msg: 'Start time is greater than end time.' });
    expect(body('/api/v3/exchangeInfo?symbol=FOOUSDT')).toEqual(errorDoc);
  });

  it('honours startTime, endTime and limit, and the clock', () => {
    const c = loadSharedCandles('BTCUSDT', '1h');
    const times = (p: string, now = NOW) => (body(p, now) as number[][]).map((r) => r[0]);
    const iOf = (t: number) => c.time.indexOf(t);
    const start = Date.UTC(2022, 0, 1);
    // Default limit 500, ascending from startTime.
    expect(times(`/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${start}`)).toEqual(Array.from(c.time.slice(iOf(start), iOf(start) + 500)));
    // startTime mid-candle: klines opening at or after it.
    expect(times(`/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${start + 1}&limit=2`)).toEqual([start + 3_600_000, start + 7_200_000]);
    // endTime inclusive of the open time.
    expect(times(`/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${start}&endTime=${start + 7_200_000}`)).toEqual([start, start + 3_600_000, start + 7_200_000]);
    // endTime only: the `limit` latest up to it.
    expect(times(`/api/v3/klines?symbol=BTCUSDT&interval=1h&endTime=${start}&limit=3`)).toEqual([start - 7_200_000, start - 3_600_000, start]);
    // Neither: the most recent, the forming one last; nothing from the future.
    const now = Date.UTC(2022, 5, 1, 12, 30);
    expect(times('/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2', now)).toEqual([Date.UTC(2022, 5, 1, 11), Date.UTC(2022, 5, 1, 12)]);
    expect(times(`/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${now}`, now)).toEqual([]);
    // Close time = open + interval − 1 ms, month-aware for 1M.
    const m = body('/api/v3/klines?symbol=BTCUSDT&interval=1M&startTime=' + Date.UTC(2023, 1, 1) + '&limit=1') as unknown[][];
    expect(m[0][0]).toBe(Date.UTC(2023, 1, 1));
    expect(m[0][6]).toBe(Date.UTC(2023, 2, 1) - 1);
  });

  it('builds intervals it has no file for from the finest file (ETHUSDT 4h from 1h), exactly', () => {
    const h = loadSharedCandles('ETHUSDT', '1h');
    const start = Date.UTC(2021, 3, 20);
    const rows = body(`/api/v3/klines?symbol=ETHUSDT&interval=4h&startTime=${start}&limit=1`) as string[][];
    // 2021-04-20 00:00–04:00: 02:00 and 03:00 are missing (outage); the 4h candle holds 00:00 and 01:00.
    const i = h.time.indexOf(start);
    expect(h.time[i + 2]).toBe(Date.UTC(2021, 3, 20, 4));
    expect(Number(rows[0][1])).toBe(h.open[i]);
    expect(Number(rows[0][2])).toBe(Math.max(h.high[i], h.high[i + 1]));
    expect(Number(rows[0][3])).toBe(Math.min(h.low[i], h.low[i + 1]));
    expect(Number(rows[0][4])).toBe(h.close[i + 1]);
    expect(Number(rows[0][5])).toBeCloseTo(h.volume[i] + h.volume[i + 1], 8);
  });

  it('serves exchangeInfo from the real capture, filtered by symbol(s), with its own server time', () => {
    const all = body('/api/v3/exchangeInfo') as { serverTime: number; symbols: Array<{ symbol: string }> };
    expect(all.serverTime).toBe(NOW);
    expect(all.symbols).toHaveLength(16);
    const two = body('/api/v3/exchangeInfo?symbols=' + encodeURIComponent('["ETHUSDT","BTCUSDT"]')) as typeof all;
    expect(two.symbols.map((s) => s.symbol)).toEqual(['ETHUSDT', 'BTCUSDT']);
    expect(body('/api/v3/time')).toEqual({ serverTime: NOW });
    expect(body('/api/v3/ping')).toEqual({});
  });

  it('unwraps CORS-proxy URLs as ccxt builds them', () => {
    const real = 'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1h';
    expect(binanceTarget(`http://127.0.0.1:9/${encodeURIComponent(real)}`).toString()).toBe(real);
    expect(binanceTarget('http://127.0.0.1:9/https://api.binance.com/api/v3/ping').toString()).toBe('https://api.binance.com/api/v3/ping');
    expect(binanceTarget(`https://proxy.example/?${encodeURIComponent(real)}`).toString()).toBe(real);
  });

  it('injects faults in order, skipping and repeating as asked, and logs every request', () => {
    const fake = new BinanceFake({ now: NOW });
    fake.inject({ path: 'klines', skip: 1, times: 2, fault: { type: 'status', status: 429, retryAfterSec: 3 } });
    fake.inject({ path: 'klines', fault: { type: 'malformed' } });
    const url = 'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=3';
    const r = [0, 1, 2, 3, 4].map(() => fake.handle(url));
    // Each rule counts the requests it matches: the 429 rule lets its first one pass (to the next rule).
    expect(r.map((x) => x.status)).toEqual([200, 429, 429, 200, 200]);
    expect(() => JSON.parse(r[0].body)).toThrow();
    expect(r[1].headers['retry-after']).toBe('3');
    expect(r[3].headers['retry-after']).toBeUndefined();
    expect(JSON.parse(r[4].body)).toHaveLength(3);
    expect(fake.requests.map((q) => q.fault)).toEqual(['malformed', 'status', 'status', null, null]);
    expect(fake.pendingFaults()).toBe(0);
    expect(Number(r[4].headers['x-mbx-used-weight-1m'])).toBe(10);
  });

  it('the HTTP server holds a timed-out request until it is closed', async () => {
    const server = await startBinanceFakeServer({ now: NOW, faults: [{ fault: { type: 'timeout' } }] });
    const ac = new AbortController();
    const pending = fetch(`${server.url}/api/v3/ping`, { signal: ac.signal });
    const ok = await fetch(`${server.url}/api/v3/time`);
    expect(await ok.json()).toEqual({ serverTime: NOW });
    ac.abort();
    await expect(pending).rejects.toThrow();
    await server.close();
  });
});

describe('fake Binance time shift', () => {
  it('serves the same rows moved by whole weeks, and honours request times in shifted time', () => {
    const dataNow = Date.UTC(2023, 5, 1, 10, 20);
    const shift = shiftToNow(Date.UTC(2023, 5, 1), Date.UTC(2026, 10, 20));
    expect(shift % (7 * 86_400_000)).toBe(0);
    const plain = body(`/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${Date.UTC(2023, 5, 1, 6)}&limit=10`, dataNow) as unknown[][];
    const moved = JSON.parse(
      handleBinanceRequest(`https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${Date.UTC(2023, 5, 1, 6) + shift}&limit=10`, { now: dataNow + shift, shiftMs: shift }).body,
    ) as unknown[][];
    expect(moved).toHaveLength(5);
    expect(moved.map((r) => [(r[0] as number) - shift, ...r.slice(1, 6), (r[6] as number) - shift])).toEqual(plain.map((r) => r.slice(0, 7)));
  });
});
