/**
 * The object every bridge worker exposes with Comlink, and the caller-side call primitive.
 *
 * A worker exposes a {@link TaskHostApi} (built by `exposeTasks` in `host.ts`) rather than its
 * tasks directly, so that every call carries a task id the caller can cancel with a separate
 * `cancel(taskId)` message, and a Comlink-proxied progress callback.
 */
import { proxy, type Remote } from 'comlink';
import type { TaskArgs, TaskMap, TaskResult } from './cancel';
import type { Progress, ProgressCallback } from './progress';

/** What a bridge worker exposes. */
export interface TaskHostApi {
  /** Runs task `method` as `taskId`, reporting progress through `onProgress` when given. */
  run(taskId: number, method: string, args: unknown, onProgress?: ProgressCallback): Promise<unknown>;
  /** Asks task `taskId` to stop; it rejects with `CANCELLED` at its next checkpoint. */
  cancel(taskId: number): void;
}

declare const tasksOf: unique symbol;

/** A Comlink remote of a worker exposing the tasks `T` (the type parameter is used for typing only). */
export type TaskRemote<T extends TaskMap> = Remote<TaskHostApi> & { readonly [tasksOf]?: T };

/** The method names of a task map. */
export type TaskName<T extends TaskMap> = keyof T & string;

/** Options of one task call. */
export interface CallOptions {
  /** Receives the worker's (throttled) progress updates until the call settles. */
  onProgress?: ProgressCallback;
  /** Cancels the task when aborted. */
  signal?: AbortSignal;
}

let lastTaskId = 0;

/** A task started on a remote. */
export interface Invocation<R> {
  taskId: number;
  /** Settles with the remote call. */
  result: Promise<R>;
  /** Stops forwarding progress to the caller's callback. */
  mute(): void;
}

/**
 * Starts `method` on `remote` under a fresh task id. Progress is forwarded through a
 * `Comlink.proxy` callback until {@link Invocation.mute} is called.
 */
export function invokeTask<T extends TaskMap, K extends TaskName<T>>(
  remote: TaskRemote<T>,
  method: K,
  args: TaskArgs<T[K]>,
  onProgress?: ProgressCallback,
): Invocation<TaskResult<T[K]>> {
  const taskId = ++lastTaskId;
  let muted = false;
  const forward =
    onProgress === undefined
      ? undefined
      : proxy((p: Progress) => {
          if (!muted) onProgress(p);
        });
  let result: Promise<TaskResult<T[K]>>;
  try {
    result = remote.run(taskId, method, args, forward) as Promise<TaskResult<T[K]>>;
  } catch (e) {
    result = Promise.reject(e);
  }
  return {
    taskId,
    result,
    mute: () => {
      muted = true;
    },
  };
}
