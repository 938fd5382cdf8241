/**
 * Progress reporting from workers.
 *
 * The caller passes a plain callback; the bridge hands it to the worker with `Comlink.proxy`, and
 * the worker reports through a {@link throttleProgress} reporter so a tight loop cannot flood the
 * main thread with messages.
 */

/** A progress update: `done` of `total` units, optionally naming the current phase. */
export interface Progress {
  done: number;
  total: number;
  phase?: string;
  message?: string;
}

/** Receives progress updates. */
export type ProgressCallback = (progress: Progress) => void;

/** A monotonic clock in milliseconds. */
export type Clock = () => number;

/** `performance.now()` where available, `Date.now()` otherwise. */
export const defaultClock: Clock =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : () => Date.now();

/** True for the final update of a run (`done === total`). */
export function isFinalProgress(p: Progress): boolean {
  return p.done === p.total;
}

/**
 * Returns a reporter that forwards to `cb` at most `maxPerSecond` intermediate updates per second
 * (successive forwarded updates are at least `1000 / maxPerSecond` ms apart; the others are
 * dropped) and always forwards a final update (`done === total`) and the first update of a new
 * `phase`, so a change such as "waiting to retry" is never lost to throttling.
 *
 * @param now clock used to space updates; injectable for tests.
 */
export function throttleProgress(
  cb: ProgressCallback,
  maxPerSecond = 10,
  now: Clock = defaultClock,
): ProgressCallback {
  if (!(Number.isFinite(maxPerSecond) && maxPerSecond > 0)) {
    throw new RangeError(`maxPerSecond: ${maxPerSecond} is not a positive finite number`);
  }
  const minIntervalMs = 1000 / maxPerSecond;
  let lastForwardAt = Number.NEGATIVE_INFINITY;
  let lastPhase: string | undefined;
  return (p: Progress): void => {
    if (isFinalProgress(p)) {
      cb(p);
      return;
    }
    const t = now();
    if (t - lastForwardAt < minIntervalMs && p.phase === lastPhase) return;
    lastForwardAt = t;
    lastPhase = p.phase;
    cb(p);
  };
}
