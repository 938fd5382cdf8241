import { Dexie } from 'dexie';
import { pickAccountSettings } from '../../core/paper/account';
import { dropPendingEntries } from '../../core/paper/state';
import { ACTIVE_SESSION_STATUSES, sessionCsv, sessionStats, type SessionEnd, type SessionStats } from '../../core/paper/session';
import type { StrategyParams } from '../../core/strategy/types';
import type { Timeframe } from '../../core/candles/timeframe';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import { SESSION_STATUSES, type BotSessionRecord, type SessionStatus } from '../records/bot-sessions';
import type { DecisionRecord } from '../records/decisions';
import type { PaperAccountRecord, PaperTradeRecord } from '../records/paper';
import { requireDecimal, requireDecimalOrNull, requireOneOf, requireString, requireTimeframe } from '../validate';
import { getExisting, updateExisting } from './common';
import { requireAccount } from './paper-ledger';

export type BotSessionInput = Omit<BotSessionRecord, 'id' | 'status' | 'stoppedAt' | 'endingBalance' | 'stopReason'>;

function checkSessionInput(input: Pick<BotSessionInput, 'name' | 'account' | 'strategy' | 'timeframe' | 'symbols' | 'runtimeLimitMs'>): void {
  requireString('name', input.name);
  requireString('account', input.account);
  requireString('strategy', input.strategy);
  requireTimeframe('timeframe', input.timeframe);
  if (!Array.isArray(input.symbols) || input.symbols.length === 0) throw invalid(`symbols: ${JSON.stringify(input.symbols)} is not a non-empty list of symbols`);
  input.symbols.forEach((s, i) => requireString(`symbols[${i}]`, s));
  if (input.runtimeLimitMs !== null && !(typeof input.runtimeLimitMs === 'number' && Number.isFinite(input.runtimeLimitMs) && input.runtimeLimitMs > 0)) {
    throw invalid(`runtimeLimitMs: ${String(input.runtimeLimitMs)} must be a positive number of ms, or null`);
  }
}

/** Records a new bot session in STARTING state (as given: no snapshot is taken). */
export async function createBotSession(db: CandlelabDb, input: BotSessionInput): Promise<BotSessionRecord> {
  checkSessionInput(input);
  requireDecimal('startingBalance', input.startingBalance);
  const session: BotSessionRecord = {
    ...input,
    config: { ...input.config },
    symbols: [...input.symbols],
    id: newId('ses'),
    status: 'STARTING',
    stoppedAt: null,
    endingBalance: null,
    stopReason: null,
  };
  return guard(db, async () => {
    await db.botSessions.add(session);
    return session;
  });
}

export async function getBotSession(db: CandlelabDb, id: string): Promise<BotSessionRecord | undefined> {
  return guard(db, () => db.botSessions.get(id));
}

export type BotSessionPatch = Partial<Pick<BotSessionRecord, 'status' | 'stoppedAt' | 'endingBalance' | 'stopReason' | 'name'>>;

export async function updateBotSession(db: CandlelabDb, id: string, patch: BotSessionPatch): Promise<void> {
  if (patch.status !== undefined) requireOneOf('status', patch.status, SESSION_STATUSES);
  if (patch.endingBalance !== undefined) requireDecimalOrNull('endingBalance', patch.endingBalance);
  return guard(db, () => updateExisting(db.botSessions, id, patch, 'bot session'));
}

/** Sessions of an account (or of every account), newest first. */
export async function listBotSessions(db: CandlelabDb, account?: string): Promise<BotSessionRecord[]> {
  return guard(db, () =>
    account === undefined
      ? db.botSessions.orderBy('startedAt').reverse().toArray()
      : db.botSessions.where('[account+startedAt]').between([account, Dexie.minKey], [account, Dexie.maxKey]).reverse().toArray(),
  );
}

