/**
 * Errors across the worker boundary.
 *
 * A failure travels as a plain, structured-cloneable {@link WireError} and is rebuilt on the
 * receiving side as a {@link WorkerTaskError} carrying the same `code` and `message`. Comlink's
 * built-in "throw" handler (which keeps only `message`/`name`/`stack`) is replaced by
 * {@link installErrorHandler}; both the worker and the caller must call it.
 */
import { transferHandlers, type TransferHandler } from 'comlink';

/** Codes produced by the bridge itself. Task code may use any other string code. */
export type BridgeErrorCode =
  | 'CANCELLED'
  | 'INVALID_INPUT'
  | 'INTERNAL'
  | 'DISPOSED'
  | 'WORKER_CRASHED'
  | 'UNKNOWN_TASK';

/** The serialisable form of an error sent between threads. */
export interface WireError {
  code: string;
  message: string;
  details?: unknown;
}

/** An error with a machine-readable `code`; what every bridge call rejects with. */
export class WorkerTaskError extends Error {
  override name = 'WorkerTaskError';
  readonly code: string;
  readonly details?: unknown;

  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  /** The wire form of this error. */
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * The rejection of a call that was cancelled (code `CANCELLED`). Inside a worker, cancelled work
 * throws `CancelledError` (`src/core/util/cancel.ts`); it arrives at the caller as this.
 */
export function cancelledTaskError(message = 'task cancelled'): WorkerTaskError {
  return new WorkerTaskError('CANCELLED', message);
}

/** True when `e` is a {@link WorkerTaskError}, optionally with the given code. */
export function isWorkerTaskError(e: unknown, code?: string): e is WorkerTaskError {
  return e instanceof WorkerTaskError && (code === undefined || e.code === code);
}

function errorName(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const name = (e as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Returns `details` if it survives structured cloning, otherwise a string rendering of it. */
function cloneableDetails(details: unknown): unknown {
  if (details === undefined) return undefined;
  try {
    structuredClone(details);
    return details;
  } catch {
    return String(details);
  }
}

/**
 * Maps any thrown value to its wire form:
 * - `CancelledError` (its `code`) and `AbortError` → `CANCELLED`;
 * - anything with a string `code` (`WorkerTaskError`, data-layer errors, …) keeps its code;
 * - `RangeError`, `SyntaxError`, `TypeError`, `DataCloneError` → `INVALID_INPUT`;
 * - everything else → `INTERNAL`.
 * The message is kept; `details` is kept when it is structured-cloneable.
 */
export function toWireError(e: unknown): WireError {
  const name = errorName(e);
  const message =
    typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string'
      ? (e as { message: string }).message
      : String(e);
  if (name === 'AbortError') return { code: 'CANCELLED', message };
  if (typeof e === 'object' && e !== null) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') {
      const details = cloneableDetails((e as { details?: unknown }).details);
      return details === undefined ? { code, message } : { code, message, details };
    }
  }
  if (
    e instanceof RangeError ||
    e instanceof SyntaxError ||
    e instanceof TypeError ||
    name === 'RangeError' ||
    name === 'SyntaxError' ||
    name === 'TypeError' ||
    name === 'DataCloneError'
  ) {
    return { code: 'INVALID_INPUT', message };
  }
  return { code: 'INTERNAL', message };
}

/** Rebuilds a {@link WorkerTaskError} from its wire form (or returns `e` if it already is one). */
export function fromWireError(wire: WireError): WorkerTaskError {
  if (wire instanceof WorkerTaskError) return wire;
  return new WorkerTaskError(wire.code, wire.message, wire.details);
}

/** Converts any thrown value into a {@link WorkerTaskError} (identity for one already). */
export function asWorkerTaskError(e: unknown): WorkerTaskError {
  return e instanceof WorkerTaskError ? e : fromWireError(toWireError(e));
}

/** Comlink's thrown-value envelope: `{ value, [throwMarker]: 0 }`. */
interface ThrownValue {
  value: unknown;
}

const installedMarker = Symbol.for('candlelab.bridge.errorHandler');

/**
 * Replaces Comlink's "throw" transfer handler so that thrown errors cross as {@link WireError}s
 * and are rethrown as {@link WorkerTaskError}s. Idempotent; call it on both sides of a channel.
 */
export function installErrorHandler(): void {
  const current = transferHandlers.get('throw') as
    | (TransferHandler<unknown, unknown> & { [installedMarker]?: true })
    | undefined;
  if (current === undefined) throw new Error('comlink: no "throw" transfer handler to replace');
  if (current[installedMarker]) return;
  const handler: TransferHandler<ThrownValue, WireError> & { [installedMarker]: true } = {
    [installedMarker]: true,
    canHandle: (value: unknown): value is ThrownValue => current.canHandle(value),
    serialize: (thrown) => [toWireError(thrown.value), []],
    deserialize: (wire) => {
      throw fromWireError(wire);
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}
