import { createPool, defaultPoolSize, type WorkerPool } from '../../workers/bridge';
import type { ComputeTasks } from '../../workers/compute/tasks';

let pool: WorkerPool<ComputeTasks> | undefined;

/** Workers of the compute pool: `navigator.hardwareConcurrency`, clamped to 1..8 (2 when unknown). */
export function computePoolSize(): number {
  return defaultPoolSize();
}

/**
 * The pool of compute workers that runs backtests, one per core. It is created on first use and
 * its workers start on demand. A cancelled task whose worker is busy in a run that cannot look
 * up is stopped by terminating that worker after 250 ms; the pool starts a fresh one when needed.
 */
export function computePool(): WorkerPool<ComputeTasks> {
  pool ??= createPool<ComputeTasks>(
    () => new Worker(new URL('../../workers/compute/compute.worker.ts', import.meta.url), { type: 'module', name: 'compute' }),
    { size: computePoolSize() },
  );
  return pool;
}

/** A pool of one compute worker named `name`. */
function singleComputeWorker(name: string): WorkerPool<ComputeTasks> {
  return createPool<ComputeTasks>(() => new Worker(new URL('../../workers/compute/compute.worker.ts', import.meta.url), { type: 'module', name }), { size: 1 });
}

let interactive: WorkerPool<ComputeTasks> | undefined;

/**
 * One compute worker for quick tasks the user waits on while a batch runs (measuring the
 * volatility of stored series for the form), kept apart from the pool so they never queue behind
 * backtests.
 */
export function interactiveComputeWorker(): WorkerPool<ComputeTasks> {
  interactive ??= singleComputeWorker('compute-interactive');
  return interactive;
}

let chart: WorkerPool<ComputeTasks> | undefined;

/**
 * The compute worker of the Chart page: one worker that holds the opened series (its candles,
 * indicators and prepared strategy) between requests, apart from the pool so that replaying a
 * chart never waits behind backtests.
 */
export function chartComputeWorker(): WorkerPool<ComputeTasks> {
  chart ??= singleComputeWorker('compute-chart');
  return chart;
}
