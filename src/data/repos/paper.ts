import { Dexie } from 'dexie';
import { accountSettings, checkAccountSettings, checkInitialBalance, type PaperAccountSettings } from '../../core/paper/account';
import type { BotContext, BotStepResult } from '../../core/paper/bot';
import { applyLedgerEvent } from '../../core/paper/ledger';
import { closeManualPosition, openManualPosition, resetLedger, type ManualOpen } from '../../core/paper/manual';
import { TRADING_DEFAULTS } from '../../core/defaults';
import type { Timeframe } from '../../core/candles/timeframe';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import { newId } from '../ids';
import type { BotSessionRecord } from '../records/bot-sessions';
import { TRADE_STATUSES, type PaperAccountRecord, type PaperTradeRecord, type TradeStatus } from '../records/paper';
import { requireDecimal, requireDecimalOrNull, requireNumber, requireOneOf, requireString } from '../validate';
import { activeSessionOf, endSessionIn, startSessionIn } from './bot-sessions';
import { asInvalid, ledgerTables, loadBook, requireAccount, saveStep } from './paper-ledger';

/** Settings of a new account: a name, optionally an initial balance (default 10,000) and any setting (else its default). */
export type PaperAccountInput = Partial<PaperAccountSettings> & { name: string; initialBalance?: string };

