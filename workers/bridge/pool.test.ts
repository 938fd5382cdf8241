import { afterEach, describe, expect, it } from 'vitest';
import { createPool } from './client';
import { WorkerTaskError } from './errors';
import { WorkerPool, defaultPoolSize, type PoolOptions, type Schedule } from './pool';
import type { Progress } from './progress';
import { spawnNodeWorker, type NodeWorkerHandle } from './test-support/node-worker';
import type { TestTasks } from './test-support/test-worker';

const workerEntry = new URL('./test-support/test-worker.ts', import.meta.url);

const pools: WorkerPool<TestTasks>[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

/** A pool of real worker threads running the test worker; records every worker it spawned. */
function testPool(options: PoolOptions, workerData?: Record<string, unknown>) {
  const spawned: NodeWorkerHandle[] = [];
  const pool = createPool<TestTasks>(() => {
    const w = spawnNodeWorker(workerEntry, workerData);
    spawned.push(w);
    return w;
  }, options);
  pools.push(pool);
  return { pool, spawned };
}

/** A {@link Schedule} whose timers fire only when the test says so. */
function manualSchedule() {
  const timers: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const schedule: Schedule = (fn, ms) => {
    const timer = { fn, ms, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  return { schedule, timers };
}

/** A loop of the test worker that, once started, only a cancel or a termination ends. */
const ENDLESS = Number.MAX_SAFE_INTEGER;

/** Resolves once `cb` reported progress (used to know a task has started in its worker). */
function started(): { onProgress: (p: Progress) => void; promise: Promise<void> } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { onProgress: () => resolve(), promise };
}

async function rejection(p: Promise<unknown>): Promise<WorkerTaskError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WorkerTaskError);
    return e as WorkerTaskError;
  }
  throw new Error('expected a rejection');
}

describe('defaultPoolSize / options', () => {
  it('is navigator.hardwareConcurrency clamped to 1..8', () => {
    const n = globalThis.navigator?.hardwareConcurrency;
    const expected = typeof n === 'number' && n >= 1 ? Math.min(8, Math.floor(n)) : 2;
    expect(defaultPoolSize()).toBe(expected);
    expect(new WorkerPool(() => spawnNodeWorker(workerEntry)).size).toBe(expected);
  });

  it('rejects a bad size or grace, naming the option and value', () => {
    const f = () => spawnNodeWorker(workerEntry);
    expect(() => new WorkerPool(f, { size: 0 })).toThrow('size: 0 is not a positive integer');
    expect(() => new WorkerPool(f, { size: 1.5 })).toThrow('size: 1.5');
    expect(() => new WorkerPool(f, { cancelGraceMs: -1 })).toThrow('cancelGraceMs: -1');
  });
});

