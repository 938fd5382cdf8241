import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CandleColumns } from '../../core/candles/types';
import { BinanceFake, startBinanceFakeServer, type BinanceFakeServer } from '../../../tests/support/binance-fake';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { createExchangeClient, type CandlePage, type ExchangeClient } from './client';
import { LiveCandleFeed, type LiveClock, type LiveEvent, type LiveSource } from './live';

const H = 3_600_000;
const CLOSE_DELAY = 2000;

/** A clock whose timers fire only when the test moves time. */
class ManualClock implements LiveClock {
  private seq = 0;
  private readonly timers = new Map<number, { due: number; fn: () => void }>();

  constructor(public t: number) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  pending(): number {
    return this.timers.size;
  }

  private nextDue(limit: number): [number, { due: number; fn: () => void }] | null {
    let best: [number, { due: number; fn: () => void }] | null = null;
    for (const e of this.timers) if (e[1].due <= limit && (!best || e[1].due < best[1].due)) best = e;
    return best;
  }

  /** Moves time to `target`, firing each timer at its due time, in order, letting the feed finish in between. */
  async advanceTo(target: number, feed: LiveCandleFeed): Promise<void> {
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].due);
      next[1].fn();
      await feed.settled();
    }
    this.t = target;
  }

  /** The tab sleeps for `ms`: no timer fires meanwhile; on waking, overdue timers fire once. */
  async sleep(ms: number, feed: LiveCandleFeed): Promise<void> {
    this.t += ms;
    const due = [...this.timers].filter(([, v]) => v.due <= this.t);
    for (const [id, v] of due) {
      this.timers.delete(id);
      v.fn();
    }
    await feed.settled();
  }
}

let clock: ManualClock;
let server: BinanceFakeServer;
let client: ExchangeClient;
const src = (): CandleColumns => loadSharedCandles('BTCUSDT', '1h');

function csvCandle(t: number) {
  const c = src();
  const i = c.time.indexOf(t);
  if (i < 0) throw new Error(`no BTCUSDT 1h candle at ${new Date(t).toISOString()}`);
  return { time: t, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] };
}