/** Sessions in one status, oldest first (e.g. RUNNING sessions to resume after a reload). */
export async function listBotSessionsByStatus(db: CandlelabDb, status: SessionStatus): Promise<BotSessionRecord[]> {
  requireOneOf('status', status, SESSION_STATUSES);
  return guard(db, () => db.botSessions.where('[status+startedAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]).toArray());
}

/** The account's session that is still going (STARTING, RUNNING or PAUSED), if any. */
export async function activeSessionOf(db: CandlelabDb, account: string): Promise<BotSessionRecord | undefined> {
  const all = await db.botSessions.where('[account+startedAt]').between([account, Dexie.minKey], [account, Dexie.maxKey]).toArray();
  return all.find((s) => ACTIVE_SESSION_STATUSES.includes(s.status));
}

/** What starting the bot needs; the account's settings and balance are snapshotted by {@link startBotSession}. */
export interface StartSessionInput {
  account: string;
  /** Default: `<preset or strategy> <symbols> <timeframe>`. */
  name?: string;
  exchange: string;
  strategy: string;
  preset: string | null;
  /** The strategy parameters in force (a snapshot of the preset's). */
  config: StrategyParams;
  symbols: string[];
  timeframe: Timeframe;
  runtimeLimitMs?: number | null;
}

/** Inside a ledger transaction: a RUNNING session of `account` with snapshots of its settings and balance. */
export async function startSessionIn(db: CandlelabDb, account: PaperAccountRecord, input: StartSessionInput, now: number): Promise<BotSessionRecord> {
  const session: BotSessionRecord = {
    id: newId('ses'),
    name: input.name ?? `${input.preset ?? input.strategy} ${input.symbols.join(', ')} ${input.timeframe}`,
    account: account.id,
    exchange: input.exchange,
    strategy: input.strategy,
    preset: input.preset,
    config: { ...input.config },
    accountSettings: pickAccountSettings(account),
    symbols: [...input.symbols],
    timeframe: input.timeframe,
    status: 'RUNNING',
    startedAt: now,
    stoppedAt: null,
    runtimeLimitMs: input.runtimeLimitMs ?? null,
    startingBalance: account.currentBalance,
    endingBalance: null,
    stopReason: null,
  };
  checkSessionInput(session);
  await db.botSessions.add(session);
  await dropPendingOf(db, account.id, now);
  return session;
}

/** Inside a transaction: the account's bot forgets entries still waiting for an open (they belong to another run). */
async function dropPendingOf(db: CandlelabDb, account: string, now: number): Promise<void> {
  const stored = await db.botStates.get(account);
  if (stored !== undefined) await db.botStates.put({ ...stored, runtime: dropPendingEntries(stored.runtime), updatedAt: now });
}

/** Inside a ledger transaction: ends an active session; its ending balance is `endingBalance`, else the account's balance. */
export async function endSessionIn(
  db: CandlelabDb,
  session: BotSessionRecord,
  status: SessionEnd,
  reason: string,
  now: number,
  endingBalance?: string,
): Promise<BotSessionRecord> {
  const account = await db.paperAccounts.get(session.account);
  const ended: BotSessionRecord = {
    ...session,
    status,
    stoppedAt: now,
    stopReason: reason,
    endingBalance: endingBalance ?? account?.currentBalance ?? null,
  };
  await db.botSessions.put(ended);
  await dropPendingOf(db, session.account, now);
  return ended;
}

/**
 * Starts the bot on an account: a RUNNING session snapshotting the strategy parameters, the account
 * settings and the starting balance. INVALID when the account already has an active session.
 */
export async function startBotSession(db: CandlelabDb, input: StartSessionInput, now = Date.now()): Promise<BotSessionRecord> {
  requireString('account', input.account);
  requireString('exchange', input.exchange);
  return guard(db, () =>
    db.transaction('rw', db.paperAccounts, db.botSessions, db.botStates, async () => {
      const account = await requireAccount(db, input.account);
      const active = await activeSessionOf(db, account.id);
      if (active !== undefined) throw invalid(`account: ${account.name} already has a ${active.status} session (${active.id}); stop it first`);
      return startSessionIn(db, account, input, now);
    }),
  );
}

const SESSION_ENDS: readonly SessionEnd[] = ['STOPPED', 'COMPLETED', 'ERROR'];

/** Stops (or completes, or fails) an active session with a reason; its ending balance is the account's balance now. */
export async function endBotSession(db: CandlelabDb, id: string, status: SessionEnd, reason: string, now = Date.now()): Promise<BotSessionRecord> {
  requireOneOf('status', status, SESSION_ENDS);
  requireString('reason', reason);
  return guard(db, () =>
    db.transaction('rw', db.paperAccounts, db.botSessions, db.botStates, async () => {
      const s = await getExisting(db.botSessions, id, 'bot session');
      if (!ACTIVE_SESSION_STATUSES.includes(s.status)) throw invalid(`status: session ${id} is already ${s.status}`);
      return endSessionIn(db, s, status, reason, now);
    }),
  );
}

/** Deletes a session that has ended and its decision log; its trades stay in the account's history, unlinked. */
export async function deleteBotSession(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () =>
    db.transaction('rw', db.botSessions, db.decisions, db.paperTrades, async () => {
      const s = await getExisting(db.botSessions, id, 'bot session');
      if (ACTIVE_SESSION_STATUSES.includes(s.status)) throw invalid(`status: session ${id} is ${s.status}; stop it before deleting it`);
      await db.decisions.where('session').equals(id).delete();
      await db.paperTrades.where('session').equals(id).modify({ session: null });
      await db.botSessions.delete(id);
    }),
  );
}

/** A session with its trades (oldest entry first), decisions (oldest first) and statistics. */
export interface BotSessionReport {
  session: BotSessionRecord;
  trades: PaperTradeRecord[];
  decisions: DecisionRecord[];
  stats: SessionStats;
}

/** The report of a session; `now` ends a running session's duration. NOT_FOUND when there is no such session. */
export async function getBotSessionReport(db: CandlelabDb, id: string, now = Date.now()): Promise<BotSessionReport> {
  return guard(db, () =>
    db.transaction('r', db.botSessions, db.paperTrades, db.decisions, async () => {
      const session = await getExisting(db.botSessions, id, 'bot session');
      const trades = (await db.paperTrades.where('session').equals(id).toArray()).sort((a, b) => a.entryTime - b.entryTime);
      const decisions = (await db.decisions.where('session').equals(id).toArray()).sort((a, b) => a.time - b.time);
      return { session, trades, decisions, stats: sessionStats(session, trades, decisions, now) };
    }),
  );
}

/** The session's CSV export (five sections, see `sessionCsv`). */
export async function exportBotSessionCsv(db: CandlelabDb, id: string, now = Date.now()): Promise<string> {
  const r = await getBotSessionReport(db, id, now);
  return sessionCsv(r.session, r.trades, r.stats);
}

