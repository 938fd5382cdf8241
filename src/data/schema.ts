import type { Transaction } from 'dexie';
import { TRADING_DEFAULTS } from '../core/defaults';
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
 * - decisions: one account's log newest first, paged by (time, id), optionally one decision or one symbol.
 * - botStates: the paper bot's runtime of one book (account id, or SYSTEM:<timeframe>).
 * - paperTrades: an account's trades by status or by time; system trades; a signal's or session's trades.
 * - jobs and runs: by status in submission order; newest first.
 * - presetChanges: one preset's history in write order.
 * - liveCursors: one watched series' cursor → primary key [exchange+symbol+timeframe].
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
    description:
      'Paper trading and the live signal stream: how far each watched series has been processed; the bot runtime of each book; the decision log filtered by decision or symbol; account fee, slippage and directions; trade timeframe, signal time and confidence; session settings snapshot.',
    stores: {
      decisions: 'id, [account+time+id], [symbol+time], time, session, [account+decision+time+id], [account+symbol+time+id]',
      botStates: 'book',
      liveCursors: '[exchange+symbol+timeframe]',
    },
    upgrade: async (tx) => {
      await tx
        .table('paperAccounts')
        .toCollection()
        .modify((a: Record<string, unknown>) => {
          a.feePct ??= TRADING_DEFAULTS.feePct;
          a.slippagePct ??= TRADING_DEFAULTS.slippagePct;
          a.allowLong ??= true;
          a.allowShort ??= true;
        });
      await tx
        .table('paperTrades')
        .toCollection()
        .modify((t: Record<string, unknown>) => {
          t.timeframe ??= null;
          t.signalTime ??= null;
          t.confidence ??= null;
        });
      await tx
        .table('botSessions')
        .toCollection()
        .modify((x: Record<string, unknown>) => {
          x.accountSettings ??= null;
        });
    },
  },
  {
    version: 3,
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