beforeAll(async () => {
  clock = new ManualClock(0);
  server = await startBinanceFakeServer({ fake: new BinanceFake({ now: () => clock.t }) });
  client = await createExchangeClient('binance', {
    proxyUrl: server.proxyUrl,
    rateLimitMs: 1,
    // Generous: a loopback request on a loaded machine can take seconds; no test here times out on purpose.
    timeoutMs: 30_000,
    websocket: false,
    retry: { maxAttempts: 2, random: () => 0.5, sleep: async () => {} },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  // A fresh clock per test: timers of an earlier test's feed can never fire here.
  clock = new ManualClock(0);
  server.fake.clearFaults();
  server.fake.requests.length = 0;
});

function feedWith(events: LiveEvent[], source: LiveSource = client, extra: Partial<ConstructorParameters<typeof LiveCandleFeed>[0]> = {}): LiveCandleFeed {
  return new LiveCandleFeed({ source, clock, onEvent: (e) => events.push(e), closeDelayMs: CLOSE_DELAY, formingEveryMs: 0, lagRetryMs: 3000, errorRetryMs: 30_000, ...extra });
}

const closed = (events: LiveEvent[]) => events.filter((e): e is Extract<LiveEvent, { type: 'closed' }> => e.type === 'closed');
const forming = (events: LiveEvent[]) => events.filter((e): e is Extract<LiveEvent, { type: 'forming' }> => e.type === 'forming');

describe('live candles by polling (real ccxt against the fake Binance, injected clock)', () => {
  it('delivers each newly closed candle once, in order, shortly after it closes, and the forming one flagged', async () => {
    const T0 = Date.UTC(2023, 5, 1, 10, 20);
    clock.t = T0;
    const events: LiveEvent[] = [];
    const feed = feedWith(events);
    feed.watch({ symbol: 'BTC/USDT', timeframe: '1h' });
    await feed.settled();
    expect(closed(events)).toEqual([]);
    expect(forming(events).map((e) => e.candle.time)).toEqual([Date.UTC(2023, 5, 1, 10)]);

    for (let k = 1; k <= 5; k++) {
      const close = Date.UTC(2023, 5, 1, 10 + k);
      await clock.advanceTo(close + CLOSE_DELAY - 1, feed);
      expect(closed(events)).toHaveLength(k - 1);
      await clock.advanceTo(close + CLOSE_DELAY, feed);
      expect(closed(events)).toHaveLength(k);
    }
    expect(closed(events).map((e) => e.candle)).toEqual([10, 11, 12, 13, 14].map((h) => csvCandle(Date.UTC(2023, 5, 1, h))));
    expect(closed(events).every((e) => !e.catchUp && e.symbol === 'BTC/USDT' && e.timeframe === '1h')).toBe(true);
    // Forming candles are the ones still open at each poll; never reported as closed.
    expect(forming(events).map((e) => e.candle.time)).toEqual([10, 11, 12, 13, 14, 15].map((h) => Date.UTC(2023, 5, 1, h)));
    // One request per poll: no polling in between closes.
    expect(server.fake.requestsTo('klines')).toHaveLength(6);
    feed.stop();
    expect(clock.pending()).toBe(0);
  });

  it('after the tab slept, fetches the missed candles and delivers them in order on waking, then carries on', async () => {
    clock.t = Date.UTC(2023, 5, 2, 8, 30);
    const events: LiveEvent[] = [];
    const feed = feedWith(events);
    feed.watch({ symbol: 'BTC/USDT', timeframe: '1h' });
    await feed.settled();
    await clock.advanceTo(Date.UTC(2023, 5, 2, 9) + CLOSE_DELAY, feed);
    expect(closed(events).map((e) => e.candle.time)).toEqual([Date.UTC(2023, 5, 2, 8)]);

    // Asleep from 09:00:02 to 16:40: timers do not fire; the overdue one fires once on waking.
    await clock.sleep(Date.UTC(2023, 5, 2, 16, 40) - clock.t, feed);
    const times = closed(events).map((e) => e.candle.time);
    expect(times).toEqual([8, 9, 10, 11, 12, 13, 14, 15].map((h) => Date.UTC(2023, 5, 2, h)));
    expect(closed(events).map((e) => e.candle)).toEqual(times.map(csvCandle));
    // Candles delivered late are flagged; the latest closed one is not.
    expect(closed(events).slice(1).map((e) => e.catchUp)).toEqual([true, true, true, true, true, true, false]);

    // A resync with nothing new delivers nothing twice.
    await feed.resync();
    expect(closed(events)).toHaveLength(8);
    await clock.advanceTo(Date.UTC(2023, 5, 2, 17) + CLOSE_DELAY, feed);
    expect(closed(events).map((e) => e.candle.time).slice(-1)).toEqual([Date.UTC(2023, 5, 2, 16)]);
    feed.stop();
  });

  it('resync() on return from offline catches up at once; failures while offline are reported and retried', async () => {
    clock.t = Date.UTC(2023, 5, 3, 0, 10);
    const events: LiveEvent[] = [];
    const feed = feedWith(events);
    feed.watch({ symbol: 'BTC/USDT', timeframe: '1h' });
    await feed.settled();
    // Offline: every request fails.
    server.fake.setFaultPolicy(() => ({ type: 'status', status: 503 }));
    await clock.advanceTo(Date.UTC(2023, 5, 3, 1) + CLOSE_DELAY, feed);
    const status = events.filter((e) => e.type === 'status');
    expect(status).toEqual([
      { type: 'status', symbol: 'BTC/USDT', timeframe: '1h', mode: 'polling', state: 'ok', error: null },
      expect.objectContaining({ type: 'status', mode: 'polling', state: 'retrying', error: expect.objectContaining({ code: 'EXCHANGE_UNAVAILABLE' }) }),
    ]);
    expect(closed(events)).toEqual([]);
    // Back online at 03:05 (before the retry timer): the app calls resync().
    server.fake.setFaultPolicy(null);
    clock.t = Date.UTC(2023, 5, 3, 3, 5);
    await feed.resync();
    expect(closed(events).map((e) => e.candle.time)).toEqual([0, 1, 2].map((h) => Date.UTC(2023, 5, 3, h)));
    // Once a poll succeeds again the problem is over, and the status says so.
    expect(events.filter((e) => e.type === 'status').at(-1)).toEqual({ type: 'status', symbol: 'BTC/USDT', timeframe: '1h', mode: 'polling', state: 'ok', error: null });
    feed.stop();
  });

  it('asks again shortly when the exchange has not published the closed candle yet', async () => {
    clock.t = Date.UTC(2023, 5, 4, 6, 50);
    const events: LiveEvent[] = [];
    const feed = feedWith(events);
    feed.watch({ symbol: 'BTC/USDT', timeframe: '1h' });
    await feed.settled();
    // The first two polls after the close see the exchange still on the old candle (empty answer).
    server.fake.inject({ path: 'klines', fault: { type: 'status', status: 200, body: '[]' }, times: 2 });
    await clock.advanceTo(Date.UTC(2023, 5, 4, 7) + CLOSE_DELAY + 2 * 3000, feed);
    expect(closed(events).map((e) => e.candle)).toEqual([csvCandle(Date.UTC(2023, 5, 4, 6))]);
    expect(server.fake.requestsTo('klines').map((r) => r.at)).toEqual([
      Date.UTC(2023, 5, 4, 6, 50),
      Date.UTC(2023, 5, 4, 7) + CLOSE_DELAY,
      Date.UTC(2023, 5, 4, 7) + CLOSE_DELAY + 3000,
      Date.UTC(2023, 5, 4, 7) + CLOSE_DELAY + 6000,
    ]);
    feed.stop();
  });

  it('`since` delivers the history from there first (paginated), then live candles; across an outage nothing is invented', async () => {
    clock.t = Date.UTC(2023, 2, 24, 16, 10);
    const events: LiveEvent[] = [];
    const feed = feedWith(events);
    const since = Date.UTC(2023, 1, 1);
    feed.watch({ symbol: 'BTC/USDT', timeframe: '1h', since });
    await feed.settled();
    const c = src();
    const want = [...c.time].filter((t) => t >= since && t + H <= clock.t);
    expect(want.length).toBeGreaterThan(1000);
    expect(closed(events).map((e) => e.candle.time)).toEqual(want);
    // The real outage at 2023-03-24 13:00 stays missing.
    expect(want).not.toContain(Date.UTC(2023, 2, 24, 13));
    expect(server.fake.requestsTo('klines').length).toBe(2);
    feed.stop();
  });

  it('an unknown symbol stops that pair with a clear status', async () => {
    clock.t = Date.UTC(2023, 5, 5);
    const events: LiveEvent[] = [];
    const feed = feedWith(events);
    feed.watch({ symbol: 'NOPE/USDT', timeframe: '1h' });
    await feed.settled();
    expect(events).toEqual([
      {
        type: 'status',
        symbol: 'NOPE/USDT',
        timeframe: '1h',
        mode: 'polling',
        state: 'stopped',
        error: { code: 'EXCHANGE_BAD_SYMBOL', message: expect.stringContaining('"NOPE/USDT" is not a spot market') },
      },
    ]);
    expect(feed.pairs()).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});

/** A WebSocket stream the test drives: each `watchCandles` call waits for the next push. */
function scriptedStream() {
  const waiting: Array<{ resolve: (p: CandlePage) => void; reject: (e: unknown) => void }> = [];
  return {
    watchCandles: (): Promise<CandlePage> => new Promise((resolve, reject) => waiting.push({ resolve, reject })),
    calls: () => waiting.length,
    push(rows: Array<[number, number, number, number, number, number]>) {
      const col = (j: number) => Float64Array.from(rows, (r) => r[j]);
      waiting.shift()!.resolve({ rows: { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) }, count: rows.length });
    },
    fail(e: unknown) {
      waiting.shift()!.reject(e);
    },
  };
}

describe('live candles over a WebSocket stream, falling back to polling', () => {
  it('shows the forming candle from the stream, confirms each close over REST at once, and polls when the stream fails', async () => {
    clock.t = Date.UTC(2023, 5, 6, 10, 20);
    const ws = scriptedStream();
    const source: LiveSource = {
      id: 'binance',
      pageLimit: client.pageLimit,
      fetchCandlePage: (s, tf, since, o) => client.fetchCandlePage(s, tf, since, o),
      watchCandles: ws.watchCandles,
      unwatchCandles: async () => {},
    };
    const events: LiveEvent[] = [];
    const feed = feedWith(events, source, { formingEveryMs: 60_000 });
    feed.watch({ symbol: 'BTC/USDT', timeframe: '1h' });
    await feed.settled();
    const open10 = Date.UTC(2023, 5, 6, 10);
    const open11 = Date.UTC(2023, 5, 6, 11);
    await expect.poll(ws.calls).toBe(1);
    ws.push([[open10, 1, 2, 0.5, 1.5, 10]]);
    await expect.poll(ws.calls).toBe(1);
    // Polling until the stream delivers, then the stream.
    expect(events.filter((e) => e.type === 'status')).toEqual([
      { type: 'status', symbol: 'BTC/USDT', timeframe: '1h', mode: 'polling', state: 'ok', error: null },
      { type: 'status', symbol: 'BTC/USDT', timeframe: '1h', mode: 'websocket', state: 'ok', error: null },
    ]);
    expect(forming(events).at(-1)?.candle).toEqual({ time: open10, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });

    // The stream shows 11:00 opening at 11:00:00.5, before the scheduled poll at 11:00:02.
    clock.t = open11 + 500;
    ws.push([[open10, 1, 2, 0.5, 1.6, 11], [open11, 2, 2, 2, 2, 1]]);
    await expect.poll(() => closed(events).length).toBe(1);
    await feed.settled();
    expect(closed(events)[0].candle).toEqual(csvCandle(open10));
    expect(server.fake.requestsTo('klines').at(-1)?.at).toBe(open11 + 500);

    // The stream breaks: the feed says so and carries on by polling.
    await expect.poll(ws.calls).toBe(1);
    const broken = Object.assign(new Error('connection closed'), { name: 'NetworkError' });
    ws.fail(broken);
    await expect.poll(() => events.filter((e) => e.type === 'status').length).toBe(3);
    expect(events.filter((e) => e.type === 'status')[2]).toMatchObject({ mode: 'polling', state: 'ok', error: { code: 'EXCHANGE_NETWORK' } });
    await clock.advanceTo(Date.UTC(2023, 5, 6, 12) + CLOSE_DELAY, feed);
    expect(closed(events).map((e) => e.candle.time)).toEqual([open10, open11]);
    feed.stop();
  });
});
