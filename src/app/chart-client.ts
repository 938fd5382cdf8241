/**
 * The Chart page's calls to its compute worker (`workers/compute/chart-tasks.ts`): one session
 * per opened series. When the worker lost the session (it was replaced after a cancelled task),
 * the series is opened again, the strategy prepared again, and the call repeated once.
 */
import type { Timeframe } from '../core/candles/timeframe';
import type { OverlaySpec } from '../core/chart/overlays';
import type { ChartForming, ChartSeriesInfo, ChartStrategyInfo, ChartStrategySpec, ChartWindow, WindowRequest } from '../core/chart/session';
import type { ConditionSnapshot } from '../core/chart/snapshot';
import type { SeriesKey } from '../data';
import { isWorkerTaskError, type Progress } from '../../workers/bridge';
import { CHART_SESSION_MISSING } from '../../workers/compute/chart-errors';
import { chartComputeWorker } from './worker-pools';

export interface ChartClient {
  /** Opens `key` (dropping the series opened before). */
  open(key: SeriesKey, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ChartSeriesInfo>;
  /** Prepares a strategy on the open series (null clears it). */
  strategy(spec: ChartStrategySpec | null, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<ChartStrategyInfo | null>;
  window(req: WindowRequest): Promise<ChartWindow>;
  forming(tf: Timeframe, bar: number, overlays: OverlaySpec[]): Promise<ChartForming | null>;
  conditions(bar: number): Promise<ConditionSnapshot | null>;
  locate(time: number, from: number | null, to: number | null): Promise<{ bar: number; time: number } | null>;
  close(): void;
}

let counter = 0;

export function createChartClient(): ChartClient {
  const worker = chartComputeWorker();
  const sessionId = `chart-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  let key: SeriesKey | null = null;
  let spec: ChartStrategySpec | null = null;
  let reopening: Promise<void> | null = null;

  const reopen = (): Promise<void> => {
    reopening ??= (async () => {
      if (key === null) throw new Error('series: none is open');
      await worker.run('chartOpen', { ...key, sessionId });
      if (spec !== null) await worker.run('chartStrategy', { sessionId, strategy: spec });
    })().finally(() => {
      reopening = null;
    });
    return reopening;
  };

  /** Runs `call`, opening the session again once if the worker lost it. */
  const withSession = async <T>(call: () => Promise<T>): Promise<T> => {
    if (reopening) await reopening;
    try {
      return await call();
    } catch (e) {
      if (!isWorkerTaskError(e, CHART_SESSION_MISSING) || key === null) throw e;
      await reopen();
      return call();
    }
  };

  return {
    async open(k, onProgress, signal) {
      key = { exchange: k.exchange, symbol: k.symbol, timeframe: k.timeframe };
      spec = null;
      return worker.run('chartOpen', { ...key, sessionId }, { onProgress, signal });
    },
    strategy(s, onProgress, signal) {
      return withSession(async () => {
        const info = await worker.run('chartStrategy', { sessionId, strategy: s }, { onProgress, signal });
        spec = s;
        return info;
      });
    },
    window: (req) => withSession(() => worker.run('chartWindow', { ...req, sessionId })),
    forming: (tf, bar, overlays) => withSession(() => worker.run('chartForming', { sessionId, tf, bar, overlays })),
    conditions: (bar) => withSession(() => worker.run('chartConditions', { sessionId, bar })),
    locate: (time, from, to) => withSession(() => worker.run('chartLocate', { sessionId, time, from, to })),
    close() {
      key = null;
      spec = null;
      void worker.run('chartClose', { sessionId }).catch(() => {});
    },
  };
}
