/**
 * The paper ledger in storage: a book's bot state rebuilt from its records (the account's balance,
 * its open trades, the runtime record), and a step's result written back — inside the caller's
 * transaction, so the ledger moves from one consistent state to the next or not at all.
 */
import { Dexie } from 'dexie';
import { defaultAccountSettings, pickAccountSettings } from '../../core/paper/account';
import type { BotStepResult } from '../../core/paper/bot';
import { bookKey, newRuntime, type BotConfig, type BotState } from '../../core/paper/state';
import { SYSTEM_ACCOUNT } from '../../core/paper/types';
import type { Timeframe } from '../../core/candles/timeframe';
import type { CandlelabDb } from '../db';
import { DataError, invalid } from '../errors';
import type { PaperAccountRecord, PaperTradeRecord } from '../records/paper';

/** Every table a ledger write touches (transactions over the ledger take all of them). */
export function ledgerTables(db: CandlelabDb) {
  return [db.paperAccounts, db.paperTrades, db.decisions, db.botStates, db.botSessions, db.settings];
}

/** Runs `fn`; a RangeError or TypeError from the core (bad input) becomes an INVALID DataError with the same message. */
export function asInvalid<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw invalid(e.message);
    throw e;
  }
}

/** A book loaded for a step: its account (null for SYSTEM), the bot config and the state. */
export interface LoadedBook {
  account: PaperAccountRecord | null;
  config: BotConfig;
  state: BotState;
}

/** The account `id`, or NOT_FOUND. */
export async function requireAccount(db: CandlelabDb, id: string): Promise<PaperAccountRecord> {
  const a = await db.paperAccounts.get(id);
  if (a === undefined) throw new DataError('NOT_FOUND', `paper account ${JSON.stringify(id)} not found`);
  return a;
}

/** Open trades of an account (SYSTEM: of one timeframe), oldest entry first. */
export async function openTradesOf(db: CandlelabDb, account: string, timeframe?: Timeframe): Promise<PaperTradeRecord[]> {
  const open = await db.paperTrades
    .where('[account+status+entryTime]')
    .between([account, 'OPEN', Dexie.minKey], [account, 'OPEN', Dexie.maxKey])
    .toArray();
  return timeframe === undefined ? open : open.filter((t) => t.timeframe === timeframe);
}

/**
 * Loads a book: an account (`book` = its id) or the SYSTEM trades of `timeframe`. With the
 * `circuitBreakers` feature switch off, the account's circuit breaker is off for the step.
 */
export async function loadBook(db: CandlelabDb, book: string, timeframe: Timeframe): Promise<LoadedBook> {
  const system = book === SYSTEM_ACCOUNT;
  const account = system ? null : await requireAccount(db, book);
  let settings = account === null ? defaultAccountSettings(SYSTEM_ACCOUNT) : pickAccountSettings(account);
  const breakers = await db.settings.get('circuitBreakers');
  if (breakers !== undefined && breakers.value === false) settings = { ...settings, circuitBreaker: { ...settings.circuitBreaker, enabled: false } };
  const config: BotConfig = { book, timeframe, settings, system };
  const key = bookKey(config);
  const stored = await db.botStates.get(key);
  const open = await openTradesOf(db, book, system ? timeframe : undefined);
  return {
    account,
    config,
    state: { ledger: { cash: account?.currentBalance ?? '0', open }, runtime: stored?.runtime ?? newRuntime(key) },
  };
}

/**
 * Writes a step's result: every trade it opened or closed (the latest version of each), its
 * decisions, the runtime, and the account's balance (a reset's BALANCE event sets the initial
 * balance too).
 */
export async function saveStep(db: CandlelabDb, loaded: LoadedBook, result: BotStepResult, now: number): Promise<void> {
  const trades = new Map<string, PaperTradeRecord>();
  let reset: string | null = null;
  for (const ev of result.events) {
    if (ev.type === 'BALANCE') reset = ev.cash;
    else trades.set(ev.trade.id, ev.trade);
  }
  if (trades.size > 0) await db.paperTrades.bulkPut([...trades.values()]);
  if (result.decisions.length > 0) await db.decisions.bulkAdd(result.decisions);
  await db.botStates.put({ book: result.state.runtime.book, runtime: result.state.runtime, updatedAt: now });
  if (loaded.account !== null) {
    const changes: Partial<PaperAccountRecord> = { currentBalance: result.state.ledger.cash, updatedAt: now };
    if (reset !== null) changes.initialBalance = reset;
    await db.paperAccounts.update(loaded.account.id, changes);
  }
}
