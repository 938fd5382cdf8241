/**
 * In-page side of the `chart-chromium` benchmark: the Chart page's store, worker and drawing
 * (the same `createChartStore`, chart worker, `ChartView` and `bindChartView` the page uses) on a
 * series of 1,000,000 5m candles stored in IndexedDB. Exposes `window.chartBench`; driven by
 * `scripts/bench/suites/chart-chromium.bench.ts`.
 */
import { createRoot } from 'solid-js';
import { createChartStore, type ChartStore } from '../../../src/app/chart-store';
import type { CandleColumns } from '../../../src/core/candles/types';
import { randomWalkCandles } from './random-walk';
import { deleteSeries, openDb, writeCandles, type CandlelabDb, type SeriesKey } from '../../../src/data';
import { bindChartView } from '../../../src/ui/components/chart/bind';
import { ChartView } from '../../../src/ui/components/chart/chart-view';
import { loadCharts } from '../../../src/ui/components/charts/lightweight';
import { chartColors } from '../../../src/ui/components/charts/theme';

const FIVE_MIN = 300_000;
const T0 = Date.UTC(2014, 0, 1);
const KEY: SeriesKey = { exchange: 'bench', symbol: 'BENCH/USDT', timeframe: '5m' };

let db: CandlelabDb | undefined;
let store: ChartStore | undefined;
let view: ChartView | undefined;
/** Main-thread tasks over 50 ms reported by the browser: [start, duration]. */
const longTasks: [number, number][] = [];
/** Durations of `ChartView.setWindow` calls (a new window drawn). */
const windowDraws: number[] = [];

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });

function makeCandles(n: number, seed: number): CandleColumns {
  return randomWalkCandles(n, seed, { t0: T0, stepMs: FIVE_MIN, volatility: 0.0015, volumeMax: 1000, volumeDecimals: 3 });
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

function tasksSince(t0: number, t1: number): { longest: number; count: number } {
  let longest = 0;
  let count = 0;
  for (const [start, d] of longTasks) {
    if (start + d < t0 || start > t1) continue;
    count++;
    longest = Math.max(longest, d);
  }
  return { longest, count };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

const api = {
  /** Stores `n` 5m candles (a seeded random walk) as the bench series. */
  async setup(n: number): Promise<number> {
    db = await openDb();
    await deleteSeries(db, KEY);
    const c = makeCandles(n, 20240901);
    await writeCandles(db, KEY, c, { source: 'file', label: 'bench' });
    const lc = await loadCharts();
    const box = document.getElementById('chart')!;
    createRoot(() => {
      store = createChartStore();
      view = new ChartView(lc, box, chartColors());
      const setWindow = view.setWindow.bind(view);
      view.setWindow = (...args) => {
        const t = performance.now();
        setWindow(...args);
        windowDraws.push(performance.now() - t);
      };
      bindChartView(view, store, box);
    });
    return n;
  },

  /**
   * Opens the series with HMA_SMA (its SMA 200 and the HMA 200 of 1h and 4h candles built from
   * the 5m ones) until the first window is drawn; returns the time and the main thread's longest
   * task meanwhile.
   */
  async open(): Promise<{ ms: number; longestTaskMs: number; longTasks: number; windowDrawMs: number; candles: number; signals: number }> {
    const s = store!;
    const t0 = performance.now();
    await s.open(KEY, { strategy: { name: 'HMA_SMA' } });
    if (s.phase().state !== 'ready') throw new Error(`open: ${JSON.stringify(s.phase())}`);
    await frame();
    await frame();
    const t1 = performance.now();
    const w = s.window()!;
    const { longest, count } = tasksSince(t0, t1);
    return { ms: t1 - t0, longestTaskMs: longest, longTasks: count, windowDrawMs: windowDraws[windowDraws.length - 1] ?? NaN, candles: w.candles.time.length, signals: s.strategy()?.signals.bar.length ?? 0 };
  },

  /**
   * Jumps the replay to 40 % of the series (a window of 20,000 candles is read) and steps it
   * `steps` candles forward and back, a frame apart (so the chart paints between steps); returns
   * the main-thread time of each step's update.
   */
  async steps(steps: number): Promise<{ median: number; p95: number; max: number; window: number }> {
    const s = store!;
    const info = s.info()!;
    await s.jumpTo(info.first + Math.round((info.last - info.first) * 0.4 / FIVE_MIN) * FIVE_MIN);
    await frame();
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      if (!s.stepForward()) throw new Error('steps: the replay reached the end');
      times.push(performance.now() - t);
      await frame();
    }
    for (let i = 0; i < steps; i++) {
      const t = performance.now();
      s.stepBack();
      times.push(performance.now() - t);
      await frame();
    }
    return { median: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), window: s.window()!.candles.time.length };
  },

  /**
   * Plays the replay at ×64 from close to the end of the window until the next window has been
   * loaded and drawn while it plays and 64 more bars have passed (or `ms` at most); returns the
   * longest main-thread task meanwhile.
   */
  async play(ms: number): Promise<{ longestTaskMs: number; longTasks: number; windowDraws: number; longestWindowDrawMs: number; bars: number }> {
    const s = store!;
    const w = s.window()!;
    await s.jumpTo(w.closeBaseTime[w.closeBaseTime.length - 2600]);
    await frame();
    const from = s.replay().bar;
    const draws = windowDraws.length;
    s.setPauseOn('off');
    s.setSpeed(64);
    const t0 = performance.now();
    s.play();
    let drawnAt = -1;
    while (performance.now() - t0 < ms && s.replay().playing) {
      await frame();
      if (drawnAt < 0 && windowDraws.length > draws) drawnAt = s.replay().bar;
      if (drawnAt >= 0 && s.replay().bar - drawnAt >= 64) break;
    }
    s.pause();
    await frame();
    const t1 = performance.now();
    const { longest, count } = tasksSince(t0, t1);
    const mine = windowDraws.slice(draws);
    return { longestTaskMs: longest, longTasks: count, windowDraws: mine.length, longestWindowDrawMs: mine.length > 0 ? Math.max(...mine) : 0, bars: s.replay().bar - from };
  },

  async cleanup(): Promise<void> {
    store?.dispose();
    await deleteSeries(db!, KEY);
  },
};

declare global {
  interface Window {
    chartBench: typeof api;
  }
}

window.chartBench = api;
document.getElementById('status')!.textContent = 'ready';
