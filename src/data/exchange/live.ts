/**
 * Live candles for watched symbol/timeframe pairs: every newly CLOSED candle, once, in order, and
 * the still-forming one (flagged) for display.
 *
 * Closed candles always come from the REST API through `cleanCandles` (the same path as the
 * backfill), asked for a little after each expected close (`closeDelayMs`) and again shortly when
 * the exchange has not published it yet. Every poll asks for everything after the last delivered
 * candle, so whatever was missed while the tab was hidden, asleep or offline arrives in order on
 * the next poll (`catchUp` true). A timer that fires late (the tab slept) polls on firing; the app
 * should also call {@link LiveCandleFeed.resync} on `online` and `visibilitychange`.
 *
 * Where ccxt's WebSocket class loads (`watchOHLCV`), the stream drives the forming candle and tells
 * the moment a new candle opens (which triggers the REST poll for the closed one at once); if the
 * stream fails, the feed says so in a status event and carries on by polling.
 */
import { cleanCandles, type FormingCandle } from '../../core/candles/hygiene';
import { candleOpenTime, isTimeframe, nextOpenTime, type Timeframe } from '../../core/candles/timeframe';
import type { CandlePage } from './client';
import { toExchangeError, type ExchangeErrorCode } from './errors';

/** A watched pair. */
export interface LivePair {
  symbol: string;
  timeframe: Timeframe;
  /**
   * Open time of the first closed candle to deliver (UTC ms): earlier candles up to now are fetched
   * and delivered first, in order. Absent or null: only candles closing after the subscription.
   */
  since?: number | null;
}

export type LiveEvent =
  /** A candle that has closed, delivered once per pair in ascending order. `catchUp`: not the latest closed candle (delivered late). */
  | { type: 'closed'; symbol: string; timeframe: Timeframe; candle: FormingCandle; catchUp: boolean }
  /** The candle still forming, for display only (never stored, never a signal). */
  | { type: 'forming'; symbol: string; timeframe: Timeframe; candle: FormingCandle }
  /** How a pair is fed, and the last error if any. `state` 'stopped': the pair cannot be watched (e.g. unknown symbol). */
  | {
      type: 'status';
      symbol: string;
      timeframe: Timeframe;
      mode: 'polling' | 'websocket';
      state: 'ok' | 'retrying' | 'stopped';
      error: { code: string; message: string } | null;
    };

/** Where candles come from (an `ExchangeClient` fits). */
export interface LiveSource {
  readonly id?: string;
  readonly pageLimit: number;
  fetchCandlePage(symbol: string, tf: Timeframe, since: number, opts?: { limit?: number; signal?: AbortSignal }): Promise<CandlePage>;
  /** Resolves on the next WebSocket update with the recent candles, forming one last. */
  watchCandles?(symbol: string, tf: Timeframe, opts?: { signal?: AbortSignal }): Promise<CandlePage>;
  unwatchCandles?(symbol: string, tf: Timeframe): Promise<void>;
  /** Whether `watchCandles` can work here; assumed true when absent. */
  supportsWebSocket?(): Promise<boolean>;
}

/** Time and timers (injectable for tests). */
export interface LiveClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: LiveClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface LiveFeedOptions {
  source: LiveSource;
  /** Receives every event (synchronously; exceptions it throws are ignored). */
  onEvent: (e: LiveEvent) => void;
  clock?: LiveClock;
  /** Wait after a candle's close before asking for it (default 2 000 ms). */
  closeDelayMs?: number;
  /** Refresh of the forming candle while polling, in ms; 0 = only at closes (default 15 000). */
  formingEveryMs?: number;
  /** Wait before asking again when a closed candle is not published yet (default 3 000 ms), up to `maxLagRetries` (default 10) times. */
  lagRetryMs?: number;
  maxLagRetries?: number;
  /** Wait after a failed poll (default 30 000 ms). */
  errorRetryMs?: number;
  /** Use the source's WebSocket stream when it has one (default true). */
  websocket?: boolean;
}

/** Errors after which watching a pair is pointless. */
const FATAL: ReadonlySet<ExchangeErrorCode> = new Set<ExchangeErrorCode>(['EXCHANGE_BAD_SYMBOL', 'EXCHANGE_NOT_SUPPORTED', 'EXCHANGE_BAD_REQUEST', 'EXCHANGE_AUTH']);

interface PairState {
  symbol: string;
  tf: Timeframe;
  /** Open time of the last delivered closed candle. */
  lastClosed: number;
  timer: unknown;
  polling: Promise<void> | null;
  again: boolean;
  lagging: boolean;
  lagRetries: number;
  ws: AbortController | null;
  /** The WebSocket stream is delivering updates (forming candles then come from it). */
  streaming: boolean;
  stopped: boolean;
  /** The state of the last status event sent (null before the first). */
  reported: 'ok' | 'retrying' | 'stopped' | null;
}

function keyOf(symbol: string, tf: Timeframe): string {
  return `${symbol}\u0000${tf}`;
}

