import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  cancelTask,
  createTaskContext,
  defineTask,
  isTaskDefinition,
  yieldToEvents,
} from './cancel';

/**
 * Starts `start()` while a message is pending on another port and tells whether the returned
 * promise settled before that message was delivered (true: it did not yield to the event loop).
 */
async function settlesBeforePendingMessage(start: () => Promise<unknown>): Promise<boolean> {
  const { port1, port2 } = new MessageChannel();
  let delivered = false;
  const arrived = new Promise<void>((resolve) => {
    port1.onmessage = () => {
      delivered = true;
      resolve();
    };
  });
  port2.postMessage('pending');
  await start();
  const settledFirst = !delivered;
  await arrived;
  port1.close();
  return settledFirst;
}

describe('cancelTask', () => {
  it('aborts the controller once, with a CancelledError as the reason', () => {
    const controller = new AbortController();
    expect(controller.signal.aborted).toBe(false);
    cancelTask(controller, 'stop');
    const reason = controller.signal.reason;
    cancelTask(controller, 'again');
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe(reason);
    expect(reason).toBeInstanceOf(CancelledError);
    expect(reason).toMatchObject({ code: 'CANCELLED', message: 'stop' });
    expect(() => controller.signal.throwIfAborted()).toThrow(CancelledError);
  });
});

describe('yieldToEvents', () => {
  it('lets pending macrotasks (such as incoming messages) run before it resolves', async () => {
    const { port1, port2 } = new MessageChannel();
    let received = false;
    port1.onmessage = () => {
      received = true;
    };
    port2.postMessage('cancel');
    expect(received).toBe(false);
    await yieldToEvents();
    // The message posted before the yield has been delivered by the time the yield resolves.
    expect(received).toBe(true);
    port1.close();
  });

  it('resolves many concurrent yields', async () => {
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => yieldToEvents().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
  });
});

describe('createTaskContext', () => {
  it('checkpoint does not yield before yieldEveryMs of work and yields after it', async () => {
    let t = 0;
    const ctx = createTaskContext(new AbortController().signal, () => {}, { yieldEveryMs: 30, now: () => t });
    t = 29;
    expect(await settlesBeforePendingMessage(() => ctx.checkpoint())).toBe(true);
    t = 30;
    expect(await settlesBeforePendingMessage(() => ctx.checkpoint())).toBe(false);
    // The yield restarted the work timer.
    t = 45;
    expect(await settlesBeforePendingMessage(() => ctx.checkpoint())).toBe(true);
  });

  it('exposes the signal; checkpoint rejects with the CancelledError once it is aborted', async () => {
    const controller = new AbortController();
    const ctx = createTaskContext(controller.signal, () => {}, { now: () => 0 });
    expect(ctx.signal).toBe(controller.signal);
    await expect(ctx.checkpoint()).resolves.toBeUndefined();
    expect(ctx.signal.aborted).toBe(false);
    cancelTask(controller, 'stopped by the caller');
    expect(ctx.signal.aborted).toBe(true);
    await expect(ctx.checkpoint()).rejects.toBe(controller.signal.reason);
    await expect(ctx.checkpoint()).rejects.toMatchObject({ code: 'CANCELLED', message: 'stopped by the caller' });
    expect(() => ctx.signal.throwIfAborted()).toThrow(CancelledError);
  });

  it('checkpoint rejects with a CancelledError for a signal aborted without one', async () => {
    const controller = new AbortController();
    const ctx = createTaskContext(controller.signal, () => {}, { now: () => 0 });
    controller.abort();
    await expect(ctx.checkpoint()).rejects.toBeInstanceOf(CancelledError);
  });

  it('a cancel arriving as a message during a yield stops a loop that only cancellation ends', async () => {
    const controller = new AbortController();
    let t = 0;
    // Every call of the clock is 1 ms of work: a yield is due every 5 iterations.
    const ctx = createTaskContext(controller.signal, () => {}, { yieldEveryMs: 5, now: () => t++ });
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => cancelTask(controller);
    port2.postMessage('cancel');
    let iterations = 0;
    const run = async (): Promise<never> => {
      for (;;) {
        iterations++;
        await ctx.checkpoint();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(CancelledError);
    // It stopped at the first yield: the message was delivered there.
    expect(iterations).toBeLessThanOrEqual(6);
    port1.close();
  });

  it('rejects a bad yieldEveryMs, naming it', () => {
    expect(() => createTaskContext(new AbortController().signal, () => {}, { yieldEveryMs: -1 })).toThrow('yieldEveryMs: -1');
  });
});

describe('defineTask', () => {
  it('brands a task function and rejects non-functions', () => {
    const task = defineTask((x: number) => x + 1);
    expect(isTaskDefinition(task)).toBe(true);
    expect(isTaskDefinition({ run: () => 1 })).toBe(false);
    expect(() => defineTask(42 as never)).toThrow('run: 42');
  });
});
