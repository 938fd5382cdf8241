/**
 * One backfill at a time per exchange: a FIFO queue keyed by exchange. In browsers it is a Web
 * Lock (`navigator.locks`), which also serialises workers and tabs of the same origin, so two tabs
 * resuming the same jobs never fetch twice, and a tab that closes releases its lock. Elsewhere
 * (Node tests) an in-memory queue.
 */
import { abortError } from '../../src/data/exchange/retry';

/** Runs `fn` holding the exchange's lock; waiting can be abandoned through `signal` (AbortError). */
export type ExchangeLock = <T>(exchange: string, fn: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

interface LockManagerLike {
  request<T>(name: string, options: { signal?: AbortSignal }, cb: () => Promise<T>): Promise<T>;
}

function webLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

/** An in-memory FIFO lock per key. */
export function memoryLock(): ExchangeLock {
  const tails = new Map<string, Promise<void>>();
  return async <T>(exchange: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (signal?.aborted) throw abortError('waiting for the exchange queue was cancelled');
    const prev = tails.get(exchange) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = prev.then(() => mine);
    tails.set(exchange, tail);
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(abortError('waiting for the exchange queue was cancelled'));
        signal?.addEventListener('abort', onAbort, { once: true });
        prev.then(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
      return await fn();
    } finally {
      release();
      if (tails.get(exchange) === tail) void tail.then(() => tails.get(exchange) === tail && tails.delete(exchange));
    }
  };
}

const fallback = memoryLock();

/** The default lock: Web Locks when available, else an in-memory queue. */
export const exchangeLock: ExchangeLock = <T>(exchange: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
  const locks = webLocks();
  if (!locks) return fallback(exchange, fn, signal);
  return locks.request(`candlelab:exchange:${exchange}`, signal ? { signal } : {}, fn);
};
