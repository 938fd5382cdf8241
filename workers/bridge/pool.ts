/**
 * A pool of bridge workers running tasks in parallel.
 *
 * - Up to `size` workers, created on demand by the factory; tasks beyond that wait in a FIFO queue.
 * - `run(method, args, { onProgress, signal })` resolves with the task's result or rejects with a
 *   {@link WorkerTaskError}.
 * - Aborting `signal` removes a queued task at once; for a running task it sends `cancel(taskId)`
 *   (the task rejects with `CANCELLED` at its next checkpoint) and, if the task has not settled
 *   `cancelGraceMs` (250 ms) later, terminates its worker. Either way the call rejects with
 *   `CANCELLED` once the work has stopped, and a replacement worker is created when needed.
 * - A worker that fails (`error` / `messageerror` event) rejects its task with `WORKER_CRASHED`
 *   and is replaced.
 * - `dispose()` terminates every worker and rejects all pending calls with `DISPOSED`.
 */
import { wrap, type Endpoint } from 'comlink';
import type { TaskArgs, TaskMap, TaskResult } from './cancel';
import { WorkerTaskError, asWorkerTaskError, cancelledTaskError, installErrorHandler } from './errors';
import { invokeTask, type CallOptions, type Invocation, type TaskName, type TaskRemote } from './protocol';

/** The part of the DOM `Worker` interface the pool uses. */
export interface WorkerLike extends Endpoint {
  terminate(): void;
}

/** Runs `fn` once after `ms` ms; the returned function cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

/** {@link Schedule} on `setTimeout`. */
export const timerSchedule: Schedule = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

/** Options of {@link WorkerPool}. */
export interface PoolOptions {
  /** Maximum number of workers (default: {@link defaultPoolSize}). */
  size?: number;
  /** Time after a cancel request before a worker still busy with the task is terminated (default 250 ms). */
  cancelGraceMs?: number;
  /** Timer of the cancel grace period (default {@link timerSchedule}); tests pass one they fire by hand. */
  schedule?: Schedule;
}

/** Load figures of a pool. */
export interface PoolStats {
  size: number;
  /** Workers running a task. */
  busy: number;
  /** Tasks waiting for a worker. */
  queued: number;
}

/** Default wait between a cancel request and terminating the worker. */
export const DEFAULT_CANCEL_GRACE_MS = 250;

/** `navigator.hardwareConcurrency` clamped to 1..8, or 2 when unknown. */
export function defaultPoolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 1) return 2;
  return Math.min(8, Math.max(1, Math.floor(n)));
}

interface Slot {
  worker: WorkerLike;
  remote: TaskRemote<TaskMap>;
  job: Job | null;
  onFailure: (ev: unknown) => void;
}

interface Job {
  method: string;
  args: unknown;
  options: CallOptions;
  resolve: (value: unknown) => void;
  reject: (error: WorkerTaskError) => void;
  slot: Slot | null;
  call: Invocation<unknown> | null;
  settled: boolean;
  cancelRequested: boolean;
  cancelKill: (() => void) | undefined;
  onAbort: () => void;
}

function failureMessage(ev: unknown): string {
  if (typeof ev === 'object' && ev !== null) {
    const { message, error } = ev as { message?: unknown; error?: unknown };
    if (typeof message === 'string' && message !== '') return message;
    if (error instanceof Error) return error.message;
  }
  return 'worker failed';
}

/** A pool of workers serving the tasks `T` (see `defineTask` / `exposeTasks`). */
export class WorkerPool<T extends TaskMap> {
  readonly size: number;
  private readonly factory: () => WorkerLike;
  private readonly cancelGraceMs: number;
  private readonly schedule: Schedule;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private disposed = false;
  private pumping = false;

