/**
 * Backup and restore of the whole database as one file, with dexie-export-import: the file is
 * Dexie's export format (JSON; typed arrays such as candle chunks and equity curves encoded so they
 * come back exactly), written and read in chunks so a large database never has to fit in one
 * string. A file is checked before anything is written — another app's database, a newer schema
 * or a table Candlelab does not know is refused — and a restore is one transaction: it lands
 * whole or not at all.
 */
import { Dexie } from 'dexie';
import type { CandlelabDb } from './db';
import { guard, invalid } from './errors';
import { DB_NAME, SCHEMA_VERSIONS, storesAt, type SchemaVersion } from './schema';

/** dexie-export-import, loaded on first use (only backups need it). */
function library(): Promise<typeof import('dexie-export-import')> {
  return import('dexie-export-import');
}

/** Tables of the candle store, left out of a backup without candles (and kept by its restore). */
export const CANDLE_TABLES: readonly string[] = ['candleSeries', 'candleChunks'];

/** Rows read and written per chunk: a candle chunk holds 16,384 candles, about 1 MB once encoded. */
export const BACKUP_ROWS_PER_CHUNK = 20;

/** Progress of a backup or a restore, in rows. */
export interface BackupProgress {
  done: number;
  total: number;
}

export interface ExportBackupOptions {
  /** Include the candle series and their chunks (the largest part by far). */
  includeCandles: boolean;
  /** Called as chunks are written; throwing from it (a cancel) abandons the backup. */
  onProgress?: (p: BackupProgress) => void;
}

/** What a backup file holds, read from its header without reading the records. */
export interface BackupSummary {
  /** Schema version of the database that wrote it. */
  version: number;
  /** Records per table, in the file's order. */
  tables: Array<{ name: string; rows: number }>;
  /** True when the file holds the candle tables. */
  withCandles: boolean;
  /** Tables of the file that later schema versions deleted (skipped on restore). */
  obsolete: string[];
}

/** Records per table of the database. */
export type TableCounts = Record<string, number>;

/** Writes the database to a backup file (a Blob), every table in one read transaction. */
export async function exportBackup(db: CandlelabDb, opts: ExportBackupOptions): Promise<Blob> {
  const skipTables = opts.includeCandles ? [] : [...CANDLE_TABLES];
  const { exportDB } = await library();
  return guard(db, () =>
    exportDB(db, {
      skipTables,
      numRowsPerChunk: BACKUP_ROWS_PER_CHUNK,
      progressCallback: (p) => {
        opts.onProgress?.({ done: p.completedRows, total: p.totalRows ?? 0 });
        return false;
      },
    }),
  );
}

function primaryKeyOf(storeDef: string): string {
  return storeDef.split(',')[0].trim();
}

/**
 * Reads and checks a backup file's header: Dexie's export format, the `candlelab` database, a
 * schema version this app knows (not newer), and tables and primary keys that version declared.
 * Throws a DataError INVALID whose message says what the file is instead.
 */
export async function inspectBackup(file: Blob, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS): Promise<BackupSummary> {
  const current = versions[versions.length - 1].version;
  const { peakImportFile } = await library();
  let meta: Awaited<ReturnType<typeof peakImportFile>>;
  try {
    meta = await peakImportFile(file);
  } catch (e) {
    throw invalid(`file: not a Candlelab backup (${e instanceof Error ? e.message : String(e)})`);
  }
  const data = (meta as { data?: unknown })?.data as { databaseName?: unknown; databaseVersion?: unknown; tables?: unknown } | undefined;
  if (meta?.formatName !== 'dexie' || data === undefined || !Array.isArray(data.tables)) {
    throw invalid('file: not a Candlelab backup (no database export header)');
  }
  if (data.databaseName !== DB_NAME) {
    throw invalid(`file: a backup of the database ${JSON.stringify(data.databaseName)}, not of Candlelab ("${DB_NAME}"); nothing was restored`);
  }
  const version = data.databaseVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid(`file: schema version ${JSON.stringify(version)} is not a Candlelab schema version`);
  }
  if (version > current) {
    throw invalid(`file: written by a newer Candlelab (schema version ${version}; this app reads up to ${current}): update Candlelab, then restore; nothing was restored`);
  }
  if (!versions.some((v) => v.version === version)) throw invalid(`file: schema version ${version} is not a Candlelab schema version`);
  const then = storesAt(version, versions);
  const now = storesAt(current, versions);
  const tables: BackupSummary['tables'] = [];
  const obsolete: string[] = [];
  for (const t of data.tables as Array<{ name?: unknown; schema?: unknown; rowCount?: unknown }>) {
    const name = String(t?.name);
    if (!(name in then)) throw invalid(`file: table ${JSON.stringify(name)} is not part of Candlelab's schema version ${version}`);
    if (typeof t.schema !== 'string' || primaryKeyOf(t.schema) !== primaryKeyOf(then[name])) {
      throw invalid(`file: table ${name} has the primary key ${JSON.stringify(typeof t.schema === 'string' ? primaryKeyOf(t.schema) : t.schema)}, not ${JSON.stringify(primaryKeyOf(then[name]))}`);
    }
    if (!(name in now)) obsolete.push(name);
    tables.push({ name, rows: typeof t.rowCount === 'number' ? t.rowCount : 0 });
  }
  return { version, tables, withCandles: CANDLE_TABLES.every((c) => tables.some((t) => t.name === c)), obsolete };
}

