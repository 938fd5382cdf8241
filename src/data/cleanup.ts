/**
 * Database cleanup: delete whole kinds of records, chosen by the user, after typing `YES`. The
 * deletion is one transaction (all chosen kinds go, or none), is refused while the paper bot runs,
 * and is verified afterwards by counting again.
 */
import { Dexie } from 'dexie';
import type { CandlelabDb } from './db';
import { DataError, guard, invalid } from './errors';
import type { SessionStatus } from './records/bot-sessions';

/** What can be deleted, and the tables each kind empties. */
export const CLEANUP_KINDS = {
  signals: ['signals'],
  paperTrades: ['paperTrades'],
  paperAccounts: ['paperAccounts'],
  decisions: ['decisions'],
  sessions: ['botSessions'],
  backtests: ['backtestJobs', 'backtestResults'],
  robustness: ['monteCarloRuns', 'walkForwardRuns', 'optimisationRuns'],
  candles: ['candleSeries', 'candleChunks', 'backfillJobs'],
} as const satisfies Record<string, readonly string[]>;

export type CleanupKind = keyof typeof CLEANUP_KINDS;
export const CLEANUP_KIND_LIST = Object.keys(CLEANUP_KINDS) as CleanupKind[];

/** The word to type, exactly (upper case), to confirm a cleanup. */
export const CLEANUP_CONFIRMATION = 'YES';

/** Session statuses during which the bot runs and nothing may be cleaned up. */
export const BOT_RUNNING_STATUSES: readonly SessionStatus[] = ['STARTING', 'RUNNING'];

/** Records of each kind (the first table of a kind is what users count: jobs, runs, series). */
export type CleanupCounts = Record<CleanupKind, number>;

async function countKinds(db: CandlelabDb): Promise<CleanupCounts> {
  const out = {} as CleanupCounts;
  for (const kind of CLEANUP_KIND_LIST) {
    let n = 0;
    for (const table of CLEANUP_KINDS[kind]) {
      // A kind counts the records users see: backtests are jobs (each with at most one result), candles are chunks and jobs.
      if (table === 'backtestResults' || table === 'candleSeries') continue;
      n += await db.table(table).count();
    }
    out[kind] = n;
  }
  return out;
}

/** Records of every kind, counted in one transaction. */
export async function countCleanup(db: CandlelabDb): Promise<CleanupCounts> {
  return guard(db, () => db.transaction('r', db.tables, () => countKinds(db)));
}

async function runningSessions(db: CandlelabDb): Promise<string[]> {
  const out: string[] = [];
  for (const status of BOT_RUNNING_STATUSES) {
    const list = await db.botSessions.where('[status+startedAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]).toArray();
    for (const s of list) out.push(`"${s.name}" (${s.status})`);
  }
  return out;
}

export interface CleanupReport {
  /** Records deleted of each chosen kind. */
  deleted: Partial<CleanupCounts>;
  /** Records of every kind after the cleanup, counted again. */
  after: CleanupCounts;
}

/**
 * Deletes every record of the chosen kinds in one transaction. Refused, deleting nothing: a
 * confirmation other than `YES` (case-sensitive), no kind or an unknown one, paper accounts without
 * their paper trades, and (DataError BOT_RUNNING) a bot session that is starting or running.
 * Afterwards the chosen kinds are counted again and must be empty.
 */
export async function cleanupDatabase(db: CandlelabDb, kinds: readonly CleanupKind[], confirmation: string): Promise<CleanupReport> {
  if (confirmation !== CLEANUP_CONFIRMATION) {
    throw invalid(`confirmation: ${JSON.stringify(confirmation)} is not ${CLEANUP_CONFIRMATION} (type ${CLEANUP_CONFIRMATION} in capitals to delete); nothing was deleted`);
  }
  if (!Array.isArray(kinds as unknown) || kinds.length === 0) throw invalid('kinds: none chosen; nothing was deleted');
  for (const k of kinds) if (!CLEANUP_KIND_LIST.includes(k)) throw invalid(`kinds: ${JSON.stringify(k)} is not one of ${CLEANUP_KIND_LIST.join(', ')}`);
  if (kinds.includes('paperAccounts') && !kinds.includes('paperTrades')) {
    throw invalid('kinds: paper accounts can only be deleted with their paper trades (choose paper trades too); nothing was deleted');
  }
  const tables = [...new Set(kinds.flatMap((k) => CLEANUP_KINDS[k]))];
  const deleted = await guard(db, () =>
    db.transaction('rw', db.tables, async () => {
      const running = await runningSessions(db);
      if (running.length > 0) {
        throw new DataError('BOT_RUNNING', `The paper bot is running (session ${running.join(', ')}): stop it first; nothing was deleted`);
      }
      const before = await countKinds(db);
      for (const t of tables) await db.table(t).clear();
      const out: Partial<CleanupCounts> = {};
      for (const k of kinds) out[k] = before[k];
      return out;
    }),
  );
  const after = await countCleanup(db);
  const left = kinds.filter((k) => after[k] !== 0);
  if (left.length > 0) throw new DataError('UNKNOWN', `Cleanup did not empty ${left.map((k) => `${k} (${after[k]} left)`).join(', ')}`);
  return { deleted, after };
}
