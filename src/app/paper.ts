/**
 * Paper trading as the pages see it: live queries over the ledger (every tab sees what the leader
 * tab's bot writes, at once) and the trader's operations, each returning null or the sentence
 * saying why it was refused (a field and its value; nothing stored then). Prices of the market
 * are the bot's latest marks: the close of the last candle it processed for each symbol.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { positionValue } from '../core/paper/state';
import { Money, moneyString } from '../core/paper/money';
import { sessionStats, type SessionStats } from '../core/paper/session';
import { SYSTEM_ACCOUNT, type Decision } from '../core/paper/types';
import { sessionTradeOrder } from '../core/chart/trades';
import type { Timeframe } from '../core/candles/timeframe';
import {
  closeManualTrade,
  countDecisions,
  createPaperAccount,
  deleteBotSession,
  deletePaperAccount,
  endBotSession,
  exportBotSessionCsv,
  getBotSession,
  listBotSessions,
  listDecisions,
  listPaperAccounts,
  listPaperTrades,
  listSessionTrades,
  observeQuery,
  openManualTrade,
  resetPaperAccount,
  startBotSession,
  updatePaperAccount,
  type BotSessionRecord,
  type DecisionPage,
  type PaperAccountInput,
  type PaperAccountPatch,
  type PaperAccountRecord,
  type PaperTradeRecord,
} from '../data';
import { database, reportWriteError } from './db-service';
import { demoMarketNow, liveSource } from './live-service';

export type { BotSessionRecord, DecisionPage, PaperAccountRecord, PaperTradeRecord, SessionStats, Decision };
export { SYSTEM_ACCOUNT };

/** Rows per page of the trade history and of the decision stream. */
export const PAPER_PAGE_SIZE = 25;

/** A live query as an accessor; undefined until first read. Call inside a component. */
export function live<T>(query: () => Promise<T>, deps: Accessor<unknown> = () => 0): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T | undefined>(undefined);
  createEffect(() => {
    deps();
    const sub = observeQuery(query).subscribe((v) => setValue(() => v));
    onCleanup(() => sub.unsubscribe());
  });
  return value;
}

/** The latest price of each symbol the bot has seen (the close of its last processed candle) and when it closed. */
export interface MarketMark {
  price: number;
  /** Open time of that candle (UTC ms). */
  time: number;
}

async function readMarks(): Promise<Record<string, MarketMark>> {
  const out: Record<string, MarketMark> = {};
  for (const s of await database().botStates.toArray()) {
    for (const [symbol, r] of Object.entries(s.runtime.symbols)) {
      if (r.mark === null || r.lastTime === null) continue;
      const cur = out[symbol];
      if (cur === undefined || r.lastTime > cur.time) out[symbol] = { price: r.mark, time: r.lastTime };
    }
  }
  return out;
}

/** Everything the dashboard of one account shows, computed from the ledger and the marks. */
export interface AccountView {
  account: PaperAccountRecord;
  open: PaperTradeRecord[];
  closed: PaperTradeRecord[];
  session: BotSessionRecord | null;
  sessions: BotSessionRecord[];
  marks: Record<string, MarketMark>;
  /** Cash plus open positions at market. */
  equity: string;
  /** Value of the open positions at market. */
  positionsValue: string;
  openPnl: string;
  /** Realised P&L of trades closed today (UTC, by the latest market time) plus the open P&L. */
  todayPnl: string;
  winRate: number | null;
  wins: number;
  /** Latest market time known (UTC ms), null before any candle. */
  marketTime: number | null;
}

/** Open P&L of a trade at `mark` (its value at market less what it cost). */
export function openPnlOf(t: PaperTradeRecord, mark: number | null): Money {
  return positionValue(t, mark).minus(new Money(t.positionSize));
}

const DAY = 86_400_000;

async function readAccountView(id: string): Promise<AccountView | null> {
  const db = database();
  const account = await db.paperAccounts.get(id);
  if (account === undefined) return null;
  const [trades, sessions, marks] = await Promise.all([listPaperTrades(db, id), listBotSessions(db, id), readMarks()]);
  const open = trades.filter((t) => t.status === 'OPEN');
  const closed = trades.filter((t) => t.status === 'CLOSED');
  let value = new Money(0);
  let openPnl = new Money(0);
  for (const t of open) {
    const m = marks[t.symbol]?.price ?? null;
    value = value.plus(positionValue(t, m));
    openPnl = openPnl.plus(openPnlOf(t, m));
  }
  const times = Object.values(marks).map((m) => m.time);
  const marketTime = times.length > 0 ? Math.max(...times) : null;
  const dayStart = marketTime === null ? null : Math.floor(marketTime / DAY) * DAY;
  let today = openPnl;
  for (const t of closed) if (dayStart !== null && t.exitTime !== null && t.exitTime >= dayStart && t.profitLoss !== null) today = today.plus(new Money(t.profitLoss));
  const wins = closed.filter((t) => t.profitLoss !== null && new Money(t.profitLoss).gt(0)).length;
  return {
    account,
    open,
    closed,
    session: sessions.find((s) => s.status === 'RUNNING' || s.status === 'STARTING' || s.status === 'PAUSED') ?? null,
    sessions,
    marks,
    equity: moneyString(new Money(account.currentBalance).plus(value)),
    positionsValue: moneyString(value),
    openPnl: moneyString(openPnl),
    todayPnl: moneyString(today),
    winRate: closed.length > 0 ? wins / closed.length : null,
    wins,
    marketTime,
  };
}

/** Every paper account, oldest first, kept current. Call inside a component. */
export const accountList = (): Accessor<PaperAccountRecord[] | undefined> => live(() => listPaperAccounts(database()));

