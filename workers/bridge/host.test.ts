import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, defineTask } from './cancel';
import { callWorker, wrapWorker } from './client';
import { WorkerTaskError } from './errors';
import { createTaskHost, exposeTasks } from './host';
import type { Progress } from './progress';

const openPorts: MessagePort[] = [];
afterEach(() => {
  for (const p of openPorts.splice(0)) p.close();
});

let runs = 0;
const tasks = {
  double: defineTask((x: number) => {
    runs++;
    return x * 2;
  }),
  validate: defineTask((args: { period: number }) => {
    if (!(args.period > 0)) throw new RangeError(`period: ${args.period} is not a positive integer`);
    return args.period;
  }),
  chatty: defineTask((args: { steps: number }, ctx) => {
    for (let i = 0; i < args.steps; i++) ctx.progress({ done: i, total: args.steps, phase: 'scan' });
    ctx.progress({ done: args.steps, total: args.steps, phase: 'scan', message: 'done' });
    return 'finished';
  }),
  /** Reports that it started, then loops until cancelled: only cancellation ends it. */
  spinUntilCancelled: defineTask(async (_: void, ctx): Promise<never> => {
    ctx.progress({ done: 0, total: 1, phase: 'started' });
    for (let i = 0; ; i++) {
      if (i % 500 === 0) await ctx.checkpoint();
    }
  }),
};

/** A host serving `tasks` on one end of a MessageChannel, and a bridge remote on the other. */
function connect(options?: Parameters<typeof exposeTasks>[2]) {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  exposeTasks(tasks, port1, options);
  return wrapWorker<typeof tasks>(port2);
}

describe('task host over a Comlink channel', () => {
  it('runs a task and returns its result', async () => {
    const remote = connect();
    await expect(callWorker(remote, 'double', 21)).resolves.toBe(42);
  });

  it('rejects an unknown method with UNKNOWN_TASK naming it', async () => {
    const remote = connect();
    const p = callWorker(remote, 'nope' as 'double', 1);
    await expect(p).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(p).rejects.toMatchObject({ code: 'UNKNOWN_TASK', message: expect.stringContaining('"nope"') });
  });

  it('delivers a RangeError as INVALID_INPUT with its message', async () => {
    const remote = connect();
    await expect(callWorker(remote, 'validate', { period: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'period: 0 is not a positive integer',
    });
  });

  it('throttles progress and delivers the final update before the result', async () => {
    // The host's clock stands still: within one throttle interval only the first update goes through.
    const remote = connect({ now: () => 0 });
    const seen: Progress[] = [];
    let resolvedAfter = -1;
    const result = await callWorker(remote, 'chatty', { steps: 5000 }, { onProgress: (p) => seen.push(p) }).then(
      (r) => {
        resolvedAfter = seen.length;
        return r;
      },
    );
    expect(result).toBe('finished');
    // 5000 updates at one instant: the first is forwarded, the rest dropped until the final.
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({ done: 0, total: 5000, phase: 'scan' });
    expect(seen[seen.length - 1]).toEqual({ done: 5000, total: 5000, phase: 'scan', message: 'done' });
    expect(resolvedAfter).toBe(seen.length);
  });

  it('cancels a running task through its signal: the task rejects with CANCELLED', async () => {
    const remote = connect();
    const controller = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const p = callWorker(remote, 'spinUntilCancelled', undefined, { signal: controller.signal, onProgress: () => started() });
    await running;
    controller.abort();
    // The task loops until cancelled, so settling at all proves the cancel reached it.
    await expect(p).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('does not start a task whose signal is already aborted', async () => {
    const remote = connect();
    const before = runs;
    const controller = new AbortController();
    controller.abort();
    await expect(callWorker(remote, 'double', 1, { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    await expect(callWorker(remote, 'double', 2)).resolves.toBe(4);
    expect(runs).toBe(before + 1);
  });

  it('refuses a task id that is already running', async () => {
    const host = createTaskHost(tasks);
    const first = host.run(7, 'spinUntilCancelled', undefined);
    await expect(host.run(7, 'double', 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    host.cancel(7);
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED', message: 'task cancelled' });
  });

  it('works with a plain Comlink remote of the host', async () => {
    const { port1, port2 } = new MessageChannel();
    openPorts.push(port1, port2);
    exposeTasks(tasks, port1);
    const raw = Comlink.wrap<{ run(id: number, m: string, a: unknown): Promise<unknown> }>(port2);
    await expect(raw.run(1, 'double', 4)).resolves.toBe(8);
  });
});
