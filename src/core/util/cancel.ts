/**
 * Cancellation, shared by the engine, the workers and the app: one error type, and the part of an
 * `AbortSignal` long computations read.
 *
 * Long work takes an `AbortSignal` (the engine declares only {@link CancelSignal}, since core has
 * no DOM types). A hot loop checks `signal.aborted` (a property read) every so many iterations and
 * throws {@link CancelledError}; code that can throw the signal's reason calls
 * `signal.throwIfAborted()`, which throws a `CancelledError` when the signal was aborted with one
 * (as the worker bridge does) and an `AbortError` otherwise. {@link isCancellation} recognises both.
 */

/** Thrown when work stops because its caller cancelled it. `code` is `CANCELLED`. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  readonly code = 'CANCELLED' as const;

  constructor(message = 'cancelled') {
    super(message);
  }
}

/** What long computations read of an `AbortSignal` (an `AbortSignal` is one). */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  throwIfAborted(): void;
}

/**
 * True when `e` reports a cancellation: a {@link CancelledError}, an `AbortError` (aborted fetches,
 * locks and waits), or any error whose `code` is `CANCELLED` (a cancellation that crossed a worker
 * boundary).
 */
export function isCancellation(e: unknown): boolean {
  if (e instanceof CancelledError) return true;
  if (typeof e !== 'object' || e === null) return false;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return name === 'AbortError' || name === 'CancelledError' || code === 'CANCELLED';
}

/**
 * The error to throw for an aborted `signal`: its reason when that is a {@link CancelledError},
 * else a new one with `message`.
 */
export function cancelledBy(signal: CancelSignal, message?: string): CancelledError {
  return signal.reason instanceof CancelledError ? signal.reason : new CancelledError(message);
}
