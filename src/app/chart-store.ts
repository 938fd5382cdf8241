/**
 * The Chart page's state: the opened series and its view timeframe, the date filter, the
 * strategy with its signals, the overlays, the window of candles held, the replay (cursor, play,
 * speed) and the condition snapshot of the bar under the cursor or the crosshair. Heavy work runs
 * in the chart's compute worker (see `chart-client.ts`); this store only moves a cursor through a
 * window it already holds and asks for more when needed.
 */
import { batch, createEffect, createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import { nextOpenTime, TIMEFRAMES, type Timeframe } from '../core/candles/timeframe';
import { lowerBound } from '../core/util/binary-search';
import { checkOverlay, overlayKey, overlayLabel, type OverlaySpec } from '../core/chart/overlays';
import type { ChartForming, ChartSeriesInfo, ChartStrategyInfo, ChartStrategySpec, ChartWindow } from '../core/chart/session';
import { firstSignalAfter } from '../core/chart/signals';
import type { ConditionSnapshot } from '../core/chart/snapshot';
import type { IndexedChartTrade } from '../core/chart/trades';
import { formingIndex, nextCursor, previousCursor } from '../core/chart/view-series';
import { nearWindowEdge, type WindowAlign } from '../core/chart/window';
import type { SeriesKey } from '../data';
import { isWorkerTaskError, type Progress } from '../../workers/bridge';
import { createChartClient, type ChartClient } from './chart-client';
import { createReplayTimer, nextSpeed, systemClock, type ReplayClock, type ReplaySpeed } from './chart-replay';

/**
 * View candles held at once while replaying. Only the candles up to the cursor are drawn, and the
 * next window of a playing replay lines up with what is drawn, so its size costs no drawing.
 */
export const CHART_WINDOW_SIZE = 20_000;
/** View candles held while browsing (all of them drawn at once; more are read as the view nears an edge). */
export const BROWSE_WINDOW_SIZE = 3_000;
/** Candles from a replay window's inner edge at which the next window is asked for. */
const EDGE_MARGIN = CHART_WINDOW_SIZE / 8;

/** An overlay on the chart: the strategy's own lines, or one the user added. */
export interface ChartOverlay {
  spec: OverlaySpec;
  key: string;
  label: string;
  origin: 'strategy' | 'user';
}

/** Which signals stop a playing replay. */
export type PauseOn = 'off' | 'any' | 'LONG' | 'SHORT';

export interface ReplayState {
  active: boolean;
  /** The cursor: a bar of the opened series and its open time (-1 / NaN when not replaying). */
  bar: number;
  time: number;
  playing: boolean;
  speed: ReplaySpeed;
  pauseOn: PauseOn;
}

export type ChartPhase =
  | { state: 'idle' }
  | { state: 'opening'; progress: Progress | null; series: SeriesKey }
  | { state: 'ready' }
  | { state: 'error'; message: string };

/** Where the drawn trades come from: a completed backtest, or a paper bot session. */
export type ChartTradeSource = { kind: 'backtest'; seq: number; name: string } | { kind: 'session'; id: string; name: string };

/** Trades drawn on the chart. */
export interface ChartTrades {
  source: ChartTradeSource;
  /** The trades of the opened symbol, in their list's order, with their index in it. */
  trades: IndexedChartTrade[];
  selected: number | null;
}

/** How to open a series. */
export interface OpenOptions {
  view?: Timeframe;
  /** Undefined: the default for the series' timeframe; null: no strategy. */
  strategy?: ChartStrategySpec | null;
  from?: number | null;
  to?: number | null;
  /** Open the replay paused on the bar at this time. */
  at?: number;
  trades?: ChartTrades | null;
}

/** The strategy a chart of `tf` candles opens with: HMA_SMA below 1h (it reads 1h and 4h), else the BALANCED preset. */
export function defaultStrategyFor(tf: Timeframe): ChartStrategySpec {
  return TIMEFRAMES.indexOf(tf) < TIMEFRAMES.indexOf('1h') ? { name: 'HMA_SMA' } : { name: 'BALANCED' };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isCancelled(e: unknown): boolean {
  return isWorkerTaskError(e, 'CANCELLED') || isWorkerTaskError(e, 'DISPOSED');
}

/** What a page remembers between visits (within this tab). */
interface Remembered {
  series: SeriesKey | null;
  view: Timeframe | null;
  strategy: ChartStrategySpec | null | undefined;
  userOverlays: OverlaySpec[];
}
const remembered: Remembered = { series: null, view: null, strategy: undefined, userOverlays: [] };

export interface ChartStore {
  phase: Accessor<ChartPhase>;
  info: Accessor<ChartSeriesInfo | null>;
  series: Accessor<SeriesKey | null>;
  viewTf: Accessor<Timeframe>;
  filter: Accessor<{ from: number | null; to: number | null }>;
  strategySpec: Accessor<ChartStrategySpec | null>;
  strategy: Accessor<ChartStrategyInfo | null>;
  strategyState: Accessor<{ loading: boolean; progress: Progress | null; error: string | null }>;
  overlays: Accessor<ChartOverlay[]>;
  window: Accessor<ChartWindow | null>;
  windowError: Accessor<string | null>;
  replay: Accessor<ReplayState>;
  forming: Accessor<ChartForming | null>;
  hover: Accessor<{ bar: number; time: number } | null>;
  /** The bar the panel explains (crosshair, else replay cursor, else the last bar held), and its snapshot once read. */
  panelBar: Accessor<{ bar: number; time: number } | null>;
  snapshot: Accessor<ConditionSnapshot | null>;
  snapshotError: Accessor<string | null>;
  trades: Accessor<ChartTrades | null>;
  remembered(): Remembered;

  open(key: SeriesKey, opts?: OpenOptions): Promise<void>;
  setView(tf: Timeframe): void;
  setDateFilter(from: number | null, to: number | null): void;
  setStrategy(spec: ChartStrategySpec | null): Promise<void>;
  addOverlay(spec: OverlaySpec): string | null;
  removeOverlay(key: string): void;
  addStrategyLines(): void;
  setTrades(t: ChartTrades | null): void;
  selectTrade(index: number | null): void;

  startReplay(at?: number): Promise<void>;
  exitReplay(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  stepForward(): boolean;
  stepBack(): boolean;
  jumpStart(): void;
  jumpEnd(): void;
  jumpTo(time: number): Promise<void>;
  jumpToSignal(dir: 1 | -1): Promise<boolean>;
  setSpeed(s: ReplaySpeed): void;
  faster(): void;
  slower(): void;
  setPauseOn(p: PauseOn): void;

  /** From the chart: the crosshair's view candle (window index; null when it leaves). */
  setHoverIndex(k: number | null): void;
  /** From the chart: the window candles on screen [from, to). */
  reportVisible(from: number, to: number): void;
  dispose(): void;
}

/**
 * A chart store. `clock` drives the replay timer (the browser's timers by default); `client`
 * talks to the chart worker.
 */
export function createChartStore(opts: { clock?: ReplayClock; client?: ChartClient } = {}): ChartStore {
  return createRoot((dispose) => build(opts, dispose));
}

function build(opts: { clock?: ReplayClock; client?: ChartClient }, disposeRoot: () => void): ChartStore {
  const client = opts.client ?? createChartClient();
  const [phase, setPhase] = createSignal<ChartPhase>({ state: 'idle' });
  const [info, setInfo] = createSignal<ChartSeriesInfo | null>(null);
  const [series, setSeries] = createSignal<SeriesKey | null>(null);
  const [viewTf, setViewTf] = createSignal<Timeframe>('1h');
  const [filter, setFilter] = createSignal<{ from: number | null; to: number | null }>({ from: null, to: null });
  const [strategySpec, setStrategySpec] = createSignal<ChartStrategySpec | null>(null);
  const [strategy, setStrategyInfo] = createSignal<ChartStrategyInfo | null>(null);
  const [strategyState, setStrategyState] = createSignal<{ loading: boolean; progress: Progress | null; error: string | null }>({ loading: false, progress: null, error: null });
  const [overlays, setOverlays] = createSignal<ChartOverlay[]>([]);
  const [win, setWin] = createSignal<ChartWindow | null>(null);
  const [windowError, setWindowError] = createSignal<string | null>(null);
  const [replay, setReplay] = createSignal<ReplayState>({ active: false, bar: -1, time: NaN, playing: false, speed: 16, pauseOn: 'any' });
  const [forming, setForming] = createSignal<ChartForming | null>(null);
  const [hover, setHover] = createSignal<{ bar: number; time: number } | null>(null);
  const [snapshot, setSnapshot] = createSignal<ConditionSnapshot | null>(null);
  const [snapshotError, setSnapshotError] = createSignal<string | null>(null);
  const [trades, setTradesSignal] = createSignal<ChartTrades | null>(null);

  let openGen = 0;
  let openAbort: AbortController | null = null;
  let strategyGen = 0;
  let strategyAbort: AbortController | null = null;
  let winGen = 0;
  let winPending: Promise<ChartWindow | null> | null = null;
  let visible = { from: 0, to: 0 };

  const patchReplay = (p: Partial<ReplayState>) => setReplay((r) => ({ ...r, ...p }));
  const specs = () => overlays().map((o) => o.spec);
  const baseTf = (): Timeframe => info()?.timeframe ?? viewTf();
  const barClose = (t: number) => nextOpenTime(t, baseTf());

  // ---- windows -------------------------------------------------------------------------------

  /** Asks for the window holding `anchor` (replay windows are larger); the newest request wins. */
  const loadWindow = (anchor: number, align: WindowAlign, size = align === 'start' || align === 'replay' ? CHART_WINDOW_SIZE : BROWSE_WINDOW_SIZE): Promise<ChartWindow | null> => {
    const gen = ++winGen;
    const f = filter();
    const p = client
      .window({ tf: viewTf(), anchor, align, size, overlays: specs(), from: f.from, to: f.to })
      .then(
        (w) => {
          if (gen !== winGen) return null;
          batch(() => {
            setWin(w);
            setWindowError(null);
          });
          return w;
        },
        (e: unknown) => {
          if (gen === winGen && !isCancelled(e)) setWindowError(messageOf(e));
          return null;
        },
      )
      .finally(() => {
        if (winPending === p) winPending = null;
      });
    winPending = p;
    return p;
  };

  /** The time the view is centred on now (for a reload that keeps the place). */
  const placeTime = (): number => {
    const r = replay();
    if (r.active) return r.time;
    const w = win();
    if (!w || w.candles.time.length === 0) return info()?.last ?? 0;
    const k = Math.min(w.candles.time.length - 1, Math.max(0, Math.floor((visible.from + visible.to) / 2)));
    return w.candles.time[k];
  };

  const atEnd = (): boolean => {
    const w = win();
    if (!w) return true;
    return w.to >= w.hi && visible.to >= w.candles.time.length - 1;
  };

  const reload = () => {
    const r = replay();
    if (r.active) void loadWindow(r.time, 'start').then(() => refreshForming());
    else if (atEnd()) void loadWindow(Infinity, 'end');
    else void loadWindow(placeTime(), 'center');
  };

  // ---- strategy ------------------------------------------------------------------------------

  const strategyOverlayEntries = (s: ChartStrategyInfo | null): ChartOverlay[] =>
    (s?.overlays ?? []).map((spec) => ({ spec, key: overlayKey(spec), label: overlayLabel(spec), origin: 'strategy' as const }));

  const withStrategyLines = (s: ChartStrategyInfo | null) => {
    const users = overlays().filter((o) => o.origin === 'user');
    const lines = strategyOverlayEntries(s).filter((o) => !users.some((u) => u.key === o.key));
    setOverlays([...lines, ...users]);
  };

  const prepareStrategy = async (spec: ChartStrategySpec | null): Promise<void> => {
    const gen = ++strategyGen;
    strategyAbort?.abort();
    const ac = new AbortController();
    strategyAbort = ac;
    batch(() => {
      setStrategySpec(spec);
      setStrategyInfo(null);
      setSnapshot(null);
      setStrategyState({ loading: spec !== null, progress: null, error: null });
    });
    remembered.strategy = spec;
    try {
      const s = await client.strategy(spec, (p) => gen === strategyGen && setStrategyState({ loading: true, progress: p, error: null }), ac.signal);
      if (gen !== strategyGen) return;
      batch(() => {
        setStrategyInfo(s);
        setStrategyState({ loading: false, progress: null, error: null });
        withStrategyLines(s);
      });
    } catch (e) {
      if (gen !== strategyGen || isCancelled(e)) return;
      batch(() => {
        setStrategyState({ loading: false, progress: null, error: messageOf(e) });
        withStrategyLines(null);
      });
    }
  };

  // ---- replay --------------------------------------------------------------------------------

  let formingGen = 0;
  /** Asks for the forming candle when the cursor is inside a longer view candle. */
  const refreshForming = () => {
    const r = replay();
    const w = win();
    const gen = ++formingGen;
    if (!r.active || !w || viewTf() === baseTf()) {
      setForming(null);
      return;
    }
    const k = formingIndex(w.candles.time, viewTf(), r.time, barClose(r.time));
    if (k < 0) {
      setForming(null);
      return;
    }
    const bar = r.bar;
    const tf = viewTf();
    client.forming(tf, bar, specs()).then(
      (f) => {
        if (gen === formingGen && replay().bar === bar && viewTf() === tf) setForming(f);
      },
      () => {
        if (gen === formingGen) setForming(null);
      },
    );
  };

  /** Moves the cursor; asks for the next window ahead of time when the cursor nears the end of this one. */
  const moveCursor = (bar: number, time: number) => {
    const prev = replay();
    batch(() => {
      patchReplay({ active: true, bar, time });
      const f = forming();
      if (f && f.bar !== bar) setForming(null);
    });
    refreshForming();
    const w = win();
    if (!w || winPending) return;
    const last = w.closeBase.length - 1;
    const ahead = last - lowerBound(w.closeBase, bar);
    const behind = lowerBound(w.closeBase, bar);
    if (bar > prev.bar && w.to < w.hi && ahead < EDGE_MARGIN) void loadWindow(time, 'start');
    else if (bar < prev.bar && w.from > w.lo && behind < EDGE_MARGIN) void loadWindow(time, 'replay');
  };

  const timer = createReplayTimer(
    opts.clock ?? systemClock,
    () => {
      const before = replay().bar;
      if (!stepForward()) return false;
      const after = replay().bar;
      const s = strategy();
      const p = replay().pauseOn;
      if (s && p !== 'off' && after > before) {
        const a = firstSignalAfter(s.signals.bar, before);
        const b = firstSignalAfter(s.signals.bar, after);
        for (let k = a; k < b; k++) {
          if (p === 'any' || (p === 'LONG') === s.signals.direction[k] > 0) return false;
        }
      }
      return true;
    },
    () => patchReplay({ playing: false }),
  );

  /** One view candle forward; false at the end of the data. */
  function stepForward(): boolean {
    const r = replay();
    const w = win();
    if (!w) return true;
    if (!r.active) {
      void startReplay();
      return true;
    }
    const next = nextCursor(w.closeBase, r.bar);
    if (next === r.bar || next < 0) {
      if (w.to < w.hi) {
        if (!winPending) void loadWindow(r.time, 'start');
        return true;
      }
      return false;
    }
    let bar = next;
    let time = w.closeBaseTime[lowerBound(w.closeBase, next)];
    if (bar > w.barHi) {
      bar = w.barHi;
      time = w.barHiTime;
      if (bar <= r.bar) return false;
    }
    moveCursor(bar, time);
    return true;
  }

  /** One view candle back; false at the start. */
  function stepBack(): boolean {
    const r = replay();
    const w = win();
    if (!w) return true;
    if (!r.active) {
      if (w.barHi < 0) return false;
      moveCursor(w.barHi, w.barHiTime);
      return true;
    }
    const prev = previousCursor(w.closeBase, r.bar);
    if (prev === r.bar || prev < 0) {
      if (w.from > w.lo) {
        if (!winPending) void loadWindow(r.time, 'replay');
        return true;
      }
      if (r.bar > w.barLo) {
        moveCursor(w.barLo, w.barLoTime);
        return true;
      }
      return false;
    }
    let bar = prev;
    let time = w.closeBaseTime[lowerBound(w.closeBase, prev)];
    if (bar < w.barLo) {
      bar = w.barLo;
      time = w.barLoTime;
      if (bar >= r.bar) return false;
    }
    moveCursor(bar, time);
    return true;
  }

  async function jumpTo(time: number): Promise<void> {
    const f = filter();
    const loc = await client.locate(time, f.from, f.to);
    if (!loc) return;
    const w = win();
    const inside = w !== null && w.candles.time.length > 0 && w.closeBase[0] <= loc.bar && loc.bar <= w.closeBase[w.closeBase.length - 1];
    if (!inside) {
      patchReplay({ active: true, bar: loc.bar, time: loc.time });
      await loadWindow(loc.time, 'start');
    }
    moveCursor(loc.bar, loc.time);
  }

  async function startReplay(at?: number): Promise<void> {
    if (replay().active && at === undefined) return;
    const w = win();
    let t = at;
    if (t === undefined && w && w.candles.time.length > 0) {
      const k = Math.min(w.candles.time.length - 1, Math.max(0, visible.from));
      t = w.closeBaseTime[k];
    }
    if (t === undefined || !Number.isFinite(t)) return;
    await jumpTo(t);
  }

  const play = () => {
    if (!replay().active) {
      void startReplay().then(() => {
        if (replay().active) play();
      });
      return;
    }
    timer.play(replay().speed);
    patchReplay({ playing: true });
  };
  const pause = () => {
    timer.pause();
    patchReplay({ playing: false });
  };

  // ---- panel ---------------------------------------------------------------------------------

  const panelBar = createMemo<{ bar: number; time: number } | null>(() => {
    const h = hover();
    if (h) return h;
    const r = replay();
    if (r.active) return { bar: r.bar, time: r.time };
    const w = win();
    if (!w || w.closeBase.length === 0) return null;
    const k = w.closeBase.length - 1;
    return { bar: w.closeBase[k], time: w.closeBaseTime[k] };
  }, null, { equals: (a, b) => a?.bar === b?.bar });

  let snapBusy = false;
  let snapWanted: number | null = null;
  const pumpSnapshots = async () => {
    if (snapBusy) return;
    snapBusy = true;
    try {
      while (snapWanted !== null) {
        const bar = snapWanted;
        snapWanted = null;
        try {
          const s = await client.conditions(bar);
          if (snapWanted === null && strategy() !== null) {
            batch(() => {
              setSnapshot(s);
              setSnapshotError(null);
            });
          }
        } catch (e) {
          if (snapWanted === null && !isCancelled(e)) setSnapshotError(messageOf(e));
        }
      }
    } finally {
      snapBusy = false;
    }
  };
  createEffect(() => {
    const b = panelBar();
    const s = strategy();
    if (b === null || s === null || b.bar < 0) {
      snapWanted = null;
      setSnapshot(null);
      return;
    }
    snapWanted = b.bar;
    void pumpSnapshots();
  });

  // ---- the store -----------------------------------------------------------------------------

  const store: ChartStore = {
    phase,
    info,
    series,
    viewTf,
    filter,
    strategySpec,
    strategy,
    strategyState,
    overlays,
    window: win,
    windowError,
    replay,
    forming,
    hover,
    panelBar,
    snapshot,
    snapshotError,
    trades,
    remembered: () => remembered,

    async open(key, o = {}) {
      const gen = ++openGen;
      openAbort?.abort();
      const ac = new AbortController();
      openAbort = ac;
      timer.pause();
      ++winGen;
      ++strategyGen;
      batch(() => {
        setSeries({ exchange: key.exchange, symbol: key.symbol, timeframe: key.timeframe });
        setInfo(null);
        setWin(null);
        setWindowError(null);
        setStrategyInfo(null);
        setForming(null);
        setHover(null);
        setSnapshot(null);
        setTradesSignal(o.trades ?? null);
        patchReplay({ active: false, bar: -1, time: NaN, playing: false });
        setFilter({ from: o.from ?? null, to: o.to ?? null });
        setPhase({ state: 'opening', progress: null, series: key });
      });
      remembered.series = { exchange: key.exchange, symbol: key.symbol, timeframe: key.timeframe };
      try {
        const i = await client.open(key, (p) => gen === openGen && setPhase({ state: 'opening', progress: p, series: key }), ac.signal);
        if (gen !== openGen) return;
        const view = o.view && i.views.includes(o.view) ? o.view : remembered.view && i.views.includes(remembered.view) && o.view === undefined && remembered.series?.timeframe === i.timeframe ? remembered.view : i.timeframe;
        batch(() => {
          setInfo(i);
          setViewTf(view);
          setOverlays(remembered.userOverlays.flatMap((spec) => {
            try {
              const c = checkOverlay(spec, i.timeframe);
              return [{ spec: c, key: overlayKey(c), label: overlayLabel(c), origin: 'user' as const }];
            } catch {
              return [];
            }
          }));
        });
        remembered.view = view;
        const spec = o.strategy !== undefined ? o.strategy : remembered.strategy !== undefined ? remembered.strategy : defaultStrategyFor(i.timeframe);
        await prepareStrategy(spec);
        if (gen !== openGen) return;
        if (o.at !== undefined) await jumpTo(o.at);
        else await loadWindow(Infinity, 'end');
        if (gen !== openGen) return;
        setPhase({ state: 'ready' });
      } catch (e) {
        if (gen !== openGen || isCancelled(e)) return;
        setPhase({ state: 'error', message: messageOf(e) });
      }
    },

    setView(tf) {
      if (tf === viewTf()) return;
      const i = info();
      if (i && !i.views.includes(tf)) return;
      batch(() => {
        setViewTf(tf);
        setForming(null);
        setHover(null);
      });
      remembered.view = tf;
      reload();
    },

    setDateFilter(from, to) {
      batch(() => setFilter({ from, to }));
      const r = replay();
      if (r.active) {
        const t = Math.min(to ?? Infinity, Math.max(from ?? -Infinity, r.time));
        void jumpTo(t);
      } else void loadWindow(to ?? Infinity, 'end');
    },

    async setStrategy(spec) {
      await prepareStrategy(spec);
      reload();
    },

    addOverlay(spec) {
      const i = info();
      let c: OverlaySpec;
      try {
        c = checkOverlay(spec, i?.timeframe ?? viewTf());
      } catch (e) {
        return messageOf(e);
      }
      const key = overlayKey(c);
      if (overlays().some((o) => o.key === key)) return `${overlayLabel(c)} is already on the chart`;
      setOverlays((list) => [...list, { spec: c, key, label: overlayLabel(c), origin: 'user' }]);
      remembered.userOverlays = overlays().filter((o) => o.origin === 'user').map((o) => o.spec);
      reload();
      return null;
    },

    removeOverlay(key) {
      setOverlays((list) => list.filter((o) => o.key !== key));
      remembered.userOverlays = overlays().filter((o) => o.origin === 'user').map((o) => o.spec);
      reload();
    },

    addStrategyLines() {
      withStrategyLines(strategy());
      reload();
    },

    setTrades(t) {
      setTradesSignal(t);
    },

    selectTrade(index) {
      setTradesSignal((t) => (t ? { ...t, selected: index } : t));
    },

    startReplay,
    exitReplay() {
      timer.pause();
      batch(() => {
        patchReplay({ active: false, playing: false, bar: -1, time: NaN });
        setForming(null);
      });
    },
    play,
    pause,
    togglePlay() {
      if (replay().playing) pause();
      else play();
    },
    stepForward,
    stepBack,
    jumpStart() {
      const w = win();
      if (w && w.barLo >= 0) void jumpTo(w.barLoTime);
    },
    jumpEnd() {
      const w = win();
      if (w && w.barHi >= 0) void jumpTo(w.barHiTime);
    },
    jumpTo,
    async jumpToSignal(dir) {
      const s = strategy();
      const w = win();
      if (!s || !w || s.signals.bar.length === 0) return false;
      const r = replay();
      const from = r.active ? r.bar : dir > 0 ? -1 : (w.barHi >= 0 ? w.barHi + 1 : Infinity);
      const k = dir > 0 ? firstSignalAfter(s.signals.bar, from) : firstSignalAfter(s.signals.bar, from - 1) - 1;
      if (k < 0 || k >= s.signals.bar.length) return false;
      const bar = s.signals.bar[k];
      if ((w.barLo >= 0 && bar < w.barLo) || (w.barHi >= 0 && bar > w.barHi)) return false;
      pause();
      await jumpTo(s.signals.time[k]);
      return true;
    },
    setSpeed(s) {
      patchReplay({ speed: s });
      timer.setSpeed(s);
    },
    faster() {
      store.setSpeed(nextSpeed(replay().speed, 1));
    },
    slower() {
      store.setSpeed(nextSpeed(replay().speed, -1));
    },
    setPauseOn(p) {
      patchReplay({ pauseOn: p });
    },

    setHoverIndex(k) {
      const w = win();
      if (k === null || !w || k < 0 || k >= w.closeBase.length) {
        setHover(null);
        return;
      }
      const r = replay();
      const f = forming();
      if (r.active && f && f.index - w.from === k) {
        setHover({ bar: r.bar, time: r.time });
        return;
      }
      const bar = w.closeBase[k];
      if (bar < 0 || (r.active && bar > r.bar)) {
        setHover(null);
        return;
      }
      setHover({ bar, time: w.closeBaseTime[k] });
    },

    reportVisible(from, to) {
      visible = { from, to };
      const w = win();
      if (!w || replay().active || winPending) return;
      if (nearWindowEdge({ from: w.from, to: w.to }, w.lo, w.hi, w.from + from, w.from + to, Math.min(EDGE_MARGIN, Math.floor((w.to - w.from) / 4)))) {
        const k = Math.min(w.candles.time.length - 1, Math.max(0, Math.floor((from + to) / 2)));
        void loadWindow(w.candles.time[k], 'center');
      }
    },

    dispose() {
      timer.pause();
      openAbort?.abort();
      strategyAbort?.abort();
      client.close();
      disposeRoot();
    },
  };
  return store;
}