/** Records in every table of the database, read in one transaction. */
export async function countRecords(db: CandlelabDb): Promise<TableCounts> {
  return guard(db, () =>
    db.transaction('r', db.tables, async () => {
      const out: TableCounts = {};
      for (const t of db.tables) out[t.name] = await t.count();
      return out;
    }),
  );
}

/**
 * How a restore treats what is stored: `replace` empties every table first (except the candle
 * tables when the file holds no candles, which are kept as they are), so the database becomes
 * exactly the backup; `merge` keeps what is stored and adds the file's records, a record with the
 * same key as a stored one replacing it.
 */
export type RestoreMode = 'replace' | 'merge';

/** The longest a restore may take before it gives up (and rolls back). */
export const RESTORE_WAIT_MS = 60 * 60_000;
export const RESTORE_MODES: readonly RestoreMode[] = ['replace', 'merge'];

export interface RestoreOptions {
  /** Required when the database holds any record; an empty database needs none. */
  mode?: RestoreMode;
  /** Called as chunks are written; throwing from it (a cancel) rolls the whole restore back. */
  onProgress?: (p: BackupProgress) => void;
  /** The schema history of `db` (default SCHEMA_VERSIONS; tests rehearse upgrades with longer ones). */
  versions?: readonly SchemaVersion[];
}

export interface RestoreReport {
  mode: RestoreMode;
  /** What the file held. */
  summary: BackupSummary;
  /** Records per table after the restore, counted in the restore's transaction. */
  counts: TableCounts;
}

function total(c: TableCounts): number {
  return Object.values(c).reduce((s, n) => s + n, 0);
}

/**
 * In a merge, keeps the user-facing numbers unique: a backtest job whose number belongs to another
 * stored job gets the next free number, and a preset change whose sequence number holds a
 * different change gets a new one.
 */
async function mergeTransform(db: CandlelabDb): Promise<(table: string, value: Record<string, unknown>) => { value: Record<string, unknown> }> {
  const jobOfSeq = new Map<number, string>();
  let maxSeq = 0;
  for (const j of await db.backtestJobs.toArray()) {
    jobOfSeq.set(j.seq, j.id);
    maxSeq = Math.max(maxSeq, j.seq);
  }
  const changes = new Map<number, string>();
  for (const c of await db.presetChanges.toArray()) if (c.seq !== undefined) changes.set(c.seq, JSON.stringify(c));
  return (table, value) => {
    if (table === 'backtestJobs' && typeof value.seq === 'number') {
      const owner = jobOfSeq.get(value.seq);
      if (owner !== undefined && owner !== value.id) value = { ...value, seq: ++maxSeq };
      jobOfSeq.set(value.seq as number, String(value.id));
      maxSeq = Math.max(maxSeq, value.seq as number);
    } else if (table === 'presetChanges' && typeof value.seq === 'number') {
      const stored = changes.get(value.seq);
      if (stored !== undefined && stored !== JSON.stringify(value)) {
        const { seq: _drop, ...rest } = value;
        value = rest;
      }
    }
    return { value };
  };
}