  constructor(factory: () => WorkerLike, options: PoolOptions = {}) {
    if (typeof factory !== 'function') throw new TypeError(`factory: ${String(factory)} is not a function`);
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`size: ${size} is not a positive integer`);
    const grace = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
    if (!(Number.isFinite(grace) && grace >= 0)) {
      throw new RangeError(`cancelGraceMs: ${grace} is not a non-negative finite number`);
    }
    installErrorHandler();
    this.factory = factory;
    this.size = size;
    this.cancelGraceMs = grace;
    this.schedule = options.schedule ?? timerSchedule;
  }

  /** Runs task `method` on the next free worker (FIFO). */
  run<K extends TaskName<T>>(method: K, args: TaskArgs<T[K]>, options: CallOptions = {}): Promise<TaskResult<T[K]>> {
    if (this.disposed) return Promise.reject(new WorkerTaskError('DISPOSED', 'pool: disposed'));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelledTaskError('task cancelled before it started'));
    return new Promise<TaskResult<T[K]>>((resolve, reject) => {
      const job: Job = {
        method,
        args,
        options,
        resolve: resolve as (value: unknown) => void,
        reject,
        slot: null,
        call: null,
        settled: false,
        cancelRequested: false,
        cancelKill: undefined,
        onAbort: () => this.abort(job),
      };
      signal?.addEventListener('abort', job.onAbort, { once: true });
      this.queue.push(job);
      this.pump();
    });
  }

  stats(): PoolStats {
    let busy = 0;
    for (const s of this.slots) if (s.job !== null) busy++;
    return { size: this.size, busy, queued: this.queue.length };
  }

  /** Terminates all workers; pending and running calls reject with `DISPOSED`. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const error = new WorkerTaskError('DISPOSED', 'pool: disposed');
    for (const job of this.queue.splice(0)) this.settle(job, error);
    for (const slot of [...this.slots]) {
      const job = slot.job;
      this.kill(slot);
      if (job !== null) this.settle(job, error);
    }
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      this.fill();
    } finally {
      this.pumping = false;
    }
  }

  /** Starts queued jobs on free (or new) workers while capacity remains. */
  private fill(): void {
    while (!this.disposed && this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (slot === undefined) {
        if (this.slots.length >= this.size) return;
        try {
          slot = this.spawn();
        } catch (e) {
          const failed = this.queue.shift()!;
          this.settle(failed, new WorkerTaskError('WORKER_CRASHED', `worker could not be created: ${asWorkerTaskError(e).message}`));
          continue;
        }
      }
      this.start(this.queue.shift()!, slot);
    }
  }

  private spawn(): Slot {
    const worker = this.factory();
    const slot: Slot = {
      worker,
      remote: wrap(worker) as TaskRemote<TaskMap>,
      job: null,
      onFailure: (ev) => this.crashed(slot, ev),
    };
    worker.addEventListener('error', slot.onFailure);
    worker.addEventListener('messageerror', slot.onFailure);
    this.slots.push(slot);
    return slot;
  }

  private start(job: Job, slot: Slot): void {
    slot.job = job;
    job.slot = slot;
    const call = invokeTask(slot.remote, job.method, job.args as never, job.options.onProgress);
    job.call = call;
    call.result.then(
      (value) => this.settle(job, null, value),
      (e: unknown) => this.settle(job, asWorkerTaskError(e)),
    );
  }

  private abort(job: Job): void {
    if (job.settled || job.cancelRequested) return;
    job.cancelRequested = true;
    const slot = job.slot;
    if (slot === null) {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      this.settle(job, cancelledTaskError('task cancelled before it started'));
      return;
    }
    job.call?.mute();
    slot.remote.cancel(job.call!.taskId).catch(() => {});
    job.cancelKill = this.schedule(() => {
      if (job.settled || slot.job !== job) return;
      this.kill(slot);
      this.settle(job, cancelledTaskError(`task cancelled; worker terminated after ${this.cancelGraceMs} ms`));
    }, this.cancelGraceMs);
  }

  private crashed(slot: Slot, ev: unknown): void {
    if (!this.slots.includes(slot)) return;
    const job = slot.job;
    this.kill(slot);
    if (job !== null) this.settle(job, new WorkerTaskError('WORKER_CRASHED', `worker crashed: ${failureMessage(ev)}`));
  }

  /** Removes `slot` from the pool and terminates its worker. */
  private kill(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.worker.removeEventListener('error', slot.onFailure);
    slot.worker.removeEventListener('messageerror', slot.onFailure);
    slot.job?.call?.mute();
    slot.job = null;
    slot.worker.terminate();
  }

  /** Settles `job` once: with `error`, or with `value` when `error` is null; frees its worker. */
  private settle(job: Job, error: WorkerTaskError | null, value?: unknown): void {
    if (job.settled) return;
    job.settled = true;
    job.cancelKill?.();
    job.options.signal?.removeEventListener('abort', job.onAbort);
    job.call?.mute();
    if (job.slot !== null && job.slot.job === job) job.slot.job = null;
    if (job.cancelRequested && (error === null || (error.code !== 'CANCELLED' && error.code !== 'DISPOSED'))) {
      job.reject(cancelledTaskError());
    } else if (error !== null) {
      job.reject(error);
    } else {
      job.resolve(value);
    }
    this.pump();
  }
}