describe('WorkerPool with worker threads', () => {
  it('runs tasks in parallel up to size: two tasks that wait for each other both finish, on two threads', async () => {
    const { pool } = testPool({ size: 2 });
    const counter = new Int32Array(new SharedArrayBuffer(4));
    // Each task blocks its thread until both have arrived: run one after the other, they never would.
    const [a, b] = await Promise.all([pool.run('meet', { counter, parties: 2 }), pool.run('meet', { counter, parties: 2 })]);
    expect(a).not.toBe(b);
    expect(Atomics.load(counter, 0)).toBe(2);
  });

  it('with size 1 runs queued tasks one after another in FIFO order', async () => {
    const { pool, spawned } = testPool({ size: 1 });
    const labels = ['t1', 't2', 't3', 't4'];
    const runs = labels.map((label) => pool.run('spin', { ms: 30, label }));
    expect(pool.stats()).toEqual({ size: 1, busy: 1, queued: 3 });
    const results = await Promise.all(runs);
    expect(results.map((r) => r.label)).toEqual(labels);
    for (let i = 1; i < results.length; i++) {
      expect(results[i].start).toBeGreaterThanOrEqual(results[i - 1].end);
    }
    expect(spawned).toHaveLength(1);
    expect(pool.stats()).toEqual({ size: 1, busy: 0, queued: 0 });
  });

  it('queues beyond size and reports stats', async () => {
    const { pool, spawned } = testPool({ size: 2 });
    const runs = [1, 2, 3, 4, 5].map((i) => pool.run('spin', { ms: 20, label: String(i) }));
    expect(pool.stats()).toEqual({ size: 2, busy: 2, queued: 3 });
    const results = await Promise.all(runs);
    expect(results.map((r) => r.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(spawned).toHaveLength(2);
  });

  it('cancels a cooperative busy loop at its next checkpoint; the worker stays and is reused', async () => {
    // The grace timer never fires here, so only the task's own checkpoint can end it.
    const { schedule, timers } = manualSchedule();
    const { pool, spawned } = testPool({ size: 1, schedule });
    const controller = new AbortController();
    const s = started();
    const run = pool.run('loop', { ms: ENDLESS, cooperative: true }, { signal: controller.signal, onProgress: s.onProgress });
    await s.promise;
    controller.abort();
    const error = await rejection(run);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('task cancelled');
    // The grace period was armed at the cancel and disarmed when the task stopped.
    expect(timers.map((t) => [t.ms, t.cancelled])).toEqual([[250, true]]);
    expect(pool.stats().busy).toBe(0);
    await expect(pool.run('whoami', undefined)).resolves.toBe(spawned[0].thread.threadId);
    expect(spawned).toHaveLength(1);
  });

  it('terminates and replaces a worker whose task never checks when the 250 ms grace ends', async () => {
    const { schedule, timers } = manualSchedule();
    const { pool, spawned } = testPool({ size: 1, schedule });
    const controller = new AbortController();
    const s = started();
    let settled = false;
    const run = pool.run('loop', { ms: ENDLESS, cooperative: false }, { signal: controller.signal, onProgress: s.onProgress });
    void run.catch(() => {}).finally(() => (settled = true));
    await s.promise;
    controller.abort();
    expect(timers).toHaveLength(1);
    expect(timers[0].ms).toBe(250);
    // The cancel message cannot reach a task that never yields; a whoami queued behind it waits.
    const next = pool.run('whoami', undefined);
    expect(pool.stats()).toEqual({ size: 1, busy: 1, queued: 1 });
    expect(settled).toBe(false);
    timers[0].fn();
    const error = await rejection(run);
    expect(error.code).toBe('CANCELLED');
    expect(error.message).toBe('task cancelled; worker terminated after 250 ms');
    // The busy thread really stopped (it would otherwise spin forever).
    await spawned[0].exited;
    // A new worker takes its place and serves the queued task.
    const id = await next;
    expect(spawned).toHaveLength(2);
    expect(id).toBe(spawned[1].thread.threadId);
  });

  it('removes a cancelled queued task without running it', async () => {
    const { pool } = testPool({ size: 1 });
    const controller = new AbortController();
    const first = pool.run('spin', { ms: 100, label: 'first' });
    const queued = pool.run('spin', { ms: 10, label: 'queued' }, { signal: controller.signal });
    const third = pool.run('spin', { ms: 10, label: 'third' });
    expect(pool.stats().queued).toBe(2);
    controller.abort();
    expect(pool.stats().queued).toBe(1);
    expect((await rejection(queued)).code).toBe('CANCELLED');
    const [a, c] = await Promise.all([first, third]);
    expect(c.start).toBeGreaterThanOrEqual(a.end);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { pool, spawned } = testPool({ size: 1 });
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(pool.run('whoami', undefined, { signal: controller.signal }))).code).toBe('CANCELLED');
    expect(spawned).toHaveLength(0);
  });

  it('delivers throttled progress with the final update, before the result', async () => {
    // The worker's clock stands still: all updates fall in one throttle interval.
    const { pool } = testPool({ size: 1 }, { frozenClock: true });
    const seen: Progress[] = [];
    let seenAtResult = -1;
    const steps = 100_000;
    await pool.run('progress', { steps }, { onProgress: (p) => seen.push(p) }).then(() => (seenAtResult = seen.length));
    // 100 000 updates at one instant: the first and the final one go through.
    expect(seen).toEqual([
      { done: 0, total: steps, phase: 'work' },
      { done: steps, total: steps, phase: 'work' },
    ]);
    expect(seenAtResult).toBe(seen.length);
  });

  it('carries error codes and messages across the boundary', async () => {
    const { pool } = testPool({ size: 2 });
    const cancelled = await rejection(pool.run('fail', { kind: 'cancelled' }));
    expect(cancelled).toMatchObject({ code: 'CANCELLED', message: 'stopped by the task' });
    expect(await rejection(pool.run('fail', { kind: 'range' }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'period: 0 is not a positive integer',
    });
    expect(await rejection(pool.run('fail', { kind: 'type' }))).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'candles: null is not an array',
    });
    expect(await rejection(pool.run('fail', { kind: 'coded' }))).toMatchObject({
      code: 'DATA_GAP',
      message: 'candles: gap at 1700000000000',
      details: { at: 1700000000000 },
    });
    expect(await rejection(pool.run('fail', { kind: 'plain' }))).toMatchObject({
      code: 'INTERNAL',
      message: 'something broke',
    });
    expect(await rejection(pool.run('fail', { kind: 'string' }))).toMatchObject({
      code: 'INTERNAL',
      message: 'not an error',
    });
    expect(await rejection(pool.run('nope' as 'whoami', undefined))).toMatchObject({ code: 'UNKNOWN_TASK' });
  });

  it('rejects arguments that cannot be cloned with INVALID_INPUT and keeps working', async () => {
    const { pool } = testPool({ size: 1 });
    const bad = { ms: 1, label: (() => 'x') as unknown as string };
    expect((await rejection(pool.run('spin', bad))).code).toBe('INVALID_INPUT');
    await expect(pool.run('spin', { ms: 1, label: 'ok' })).resolves.toMatchObject({ label: 'ok' });
  });

  it('returns typed arrays intact, transferred or copied', async () => {
    const { pool } = testPool({ size: 1 });
    for (const transfer of [true, false]) {
      const r = await pool.run('arrays', { n: 1000, transfer });
      expect(r.a).toBeInstanceOf(Float64Array);
      expect(r.a.length).toBe(1000);
      expect(r.a[999]).toBe(499.5);
      expect(Array.from(r.nested[0])).toEqual([1000, -1000]);
    }
  });

  it('rejects the task of a crashing worker with WORKER_CRASHED and replaces the worker', async () => {
    const { pool, spawned } = testPool({ size: 1 });
    const first = await pool.run('whoami', undefined);
    const error = await rejection(pool.run('crash', undefined));
    expect(error.code).toBe('WORKER_CRASHED');
    expect(error.message).toContain('boom');
    expect(pool.stats()).toEqual({ size: 1, busy: 0, queued: 0 });
    const second = await pool.run('whoami', undefined);
    expect(spawned).toHaveLength(2);
    expect(second).not.toBe(first);
    expect(second).toBe(spawned[1].thread.threadId);
  });

  it('rejects queued and running tasks with DISPOSED, terminates its workers and refuses new runs', async () => {
    const { pool, spawned } = testPool({ size: 1 });
    const s = started();
    const running = pool.run('loop', { ms: ENDLESS, cooperative: false }, { onProgress: s.onProgress });
    const queued = [pool.run('whoami', undefined), pool.run('whoami', undefined)];
    await s.promise;
    pool.dispose();
    expect((await rejection(running)).code).toBe('DISPOSED');
    for (const q of queued) expect((await rejection(q)).code).toBe('DISPOSED');
    expect((await rejection(pool.run('whoami', undefined))).code).toBe('DISPOSED');
    await spawned[0].exited;
    expect(spawned).toHaveLength(1);
    expect(pool.stats()).toEqual({ size: 1, busy: 0, queued: 0 });
  });
});
