/**
 * The live work of the app, started once per tab at start-up.
 *
 * Every tab observes the live settings (source, watch list, demo clock) and the signals as they
 * are stored. One tab — the leader ({@link createTabLeader}) — runs the work in its live worker:
 *
 * - **Demo clock** (`priceSource` `demo`): at each 5m close of market time (market time from the
 *   clock setting and real time) the worker extends the stored demo market and runs the signal
 *   stream on the watched demo series. The first run after a tab becomes leader catches up on
 *   everything the clock passed while no tab ran it.
 * - **Exchanges** (`priceSource` `live`): each watched exchange series is first brought up to date
 *   through the backfill "update" path, the stream catches up on what was fetched, then the live
 *   candle feed (polling or WebSocket) delivers each newly closed candle, which the worker stores
 *   and runs.
 *
 * The leader broadcasts its run status (what it caught up on, the last step, problems) to the other
 * tabs over a BroadcastChannel; everything else they read from the database.
 */
import { createEffect, createMemo, createRoot, createSignal, from, on, onCleanup, type Accessor } from 'solid-js';
import { nextOpenTime } from '../core/candles/timeframe';
import {
  demoMarketTime,
  nextCloseAfter,
  pauseDemoClock as pausedDemoClock,
  realDelayUntil,
  setDemoSpeed,
  startDemoClock,
  createDemoClock,
  type DemoSpeed,
} from '../core/demo/demo-clock';
import { DEMO_DEFAULT_SEED, DEMO_EXCHANGE } from '../core/demo/demo-market';
import { getSeries, getSettings, observeQuery, setSetting, type DemoClockSetting, type PriceSource, type WatchEntry } from '../data';
import { EXCHANGE_IDS, type ExchangeId } from '../data/exchange/exchanges';
import type { LiveRunSummary } from '../../workers/live/tasks';
import { updateSeries, seriesAction } from './backfill-jobs';
import { database, reportWriteError } from './db-service';
import { livePair, watchLive, type LiveSubscription } from './live-candles';
import { effectiveWatchList, watchedBy, watchId, type LiveSource, type WatchKey } from './live-watch';
import { liveWorker } from './live-worker';
import { seriesList } from './series-store';
import { createTabLeader, type LeaderRole, type TabLeader } from './tab-leader';

export type { WatchKey, LiveSource, DemoClockSetting, DemoSpeed };
export { DEMO_SPEEDS } from '../core/demo/demo-clock';

/** What the leader reports about its work. */
export interface LiveRunStatus {
  /** A run is in progress. */
  busy: boolean;
  /** Progress of a long run (catch-up), null otherwise. */
  progress: { done: number; total: number } | null;
  /** The first run of the current leader, when it processed anything. */
  caughtUp: { candles: number; signals: number; from: number | null; to: number | null } | null;
  /** The latest run that processed candles. */
  last: { candles: number; signals: number; closeTime: number | null } | null;
  /** Since the current leader started. */
  totals: { candles: number; signals: number };
  /** Problems of the latest run (plain sentences). */
  problems: string[];
  /** Exchange mode: how each watched pair is fed. */
  pairs: Array<{ id: string; label: string; mode: string; state: string; error: string | null }>;
  /** Why the last run failed, null when it did not. */
  error: string | null;
}

const IDLE: LiveRunStatus = { busy: false, progress: null, caughtUp: null, last: null, totals: { candles: 0, signals: 0 }, problems: [], pairs: [], error: null };

interface LiveSettingsView {
  source: PriceSource;
  watch: WatchEntry[] | null;
  clock: DemoClockSetting | null;
}

const CHANNEL = 'candlelab-live-status';
/** Shortest real time between two demo clock ticks (each rewrites the current chunk of every demo series). */
const MIN_TICK_MS = 1000;
type Message = { type: 'status'; status: LiveRunStatus } | { type: 'hello' };

