/** What went wrong in the storage layer, in terms the UI can act on. */
export type DataErrorCode =
  | 'QUOTA_EXCEEDED'
  | 'DB_UNAVAILABLE'
  | 'DB_BLOCKED'
  | 'VERSION_CHANGED'
  | 'NOT_FOUND'
  | 'INVALID'
  | 'BOT_RUNNING'
  | 'UNKNOWN';

export const DATA_ERROR_CODES: readonly DataErrorCode[] = [
  'QUOTA_EXCEEDED',
  'DB_UNAVAILABLE',
  'DB_BLOCKED',
  'VERSION_CHANGED',
  'NOT_FOUND',
  'INVALID',
  'BOT_RUNNING',
  'UNKNOWN',
];

/** Every failure of a function in `src/data` reaches the caller as a DataError. */
export class DataError extends Error {
  readonly code: DataErrorCode;

  constructor(code: DataErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataError';
    this.code = code;
  }
}

export function invalid(message: string): DataError {
  return new DataError('INVALID', message);
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

function asErrorLike(e: unknown): ErrorLike | null {
  return typeof e === 'object' && e !== null ? (e as ErrorLike) : null;
}

function isQuotaError(e: ErrorLike): boolean {
  return (
    e.name === 'QuotaExceededError' ||
    e.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    (e.name === 'DOMException' && e.code === 22)
  );
}

/** The error and every error it wraps (Dexie's `inner`, `cause`, BulkError `failures`). */
function chain(e: unknown, depth = 0): ErrorLike[] {
  const el = asErrorLike(e);
  if (!el || depth > 8) return [];
  const out = [el];
  out.push(...chain(el.inner, depth + 1));
  if (el.cause !== el.inner) out.push(...chain(el.cause, depth + 1));
  if (Array.isArray(el.failures)) for (const f of el.failures) out.push(...chain(f, depth + 1));
  return out;
}

function detail(e: ErrorLike): string {
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const msg = typeof e.message === 'string' ? e.message : String(e);
  return `${name}: ${msg}`;
}

const BY_NAME: Record<string, [DataErrorCode, string]> = {
  MissingAPIError: ['DB_UNAVAILABLE', 'IndexedDB is not available in this browser (private mode or storage disabled?)'],
  InvalidStateError: ['DB_UNAVAILABLE', 'The browser refused to open the database (private mode or storage disabled?)'],
  DatabaseClosedError: ['DB_UNAVAILABLE', 'The database connection is closed'],
  UpgradeError: ['DB_UNAVAILABLE', 'The database could not be upgraded to this version of the app'],
  OpenFailedError: ['DB_UNAVAILABLE', 'The database could not be opened'],
  VersionError: ['VERSION_CHANGED', 'The stored database is newer than this app: reload the page to use the new version'],
  VersionChangeError: ['VERSION_CHANGED', 'The database was upgraded by a newer version of the app: reload the page'],
  NotFoundError: ['NOT_FOUND', 'A table of the database was not found'],
  ConstraintError: ['INVALID', 'A record conflicts with one already stored'],
  DataError: ['INVALID', 'A value is not a valid database key'],
  DataCloneError: ['INVALID', 'A value cannot be stored'],
  InvalidTableError: ['INVALID', 'No such table'],
  SchemaError: ['INVALID', 'The query does not match the database schema'],
  InvalidArgumentError: ['INVALID', 'Invalid argument'],
  RangeError: ['INVALID', 'Invalid value'],
};

/**
 * Maps anything thrown by Dexie / IndexedDB (or by this layer) to a DataError.
 * A QuotaExceededError anywhere in the wrapping chain (AbortError.inner, BulkError.failures,
 * OpenFailedError.inner, cause) wins; otherwise the outermost specific error decides.
 * `context.versionChanged` turns "connection closed" into VERSION_CHANGED (the connection was
 * closed because another tab upgraded the database).
 */
export function toDataError(e: unknown, context?: { versionChanged?: boolean }): DataError {
  if (e instanceof DataError) return e;
  const errors = chain(e);
  const top = errors[0];
  // Our own error, possibly wrapped by Dexie (which wraps anything named like an IndexedDB
  // error), or one that crossed a realm (worker → page) as a plain object with its code.
  for (const x of errors) {
    if (x instanceof DataError) return x;
    if (x.name === 'DataError' && typeof x.code === 'string' && (DATA_ERROR_CODES as readonly string[]).includes(x.code)) {
      return new DataError(x.code as DataErrorCode, String(x.message ?? ''), { cause: e });
    }
  }
  if (!top) return new DataError('UNKNOWN', `Unexpected storage failure: ${String(e)}`, { cause: e });
  const quota = errors.find(isQuotaError);
  if (quota) {
    return new DataError(
      'QUOTA_EXCEEDED',
      `Storage is full: the browser refused to store more data; nothing from this operation was saved (${detail(quota)})`,
      { cause: e },
    );
  }
  if (context?.versionChanged && errors.some((x) => x.name === 'DatabaseClosedError')) {
    return new DataError('VERSION_CHANGED', 'The database was upgraded in another tab: reload the page', { cause: e });
  }
  for (const x of errors) {
    const hit = typeof x.name === 'string' ? BY_NAME[x.name] : undefined;
    // Wrappers that only say "open failed" defer to a more specific inner error when there is one.
    if (hit && x.name === 'OpenFailedError' && errors.some((y) => y !== x && typeof y.name === 'string' && y.name in BY_NAME)) continue;
    if (hit) return new DataError(hit[0], `${hit[1]} (${detail(x)})`, { cause: e });
  }
  return new DataError('UNKNOWN', `Unexpected storage failure (${detail(top)})`, { cause: e });
}

/** Runs a storage operation and rethrows any failure as a DataError. */
export async function guard<T>(context: { versionChanged?: boolean }, op: () => PromiseLike<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw toDataError(e, context);
  }
}
