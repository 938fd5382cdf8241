import { describe, expect, it } from 'vitest';
import {
  CancelToken,
  CancelledError,
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

describe('CancelToken', () => {
  it('starts uncancelled and cancels once, aborting its signal', () => {
    const token = new CancelToken();
    expect(token.isCancelled()).toBe(false);
    expect(token.signal.aborted).toBe(false);
    expect(() => token.throwIfCancelled()).not.toThrow();
    token.cancel();
    token.cancel();
    expect(token.isCancelled()).toBe(true);
    expect(token.signal.aborted).toBe(true);
    expect(() => token.throwIfCancelled()).toThrow(CancelledError);
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
    const ctx = createTaskContext(new CancelToken(), () => {}, { yieldEveryMs: 30, now: () => t });
    t = 29;
    expect(await settlesBeforePendingMessage(() => ctx.checkpoint())).toBe(true);
    t = 30;
    expect(await settlesBeforePendingMessage(() => ctx.checkpoint())).toBe(false);
    // The yield restarted the work timer.
    t = 45;
    expect(await settlesBeforePendingMessage(() => ctx.checkpoint())).toBe(true);
  });

  it('checkpoint rejects with CancelledError once the token is cancelled', async () => {
    const token = new CancelToken();
    const ctx = createTaskContext(token, () => {}, { now: () => 0 });
    await expect(ctx.checkpoint()).resolves.toBeUndefined();
    expect(ctx.isCancelled()).toBe(false);
    token.cancel();
    expect(ctx.isCancelled()).toBe(true);
    await expect(ctx.checkpoint()).rejects.toBeInstanceOf(CancelledError);
    await expect(ctx.checkpoint()).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('a cancel arriving as a message during a yield stops a busy loop', async () => {
    const token = new CancelToken();
    const ctx = createTaskContext(token, () => {}, { yieldEveryMs: 5 });
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => token.cancel();
    port2.postMessage('cancel');
    let iterations = 0;
    const run = async (): Promise<void> => {
      // Without the cancel this loop would run for about 10 s.
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        iterations++;
        if (iterations % 100 === 0) await ctx.checkpoint();
      }
    };
    const started = Date.now();
    await expect(run()).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(250);
    port1.close();
  });

  it('rejects a bad yieldEveryMs, naming it', () => {
    expect(() => createTaskContext(new CancelToken(), () => {}, { yieldEveryMs: -1 })).toThrow('yieldEveryMs: -1');
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
