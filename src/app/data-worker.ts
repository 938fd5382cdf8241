import { createPool, type WorkerPool } from '../../workers/bridge';
import type { DataTasks } from '../../workers/data/tasks';

let pool: WorkerPool<DataTasks> | undefined;
let longPool: WorkerPool<DataTasks> | undefined;

function dataWorkerFactory(name: string): () => Worker {
  return () => new Worker(new URL('../../workers/data/data.worker.ts', import.meta.url), { type: 'module', name });
}

/**
 * The data worker for short tasks (markets, imports, exports, the demo market), started on first
 * use. One worker: writes to IndexedDB are serialised anyway. Cancellation is cooperative with a
 * generous grace period, because every write it makes is a transaction that either lands whole or
 * not at all.
 */
export function dataWorker(): WorkerPool<DataTasks> {
  pool ??= createPool<DataTasks>(dataWorkerFactory('data'), { size: 1, cancelGraceMs: 10_000 });
  return pool;
}

/** Workers of {@link longDataWorker}: one for a live-candle subscription, two for backfill work. */
export const LONG_DATA_WORKERS = 3;

/**
 * The same data worker script in a pool of its own for long-running exchange work: backfill jobs,
 * "update", gap re-fetches and live-candle subscriptions (which hold their worker until stopped).
 * Keeping them here means a download of years of candles never delays a file import or a market
 * refresh on {@link dataWorker}. Backfills of one exchange still run one at a time (the worker
 * queues them with a Web Lock), so extra workers only wait.
 */
export function longDataWorker(): WorkerPool<DataTasks> {
  longPool ??= createPool<DataTasks>(dataWorkerFactory('data-jobs'), { size: LONG_DATA_WORKERS, cancelGraceMs: 10_000 });
  return longPool;
}
