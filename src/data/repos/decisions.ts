import { Dexie } from 'dexie';
import { confidenceLevel } from '../../core/strategy/types';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import { DECISIONS, MAX_REASONING_LENGTH, type Decision, type DecisionRecord } from '../records/decisions';
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

/** Which entries of an account's log to list. */
export interface DecisionQuery {
  /** Only this decision (BUY, SELL, HOLD, SKIP, STOP_LOSS, TAKE_PROFIT). */
  decision?: Decision;
  /** Only this symbol. */
  symbol?: string;
  /** Entries per page (default 50). */
  limit?: number;
  /** The `next` of the previous page. */
  after?: DecisionCursor | null;
}

/**
 * One account's decisions (SYSTEM_ACCOUNT for the system's), newest first, `limit` per page,
 * optionally only one decision and / or one symbol. Paging is by position (time, id), so entries
 * appended meanwhile never shift or repeat a page.
 */
export async function listDecisions(db: CandlelabDb, account: string, opts: DecisionQuery = {}): Promise<DecisionPage> {
  const limit = opts.limit ?? 50;
  if (!Number.isInteger(limit) || limit <= 0) throw invalid(`limit: ${limit} is not a positive integer`);
  requireString('account', account);
  if (opts.decision !== undefined) requireOneOf('decision', opts.decision, DECISIONS);
  if (opts.symbol !== undefined) requireString('symbol', opts.symbol);
  const after = opts.after ?? null;
  // The index: [account+decision+time+id] or [account+symbol+time+id] when filtering, else [account+time+id].
  const prefix: string[] = opts.decision !== undefined ? [account, opts.decision] : opts.symbol !== undefined ? [account, opts.symbol] : [account];
  const index = opts.decision !== undefined ? '[account+decision+time+id]' : opts.symbol !== undefined ? '[account+symbol+time+id]' : '[account+time+id]';
  const lower = [...prefix, Dexie.minKey, Dexie.minKey];
  const upper = after ? [...prefix, after.time, after.id] : [...prefix, Dexie.maxKey, Dexie.maxKey];
  const bySymbolToo = opts.decision !== undefined && opts.symbol !== undefined;
  return guard(db, async () => {
    let c = db.decisions.where(index).between(lower, upper, true, false).reverse();
    if (bySymbolToo) c = c.filter((d) => d.symbol === opts.symbol);
    const items = await c.limit(limit + 1).toArray();
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

/** How many entries of an account's log match `opts.decision` / `opts.symbol` (all when neither is given). */
export async function countDecisions(db: CandlelabDb, account: string, opts: Pick<DecisionQuery, 'decision' | 'symbol'> = {}): Promise<number> {
  requireString('account', account);
  const all = db.decisions.where('[account+time+id]').between([account, Dexie.minKey, Dexie.minKey], [account, Dexie.maxKey, Dexie.maxKey]);
  return guard(db, () =>
    opts.decision === undefined && opts.symbol === undefined
      ? all.count()
      : all.filter((d) => (opts.decision === undefined || d.decision === opts.decision) && (opts.symbol === undefined || d.symbol === opts.symbol)).count(),
  );
}