/** Creates a paper account with the product defaults for anything not given; INVALID names the bad field and value. */
export async function createPaperAccount(db: CandlelabDb, input: PaperAccountInput, now = Date.now()): Promise<PaperAccountRecord> {
  const { initialBalance: balance, ...settings } = input;
  const initialBalance = balance ?? TRADING_DEFAULTS.initialBalance.toFixed(2);
  const s = asInvalid(() => {
    checkInitialBalance(initialBalance);
    return accountSettings(settings);
  });
  const account: PaperAccountRecord = { ...s, id: newId('acc'), initialBalance, currentBalance: initialBalance, createdAt: now, updatedAt: now };
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

/** A change of settings (balances change only through trades and {@link resetPaperAccount}). */
export type PaperAccountPatch = Partial<PaperAccountSettings>;

/** Edits an account's settings; INVALID (nothing stored) for a bad value, NOT_FOUND when it does not exist. */
export async function updatePaperAccount(db: CandlelabDb, id: string, patch: PaperAccountPatch, now = Date.now()): Promise<PaperAccountRecord> {
  asInvalid(() => checkAccountSettings(patch));
  return guard(db, () =>
    db.transaction('rw', db.paperAccounts, async () => {
      const a = await requireAccount(db, id);
      const next: PaperAccountRecord = { ...a, ...patch, circuitBreaker: { ...a.circuitBreaker, ...patch.circuitBreaker }, updatedAt: now };
      asInvalid(() => checkAccountSettings({ allowLong: next.allowLong, allowShort: next.allowShort }));
      await db.paperAccounts.put(next);
      return next;
    }),
  );
}

/**
 * Deletes an account with its trades, decisions, sessions and bot memory, in one transaction.
 * INVALID while a session of the account is still going (stop the bot first).
 */
export async function deletePaperAccount(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () =>
    db.transaction('rw', ledgerTables(db), async () => {
      const active = await activeSessionOf(db, id);
      if (active !== undefined) throw invalid(`account: ${id} has a ${active.status} session (${active.id}); stop the bot before deleting the account`);
      await db.paperTrades.where('[account+entryTime]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await db.decisions.where('[account+time+id]').between([id, Dexie.minKey, Dexie.minKey], [id, Dexie.maxKey, Dexie.maxKey]).delete();
      await db.botSessions.where('[account+startedAt]').between([id, Dexie.minKey], [id, Dexie.maxKey]).delete();
      await db.botStates.delete(id);
      await db.paperAccounts.delete(id);
    }),
  );
}

/** What a reset did. */
export interface PaperResetResult {
  account: PaperAccountRecord;
  /** The positions it closed, as closed trades. */
  closed: PaperTradeRecord[];
  /** The session it ended, and the one it started in its place (null when none was running). */
  endedSession: BotSessionRecord | null;
  startedSession: BotSessionRecord | null;
}

/**
 * Resets an account in one transaction: every open position closes at `prices[symbol]` (else its
 * latest price) with its P&L (reason MANUAL); the running session, if any, stops (reason "account
 * reset", ending balance after those closes); the balance becomes `balance` (initial and current,
 * 100 – 1,000,000, default the account's initial balance); the bot's memory starts over; and a new
 * session starts with the stopped one's strategy, symbols and timeframe. Bad input changes nothing.
 */
export async function resetPaperAccount(
  db: CandlelabDb,
  id: string,
  opts: { balance?: string; prices?: Readonly<Record<string, number>>; now?: number } = {},
): Promise<PaperResetResult> {
  const now = opts.now ?? Date.now();
  if (opts.balance !== undefined) asInvalid(() => checkInitialBalance(opts.balance, 'balance'));
  return guard(db, () =>
    db.transaction('rw', ledgerTables(db), async () => {
      const account = await requireAccount(db, id);
      const balance = opts.balance ?? account.initialBalance;
      const running = (await activeSessionOf(db, id)) ?? null;
      const loaded = await loadBook(db, id, await decisionTimeframe(db, id));
      const ctx: BotContext = { session: running?.id ?? null, trading: false, strategy: running?.strategy ?? 'MANUAL', preset: running?.preset ?? null };
      const result = asInvalid(() => resetLedger(loaded.state, loaded.config, balance, opts.prices ?? {}, now, ctx));
      const closed = result.events.flatMap((e) => (e.type === 'CLOSE' ? [e.trade] : []));
      await saveStep(db, loaded, result, now);
      // The stopped session ends with the cash after the closes, before the new balance.
      let ledger = loaded.state.ledger;
      for (const e of result.events) if (e.type === 'CLOSE') ledger = applyLedgerEvent(ledger, e);
      const endedSession = running === null ? null : await endSessionIn(db, running, 'STOPPED', 'account reset', now, ledger.cash);
      const fresh = await requireAccount(db, id);
      const startedSession =
        running === null
          ? null
          : await startSessionIn(
              db,
              fresh,
              {
                account: id,
                name: running.name,
                exchange: running.exchange,
                strategy: running.strategy,
                preset: running.preset,
                config: running.config,
                symbols: running.symbols,
                timeframe: running.timeframe,
                runtimeLimitMs: running.runtimeLimitMs,
              },
              now,
            );
      return { account: fresh, closed, endedSession, startedSession };
    }),
  );
}

/** The trade a manual operation wrote. */
function tradeOf(result: BotStepResult): PaperTradeRecord {
  for (const e of result.events) if (e.type !== 'BALANCE') return e.trade;
  throw new Error('a manual operation wrote no trade');
}

/** Timeframe named by decisions not tied to a bot tick: the active session's, else 1h. */
async function decisionTimeframe(db: CandlelabDb, accountId: string): Promise<Timeframe> {
  return (await activeSessionOf(db, accountId))?.timeframe ?? '1h';
}

/** A manual order: `ManualOpen` without the time (given as `now`). */
export type ManualTradeInput = Omit<ManualOpen, 'time'>;

/** What a manual operation did: the trade as stored and the account's balance after it. */
export interface ManualTradeResult {
  trade: PaperTradeRecord;
  account: PaperAccountRecord;
}

/**
 * Opens a position by hand on an account at the current `price` (market fill: slippage and fee),
 * with an optional stop / target in percent, in one transaction. INVALID, with nothing stored, for
 * bad input, a second position on the symbol, or an amount (plus its fee) over the free cash.
 */
export async function openManualTrade(db: CandlelabDb, accountId: string, order: ManualTradeInput, now = Date.now()): Promise<ManualTradeResult> {
  return guard(db, () =>
    db.transaction('rw', ledgerTables(db), async () => {
      const loaded = await loadBook(db, accountId, await decisionTimeframe(db, accountId));
      const ctx: BotContext = { session: null, trading: false, strategy: 'MANUAL', preset: null };
      const result = asInvalid(() => openManualPosition(loaded.state, loaded.config, { ...order, time: now }, ctx));
      await saveStep(db, loaded, result, now);
      return { trade: tradeOf(result), account: await requireAccount(db, accountId) };
    }),
  );
}

/** Closes an open trade of an account by hand at the current `price` (market fill), reason MANUAL, in one transaction. */
export async function closeManualTrade(db: CandlelabDb, accountId: string, tradeId: string, price: number, now = Date.now()): Promise<ManualTradeResult> {
  return guard(db, () =>
    db.transaction('rw', ledgerTables(db), async () => {
      const loaded = await loadBook(db, accountId, await decisionTimeframe(db, accountId));
      const t = loaded.state.ledger.open.find((x) => x.id === tradeId);
      const ctx: BotContext = { session: t?.session ?? null, trading: false, strategy: 'MANUAL', preset: null };
      const result = asInvalid(() => closeManualPosition(loaded.state, loaded.config, tradeId, price, now, ctx));
      await saveStep(db, loaded, result, now);
      return { trade: tradeOf(result), account: await requireAccount(db, accountId) };
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

/** Stores (inserts or replaces) a paper trade as given (imports and tests; the bot writes through the ledger). */
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

