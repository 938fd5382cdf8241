/**
 * Bounded exponential backoff with jitter for exchange requests. Everything that decides timing
 * (random source, sleep, cancellation) is injectable so tests run instantly and reproducibly.
 */
import { createRng } from '../../core/util/rng';
import { ExchangeApiError } from './errors';

export interface RetryPolicy {
  /** Attempts in all, the first included (default 5). */
  maxAttempts: number;
  /** Delay before the second attempt, before jitter (default 1 000 ms); doubles each time. */
  baseDelayMs: number;
  /** Upper bound of any delay (default 30 000 ms). A Retry-After longer than this fails at once. */
  maxDelayMs: number;
  /** Uniform numbers in [0, 1) for the jitter (default: a seeded generator). */
  random: () => number;
  /** Waits `ms`; rejects with an `AbortError` when `signal` aborts (default: a timer). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: Omit<RetryPolicy, 'random' | 'sleep'> = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** An `AbortError` (the bridge reports it as CANCELLED). */
export function abortError(message = 'aborted'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

/** Waits `ms`; rejects with an `AbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `p`, or rejects with an `AbortError` as soon as `signal` aborts (`p` is left to finish). */
export function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** A complete policy: the defaults, then `overrides`. The default jitter source is seeded from the clock. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const rng = overrides.random ? null : createRng(Date.now() & 0x7fffffff);
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY,
    random: overrides.random ?? (() => rng!.next()),
    sleep: overrides.sleep ?? sleep,
    ...stripUndefined(overrides),
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts: ${policy.maxAttempts} is not a positive integer`);
  }
  if (!(policy.baseDelayMs >= 0)) throw new RangeError(`retry.baseDelayMs: ${policy.baseDelayMs} is not a non-negative number`);
  if (!(policy.maxDelayMs >= policy.baseDelayMs)) {
    throw new RangeError(`retry.maxDelayMs: ${policy.maxDelayMs} is below retry.baseDelayMs ${policy.baseDelayMs}`);
  }
  return policy;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Delay after the `failures`-th consecutive failure (1-based): `base · 2^(failures−1)` capped at
 * `maxDelayMs`, then "equal jitter" (uniform in [half, full]) so clients that failed together do
 * not retry together. A Retry-After from the exchange is a lower bound.
 */
export function backoffDelay(failures: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, retryAfterMs: number | null = null): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  const jittered = exp / 2 + policy.random() * (exp / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** Told before each wait between attempts. */
export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: ExchangeApiError;
}

/**
 * Runs `op` until it succeeds, retrying failures whose mapped error is retryable with
 * {@link backoffDelay} between attempts, at most `policy.maxAttempts` attempts in all. Fails at once
 * on a non-retryable error, or when the exchange asks to wait longer than `policy.maxDelayMs`.
 * The final error says how many attempts were made.
 */
export async function withRetry<T>(
  op: (attempt: number) => Promise<T>,
  opts: {
    policy: RetryPolicy;
    map: (e: unknown) => ExchangeApiError;
    signal?: AbortSignal;
    onRetry?: (info: RetryInfo) => void;
  },
): Promise<T> {
  const { policy, map, signal } = opts;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError();
    try {
      return await op(attempt);
    } catch (e) {
      if ((e as { name?: unknown })?.name === 'AbortError') throw e;
      const err = map(e);
      if (!err.retryable) throw err;
      if (err.retryAfterMs !== null && err.retryAfterMs > policy.maxDelayMs) {
        throw new ExchangeApiError(err.code, `${err.message}; the exchange asks to wait ${Math.ceil(err.retryAfterMs / 1000)} s, try again later`, {
          exchange: err.details.exchange,
          retryAfterMs: err.retryAfterMs,
          cause: err,
        });
      }
      if (attempt >= policy.maxAttempts) {
        throw new ExchangeApiError(err.code, `${err.message} (gave up after ${attempt} attempts)`, {
          exchange: err.details.exchange,
          retryAfterMs: err.retryAfterMs,
          cause: err,
        });
      }
      const delayMs = backoffDelay(attempt, policy, err.retryAfterMs);
      opts.onRetry?.({ attempt, maxAttempts: policy.maxAttempts, delayMs, error: err });
      await policy.sleep(delayMs, signal);
    }
  }
}
