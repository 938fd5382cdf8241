import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandlelabDb, readCandles } from '../../src/data';
import { createExchangeClient, type ExchangeClient } from '../../src/data/exchange/client';
import type { LiveClock } from '../../src/data/exchange/live';
import { memoryIdb } from '../../src/data/testing/memory-db';
import { BinanceFake, startBinanceFakeServer, type BinanceFakeServer } from '../../tests/support/binance-fake';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { createTaskContext } from '../bridge';
import { watchLiveCandles, type LiveMessage } from './live';


/** Time moves only when the test says; timers fire when their time is reached. */
class StepClock implements LiveClock {
  private seq = 0;
  readonly timers = new Map<number, { due: number; fn: () => void }>();
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.timers.set(++this.seq, { due: this.t + ms, fn });
    return this.seq;
  }
  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }
  /** Jumps to `t` and fires every timer due by then (once each). */
  jump(t: number): void {
    this.t = t;
    for (const [id, v] of [...this.timers]) {
      if (v.due > t) continue;
      this.timers.delete(id);
      v.fn();
    }
  }
}

let clock = new StepClock(0);
let server: BinanceFakeServer;
let client: ExchangeClient;

beforeAll(async () => {
  server = await startBinanceFakeServer({ fake: new BinanceFake({ now: () => clock.t }) });
  client = await createExchangeClient('binance', { proxyUrl: server.proxyUrl, rateLimitMs: 1, websocket: false, retry: { sleep: async () => {} } });
});
afterAll(async () => {
  await server.close();
});

function csvRows(from: number, to: number) {
  const c = loadSharedCandles('BTCUSDT', '1h');
  const out: number[] = [];
  for (let i = 0; i < c.time.length; i++) if (c.time[i] >= from && c.time[i] <= to) out.push(i);
  return {
    time: out.map((i) => c.time[i]),
    close: out.map((i) => c.close[i]),
    volume: out.map((i) => c.volume[i]),
  };
}

describe('watchLiveCandles task (MessagePort stream)', () => {
  it('streams closed candles in order over the port, stores them, resyncs on request and stops cleanly', async () => {
    clock = new StepClock(Date.UTC(2023, 6, 1, 5, 30));
    const db = new CandlelabDb({ name: 'live-task', ...memoryIdb() });
    await db.open();
    const { port1, port2 } = new MessageChannel();
    const got: LiveMessage[] = [];
    port1.onmessage = (ev: MessageEvent) => got.push(ev.data as LiveMessage);
    const ctx = createTaskContext(new AbortController().signal, () => {});
    const run = watchLiveCandles(
      { db, client: async () => client, clock, feed: { closeDelayMs: 1000, formingEveryMs: 0 } },
      { pairs: [{ symbol: 'BTC/USDT', timeframe: '1h', since: Date.UTC(2023, 6, 1, 0) }], port: port2 },
      ctx,
    );
    const closedTimes = () => got.filter((m) => m.type === 'closed').map((m) => (m as Extract<LiveMessage, { type: 'closed' }>).candle.time);
    await expect.poll(closedTimes).toEqual([0, 1, 2, 3, 4].map((h) => Date.UTC(2023, 6, 1, h)));
    expect(got.some((m) => m.type === 'forming')).toBe(true);

    // The next close arrives on its timer.
    await expect.poll(() => clock.timers.size).toBe(1);
    clock.jump(Date.UTC(2023, 6, 1, 6) + 1000);
    await expect.poll(closedTimes).toHaveLength(6);

    // Back from a long sleep: the app sends resync; the missed candles come in order.
    clock.t = Date.UTC(2023, 6, 1, 11, 10);
    port1.postMessage({ type: 'resync' });
    await expect.poll(closedTimes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((h) => Date.UTC(2023, 6, 1, h)));

    port1.postMessage({ type: 'stop' });
    await expect(run).resolves.toEqual({ delivered: 11, stored: 11 });
    const stored = await readCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
    const want = csvRows(Date.UTC(2023, 6, 1, 0), Date.UTC(2023, 6, 1, 10));
    expect(Array.from(stored.time)).toEqual(want.time);
    expect(Array.from(stored.close)).toEqual(want.close);
    expect(Array.from(stored.volume)).toEqual(want.volume);
    port1.close();
  });

  it('rejects with CANCELLED when the caller aborts, after stopping the feed', async () => {
    clock = new StepClock(Date.UTC(2023, 6, 2, 5, 30));
    const db = new CandlelabDb({ name: 'live-task-2', ...memoryIdb() });
    await db.open();
    const { port1, port2 } = new MessageChannel();
    const token = new AbortController();
    const run = watchLiveCandles(
      { db, client: async () => client, clock, feed: { formingEveryMs: 0 } },
      { pairs: [{ symbol: 'BTC/USDT', timeframe: '1h' }], port: port2, store: false },
      createTaskContext(token.signal, () => {}),
    );
    await expect.poll(() => clock.timers.size).toBe(1);
    token.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(clock.timers.size).toBe(0);
    port1.close();
  });
});