/** One account's dashboard, kept current (null when it does not exist). Call inside a component. */
export const accountView = (id: Accessor<string | null>): Accessor<AccountView | null | undefined> =>
  live(() => {
    const want = id();
    return want === null ? Promise.resolve(null) : readAccountView(want);
  }, id);

/** The latest price of every symbol, kept current. Call inside a component. */
export const marketMarks = (): Accessor<Record<string, MarketMark> | undefined> => live(readMarks);

/** One page of a book's decision stream, newest first, kept current. Call inside a component. */
export function decisionStream(
  book: Accessor<string | null>,
  filter: Accessor<{ decision?: Decision; symbol?: string }>,
  page: Accessor<number>,
): Accessor<{ page: DecisionPage; total: number } | undefined> {
  const key = () => [book(), filter(), page()];
  return live(async () => {
    const b = book();
    if (b === null) return { page: { items: [], next: null }, total: 0 };
    const f = filter();
    const db = database();
    let after = null;
    let p: DecisionPage = { items: [], next: null };
    // Pages by position: walk the cursors up to the page asked for.
    for (let i = 0; i <= page(); i++) {
      p = await listDecisions(db, b, { ...f, limit: PAPER_PAGE_SIZE, after });
      if (p.next === null && i < page()) break;
      after = p.next;
    }
    return { page: p, total: await countDecisions(db, b, f) };
  }, key);
}

/** A session's statistics (a running one up to `now`). */
export async function sessionReport(s: BotSessionRecord, now = operationTime()): Promise<{ stats: SessionStats; trades: PaperTradeRecord[] }> {
  const db = database();
  const trades = (await db.paperTrades.where('session').equals(s.id).toArray()).sort((a, b) => a.entryTime - b.entryTime);
  const decisions = await db.decisions.where('session').equals(s.id).toArray();
  return { stats: sessionStats(s, trades, decisions, now), trades };
}

/**
 * A bot session and its trades in the order the chart numbers them (entry time), kept current as
 * the bot trades; null when no session has this id. Call inside a component.
 */
export function sessionWithTrades(id: Accessor<string | undefined>): Accessor<{ session: BotSessionRecord; trades: PaperTradeRecord[] } | null | undefined> {
  return live(async () => {
    const sid = id();
    if (sid === undefined) return null;
    const db = database();
    const session = await getBotSession(db, sid);
    return session ? { session, trades: sessionTradeOrder(await listSessionTrades(db, sid)) } : null;
  }, id);
}

async function attempt(op: () => Promise<unknown>): Promise<string | null> {
  try {
    await op();
    return null;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'QUOTA_EXCEEDED' || code === 'VERSION_CHANGED') reportWriteError(e);
    return e instanceof Error ? e.message : String(e);
  }
}

/** Time of a manual operation: the demo market's clock on the demo source, else now. */
function operationTime(): number {
  return (liveSource() === 'demo' ? demoMarketNow() : null) ?? Date.now();
}

export const createAccount = (input: PaperAccountInput): Promise<string | null> => attempt(() => createPaperAccount(database(), input));
export const editAccount = (id: string, patch: PaperAccountPatch): Promise<string | null> => attempt(() => updatePaperAccount(database(), id, patch));
export const removeAccount = (id: string): Promise<string | null> => attempt(() => deletePaperAccount(database(), id));

/** Resets an account to `balance` (every open position closed at its market price). */
export async function resetAccount(id: string, balance: string): Promise<string | null> {
  const marks = await readMarks();
  const prices: Record<string, number> = {};
  for (const [s, m] of Object.entries(marks)) prices[s] = m.price;
  return attempt(() => resetPaperAccount(database(), id, { balance, prices, now: operationTime() }));
}

/** What starting the bot takes from the page: the active preset and the watched series of one timeframe. */
export interface BotStart {
  account: string;
  exchange: string;
  strategy: string;
  preset: string;
  config: Record<string, number | boolean | string>;
  symbols: string[];
  timeframe: Timeframe;
  runtimeLimitMs: number | null;
}

/** Starts the bot; its session starts at the market's time (the demo clock's on the demo source), the time its runtime limit counts in. */
export const startBot = (s: BotStart): Promise<string | null> => attempt(() => startBotSession(database(), s, operationTime()));
export const stopBot = (session: string): Promise<string | null> => attempt(() => endBotSession(database(), session, 'STOPPED', 'stopped by the trader', operationTime()));
export const removeSession = (session: string): Promise<string | null> => attempt(() => deleteBotSession(database(), session));

/** Opens a manual position at the symbol's market price. */
export async function openManual(account: string, order: { symbol: string; direction: 'LONG' | 'SHORT'; amount: string; stopPct: number | null; targetPct: number | null }): Promise<string | null> {
  const mark = (await readMarks())[order.symbol];
  if (mark === undefined) return `symbol: ${order.symbol} has no market price yet (start the live stream first)`;
  return attempt(() => openManualTrade(database(), account, { ...order, price: mark.price }, operationTime()));
}

/** Closes an open position at its market price. */
export async function closeManual(account: string, trade: PaperTradeRecord): Promise<string | null> {
  const mark = (await readMarks())[trade.symbol];
  return attempt(() => closeManualTrade(database(), account, trade.id, mark?.price ?? Number(trade.entryPrice), operationTime()));
}

/** A session's CSV (five sections). */
export const sessionCsvText = (id: string): Promise<string> => exportBotSessionCsv(database(), id);


/** The SYSTEM trades (every signal traded with a fixed size), newest entry first, kept current. Call inside a component. */
export const systemTrades = (): Accessor<PaperTradeRecord[] | undefined> => live(() => listPaperTrades(database(), SYSTEM_ACCOUNT));

/** When a snapshot is taken: the market's time. */
export const snapshotTime = (): number => operationTime();
