/**
 * The live-candles task of the data worker: a {@link LiveCandleFeed} streaming over a MessagePort.
 *
 * The caller creates a `MessageChannel`, keeps `port1` and transfers `port2` in the arguments
 * (`Comlink.transfer(args, [args.port])`). Messages, all structured-cloneable:
 *
 * - worker → caller: every {@link LiveEvent} (`closed`, `forming`, `status`), plus
 *   `{ type: 'storeError', symbol, timeframe, code, message }` when a closed candle could not be stored;
 * - caller → worker: `{ type: 'watch', pair }`, `{ type: 'unwatch', symbol, timeframe }`,
 *   `{ type: 'resync' }` (send it on `online` and when the tab becomes visible) and `{ type: 'stop' }`.
 *
 * The task runs until `stop` (it then resolves with counts) or until the caller aborts it (it then
 * rejects with CANCELLED). It occupies its worker meanwhile, so run it on a worker of its own.
 * Closed candles are stored in the candle store (`store`, default true), one transaction each.
 */
import type { Timeframe } from '../../src/core/candles/timeframe';
import type { FormingCandle } from '../../src/core/candles/hygiene';
import { writeCandles, type CandlelabDb } from '../../src/data';
import type { ExchangeClient } from '../../src/data/exchange/client';
import { DEFAULT_EXCHANGE, requireExchangeId, type ExchangeId } from '../../src/data/exchange/exchanges';
import { LiveCandleFeed, type LiveClock, type LiveEvent, type LiveFeedOptions, type LivePair } from '../../src/data/exchange/live';
import { CancelledError, type TaskContext } from '../bridge';

/** A message from the caller. */
export type LiveControl =
  | { type: 'watch'; pair: LivePair }
  | { type: 'unwatch'; symbol: string; timeframe: Timeframe }
  | { type: 'resync' }
  | { type: 'stop' };

/** A message to the caller. */
export type LiveMessage = LiveEvent | { type: 'storeError'; symbol: string; timeframe: Timeframe; code: string; message: string };

export interface WatchLiveArgs {
  /** Default `binance`. */
  exchange?: ExchangeId;
  /** Pairs to watch from the start (more can be added with `watch` messages). */
  pairs: LivePair[];
  /** The worker's end of the channel (transfer it). */
  port: MessagePort;
  /** Store closed candles (default true). */
  store?: boolean;
  /** Use WebSockets where available (default true). */
  websocket?: boolean;
}

export interface WatchLiveResult {
  /** Closed candles delivered. */
  delivered: number;
  /** Closed candles stored. */
  stored: number;
}

export interface LiveEnv {
  db: CandlelabDb;
  client: (exchange: ExchangeId) => Promise<ExchangeClient>;
  clock?: LiveClock;
  /** Feed tuning (delays); tests shorten them. */
  feed?: Partial<Omit<LiveFeedOptions, 'source' | 'onEvent' | 'clock'>>;
}

function oneCandle(c: FormingCandle) {
  return {
    time: Float64Array.of(c.time),
    open: Float64Array.of(c.open),
    high: Float64Array.of(c.high),
    low: Float64Array.of(c.low),
    close: Float64Array.of(c.close),
    volume: Float64Array.of(c.volume),
  };
}

/** Runs the live feed over `args.port` (see the module comment). */
export async function watchLiveCandles(env: LiveEnv, args: WatchLiveArgs, ctx: TaskContext): Promise<WatchLiveResult> {
  if (typeof args !== 'object' || args === null) throw new RangeError(`args: ${String(args)} is not an object`);
  const exchange = requireExchangeId('exchange', args.exchange ?? DEFAULT_EXCHANGE);
  if (!Array.isArray(args.pairs)) throw new RangeError(`pairs: ${JSON.stringify(args.pairs)} is not a list`);
  const port = args.port;
  if (!port || typeof port.postMessage !== 'function') throw new RangeError('port: not a MessagePort (transfer one end of a MessageChannel)');
  const store = args.store ?? true;
  const client = await env.client(exchange);
  let delivered = 0;
  let stored = 0;
  let writes: Promise<void> = Promise.resolve();
  const post = (m: LiveMessage): void => {
    try {
      port.postMessage(m);
    } catch {
      // The caller went away; the task ends when it is cancelled.
    }
  };
  const feed = new LiveCandleFeed({
    ...env.feed,
    source: client,
    clock: env.clock,
    websocket: args.websocket ?? env.feed?.websocket ?? true,
    onEvent: (e) => {
      post(e);
      if (e.type !== 'closed') return;
      delivered++;
      if (!store) return;
      const key = { exchange, symbol: e.symbol, timeframe: e.timeframe };
      writes = writes.then(async () => {
        try {
          await writeCandles(env.db, key, oneCandle(e.candle), { source: 'exchange' });
          stored++;
        } catch (err) {
          const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'INTERNAL';
          post({ type: 'storeError', symbol: e.symbol, timeframe: e.timeframe, code, message: err instanceof Error ? err.message : String(err) });
        }
      });
    },
  });
  const signal = ctx.signal;
  let stopRequested = false;
  const stopped = new Promise<void>((resolve) => {
    signal.addEventListener('abort', () => resolve(), { once: true });
    port.onmessage = (ev: MessageEvent) => {
      const m = ev.data as LiveControl;
      try {
        if (m?.type === 'watch') feed.watch(m.pair);
        else if (m?.type === 'unwatch') feed.unwatch(m.symbol, m.timeframe);
        else if (m?.type === 'resync') void feed.resync();
        else if (m?.type === 'stop') {
          stopRequested = true;
          resolve();
        }
      } catch (err) {
        const pair = m?.type === 'watch' ? m.pair : undefined;
        post({ type: 'status', symbol: String(pair?.symbol ?? ''), timeframe: pair?.timeframe ?? '1m', mode: 'polling', state: 'stopped', error: { code: 'INVALID_INPUT', message: err instanceof Error ? err.message : String(err) } });
      }
    };
  });
  const scope = globalThis as { addEventListener?: (t: string, f: () => void) => void; removeEventListener?: (t: string, f: () => void) => void };
  const onOnline = (): void => void feed.resync();
  scope.addEventListener?.('online', onOnline);
  try {
    for (const pair of args.pairs) feed.watch(pair);
    await stopped;
  } finally {
    feed.stop();
    scope.removeEventListener?.('online', onOnline);
    port.onmessage = null;
    await writes;
    port.close();
  }
  if (!stopRequested) throw new CancelledError('live candles stopped');
  return { delivered, stored };
}