function createLive() {
  return createRoot(() => {
    const settings = from(
      observeQuery(async (): Promise<LiveSettingsView> => {
        const s = await getSettings(database());
        return { source: s.priceSource, watch: s.watchList, clock: s.demoClock };
      }),
    );
    const source = createMemo<LiveSource>(() => settings()?.source ?? 'demo');
    const clock = createMemo(() => settings()?.clock ?? null, null, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
    const stored = createMemo(
      () => (seriesList() ?? []).map((s) => ({ exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe })),
      [],
      { equals: (a, b) => a.map(watchId).join('|') === b.map(watchId).join('|') },
    );
    const watch = createMemo(() => effectiveWatchList(settings()?.watch ?? null, stored()), [], {
      equals: (a, b) => a.map(watchId).join('|') === b.map(watchId).join('|'),
    });
    const fed = createMemo(() => watchedBy(source(), watch()), [], { equals: (a, b) => a.map(watchId).join('|') === b.map(watchId).join('|') });
    /** Close time of the latest stored demo candle (where a new clock starts), null without a demo market. */
    const demoEnd = createMemo(() => {
      const demo = (seriesList() ?? []).filter((s) => s.exchange === DEMO_EXCHANGE);
      return demo.length === 0 ? null : Math.max(...demo.map((s) => nextOpenTime(s.last, s.timeframe)));
    });
    const [status, setStatus] = createSignal<LiveRunStatus>(IDLE);
    const [now, setNow] = createSignal(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    onCleanup(() => clearInterval(timer));
    const marketTime = createMemo(() => {
      const c = clock();
      return c ? demoMarketTime(c, now()) : null;
    });
    return { settingsLoaded: () => settings() !== undefined, watchSetting: () => settings()?.watch ?? null, source, clock, watch, fed, demoEnd, status, setStatus, setNow, marketTime };
  });
}

let live: ReturnType<typeof createLive> | undefined;
function state(): ReturnType<typeof createLive> {
  live ??= createLive();
  return live;
}

let leader: TabLeader | undefined;
/** The leader election of this tab once joined (a signal, so pages rendered before start-up follow it). */
const [election, setElection] = createSignal<TabLeader | undefined>(undefined);
let channel: BroadcastChannel | undefined;

function publish(next: LiveRunStatus): void {
  state().setStatus(next);
  try {
    channel?.postMessage({ type: 'status', status: next } satisfies Message);
  } catch {
    // Another tab that went away; nothing to tell.
  }
}

function patchStatus(patch: Partial<LiveRunStatus>): void {
  publish({ ...state().status(), ...patch });
}

function problemsOf(run: LiveRunSummary): string[] {
  return run.problems.map((p) => p.message);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Records what a worker run did in the status. */
function reportRun(run: LiveRunSummary, first: boolean): void {
  const s = state().status();
  const totals = { candles: s.totals.candles + run.candles, signals: s.totals.signals + run.signals };
  publish({
    ...s,
    busy: false,
    progress: null,
    caughtUp: first && run.candles > 0 ? { candles: run.candles, signals: run.signals, from: run.firstClose, to: run.lastClose } : s.caughtUp,
    last: run.candles > 0 ? { candles: run.candles, signals: run.signals, closeTime: run.lastClose } : s.last,
    totals,
    problems: problemsOf(run),
    error: null,
  });
}

/** The leader's work; returns the function that stops it. */
function runLeader(): () => void {
  return createRoot((dispose) => {
    const st = state();
    let first = true;
    let running = false;
    let again = false;
    let stopped = false;
    let wake: ReturnType<typeof setTimeout> | undefined;
    let lastTick = -Infinity;
    let subs: LiveSubscription[] = [];
    let exchangeRun = 0;
    publish({ ...IDLE });

    const clearWake = () => {
      if (wake !== undefined) clearTimeout(wake);
      wake = undefined;
    };

    /**
     * Demo mode: the next wake-up, at the next 5m close of market time but not within
     * {@link MIN_TICK_MS} of the last one (at ×600 a tick then stores two 5m candles at once).
     */
    const schedule = () => {
      clearWake();
      const c = st.clock();
      if (stopped || st.source() !== 'demo' || !c || !c.running) return;
      const now = Date.now();
      const delay = realDelayUntil(c, now, nextCloseAfter(demoMarketTime(c, now), '5m'));
      if (delay !== null) wake = setTimeout(kick, Math.max(delay, lastTick + MIN_TICK_MS - now, 1));
    };

    const demoTick = async () => {
      const c = st.clock();
      if (!c || st.demoEnd() === null) return;
      lastTick = Date.now();
      const until = demoMarketTime(c, Date.now());
      patchStatus({ busy: true });
      try {
        const res = await liveWorker().run(
          'liveDemoTick',
          { until, watch: st.fed(), catchUp: first },
          { onProgress: (p) => patchStatus({ busy: true, progress: { done: p.done, total: p.total } }) },
        );
        reportRun(res.run, first);
        first = false;
      } catch (e) {
        if ((e as { code?: unknown }).code === 'QUOTA_EXCEEDED') reportWriteError(e);
        patchStatus({ busy: false, progress: null, error: `The live stream stopped at a problem: ${errorText(e)}` });
      }
    };

    async function kick(): Promise<void> {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      clearWake();
      try {
        do {
          again = false;
          if (st.source() === 'demo') await demoTick();
        } while (again && !stopped);
      } finally {
        running = false;
      }
      schedule();
    }

    const stopExchange = () => {
      exchangeRun++;
      for (const s of subs) void s.stop();
      subs = [];
    };

    /** Exchange mode: catch up through "update", then follow the live feed. */
    const startExchange = async (watch: WatchKey[]) => {
      const run = ++exchangeRun;
      const db = database();
      const known = watch.filter((w) => (EXCHANGE_IDS as readonly string[]).includes(w.exchange));
      const problems = watch.filter((w) => !known.includes(w)).map((w) => `${w.symbol} ${w.timeframe}: ${w.exchange} is not an exchange Candlelab can follow live.`);
      patchStatus({ busy: true, problems });
      for (const k of known) {
        if (run !== exchangeRun) return;
        if (await getSeries(db, k)) await updateSeries(k);
        const err = seriesAction(k)?.error;
        if (err) problems.push(err);
      }
      if (run !== exchangeRun) return;
      try {
        const res = await liveWorker().run('liveProcess', { watch: known, catchUp: true });
        reportRun(res, first);
        first = false;
      } catch (e) {
        patchStatus({ busy: false, error: `The live stream stopped at a problem: ${errorText(e)}` });
      }
      if (problems.length > 0) patchStatus({ problems: [...problems, ...st.status().problems] });
      if (run !== exchangeRun) return;
      const byExchange = new Map<string, WatchKey[]>();
      for (const k of known) byExchange.set(k.exchange, [...(byExchange.get(k.exchange) ?? []), k]);
      for (const [exchange, keys] of byExchange) {
        const pairs = await Promise.all(
          keys.map(async (k) => {
            const s = await getSeries(db, k);
            return { symbol: k.symbol, timeframe: k.timeframe, since: s ? nextOpenTime(s.last, k.timeframe) : null };
          }),
        );
        if (run !== exchangeRun) return;
        subs.push(
          watchLive(
            pairs,
            (e) => {
              if (run !== exchangeRun) return;
              void liveWorker()
                .run('liveIngest', { exchange: e.exchange, symbol: e.symbol, timeframe: e.timeframe, candles: [e.candle], watch: st.fed() })
                .then(
                  (r) => reportRun(r, false),
                  (err: unknown) => patchStatus({ error: `A closed candle could not be processed: ${errorText(err)}` }),
                );
            },
            { exchange: exchange as ExchangeId, store: false },
          ),
        );
      }
    };

    createEffect(
      on([st.source, st.fed], ([src, watch]) => {
        stopExchange();
        if (src === 'live' && watch.length > 0) void startExchange(watch);
        if (src === 'live' && watch.length === 0) patchStatus({ busy: false, problems: [] });
      }),
    );
    // Not on every change of the stored demo market's end (each tick moves it): only when it appears or goes.
    const demoStored = createMemo(() => st.demoEnd() !== null);
    createEffect(on([st.source, st.fed, st.clock, demoStored], () => void kick()));
    // Exchange pairs' feed status, for every tab.
    createEffect(() => {
      if (st.source() !== 'live') return;
      const pairs = st.fed().map((k) => {
        const p = livePair(k.exchange, k.symbol, k.timeframe);
        return { id: watchId(k), label: `${k.symbol} ${k.timeframe}`, mode: p?.status?.mode ?? 'polling', state: p?.status?.state ?? 'starting', error: p?.status?.error ?? null };
      });
      if (JSON.stringify(pairs) !== JSON.stringify(st.status().pairs)) patchStatus({ pairs });
    });

    return () => {
      stopped = true;
      clearWake();
      stopExchange();
      dispose();
    };
  });
}

/** Joins the leader election and starts following the live settings. Call once at start-up. */
export function startLiveWork(): void {
  if (leader) return;
  state();
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (ev: MessageEvent<Message>) => {
      const m = ev.data;
      if (m?.type === 'hello' && leader?.role() === 'leader') publish(state().status());
      else if (m?.type === 'status' && leader?.role() !== 'leader') state().setStatus(m.status);
    };
    channel.postMessage({ type: 'hello' } satisfies Message);
  }
  leader = createTabLeader(() => runLeader());
  setElection(leader);
}

/** This tab's role in the live work. */
export function liveRole(): LeaderRole {
  return election()?.role() ?? 'starting';
}

export const liveSource = (): LiveSource => state().source();
/** The live settings have been read. */
export const liveSettingsLoaded = (): boolean => state().settingsLoaded();
/** The demo clock, null before the demo market is loaded. */
export const demoClock = (): DemoClockSetting | null => state().clock();
/** Market time of the demo clock now (refreshed every second), null without a clock. */
export const demoMarketNow = (): number | null => state().marketTime();
/** True while the watch list is the default (no list stored). */
export const watchListIsDefault = (): boolean => (state().settingsLoaded() ? state().watchSetting() === null : true);
/** The watch list in force (all sources). */
export const liveWatchList: Accessor<WatchKey[]> = () => state().watch();
/** The watched series the current source feeds. */
export const fedWatchList: Accessor<WatchKey[]> = () => state().fed();
/** The leader's run status (in every tab). */
export const liveStatus: Accessor<LiveRunStatus> = () => state().status();
/** A demo market is stored. */
export const demoMarketStored = (): boolean => state().demoEnd() !== null;

async function writeClock(change: (c: DemoClockSetting, now: number) => DemoClockSetting): Promise<void> {
  const db = database();
  const s = await getSettings(db);
  const end = state().demoEnd();
  let c = s.demoClock;
  if (!c) {
    if (end === null) throw new Error('Load the demo market first: the demo clock continues it.');
    const first = Math.min(...(seriesList() ?? []).filter((x) => x.exchange === DEMO_EXCHANGE && x.timeframe === '5m').map((x) => x.first));
    c = { seed: DEMO_DEFAULT_SEED, marketStart: first, ...createDemoClock(end, Date.now()) };
  }
  const now = Date.now();
  await setSetting(db, 'demoClock', change(c, now), now);
  state().setNow(now);
}

function keep(c: DemoClockSetting, next: ReturnType<typeof startDemoClock>): DemoClockSetting {
  return { seed: c.seed, marketStart: c.marketStart, ...next };
}

async function guarded(op: () => Promise<void>): Promise<string | null> {
  try {
    await op();
    return null;
  } catch (e) {
    reportWriteError(e);
    return errorText(e);
  }
}

/** Starts the demo clock. Resolves with an error sentence, or null. */
export const playDemoClock = (): Promise<string | null> => guarded(() => writeClock((c, now) => keep(c, startDemoClock(c, now))));
/** Pauses the demo clock at the current market time. */
export const pauseDemoClock = (): Promise<string | null> => guarded(() => writeClock((c, now) => keep(c, pausedDemoClock(c, now))));
/** Changes the demo clock's speed, market time continuous. */
export const setDemoClockSpeed = (speed: DemoSpeed): Promise<string | null> => guarded(() => writeClock((c, now) => keep(c, setDemoSpeed(c, speed, now))));
/** Chooses where live candles come from. */
export const setLiveSource = (source: LiveSource): Promise<string | null> => guarded(() => setSetting(database(), 'priceSource', source));
/** Stores the watch list (null: back to the default). */
export const saveWatchList = (list: WatchKey[] | null): Promise<string | null> => guarded(() => setSetting(database(), 'watchList', list));
