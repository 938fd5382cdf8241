/**
 * Backup, restore and cleanup tasks of the data worker: the whole database streamed to or from one
 * file off the main thread, with progress and cancel (a cancelled restore rolls back whole).
 */
import {
  backupFileName,
  cleanupDatabase,
  countCleanup,
  countRecords,
  exportBackup,
  inspectBackup,
  restoreBackup,
  type BackupProgress,
  type BackupSummary,
  type CleanupCounts,
  type CleanupKind,
  type CleanupReport,
  type RestoreMode,
  type RestoreReport,
  type TableCounts,
} from '../../src/data';
import { defineTask, type TaskContext } from '../bridge';
import { workerDb } from './db-connection';

/** A finished backup: the file (a Blob, cheap to hand over) and what it holds. */
export interface BackupFile {
  blob: Blob;
  fileName: string;
  /** Records written, all tables together. */
  records: number;
  withCandles: boolean;
}

/** A backup file checked before a restore, and what the database holds now. */
export interface BackupInspection {
  summary: BackupSummary;
  stored: TableCounts;
}

function reporter(ctx: TaskContext, phase: string, verb: string): (p: BackupProgress) => void {
  return (p) => {
    ctx.signal.throwIfAborted();
    ctx.progress({ done: p.done, total: Math.max(p.total, p.done, 1), phase, message: `${verb} ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} records` });
  };
}

/** Runs `op`; when the caller cancelled meanwhile, the failure is the cancellation. */
async function cancellable<T>(ctx: TaskContext, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    ctx.signal.throwIfAborted();
    throw e;
  }
}

export const backupTasks = {
  /** The whole database as a backup file (candles optional). */
  exportBackup: defineTask(async (args: { includeCandles: boolean }, ctx): Promise<BackupFile> => {
    const db = await workerDb();
    const includeCandles = args?.includeCandles === true;
    const blob = await cancellable(ctx, () => exportBackup(db, { includeCandles, onProgress: reporter(ctx, 'export', 'Wrote') }));
    const counts = await countRecords(db);
    const records = Object.entries(counts).reduce((s, [t, n]) => s + (includeCandles || (t !== 'candleSeries' && t !== 'candleChunks') ? n : 0), 0);
    return { blob, fileName: backupFileName(Date.now(), includeCandles), records, withCandles: includeCandles };
  }),

  /** Checks a backup file (nothing is written) and counts what the database holds. */
  inspectBackup: defineTask(async (args: { file: Blob }): Promise<BackupInspection> => {
    const db = await workerDb();
    return { summary: await inspectBackup(args.file), stored: await countRecords(db) };
  }),

  /** Restores a backup file in one transaction; `mode` is required when the database holds records. */
  restoreBackup: defineTask(async (args: { file: Blob; mode?: RestoreMode }, ctx): Promise<RestoreReport> => {
    const db = await workerDb();
    return cancellable(ctx, () => restoreBackup(db, args.file, { mode: args.mode, onProgress: reporter(ctx, 'restore', 'Restored') }));
  }),

  /** Records of each kind the cleanup can delete. */
  countCleanup: defineTask(async (): Promise<CleanupCounts> => countCleanup(await workerDb())),

  /** Deletes the chosen kinds in one transaction after the typed confirmation (see `cleanupDatabase`). */
  cleanupDatabase: defineTask(async (args: { kinds: CleanupKind[]; confirmation: string }): Promise<CleanupReport> =>
    cleanupDatabase(await workerDb(), args.kinds, args.confirmation),
  ),
};
