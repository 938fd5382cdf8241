/**
 * Every worker the app starts, in one place. Each pool is created on first use and starts its
 * workers on demand; a worker terminated after a cancel is replaced when next needed.
 *
 * | pool | script | workers | runs |
 * |---|---|---|---|
 * | {@link computePool} | compute | one per core (1..8) | backtest jobs |
 * | {@link interactiveComputeWorker} | compute | 1 | quick tasks the user waits on while a batch runs: volatility of stored series, result files |
 * | {@link reportWorker} | compute | 1 | the volatility report |
 * | {@link chartComputeWorker} | compute | 1 | the Chart page's opened series (candles, indicators, prepared strategy) |
 * | {@link dataWorker} | data | 1 | markets, file imports and exports, the demo market, saves of running robustness runs |
 * | {@link longDataWorker} | data | {@link LONG_DATA_WORKERS} | backfills, updates, gap re-fetches, live candles |
 */
import { createPool, defaultPoolSize, type PoolOptions, type TaskMap, type WorkerPool } from '../../workers/bridge';
import type { ComputeTasks } from '../../workers/compute/tasks';
import type { DataTasks } from '../../workers/data/tasks';

/** Grace period of the data pools: every data write is a transaction that lands whole or not at all. */
const DATA_CANCEL_GRACE_MS = 10_000;

/** Workers of {@link longDataWorker}: one for a live-candle subscription, two for backfill work. */
export const LONG_DATA_WORKERS = 3;

function computeScript(name: string): () => Worker {
  return () => new Worker(new URL('../../workers/compute/compute.worker.ts', import.meta.url), { type: 'module', name });
}

function dataScript(name: string): () => Worker {
  return () => new Worker(new URL('../../workers/data/data.worker.ts', import.meta.url), { type: 'module', name });
}

/** A pool created on first call of the returned function. */
function lazyPool<T extends TaskMap>(factory: () => Worker, options: PoolOptions): () => WorkerPool<T> {
  let pool: WorkerPool<T> | undefined;
  return () => (pool ??= createPool<T>(factory, options));
}

/** Workers of the compute pool: `navigator.hardwareConcurrency`, clamped to 1..8 (2 when unknown). */
export function computePoolSize(): number {
  return defaultPoolSize();
}

/**
 * The pool of compute workers that runs backtests, one per core. A cancelled task whose worker is
 * busy in a run that cannot look up is stopped by terminating that worker after 250 ms.
 */
export const computePool = lazyPool<ComputeTasks>(computeScript('compute'), { size: computePoolSize() });

/**
 * One compute worker for quick tasks the user waits on while a batch runs (measuring the
 * volatility of stored series for the form, result files), kept apart from the pool so they never
 * queue behind backtests.
 */
export const interactiveComputeWorker = lazyPool<ComputeTasks>(computeScript('compute-interactive'), { size: 1 });

/**
 * The compute worker that serves the reports: one worker of its own, so that opening a report
 * never waits behind a batch of backtests or a result file being read.
 */
export const reportWorker = lazyPool<ComputeTasks>(computeScript('report'), { size: 1 });

/**
 * The compute worker of the Chart page: one worker that holds the opened series (its candles,
 * indicators and prepared strategy) between requests, apart from the pool so that replaying a
 * chart never waits behind backtests.
 */
export const chartComputeWorker = lazyPool<ComputeTasks>(computeScript('compute-chart'), { size: 1 });

/**
 * The data worker for short tasks (markets, imports, exports, the demo market, saves of running
 * robustness runs). One worker: writes to IndexedDB are serialised anyway. Cancellation is
 * cooperative with a generous grace.
 */
export const dataWorker = lazyPool<DataTasks>(dataScript('data'), { size: 1, cancelGraceMs: DATA_CANCEL_GRACE_MS });

/**
 * The same data worker script in a pool of its own for long-running exchange work: backfill jobs,
 * "update", gap re-fetches and live-candle subscriptions (which hold their worker until stopped).
 * A download of years of candles never delays a file import or a market refresh on
 * {@link dataWorker}. Backfills of one exchange still run one at a time (the worker queues them
 * with a Web Lock), so extra workers only wait.
 */
export const longDataWorker = lazyPool<DataTasks>(dataScript('data-jobs'), { size: LONG_DATA_WORKERS, cancelGraceMs: DATA_CANCEL_GRACE_MS });
