/**
 * Cooperative cancellation and the task pattern workers implement.
 *
 * A worker task is written with {@link defineTask}. It receives its arguments and a
 * {@link TaskContext} whose `signal` aborts when the caller cancels (its reason is a
 * {@link CancelledError}). Long loops call `await ctx.checkpoint()` every few hundred or thousand
 * iterations: it throws that `CancelledError` once the caller cancelled and, when about
 * {@link DEFAULT_YIELD_EVERY_MS} ms of work passed since the last yield, yields to the event loop so
 * the worker can receive the caller's `cancel(taskId)` message. Code between checkpoints reads
 * `ctx.signal.aborted` (a property read, cheap in a hot loop) or calls `ctx.signal.throwIfAborted()`,
 * and hands `ctx.signal` to whatever takes one (fetches, locks, waits). The task then rejects with
 * code `CANCELLED`. The pool backs this up by terminating a worker that has not settled 250 ms after
 * cancellation was requested (see `pool.ts`), so a task that never checks still stops.
 *
 * ```ts
 * export const tasks = {
 *   sum: defineTask(async (xs: Float64Array, ctx) => {
 *     let s = 0;
 *     for (let i = 0; i < xs.length; i++) {
 *       s += xs[i];
 *       if ((i & 4095) === 0) {
 *         ctx.progress({ done: i, total: xs.length });
 *         await ctx.checkpoint();
 *       }
 *     }
 *     ctx.progress({ done: xs.length, total: xs.length });
 *     return s;
 *   }),
 * };
 * ```
 */
import { CancelledError, cancelledBy } from '../../src/core/util/cancel';
import { defaultClock, type Clock, type Progress } from './progress';

export { CancelledError } from '../../src/core/util/cancel';

/** Work time after which `checkpoint()` yields to the event loop. */
export const DEFAULT_YIELD_EVERY_MS = 30;

/** Aborts `controller` as a cancellation: its signal's reason is a {@link CancelledError}. */
export function cancelTask(controller: AbortController, message = 'task cancelled'): void {
  if (!controller.signal.aborted) controller.abort(new CancelledError(message));
}

let yieldChannel: MessageChannel | undefined;
const yieldWaiters: Array<() => void> = [];

/**
 * Resolves after one turn of the event loop, letting pending messages (such as a cancel request)
 * be processed.
 *
 * - Browsers: a `MessageChannel` round trip (a task like any incoming message, and not subject to
 *   the nested `setTimeout` clamp).
 * - Node: two nested `setImmediate`s, which always span one poll phase, where port messages are
 *   delivered. (A self-posted `MessageChannel` message is drained there in the same batch as the
 *   port's earlier ones and can starve other ports.)
 * - Elsewhere: `setTimeout(0)`.
 */
export function yieldToEvents(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(() => setImmediate(r)));
  if (typeof MessageChannel !== 'function') return new Promise((r) => setTimeout(r, 0));
  if (yieldChannel === undefined) {
    yieldChannel = new MessageChannel();
    yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
  }
  const channel = yieldChannel;
  return new Promise((resolve) => {
    yieldWaiters.push(resolve);
    channel.port2.postMessage(null);
  });
}

/** What a task receives besides its arguments. */
export interface TaskContext {
  /** Reports progress to the caller (throttled; the final `done === total` update always goes through). */
  progress(p: Progress): void;
  /**
   * Aborts once the caller cancelled this task, with a {@link CancelledError} as its reason. Hot
   * loops read `signal.aborted`; `signal.throwIfAborted()` throws that error.
   */
  readonly signal: AbortSignal;
  /**
   * Throws {@link CancelledError} if cancelled; yields to the event loop when about
   * `yieldEveryMs` ms passed since the last yield (then checks again). Cheap when no yield is due.
   */
  checkpoint(): Promise<void>;
}

/** Options of {@link createTaskContext}. */
export interface TaskContextOptions {
  /** Work time between yields, in ms (default {@link DEFAULT_YIELD_EVERY_MS}). */
  yieldEveryMs?: number;
  /** Clock used to measure work time. */
  now?: Clock;
}

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Builds the context of one task run from the signal that cancels it (see {@link cancelTask}) and
 * its (already throttled) progress reporter.
 */
export function createTaskContext(
  signal: AbortSignal,
  progress: (p: Progress) => void,
  options: TaskContextOptions = {},
): TaskContext {
  const yieldEveryMs = options.yieldEveryMs ?? DEFAULT_YIELD_EVERY_MS;
  if (!(Number.isFinite(yieldEveryMs) && yieldEveryMs >= 0)) {
    throw new RangeError(`yieldEveryMs: ${yieldEveryMs} is not a non-negative finite number`);
  }
  const now = options.now ?? defaultClock;
  let lastYield = now();
  const afterYield = (): void => {
    lastYield = now();
    if (signal.aborted) throw cancelledBy(signal, 'task cancelled');
  };
  return {
    progress,
    signal,
    checkpoint(): Promise<void> {
      if (signal.aborted) return Promise.reject(cancelledBy(signal, 'task cancelled'));
      if (now() - lastYield < yieldEveryMs) return RESOLVED;
      return yieldToEvents().then(afterYield);
    },
  };
}

const taskBrand = Symbol('candlelab.task');

/** A task implementation, as produced by {@link defineTask}. */
export interface TaskDefinition<A, R> {
  readonly [taskBrand]: true;
  readonly run: (args: A, ctx: TaskContext) => R | Promise<R>;
}

/** The tasks a worker exposes, by method name (`any`: a map holds tasks of every argument type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskMap = { readonly [method: string]: TaskDefinition<any, any> };

/** Argument type of a task. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskArgs<T> = T extends TaskDefinition<infer A, any> ? A : never;

/** Result type of a task (resolved). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskResult<T> = T extends TaskDefinition<any, infer R> ? Awaited<R> : never;

/**
 * Declares a worker task. Return `transferResult(value)` (see `transfer.ts`) to move the result's
 * typed-array buffers to the caller instead of copying them.
 */
export function defineTask<A, R>(run: (args: A, ctx: TaskContext) => R | Promise<R>): TaskDefinition<A, R> {
  if (typeof run !== 'function') throw new TypeError(`run: ${String(run)} is not a function`);
  return { [taskBrand]: true, run };
}

/** True for values created by {@link defineTask}. */
export function isTaskDefinition(value: unknown): value is TaskDefinition<unknown, unknown> {
  return typeof value === 'object' && value !== null && (value as { [taskBrand]?: unknown })[taskBrand] === true;
}