function row(p: CandlePage['rows'], i: number): FormingCandle {
  return { time: p.time[i], open: p.open[i], high: p.high[i], low: p.low[i], close: p.close[i], volume: p.volume[i] };
}

/** Watches pairs and reports their candles (see the module comment). */
export class LiveCandleFeed {
  private readonly source: LiveSource;
  private readonly emitRaw: (e: LiveEvent) => void;
  private readonly clock: LiveClock;
  private readonly closeDelayMs: number;
  private readonly formingEveryMs: number;
  private readonly lagRetryMs: number;
  private readonly maxLagRetries: number;
  private readonly errorRetryMs: number;
  private readonly websocket: boolean;
  private readonly pairsByKey = new Map<string, PairState>();

  constructor(options: LiveFeedOptions) {
    this.source = options.source;
    this.emitRaw = options.onEvent;
    this.clock = options.clock ?? systemClock;
    this.closeDelayMs = options.closeDelayMs ?? 2000;
    this.formingEveryMs = options.formingEveryMs ?? 15_000;
    this.lagRetryMs = options.lagRetryMs ?? 3000;
    this.maxLagRetries = options.maxLagRetries ?? 10;
    this.errorRetryMs = options.errorRetryMs ?? 30_000;
    this.websocket = options.websocket ?? true;
  }

  private emit(e: LiveEvent): void {
    try {
      this.emitRaw(e);
    } catch {
      // A failing listener must not stop the feed.
    }
  }

  /** The watched pairs and the open time of the last closed candle delivered for each. */
  pairs(): Array<{ symbol: string; timeframe: Timeframe; lastClosed: number }> {
    return [...this.pairsByKey.values()].map((s) => ({ symbol: s.symbol, timeframe: s.tf, lastClosed: s.lastClosed }));
  }

  /** Starts watching a pair (no-op when already watched). Polls at once. */
  watch(pair: LivePair): void {
    if (typeof pair?.symbol !== 'string' || pair.symbol === '') throw new RangeError(`pair.symbol: ${JSON.stringify(pair?.symbol)} is not a symbol`);
    if (!isTimeframe(pair.timeframe)) throw new RangeError(`pair.timeframe: ${JSON.stringify(pair.timeframe)} is not a timeframe`);
    if (pair.since !== undefined && pair.since !== null && !Number.isFinite(pair.since)) throw new RangeError(`pair.since: ${pair.since} is not a time`);
    const k = keyOf(pair.symbol, pair.timeframe);
    if (this.pairsByKey.has(k)) return;
    const tf = pair.timeframe;
    const now = this.clock.now();
    const lastClosedAtStart = candleOpenTime(candleOpenTime(now, tf) - 1, tf);
    const since = pair.since ?? null;
    const st: PairState = {
      symbol: pair.symbol,
      tf,
      // "Last delivered" starts just before `since` (or at the latest closed candle when none).
      lastClosed: since === null ? lastClosedAtStart : candleOpenTime(candleOpenTime(since, tf) === since ? since - 1 : since, tf),
      timer: null,
      polling: null,
      again: false,
      lagging: false,
      lagRetries: 0,
      ws: null,
      streaming: false,
      stopped: false,
      reported: null,
    };
    this.pairsByKey.set(k, st);
    void this.poll(st);
    if (this.websocket && typeof this.source.watchCandles === 'function') void this.wsLoop(st);
  }

  /** Stops watching a pair. */
  unwatch(symbol: string, timeframe: Timeframe): void {
    const k = keyOf(symbol, timeframe);
    const st = this.pairsByKey.get(k);
    if (!st) return;
    this.pairsByKey.delete(k);
    st.stopped = true;
    if (st.timer !== null) this.clock.clearTimeout(st.timer);
    st.timer = null;
    if (st.ws) {
      st.ws.abort();
      st.ws = null;
      void this.source.unwatchCandles?.(symbol, timeframe).catch(() => undefined);
    }
  }

  /** Stops watching everything. */
  stop(): void {
    for (const st of [...this.pairsByKey.values()]) this.unwatch(st.symbol, st.tf);
  }

  /**
   * Polls every pair now (after the tab was hidden, asleep or offline): missed closed candles are
   * fetched and delivered in order. Resolves when every pair has been polled.
   */
  async resync(): Promise<void> {
    await Promise.all(
      [...this.pairsByKey.values()].map((st) => {
        if (st.timer !== null) this.clock.clearTimeout(st.timer);
        st.timer = null;
        return this.poll(st);
      }),
    );
  }

