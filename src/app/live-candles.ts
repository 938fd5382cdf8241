/**
 * Live candles for the app: a subscription over the data worker's `watchLiveCandles` task, which
 * streams events through a transferred MessagePort. Each newly closed candle is delivered once and
 * in order (and stored by the worker); the still-forming candle is kept for display only. When the
 * tab becomes visible again or the browser comes back online the subscription asks the worker to
 * resync, so candles missed while hidden, asleep or offline arrive at once, in order.
 */
import { transfer } from 'comlink';
import { createSignal, type Accessor } from 'solid-js';
import type { FormingCandle } from '../core/candles/hygiene';
import type { Timeframe } from '../core/candles/timeframe';
import { DEFAULT_EXCHANGE, type ExchangeId } from '../data/exchange/exchanges';
import type { LivePair } from '../data/exchange/live';
import { isWorkerTaskError } from '../../workers/bridge';
import type { LiveControl, LiveMessage } from '../../workers/data/live';
import { longDataWorker } from './worker-pools';
import { explainError } from './exchange-text';

export type { LivePair };
/** One candle as plain numbers (open time in UTC ms). */
export type LiveCandle = FormingCandle;

/** A closed candle delivered to a subscriber. */
export interface LiveCandleEvent {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  candle: LiveCandle;
  /** Delivered late (caught up after the tab was hidden, asleep or offline), not the latest closed one. */
  catchUp: boolean;
}

/** How a pair is fed. */
export interface LiveStatus {
  mode: 'polling' | 'websocket';
  state: 'ok' | 'retrying' | 'stopped';
  /** A plain sentence for the last problem, null when none. */
  error: string | null;
}

/** Per pair: the latest closed candle, the forming one, how it is fed, and when a candle last arrived. */
export interface LivePairState {
  closed: LiveCandle | null;
  forming: LiveCandle | null;
  status: LiveStatus | null;
  /** The last candle received (closed or forming): its open time and when it arrived (UTC ms). */
  lastReceived: { time: number; at: number } | null;
}

function pairKey(exchange: string, symbol: string, timeframe: string): string {
  return `${exchange}:${symbol}:${timeframe}`;
}

const [pairStates, setPairStates] = createSignal<Record<string, LivePairState>>({});

/** The latest state of a watched pair (any subscription of this tab); null when never watched. */
export function livePair(exchange: string, symbol: string, timeframe: Timeframe): LivePairState | null {
  return pairStates()[pairKey(exchange, symbol, timeframe)] ?? null;
}

/** The latest closed candle of a pair, null before the first one. */
export function latestClosedCandle(exchange: string, symbol: string, timeframe: Timeframe): LiveCandle | null {
  return livePair(exchange, symbol, timeframe)?.closed ?? null;
}

/** The candle still forming for a pair (display only), null when unknown. */
export function formingCandle(exchange: string, symbol: string, timeframe: Timeframe): LiveCandle | null {
  return livePair(exchange, symbol, timeframe)?.forming ?? null;
}

const EMPTY_PAIR: LivePairState = { closed: null, forming: null, status: null, lastReceived: null };

function patchPair(key: string, patch: Partial<LivePairState>): void {
  setPairStates((m) => ({ ...m, [key]: { ...EMPTY_PAIR, ...m[key], ...patch } }));
}

/**
 * The sentence beside a pair's status: the problem while polling fails, or, when the WebSocket
 * stream broke but polling works (state ok), that candles now come by polling.
 */
export function statusNote(m: Extract<LiveMessage, { type: 'status' }>, exchange: string): string | null {
  if (!m.error) return null;
  const why = explainError(m.error.code, m.error.message, { exchange, symbols: [m.symbol], timeframe: m.timeframe });
  return m.state === 'ok' && m.mode === 'polling' ? `The WebSocket stream stopped (${why.replace(/\.$/, '')}); candles now come by polling.` : why;
}

