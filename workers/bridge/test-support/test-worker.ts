/**
 * Test support: a bridge worker with small tasks exercising the pool (parallelism, queueing,
 * cancellation, progress, errors, transfer, crashes). Runs in a `worker_threads` thread.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { CancelledError, defineTask } from '../cancel';
import { WorkerTaskError } from '../errors';
import { exposeTasks } from '../host';
import { transferResult } from '../transfer';

/** Wall-clock time in ms with sub-millisecond precision, comparable across threads. */
function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

function spinUntil(deadline: number): void {
  while (wallNow() < deadline) {
    /* busy */
  }
}

export const testTasks = {
  /** Busy-waits `ms` on this thread; returns when it ran. */
  spin: defineTask((args: { ms: number; label?: string }) => {
    const start = wallNow();
    spinUntil(start + args.ms);
    return { label: args.label ?? '', threadId, start, end: wallNow() };
  }),

  /**
   * Busy loop of up to `ms` that calls `checkpoint()` after every 1000 iterations when `cooperative`
   * (otherwise it never checks). Reports one progress update (phase `started`) when it begins.
   */
  loop: defineTask(async (args: { ms: number; cooperative: boolean }, ctx) => {
    const start = wallNow();
    const deadline = start + args.ms;
    ctx.progress({ done: 0, total: 1, phase: 'started' });
    let iterations = 0;
    while (wallNow() < deadline) {
      iterations++;
      if (args.cooperative && iterations % 1000 === 0) await ctx.checkpoint();
    }
    return { iterations, threadId, start, end: wallNow() };
  }),

  /**
   * Waits until `parties` tasks (on as many threads) have arrived at the shared counter, then
   * returns the thread id: the tasks can only finish if they run at the same time.
   */
  meet: defineTask((args: { counter: Int32Array; parties: number }) => {
    const { counter, parties } = args;
    if (Atomics.add(counter, 0, 1) + 1 >= parties) Atomics.notify(counter, 0);
    for (let seen = Atomics.load(counter, 0); seen < parties; seen = Atomics.load(counter, 0)) Atomics.wait(counter, 0, seen);
    return threadId;
  }),

  /** Reports `steps` progress updates as fast as possible, then the final one. */
  progress: defineTask((args: { steps: number }, ctx) => {
    for (let i = 0; i < args.steps; i++) ctx.progress({ done: i, total: args.steps, phase: 'work' });
    ctx.progress({ done: args.steps, total: args.steps, phase: 'work' });
    return args.steps;
  }),

  /** Throws the requested kind of error. */
  fail: defineTask((args: { kind: 'range' | 'type' | 'cancelled' | 'coded' | 'plain' | 'string' }): never => {
    switch (args.kind) {
      case 'range':
        throw new RangeError('period: 0 is not a positive integer');
      case 'type':
        throw new TypeError('candles: null is not an array');
      case 'cancelled':
        throw new CancelledError('stopped by the task');
      case 'coded':
        throw new WorkerTaskError('DATA_GAP', 'candles: gap at 1700000000000', { at: 1700000000000 });
      case 'plain':
        throw new Error('something broke');
      case 'string':
        throw 'not an error';
    }
  }),

  /** Returns typed arrays, transferred or copied. */
  arrays: defineTask((args: { n: number; transfer: boolean }) => {
    const a = new Float64Array(args.n);
    for (let i = 0; i < args.n; i++) a[i] = i * 0.5;
    const out = { a, nested: [new Int32Array([args.n, -args.n])] };
    return args.transfer ? transferResult(out) : out;
  }),

  /** Makes the thread fail with an uncaught exception, outside any task promise. */
  crash: defineTask(
    () =>
      new Promise<never>(() => {
        setTimeout(() => {
          throw new Error('boom');
        }, 10);
      }),
  ),

  /** Returns the thread id. */
  whoami: defineTask(() => threadId),
};

export type TestTasks = typeof testTasks;

const data = workerData as { entry?: unknown; frozenClock?: boolean } | null;
const isThreadEntry = data?.entry === import.meta.url;
/** With `frozenClock`, the host's clock stands still (progress throttling sees no time pass). */
const hostOptions = data?.frozenClock ? { now: () => 0 } : undefined;
if (parentPort !== null && isThreadEntry) exposeTasks(testTasks, parentPort as unknown as Parameters<typeof exposeTasks>[1], hostOptions);
