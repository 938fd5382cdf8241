import { Dexie } from 'dexie';
import { CIRCUIT_BREAKER_DEFAULTS, INITIAL_BALANCE_RANGE, TRADING_DEFAULTS } from '../../core/defaults';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import {
  TRADE_STATUSES,
  type PaperAccountRecord,
  type PaperTradeRecord,
  type TradeStatus,
} from '../records/paper';
import {
  requireDecimal,
  requireDecimalOrNull,
  requireInRange,
  requireNumber,
  requireOneOf,
  requireString,
} from '../validate';
import { updateExisting } from './common';

/** Settings of a new account; everything but the name defaults to the product defaults. */
export type PaperAccountInput = Pick<PaperAccountRecord, 'name'> &
  Partial<Omit<PaperAccountRecord, 'id' | 'name' | 'currentBalance' | 'createdAt' | 'updatedAt'>>;

function checkAccount(a: Partial<PaperAccountRecord>): void {
  if (a.name !== undefined) requireString('name', a.name);
  if (a.initialBalance !== undefined) {
    requireDecimal('initialBalance', a.initialBalance);
    requireInRange('initialBalance', Number(a.initialBalance), INITIAL_BALANCE_RANGE.min, INITIAL_BALANCE_RANGE.max);
  }
  if (a.currentBalance !== undefined) requireDecimal('currentBalance', a.currentBalance);
  if (a.minPositionSize !== undefined) requireDecimal('minPositionSize', a.minPositionSize);
  if (a.minConfidence !== undefined) requireInRange('minConfidence', a.minConfidence, 0, 1);
  if (a.maxPositionSizePct !== undefined) requireInRange('maxPositionSizePct', a.maxPositionSizePct, 0, 100);
  if (a.stopLossPct !== undefined) requireInRange('stopLossPct', a.stopLossPct, 0, 100);
  if (a.takeProfitPct !== undefined) requireInRange('takeProfitPct', a.takeProfitPct, 0, 1000);
  if (a.maxDailyLossPct !== undefined) requireInRange('maxDailyLossPct', a.maxDailyLossPct, 0, 100);
  for (const k of ['maxOpenTrades', 'maxDailyTrades', 'minMinutesBetweenTrades'] as const) {
    const v = a[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw invalid(`${k}: ${v} is not a non-negative integer`);
  }
}

/** Creates a paper account with the product defaults for anything not given. */
export async function createPaperAccount(db: CandlelabDb, input: PaperAccountInput, now = Date.now()): Promise<PaperAccountRecord> {
  const initialBalance = input.initialBalance ?? TRADING_DEFAULTS.initialBalance.toFixed(2);
  const account: PaperAccountRecord = {
    id: newId('acc'),
    name: input.name,
    initialBalance,
    currentBalance: initialBalance,
    autoTrading: input.autoTrading ?? false,
    maxOpenTrades: input.maxOpenTrades ?? TRADING_DEFAULTS.maxOpenTrades,
    minConfidence: input.minConfidence ?? TRADING_DEFAULTS.minConfidence,
    maxPositionSizePct: input.maxPositionSizePct ?? TRADING_DEFAULTS.maxPositionSizePct,
    minPositionSize: input.minPositionSize ?? TRADING_DEFAULTS.minPositionSize.toFixed(2),
    stopLossPct: input.stopLossPct ?? TRADING_DEFAULTS.stopLossPct,
    takeProfitPct: input.takeProfitPct ?? TRADING_DEFAULTS.takeProfitPct,
    maxDailyLossPct: input.maxDailyLossPct ?? TRADING_DEFAULTS.maxDailyLossPct,
    maxDailyTrades: input.maxDailyTrades ?? TRADING_DEFAULTS.maxDailyTrades,
    minMinutesBetweenTrades: input.minMinutesBetweenTrades ?? TRADING_DEFAULTS.minMinutesBetweenTrades,
    circuitBreaker: { ...CIRCUIT_BREAKER_DEFAULTS, ...input.circuitBreaker },
    createdAt: now,
    updatedAt: now,
  };
  checkAccount(account);
  return guard(db, async () => {
    await db.paperAccounts.add(account);
    return account;
  });
}

export async function getPaperAccount(db: CandlelabDb, id: string): Promise<PaperAccountRecord | undefined> {
  return guard(db, () => db.paperAccounts.get(id));
}

/** Every account, oldest first. */
export async function listPaperAccounts(db: CandlelabDb): Promise<PaperAccountRecord[]> {
  return guard(db, () => db.paperAccounts.orderBy('createdAt').toArray());
}

export type PaperAccountPatch = Partial<Omit<PaperAccountRecord, 'id' | 'createdAt' | 'updatedAt'>>;

/** Changes an account's settings or balance; NOT_FOUND when it does not exist. */
export async function updatePaperAccount(db: CandlelabDb, id: string, patch: PaperAccountPatch, now = Date.now()): Promise<void> {
  checkAccount(patch);
  return guard(db, () => updateExisting(db.paperAccounts, id, { ...patch, updatedAt: now }, 'paper account'));
}

/** Deletes an account and its trades in one transaction. */
export async function deletePaperAccount(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () =>
    db.transaction('rw', db.paperAccounts, db.paperTrades, async () => {
      await db.paperTrades.where('[account+entryTime]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await db.paperAccounts.delete(id);
    }),
  );
}

function checkTrade(t: PaperTradeRecord): void {
  requireString('id', t.id);
  requireString('account', t.account);
  requireString('symbol', t.symbol);
  requireOneOf('direction', t.direction, ['LONG', 'SHORT'] as const);
  requireOneOf('status', t.status, TRADE_STATUSES);
  requireOneOf('mode', t.mode, ['MANUAL', 'AUTOMATIC'] as const);
  requireNumber('entryTime', t.entryTime);
  for (const k of ['entryPrice', 'quantity', 'positionSize', 'fees'] as const) requireDecimal(k, t[k]);
  for (const k of ['stopPrice', 'targetPrice', 'exitPrice', 'profitLoss', 'profitLossPct'] as const) requireDecimalOrNull(k, t[k]);
  if (t.status === 'CLOSED') {
    if (t.exitTime === null || t.exitPrice === null || t.profitLoss === null) {
      throw invalid(`status: CLOSED trade ${t.id} needs exitTime, exitPrice and profitLoss`);
    }
  }
}

/** Stores (inserts or replaces) a paper trade. */
export async function savePaperTrade(db: CandlelabDb, trade: PaperTradeRecord): Promise<PaperTradeRecord> {
  checkTrade(trade);
  return guard(db, async () => {
    await db.paperTrades.put(trade);
    return trade;
  });
}

export async function getPaperTrade(db: CandlelabDb, id: string): Promise<PaperTradeRecord | undefined> {
  return guard(db, () => db.paperTrades.get(id));
}

/**
 * An account's trades (SYSTEM_ACCOUNT for system trades), newest entry first;
 * only those in `status` when given.
 */
export async function listPaperTrades(
  db: CandlelabDb,
  account: string,
  opts: { status?: TradeStatus; limit?: number } = {},
): Promise<PaperTradeRecord[]> {
  if (opts.status !== undefined) requireOneOf('status', opts.status, TRADE_STATUSES);
  return guard(db, () => {
    const c =
      opts.status === undefined
        ? db.paperTrades.where('[account+entryTime]').between([account, Dexie.minKey], [account, Dexie.maxKey])
        : db.paperTrades
            .where('[account+status+entryTime]')
            .between([account, opts.status, Dexie.minKey], [account, opts.status, Dexie.maxKey]);
    const r = c.reverse();
    return (opts.limit !== undefined ? r.limit(opts.limit) : r).toArray();
  });
}

/** Open trades of every account, oldest entry first (the bot's position check). */
export async function listOpenTrades(db: CandlelabDb): Promise<PaperTradeRecord[]> {
  return guard(db, () => db.paperTrades.where('[status+entryTime]').between(['OPEN', Dexie.minKey], ['OPEN', Dexie.maxKey]).toArray());
}

/** Trades opened for a signal. */
export async function listTradesForSignal(db: CandlelabDb, signalId: string): Promise<PaperTradeRecord[]> {
  return guard(db, () => db.paperTrades.where('signalId').equals(signalId).toArray());
}

/** Trades opened by a bot session, oldest entry first. */
export async function listSessionTrades(db: CandlelabDb, session: string): Promise<PaperTradeRecord[]> {
  return guard(db, async () => (await db.paperTrades.where('session').equals(session).toArray()).sort((a, b) => a.entryTime - b.entryTime));
}