/** A running live-candle subscription. */
export interface LiveSubscription {
  readonly exchange: ExchangeId;
  /** True until the subscription has stopped (by `stop`, or because the worker task ended). */
  readonly active: Accessor<boolean>;
  /** Why the subscription ended on its own, null otherwise. */
  readonly error: Accessor<string | null>;
  /** Adds a pair. */
  watch(pair: LivePair): void;
  /** Removes a pair. */
  unwatch(symbol: string, timeframe: Timeframe): void;
  /** Asks for every pair's missed candles now (done automatically on `online` and when the tab becomes visible). */
  resync(): void;
  /** Ends the subscription; resolves once the worker has stopped. */
  stop(): Promise<void>;
}

export interface WatchLiveOptions {
  /** Default `binance`. */
  exchange?: ExchangeId;
  /** Store closed candles in the candle store (default true). */
  store?: boolean;
  /** Use the exchange's WebSocket where available (default true; polling otherwise). */
  websocket?: boolean;
}

/**
 * Watches `pairs` (more can be added later) on the long-job data worker. `onCandle` receives each
 * newly closed candle once, in order per pair; the latest closed and forming candle of each pair
 * are also kept in {@link livePair}. Stop it with `stop()`.
 */
export function watchLive(pairs: LivePair[], onCandle?: (e: LiveCandleEvent) => void, options: WatchLiveOptions = {}): LiveSubscription {
  const exchange = options.exchange ?? DEFAULT_EXCHANGE;
  const [active, setActive] = createSignal(true);
  const [error, setError] = createSignal<string | null>(null);
  const channel = new MessageChannel();
  const port = channel.port1;
  const controller = new AbortController();
  let stopping = false;

  const send = (m: LiveControl): void => {
    if (!active()) return;
    try {
      port.postMessage(m);
    } catch {
      // The worker side is gone; the task's end reports why.
    }
  };

  port.onmessage = (ev: MessageEvent) => {
    const m = ev.data as LiveMessage;
    if (!m || typeof m !== 'object') return;
    const key = pairKey(exchange, m.symbol, m.timeframe);
    if (m.type === 'closed') {
      patchPair(key, { closed: m.candle, lastReceived: { time: m.candle.time, at: Date.now() } });
      try {
        onCandle?.({ exchange, symbol: m.symbol, timeframe: m.timeframe, candle: m.candle, catchUp: m.catchUp });
      } catch {
        // A failing subscriber must not stop the others.
      }
    } else if (m.type === 'forming') {
      patchPair(key, { forming: m.candle, lastReceived: { time: m.candle.time, at: Date.now() } });
    } else if (m.type === 'status') {
      patchPair(key, { status: { mode: m.mode, state: m.state, error: statusNote(m, exchange) } });
    } else if (m.type === 'storeError') {
      patchPair(key, { status: { mode: livePair(exchange, m.symbol, m.timeframe)?.status?.mode ?? 'polling', state: 'ok', error: `A closed candle could not be stored: ${explainError(m.code, m.message, { exchange })}` } });
    }
  };

  const onVisible = (): void => {
    if (document.visibilityState === 'visible') send({ type: 'resync' });
  };
  const onOnline = (): void => send({ type: 'resync' });
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('online', onOnline);

  const cleanup = (): void => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('online', onOnline);
    setActive(false);
    port.onmessage = null;
    port.close();
  };

  const args = transfer({ exchange, pairs, port: channel.port2, store: options.store ?? true, websocket: options.websocket ?? true }, [channel.port2]);
  const task = longDataWorker()
    .run('watchLiveCandles', args, { signal: controller.signal })
    .then(
      () => undefined,
      (e: unknown) => {
        if (stopping && isWorkerTaskError(e, 'CANCELLED')) return;
        const code = (e as { code?: unknown } | null)?.code;
        setError(`Live candles stopped. ${explainError(typeof code === 'string' ? code : null, e instanceof Error ? e.message : String(e), { exchange })}`);
      },
    )
    .finally(cleanup);

  return {
    exchange,
    active,
    error,
    watch: (pair) => send({ type: 'watch', pair }),
    unwatch: (symbol, timeframe) => send({ type: 'unwatch', symbol, timeframe }),
    resync: () => send({ type: 'resync' }),
    stop: async () => {
      if (!active()) return;
      stopping = true;
      send({ type: 'stop' });
      const timer = setTimeout(() => controller.abort(), 5000);
      try {
        await task;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
