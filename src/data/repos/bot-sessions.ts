import { Dexie } from 'dexie';
import type { CandlelabDb } from '../db';
import { guard } from '../errors';
import { newId } from '../ids';
import { SESSION_STATUSES, type BotSessionRecord, type SessionStatus } from '../records/bot-sessions';
import { requireDecimal, requireDecimalOrNull, requireOneOf, requireString, requireTimeframe } from '../validate';
import { updateExisting } from './common';

export type BotSessionInput = Omit<BotSessionRecord, 'id' | 'status' | 'stoppedAt' | 'endingBalance' | 'stopReason'>;

/** Records a new bot session in STARTING state. */
export async function createBotSession(db: CandlelabDb, input: BotSessionInput): Promise<BotSessionRecord> {
  requireString('name', input.name);
  requireString('account', input.account);
  requireString('strategy', input.strategy);
  requireTimeframe('timeframe', input.timeframe);
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
