/**
 * Worker side of the bridge: serves a map of {@link defineTask} tasks as a {@link TaskHostApi}.
 *
 * ```ts
 * // workers/compute/compute.worker.ts
 * import { exposeTasks } from '../bridge/host';
 * import { tasks } from './tasks';
 * exposeTasks(tasks);
 * ```
 */
import { expose, releaseProxy, type Endpoint } from 'comlink';
import { cancelTask, createTaskContext, isTaskDefinition, type TaskContextOptions, type TaskMap } from './cancel';
import { WorkerTaskError, installErrorHandler } from './errors';
import { throttleProgress, type Clock, type Progress, type ProgressCallback } from './progress';
import type { TaskHostApi } from './protocol';

/** Options of {@link createTaskHost}. */
export interface TaskHostOptions extends TaskContextOptions {
  /** Upper bound on intermediate progress messages per second and task (default 10). */
  maxProgressPerSecond?: number;
  /** Clock for progress throttling and yield timing. */
  now?: Clock;
}

type RemoteProgress = ProgressCallback & { [releaseProxy]?: () => void };

const noop = (): void => {};

/**
 * Builds the {@link TaskHostApi} serving `tasks`. Each run gets its own `AbortController` (aborted
 * with a `CancelledError` by `cancel(taskId)`) and a throttled progress reporter. Before returning, the host waits until the
 * caller has received the last forwarded progress update, so a final update is never overtaken by
 * the result, then releases the progress proxy.
 */
export function createTaskHost(tasks: TaskMap, options: TaskHostOptions = {}): TaskHostApi {
  const running = new Map<number, AbortController>();
  const maxPerSecond = options.maxProgressPerSecond ?? 10;
  return {
    async run(taskId, method, args, onProgress) {
      const def = Object.prototype.hasOwnProperty.call(tasks, method) ? tasks[method] : undefined;
      if (!isTaskDefinition(def)) {
        throw new WorkerTaskError('UNKNOWN_TASK', `method: ${JSON.stringify(method)} is not a task of this worker`);
      }
      if (running.has(taskId)) {
        throw new WorkerTaskError('INVALID_INPUT', `taskId: ${taskId} is already running`);
      }
      const controller = new AbortController();
      running.set(taskId, controller);
      const remote = onProgress as RemoteProgress | undefined;
      let lastDelivery: Promise<unknown> = Promise.resolve();
      const report =
        remote === undefined
          ? noop
          : throttleProgress(
              (p: Progress) => {
                lastDelivery = Promise.resolve(remote(p)).catch(noop);
              },
              maxPerSecond,
              options.now,
            );
      try {
        const ctx = createTaskContext(controller.signal, report, options);
        const result = await def.run(args, ctx);
        await lastDelivery;
        return result;
      } finally {
        running.delete(taskId);
        remote?.[releaseProxy]?.();
      }
    },
    cancel(taskId) {
      const controller = running.get(taskId);
      if (controller) cancelTask(controller);
    },
  };
}

/**
 * Installs the bridge error handler and exposes `tasks` on `endpoint` (the worker's global scope
 * by default; a `worker_threads` `parentPort` works too).
 */
export function exposeTasks(tasks: TaskMap, endpoint?: Endpoint, options?: TaskHostOptions): TaskHostApi {
  installErrorHandler();
  const host = createTaskHost(tasks, options);
  expose(host, endpoint);
  return host;
}
