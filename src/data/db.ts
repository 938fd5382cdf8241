import { Dexie, type Table } from 'dexie';
import { DataError, toDataError } from './errors';
import { assertVersionsOrdered, DB_NAME, SCHEMA_VERSIONS, type SchemaVersion } from './schema';
import type { BackfillJobRecord, CandleChunkRecord, CandleSeriesRecord } from './records/candles';
import type { MarketRecord } from './records/markets';
import type { SignalRecord } from './records/signals';
import type { DecisionRecord } from './records/decisions';
import type { PaperAccountRecord, PaperTradeRecord } from './records/paper';
import type { BotSessionRecord } from './records/bot-sessions';
import type { BotStateRecord } from './records/bot-states';
import type { BacktestJobRecord, BacktestResultRecord } from './records/backtests';
import type { MonteCarloRunRecord, OptimisationRunRecord, WalkForwardRunRecord } from './records/robustness';
import type { PresetChangeRecord, PresetRecord } from './records/presets';
import type { SettingRecord } from './records/settings';
import type { LiveCursorRecord } from './records/live';

export interface CandlelabDbOptions {
  /** Database name (tests use their own). Default `candlelab`. */
  name?: string;
  /** IndexedDB implementation (default: the browser's). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Schema history (default SCHEMA_VERSIONS); tests pass extended lists to rehearse upgrades. */
  versions?: readonly SchemaVersion[];
}

/** Details of another connection's request to upgrade or delete the database. */
export interface VersionChangeInfo {
  oldVersion: number;
  /** Dexie version the other connection wants; null when it deletes the database. */
  newVersion: number | null;
}

type SeriesPk = [string, string, string];
type ChunkPk = [string, string, string, number];

/**
 * The Candlelab database. When another tab opens a newer version (or deletes the database),
 * this connection closes itself at once so that tab is never blocked, stops auto-reopening,
 * and tells `onVersionChange` listeners so the UI can stop writing and ask for a reload.
 */
export class CandlelabDb extends Dexie {
  declare markets: Table<MarketRecord, [string, string]>;
  declare candleSeries: Table<CandleSeriesRecord, SeriesPk>;
  declare candleChunks: Table<CandleChunkRecord, ChunkPk>;
  declare backfillJobs: Table<BackfillJobRecord, string>;
  declare signals: Table<SignalRecord, string>;
  declare decisions: Table<DecisionRecord, string>;
  declare paperAccounts: Table<PaperAccountRecord, string>;
  declare paperTrades: Table<PaperTradeRecord, string>;
  declare botSessions: Table<BotSessionRecord, string>;
  declare botStates: Table<BotStateRecord, string>;
  declare backtestJobs: Table<BacktestJobRecord, string>;
  declare backtestResults: Table<BacktestResultRecord, string>;
  declare monteCarloRuns: Table<MonteCarloRunRecord, string>;
  declare walkForwardRuns: Table<WalkForwardRunRecord, string>;
  declare optimisationRuns: Table<OptimisationRunRecord, string>;
  declare presets: Table<PresetRecord, string>;
  declare presetChanges: Table<PresetChangeRecord, number>;
  declare settings: Table<SettingRecord, string>;
  declare liveCursors: Table<LiveCursorRecord, [string, string, string]>;

  /** True once another connection upgraded or deleted the database and this one closed. */
  versionChanged = false;
  private readonly versionListeners = new Set<(info: VersionChangeInfo) => void>();

  constructor(options: CandlelabDbOptions = {}) {
    const deps: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
    if (options.indexedDB) deps.indexedDB = options.indexedDB;
    if (options.IDBKeyRange) deps.IDBKeyRange = options.IDBKeyRange;
    super(options.name ?? DB_NAME, deps);
    declareVersions(this, options.versions ?? SCHEMA_VERSIONS);
    this.on('versionchange', (ev: IDBVersionChangeEvent) => {
      this.versionChanged = true;
      this.close({ disableAutoOpen: true });
      const info: VersionChangeInfo = {
        oldVersion: ev.oldVersion / 10,
        newVersion: ev.newVersion === null || ev.newVersion === 0 ? null : ev.newVersion / 10,
      };
      for (const cb of this.versionListeners) cb(info);
      // Returning false stops Dexie's default handler, which would close with auto-reopen on.
      return false;
    });
  }

  /** Calls `cb` when another tab upgrades or deletes the database; returns the unsubscribe. */
  onVersionChange(cb: (info: VersionChangeInfo) => void): () => void {
    this.versionListeners.add(cb);
    return () => {
      this.versionListeners.delete(cb);
    };
  }
}

/** Declares every schema version on `db` (stores, then the upgrade if any). */
export function declareVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  assertVersionsOrdered(versions);
  for (const v of versions) {
    const declared = db.version(v.version).stores({ ...v.stores });
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
}

export interface OpenDbOptions extends CandlelabDbOptions {
  /** Called when the open waits for another tab that keeps an older version open. */
  onBlocked?: () => void;
  /** How long to wait once blocked before failing with DB_BLOCKED (default 10 s). */
  blockedTimeoutMs?: number;
}

/**
 * Opens the database. Fails with a DataError: DB_UNAVAILABLE when the browser has no usable
 * IndexedDB (missing API, private mode), DB_BLOCKED when another tab holding an older version
 * does not let go within `blockedTimeoutMs`, VERSION_CHANGED when the stored database is newer
 * than this code.
 */
export async function openDb(options: OpenDbOptions = {}): Promise<CandlelabDb> {
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  const keyRange = options.IDBKeyRange ?? (globalThis as { IDBKeyRange?: typeof IDBKeyRange }).IDBKeyRange;
  if (!factory || !keyRange) {
    throw new DataError('DB_UNAVAILABLE', 'IndexedDB is not available in this browser (private mode or storage disabled?)');
  }
  let db: CandlelabDb;
  try {
    db = new CandlelabDb({ ...options, indexedDB: factory, IDBKeyRange: keyRange });
  } catch (e) {
    throw toDataError(e);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const blocked = new Promise<never>((_, reject) => {
    db.on('blocked', () => {
      options.onBlocked?.();
      if (timer === undefined) {
        timer = setTimeout(() => {
          reject(
            new DataError(
              'DB_BLOCKED',
              'The database is held open by another tab running an older version of Candlelab: close or reload that tab',
            ),
          );
        }, options.blockedTimeoutMs ?? 10_000);
      }
    });
  });
  blocked.catch(() => undefined);
  try {
    await Promise.race([db.open(), blocked]);
    return db;
  } catch (e) {
    db.close();
    throw toDataError(e);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
