import { createSignal } from 'solid-js';
import { openDb, toDataError, type CandlelabDb, type DataErrorCode } from '../data';

let db: CandlelabDb | undefined;
const [versionChanged, setVersionChanged] = createSignal(false);
const [writeError, setWriteError] = createSignal<{ code: DataErrorCode | string; message: string } | null>(null);

/** Set when another tab upgraded the database: this tab stops writing and asks to reload. */
export { versionChanged };
/** The last failed write, for the app-wide banner. */
export { writeError };

export function clearWriteError(): void {
  setWriteError(null);
}

/** Records a failed write so the user is told what happened (quota, version change, …). */
export function reportWriteError(e: unknown): void {
  const code = (e as { code?: unknown } | null)?.code;
  const err =
    typeof code === 'string' && code !== 'INTERNAL' && code !== 'UNKNOWN'
      ? { code, message: e instanceof Error ? e.message : String(code) }
      : toDataError(e);
  setWriteError({
    code: err.code,
    message:
      err.code === 'QUOTA_EXCEEDED'
        ? 'The browser ran out of storage space for Candlelab; the last write was rolled back.'
        : err.message,
  });
}

/**
 * Opens the database once at start-up. Rejects with a readable message when IndexedDB is
 * unavailable (private mode, blocked by settings), so the page can explain instead of going blank.
 */
export async function initDatabase(): Promise<void> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) {
    throw new Error('IndexedDB is not available in this browser window.');
  }
  try {
    db = await openDb();
  } catch (e) {
    throw new Error(toDataError(e).message);
  }
  db.onVersionChange(() => setVersionChanged(true));
}

/** The open database (after initDatabase). App stores only; the UI never touches it. */
export function database(): CandlelabDb {
  if (!db) throw new Error('database: not opened yet');
  return db;
}
