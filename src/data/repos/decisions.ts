import { Dexie } from 'dexie';
import { confidenceLevel } from '../../core/strategy/types';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import { DECISIONS, MAX_REASONING_LENGTH, type DecisionRecord } from '../records/decisions';
import { requireInRange, requireNumber, requireOneOf, requireString, requireTimeframe } from '../validate';

export type DecisionInput = Omit<DecisionRecord, 'id' | 'level'>;

/** Appends a decision to the log (the confidence level is derived); returns the stored entry. */
export async function appendDecision(db: CandlelabDb, input: DecisionInput): Promise<DecisionRecord> {
  requireNumber('time', input.time);
  requireString('account', input.account);
  requireString('symbol', input.symbol);
  requireOneOf('decision', input.decision, DECISIONS);
  requireInRange('confidence', input.confidence, 0, 1);
  requireInRange('riskScore', input.riskScore, 0, 100);
  requireInRange('opportunityScore', input.opportunityScore, 0, 100);
  requireTimeframe('timeframe', input.timeframe);
  if (typeof input.reasoning !== 'string') throw invalid(`reasoning: ${JSON.stringify(input.reasoning)} is not a string`);
  if (input.reasoning.length > MAX_REASONING_LENGTH) {
    throw invalid(`reasoning: length ${input.reasoning.length} is over ${MAX_REASONING_LENGTH} characters`);
  }
  const record: DecisionRecord = { ...input, id: newId('dec'), level: confidenceLevel(input.confidence) };
  return guard(db, async () => {
    await db.decisions.add(record);
    return record;
  });
}

/** Position in the log: the last entry of a page. */
export interface DecisionCursor {
  time: number;
  id: string;
}

export interface DecisionPage {
  items: DecisionRecord[];
  /** Pass as `after` to get the next (older) page; null when there is none. */
  next: DecisionCursor | null;
}

/**
 * One account's decisions, newest first, `limit` per page. Paging is by position (time, id),
 * so entries appended meanwhile never shift or repeat a page.
 */
export async function listDecisions(
  db: CandlelabDb,
  account: string,
  opts: { limit?: number; after?: DecisionCursor | null } = {},
): Promise<DecisionPage> {
  const limit = opts.limit ?? 50;
  if (!Number.isInteger(limit) || limit <= 0) throw invalid(`limit: ${limit} is not a positive integer`);
  const upper = opts.after ? [account, opts.after.time, opts.after.id] : [account, Dexie.maxKey, Dexie.maxKey];
  return guard(db, async () => {
    const items = await db.decisions
      .where('[account+time+id]')
      .between([account, Dexie.minKey, Dexie.minKey], upper, true, false)
      .reverse()
      .limit(limit + 1)
      .toArray();
    const more = items.length > limit;
    if (more) items.length = limit;
    const last = items[items.length - 1];
    return { items, next: more && last ? { time: last.time, id: last.id } : null };
  });
}

/** Decisions about one symbol over [from, to] (chart overlay), oldest first. */
export async function listDecisionsForSymbol(db: CandlelabDb, symbol: string, from: number, to: number): Promise<DecisionRecord[]> {
  return guard(db, () => db.decisions.where('[symbol+time]').between([symbol, from], [symbol, to], true, true).toArray());
}

/** Every decision of a bot session, oldest first. */
export async function listSessionDecisions(db: CandlelabDb, session: string): Promise<DecisionRecord[]> {
  return guard(db, async () => (await db.decisions.where('session').equals(session).toArray()).sort((a, b) => a.time - b.time));
}

/** Deletes decisions older than `time` (database cleanup); returns how many. */
export async function deleteDecisionsBefore(db: CandlelabDb, time: number): Promise<number> {
  return guard(db, () => db.decisions.where('time').below(time).delete());
}
