import type { Transaction } from 'dexie';
import { addProfitFactorFlag } from './upgrades/profit-factor-flag';

/** Name of the IndexedDB database. */
export const DB_NAME = 'candlelab';

/**
 * One schema version: the Dexie store definitions that changed in it (a table mapped to null
 * is deleted), and an optional upgrade that rewrites records stored by earlier versions.
 */
export interface SchemaVersion {
  version: number;
  description: string;
  stores: Readonly<Record<string, string | null>>;
  upgrade?: (tx: Transaction) => PromiseLike<unknown> | void;
}

/**
 * Every version of the schema, oldest first. Never edit a released entry: append a new one
 * (with fixtures in `testing/fixtures.ts`, which the migration test requires).
 *
 * Index choices follow the screens' queries:
 * - markets: one exchange's markets, sorted by symbol → primary key [exchange+symbol].
 * - candleChunks: a time range of one series → primary key [exchange+symbol+timeframe+start].
 * - signals: a symbol/timeframe over time; the stream by status, newest first.
 * - decisions: one account's log newest first, paged by (time, id).
 * - paperTrades: an account's trades by status or by time; system trades; a signal's or session's trades.
 * - jobs and runs: by status in submission order; newest first.
 * - presetChanges: one preset's history in write order.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    description: 'Initial schema: every record of the product.',
    stores: {
      markets: '[exchange+symbol], exchange, quote',
      candleSeries: '[exchange+symbol+timeframe], exchange, lastUpdate',
      candleChunks: '[exchange+symbol+timeframe+start]',
      backfillJobs: 'id, [status+createdAt], createdAt',
      signals: 'id, [symbol+timeframe+time], [status+time], time, strategy',
      decisions: 'id, [account+time+id], [symbol+time], time, session',
      paperAccounts: 'id, name, createdAt',
      paperTrades: 'id, [account+status+entryTime], [account+entryTime], [status+entryTime], signalId, session',
      botSessions: 'id, [account+startedAt], [status+startedAt], startedAt',
      backtestJobs: 'id, &seq, [status+createdAt], createdAt, batch',
      backtestResults: 'jobId',
      monteCarloRuns: 'id, sourceBacktestId, [status+createdAt], createdAt',
      walkForwardRuns: 'id, [status+createdAt], createdAt',
      optimisationRuns: 'id, strategy, [status+createdAt], createdAt',
      presets: 'id, strategy, name',
      presetChanges: '++seq, [preset+seq], at',
      settings: 'key',
    },
  },
  {
    version: 2,
    description: 'Completed backtests record whether their profit factor is infinite (the run summary\'s profitFactorInfinite).',
    stores: {},
    upgrade: addProfitFactorFlag,
  },
];

export const CURRENT_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1].version;

/** Store definitions in force at `version` (every version up to it, folded; deleted tables dropped). */
export function storesAt(version: number, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of versions) {
    if (v.version > version) break;
    for (const [table, def] of Object.entries(v.stores)) {
      if (def === null) delete out[table];
      else out[table] = def;
    }
  }
  return out;
}

/** Checks that versions are positive integers in strictly ascending order. */
export function assertVersionsOrdered(versions: readonly SchemaVersion[]): void {
  let prev = 0;
  for (const v of versions) {
    if (!Number.isInteger(v.version) || v.version <= prev) {
      throw new RangeError(`version: ${v.version} must be an integer greater than ${prev}`);
    }
    prev = v.version;
  }
}
