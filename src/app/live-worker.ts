import { createPool, type WorkerPool } from '../../workers/bridge';
import type { LiveTasks } from '../../workers/live/tasks';

let pool: WorkerPool<LiveTasks> | undefined;

/**
 * The live worker of the leader tab: the signal stream (and the consumers registered in it, such
 * as the paper bot) off the main thread. One worker, so its tasks run one after another in the
 * order they were asked for; a step interrupted by a closing tab is rolled back whole and done
 * again by the next leader.
 */
export function liveWorker(): WorkerPool<LiveTasks> {
  pool ??= createPool<LiveTasks>(
    () => new Worker(new URL('../../workers/live/live.worker.ts', import.meta.url), { type: 'module', name: 'live' }),
    { size: 1, cancelGraceMs: 10_000 },
  );
  return pool;
}