/** A scratch database beside `db` with the stores of schema `version`, where a restore first unpacks its file. */
function stagingDb(db: CandlelabDb, version: number, versions: readonly SchemaVersion[]): Dexie {
  const deps = (db as unknown as { _deps: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } })._deps;
  const staging = new Dexie(`${db.name}-restore`, { indexedDB: deps.indexedDB, IDBKeyRange: deps.IDBKeyRange });
  staging.version(1).stores(storesAt(version, versions));
  return staging;
}

/**
 * Restores a backup file checked by {@link inspectBackup}. The importer unpacks the file, chunk by
 * chunk, into a scratch database (reading a file is not an IndexedDB request, so it cannot happen
 * inside the restore's transaction); then one transaction over every table copies the records in:
 * either every record lands (and the counts are taken) or nothing changes. A file of an older
 * schema version gets the upgrades of the later versions, as a stored database would. Refused
 * before anything is written: a file that is not a Candlelab backup, and a database holding
 * records without a `mode`.
 */
export async function restoreBackup(db: CandlelabDb, file: Blob, opts: RestoreOptions = {}): Promise<RestoreReport> {
  const versions = opts.versions ?? SCHEMA_VERSIONS;
  const summary = await inspectBackup(file, versions);
  if (opts.mode !== undefined && !RESTORE_MODES.includes(opts.mode)) throw invalid(`mode: ${JSON.stringify(opts.mode)} is not replace or merge`);
  const before = await countRecords(db);
  if (opts.mode === undefined && total(before) > 0) {
    throw invalid(`mode: missing; the database holds ${total(before)} records: choose replace (the backup only) or merge (both)`);
  }
  const mode: RestoreMode = opts.mode ?? 'replace';
  const inFile = new Set(summary.tables.map((t) => t.name));
  const upgrades = versions.filter((v) => v.version > summary.version && v.upgrade);
  const rows = summary.tables.reduce((n, t) => n + t.rows, 0);
  const progress = (done: number) => opts.onProgress?.({ done, total: Math.max(2 * rows, done) });
  const { importInto } = await library();
  await stagingDb(db, summary.version, versions).delete();
  const staging = stagingDb(db, summary.version, versions);
  try {
    await guard(db, () =>
      importInto(staging, file, {
        acceptNameDiff: true,
        acceptVersionDiff: true,
        overwriteValues: true,
        skipTables: summary.obsolete,
        chunkSizeBytes: 4 * 1024 * 1024,
        progressCallback: (p) => {
          progress(p.completedRows);
          return false;
        },
      }),
    );
    return await guard(db, () =>
      db.transaction('rw', db.tables, async () => {
        if (mode === 'replace') {
          for (const t of db.tables) {
            if (CANDLE_TABLES.includes(t.name) && !inFile.has(t.name)) continue;
            await t.clear();
          }
        }
        const transform = mode === 'merge' ? await mergeTransform(db) : undefined;
        let copied = rows;
        for (const { name } of summary.tables) {
          if (summary.obsolete.includes(name)) continue;
          const source = staging.table(name);
          const keys = await Dexie.waitFor(Dexie.ignoreTransaction(() => source.toCollection().primaryKeys()), RESTORE_WAIT_MS);
          for (let i = 0; i < keys.length; i += BACKUP_ROWS_PER_CHUNK) {
            const batch = keys.slice(i, i + BACKUP_ROWS_PER_CHUNK);
            const read = await Dexie.waitFor(Dexie.ignoreTransaction(() => source.bulkGet(batch)), RESTORE_WAIT_MS);
            const values = read.map((v) => (transform ? transform(name, v as Record<string, unknown>).value : v));
            await db.table(name).bulkPut(values);
            copied += batch.length;
            progress(copied);
          }
        }
        const tx = Dexie.currentTransaction;
        for (const v of upgrades) await v.upgrade!(tx);
        const counts: TableCounts = {};
        for (const t of db.tables) counts[t.name] = await t.count();
        return { mode, summary, counts };
      }),
    );
  } finally {
    await staging.delete().catch(() => undefined);
  }
}

/** The file name of a backup made at `now`: `candlelab-backup-2024-04-04-1000.json` (UTC). */
export function backupFileName(now: number, withCandles: boolean): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  return `candlelab-backup-${stamp}${withCandles ? '' : '-no-candles'}.json`;
}

