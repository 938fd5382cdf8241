/**
 * Backup, restore and cleanup for the Settings screen. The work runs in the data worker
 * (`workers/data/backup-tasks.ts`); this keeps the state the screen shows: progress with cancel,
 * the question a restore asks (replace or merge), and the counts before and after a cleanup.
 */
import { createSignal } from 'solid-js';
import type { BackupInspection } from '../../workers/data/backup-tasks';
import { isWorkerTaskError, type Progress } from '../../workers/bridge';
import type { CleanupCounts, CleanupKind, CleanupReport, RestoreMode, RestoreReport } from '../data';
import { dataWorker } from './worker-pools';
import { reportWriteError } from './db-service';
import { downloadBlob } from './download';

export type { CleanupCounts, CleanupKind, CleanupReport, RestoreMode, RestoreReport } from '../data';
export { CLEANUP_KIND_LIST, CLEANUP_CONFIRMATION } from '../data';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What the backup card shows. */
export type BackupState =
  | { status: 'idle' }
  | { status: 'running'; progress: Progress }
  | { status: 'done'; fileName: string; records: number; bytes: number; withCandles: boolean }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

const [backupState, setBackupState] = createSignal<BackupState>({ status: 'idle' });
export { backupState };
let backupAbort: AbortController | undefined;

/** Writes the whole database to a file in the data worker and downloads it. */
export async function runBackup(includeCandles: boolean): Promise<boolean> {
  if (backupState().status === 'running') return false;
  backupAbort = new AbortController();
  setBackupState({ status: 'running', progress: { done: 0, total: 1, message: 'Starting' } });
  try {
    const file = await dataWorker().run('exportBackup', { includeCandles }, {
      signal: backupAbort.signal,
      onProgress: (progress) => setBackupState({ status: 'running', progress }),
    });
    downloadBlob(file.fileName, file.blob);
    setBackupState({ status: 'done', fileName: file.fileName, records: file.records, bytes: file.blob.size, withCandles: file.withCandles });
    return true;
  } catch (e) {
    setBackupState(isWorkerTaskError(e, 'CANCELLED') ? { status: 'cancelled' } : { status: 'failed', message: messageOf(e) });
    return false;
  }
}

export function cancelBackup(): void {
  backupAbort?.abort();
}

/** What the restore card shows. */
export type RestoreState =
  | { status: 'idle' }
  | { status: 'checking'; fileName: string }
  /** The database holds records: ask replace or merge (nothing was written). */
  | { status: 'ask'; fileName: string; inspection: BackupInspection }
  | { status: 'running'; fileName: string; progress: Progress }
  | { status: 'done'; fileName: string; report: RestoreReport }
  /** The file was refused before anything was written. */
  | { status: 'refused'; fileName: string; message: string }
  | { status: 'cancelled'; fileName: string }
  | { status: 'failed'; fileName: string; message: string };

const [restoreState, setRestoreState] = createSignal<RestoreState>({ status: 'idle' });
export { restoreState };
let pendingFile: File | undefined;
let restoreAbort: AbortController | undefined;

async function restore(file: File, mode: RestoreMode | undefined): Promise<void> {
  restoreAbort = new AbortController();
  setRestoreState({ status: 'running', fileName: file.name, progress: { done: 0, total: 1, message: 'Reading the file' } });
  try {
    const report = await dataWorker().run('restoreBackup', { file, mode }, {
      signal: restoreAbort.signal,
      onProgress: (progress) => setRestoreState({ status: 'running', fileName: file.name, progress }),
    });
    setRestoreState({ status: 'done', fileName: file.name, report });
  } catch (e) {
    if (isWorkerTaskError(e, 'CANCELLED')) setRestoreState({ status: 'cancelled', fileName: file.name });
    else {
      if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
      setRestoreState({ status: 'failed', fileName: file.name, message: messageOf(e) });
    }
  }
}

/**
 * Checks `file` in the data worker; an invalid file is refused without writing anything. Into an
 * empty database it restores at once; otherwise it asks (`ask`) and waits for `confirmRestore`.
 */
export async function chooseRestoreFile(file: File): Promise<void> {
  const s = restoreState().status;
  if (s === 'running' || s === 'checking') return;
  setRestoreState({ status: 'checking', fileName: file.name });
  let inspection: BackupInspection;
  try {
    inspection = await dataWorker().run('inspectBackup', { file });
  } catch (e) {
    setRestoreState({ status: 'refused', fileName: file.name, message: messageOf(e) });
    return;
  }
  const stored = Object.values(inspection.stored).reduce((a, b) => a + b, 0);
  if (stored === 0) {
    await restore(file, undefined);
    return;
  }
  pendingFile = file;
  setRestoreState({ status: 'ask', fileName: file.name, inspection });
}

/** Restores the file waiting in `ask` with the chosen mode. */
export async function confirmRestore(mode: RestoreMode): Promise<void> {
  const file = pendingFile;
  if (file === undefined || restoreState().status !== 'ask') return;
  pendingFile = undefined;
  await restore(file, mode);
}

/** Drops the file waiting in `ask`; nothing is written. */
export function dismissRestore(): void {
  pendingFile = undefined;
  setRestoreState({ status: 'idle' });
}

export function cancelRestore(): void {
  restoreAbort?.abort();
}

/** Records of each kind the cleanup can delete (read in the data worker). */
export function countCleanupRecords(): Promise<CleanupCounts> {
  return dataWorker().run('countCleanup', {});
}

/** Deletes the chosen kinds after the typed confirmation; rejects with a readable message, deleting nothing. */
export async function runCleanup(kinds: CleanupKind[], confirmation: string): Promise<CleanupReport> {
  return dataWorker().run('cleanupDatabase', { kinds, confirmation });
}
