/**
 * Caller-side conveniences for the app.
 *
 * ```ts
 * import type { tasks } from '../compute/tasks';
 * const pool = createPool<typeof tasks>(
 *   () => new Worker(new URL('../compute/compute.worker.ts', import.meta.url), { type: 'module' }),
 * );
 * const result = await pool.run('backtest', input, { onProgress, signal });
 * ```
 *
 * `callWorker` talks to a single worker without a pool; it cancels cooperatively only (it cannot
 * terminate the worker), so prefer the pool for long computations.
 */
import { wrap, type Endpoint } from 'comlink';
import type { TaskArgs, TaskMap, TaskResult } from './cancel';
import { asWorkerTaskError, cancelledTaskError, installErrorHandler } from './errors';
import { WorkerPool, type PoolOptions, type WorkerLike } from './pool';
import { invokeTask, type CallOptions, type TaskName, type TaskRemote } from './protocol';

/** Creates a {@link WorkerPool} for the tasks `T` from a worker factory. */
export function createPool<T extends TaskMap>(factory: () => WorkerLike, options?: PoolOptions): WorkerPool<T> {
  return new WorkerPool<T>(factory, options);
}

/** Wraps a worker (or any Comlink endpoint) exposing the tasks `T` via `exposeTasks`. */
export function wrapWorker<T extends TaskMap>(endpoint: Endpoint): TaskRemote<T> {
  installErrorHandler();
  return wrap(endpoint) as TaskRemote<T>;
}

/**
 * Runs task `method` on `remote`. Aborting `signal` sends `cancel(taskId)`; the call then rejects
 * with `CANCELLED` once the task reaches a checkpoint. Errors are {@link WorkerTaskError}s.
 */
export function callWorker<T extends TaskMap, K extends TaskName<T>>(
  remote: TaskRemote<T>,
  method: K,
  args: TaskArgs<T[K]>,
  options: CallOptions = {},
): Promise<TaskResult<T[K]>> {
  installErrorHandler();
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(cancelledTaskError('task cancelled before it started'));
  const call = invokeTask(remote, method, args, onProgress);
  const onAbort = (): void => {
    call.mute();
    remote.cancel(call.taskId).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  return call.result.then(
    (value) => {
      signal?.removeEventListener('abort', onAbort);
      call.mute();
      if (signal?.aborted) throw cancelledTaskError();
      return value;
    },
    (e: unknown) => {
      signal?.removeEventListener('abort', onAbort);
      call.mute();
      const error = asWorkerTaskError(e);
      throw signal?.aborted && error.code !== 'CANCELLED' ? cancelledTaskError() : error;
    },
  );
}