  /** Resolves once no poll is running (polls started meanwhile are waited for too). */
  async settled(): Promise<void> {
    for (;;) {
      const running = [...this.pairsByKey.values()].map((s) => s.polling).filter((p): p is Promise<void> => p !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** Sends the pair's status: the mode in use (WebSocket while the stream delivers, else polling). */
  private status(st: PairState, state: 'ok' | 'retrying' | 'stopped', error: { code: string; message: string } | null): void {
    st.reported = state;
    this.emit({ type: 'status', symbol: st.symbol, timeframe: st.tf, mode: st.streaming ? 'websocket' : 'polling', state, error });
  }

  private schedule(st: PairState, at: number): void {
    if (st.stopped) return;
    if (st.timer !== null) this.clock.clearTimeout(st.timer);
    const delay = Math.max(0, at - this.clock.now());
    st.timer = this.clock.setTimeout(() => {
      st.timer = null;
      void this.poll(st);
    }, delay);
  }

  private scheduleNext(st: PairState): void {
    const now = this.clock.now();
    if (st.lagging && st.lagRetries < this.maxLagRetries) {
      st.lagRetries++;
      this.schedule(st, now + this.lagRetryMs);
      return;
    }
    if (!st.lagging) st.lagRetries = 0;
    let at = nextOpenTime(candleOpenTime(now, st.tf), st.tf) + this.closeDelayMs;
    if (this.formingEveryMs > 0 && !st.streaming) at = Math.min(at, now + this.formingEveryMs);
    this.schedule(st, at);
  }

  /** One poll of a pair at a time; a poll asked for meanwhile runs right after. */
  private poll(st: PairState): Promise<void> {
    if (st.stopped) return Promise.resolve();
    if (st.polling) {
      st.again = true;
      return st.polling;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          st.again = false;
          await this.pollOnce(st);
        } while (st.again && !st.stopped);
      } catch (e) {
        if (st.stopped) return;
        const err = toExchangeError(e, { exchange: this.source.id ?? 'exchange', action: `polling ${st.symbol} ${st.tf} candles` });
        const fatal = FATAL.has(err.code);
        this.status(st, fatal ? 'stopped' : 'retrying', { code: err.code, message: err.message });
        if (fatal) this.unwatch(st.symbol, st.tf);
        else this.schedule(st, this.clock.now() + this.errorRetryMs);
        return;
      }
      // The first answer, or the first after failures: say how the pair is fed now.
      if (st.reported !== 'ok') this.status(st, 'ok', null);
      this.scheduleNext(st);
    };
    st.polling = run().finally(() => {
      st.polling = null;
    });
    return st.polling;
  }

  private async pollOnce(st: PairState): Promise<void> {
    const { tf } = st;
    const now = this.clock.now();
    const formingOpen = candleOpenTime(now, tf);
    const latestClosed = candleOpenTime(formingOpen - 1, tf);
    let since = nextOpenTime(st.lastClosed, tf);
    let newest = -Infinity;
    for (;;) {
      const page = await this.source.fetchCandlePage(st.symbol, tf, since, { limit: this.source.pageLimit });
      if (st.stopped) return;
      const rep = cleanCandles(page.rows, tf, { now });
      const c = rep.candles;
      for (let i = 0; i < page.count; i++) if (page.rows.time[i] > newest) newest = page.rows.time[i];
      let delivered = 0;
      for (let i = 0; i < c.time.length; i++) {
        if (c.time[i] <= st.lastClosed) continue;
        st.lastClosed = c.time[i];
        delivered++;
        this.emit({ type: 'closed', symbol: st.symbol, timeframe: tf, candle: row(c, i), catchUp: c.time[i] < latestClosed });
      }
      if (rep.forming && rep.forming.time === formingOpen) this.emit({ type: 'forming', symbol: st.symbol, timeframe: tf, candle: rep.forming });
      if (page.count < this.source.pageLimit || delivered === 0) break;
      since = nextOpenTime(st.lastClosed, tf);
    }
    // The exchange has not opened the current candle yet, so the last one may still be unpublished.
    st.lagging = st.lastClosed < latestClosed && newest < formingOpen;
  }

  private async wsLoop(st: PairState): Promise<void> {
    const usable = this.source.supportsWebSocket ? await this.source.supportsWebSocket().catch(() => false) : true;
    if (!usable || st.stopped) return;
    const ac = new AbortController();
    st.ws = ac;
    let lastOpen: number | null = null;
    while (!st.stopped && st.ws === ac) {
      let page: CandlePage;
      try {
        page = await this.source.watchCandles!(st.symbol, st.tf, { signal: ac.signal });
      } catch (e) {
        if (st.stopped || ac.signal.aborted) return;
        const err = toExchangeError(e, { exchange: this.source.id ?? 'exchange', action: `watching ${st.symbol} ${st.tf} candles` });
        st.ws = null;
        st.streaming = false;
        this.status(st, 'ok', { code: err.code, message: err.message });
        if (st.timer !== null && !st.polling) this.scheduleNext(st);
        return;
      }
      if (st.stopped || page.count === 0) continue;
      if (!st.streaming) {
        st.streaming = true;
        this.status(st, 'ok', null);
      }
      const i = page.count - 1;
      const open = page.rows.time[i];
      if (nextOpenTime(open, st.tf) > this.clock.now()) {
        this.emit({ type: 'forming', symbol: st.symbol, timeframe: st.tf, candle: row(page.rows, i) });
      }
      if (lastOpen !== null && open > lastOpen) void this.poll(st);
      lastOpen = open;
    }
  }
}
