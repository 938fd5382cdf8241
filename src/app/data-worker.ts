import { createPool, type WorkerPool } from '../../workers/bridge';
import type { DataTasks } from '../../workers/data/tasks';

let pool: WorkerPool<DataTasks> | undefined;

/**
 * The data worker (one: writes to IndexedDB are serialised anyway), started on first use.
 * Cancellation is cooperative with a generous grace period, because every write it makes is a
 * transaction that either lands whole or not at all.
 */
export function dataWorker(): WorkerPool<DataTasks> {
  pool ??= createPool<DataTasks>(
    () => new Worker(new URL('../../workers/data/data.worker.ts', import.meta.url), { type: 'module', name: 'data' }),
    { size: 1, cancelGraceMs: 10_000 },
  );
  return pool;
}
