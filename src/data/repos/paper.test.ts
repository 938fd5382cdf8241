/**
 * Paper trading in storage: accounts, manual trades, the reset, sessions, the decision log, and
 * the bot's ticks and catch-up written in single transactions — checked against the core run
 * in memory, and with bad input changing nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Ohlc } from '../../core/backtest/test-support';
import { sliceCandles } from '../../core/candles/types';
import type { BotTick } from '../../core/paper/bot';
import { catchUp, catchUpTicks } from '../../core/paper/catch-up';
import { Money } from '../../core/paper/money';
import { newBotState } from '../../core/paper/state';
import { book, H, T0, testSettings, type TestSeries } from '../../core/paper/test-support';
import type { CandlelabDb } from '../db';
import { DataError } from '../errors';
import { memoryDb } from '../testing/memory-db';
import type { PaperAccountRecord } from '../records/paper';
import {
  deleteBotSession,
  endBotSession,
  exportBotSessionCsv,
  getBotSession,
  getBotSessionReport,
  listBotSessions,
  startBotSession,
  type StartSessionInput,
} from './bot-sessions';
import { listDecisions } from './decisions';
import {
  closeManualTrade,
  createPaperAccount,
  deletePaperAccount,
  getPaperAccount,
  listPaperTrades,
  openManualTrade,
  resetPaperAccount,
  updatePaperAccount,
} from './paper';
import { applyPaperCatchUp, applyPaperTick } from './paper-bot';

let db: CandlelabDb;
afterEach(() => db?.close());

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** Everything stored about paper trading, to prove a failed operation changed nothing. */
async function snapshot(): Promise<string> {
  return JSON.stringify({
    accounts: await db.paperAccounts.toArray(),
    trades: await db.paperTrades.toArray(),
    decisions: await db.decisions.toArray(),
    sessions: await db.botSessions.toArray(),
    states: await db.botStates.toArray(),
  });
}

const RULES = { autoTrading: true, minConfidence: 0, maxDailyLossPct: 100, minMinutesBetweenTrades: 0, feePct: 0.1, slippagePct: 0.05, stopLossPct: 0, takeProfitPct: 0 };

function sessionInput(account: string, symbols = ['AAA', 'BBB']): StartSessionInput {
  return { account, exchange: 'binance', strategy: 'TEST', preset: null, config: { period: 14 }, symbols, timeframe: '1h' };
}

const FLAT: Ohlc = [100, 101, 99, 100];
const rows: Ohlc[] = [FLAT, FLAT, [100, 104, 97, 103], [103, 106, 96, 98], [98, 99, 90, 91], [91, 95, 89, 94], [94, 97, 92, 96], FLAT, FLAT, FLAT];
const SERIES: TestSeries[] = [
  { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', stopFraction: 0.05, confidence: 0.9 }, { bar: 3, direction: 'SHORT', targetFraction: 0.05 }, { bar: 6, direction: 'LONG' }] },
  { symbol: 'BBB', rows: rows.map(([o, h, l, c]) => [o * 3, h * 3, l * 3, c * 3] as const), script: [{ bar: 1, direction: 'SHORT', confidence: 0.8 }, { bar: 5, direction: 'LONG', stopFraction: 0.01 }] },
];

/** The ticks of SERIES (signals from the scripted strategy, ids as the stream would give). */
function ticks(): BotTick[] {
  const b = book(SERIES, testSettings());
  return [...catchUpTicks(newBotState('x', '0'), b.series, b.lookup)];
}

describe('accounts', () => {
  it('create with defaults, edit, and refuse bad input naming the field and value with nothing stored', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Main' }, 1);
    expect(acc).toMatchObject({ initialBalance: '10000.00', currentBalance: '10000.00', autoTrading: false, feePct: 0.1, slippagePct: 0.05, allowShort: true });
    const before = await snapshot();
    for (const [input, message] of [
      [{ name: 'x', initialBalance: '99' }, 'initialBalance: 99 is outside 100..1000000'],
      [{ name: 'x', initialBalance: '1000001' }, 'initialBalance: 1000001 is outside 100..1000000'],
      [{ name: 'x', minConfidence: 1.5 }, 'minConfidence: 1.5 is outside 0..1'],
      [{ name: 'x', maxDailyTrades: -3 }, 'maxDailyTrades: -3 must be an integer between 1 and 1000000'],
      [{ name: '' }, 'name: "" is not a non-empty name'],
    ] as const) {
      const e = await rejection(createPaperAccount(db, input));
      expect([e.code, e.message]).toEqual(['INVALID', message]);
    }
    for (const [patch, message] of [
      [{ minConfidence: -0.2 }, 'minConfidence: -0.2 is outside 0..1'],
      [{ maxOpenTrades: -1 }, 'maxOpenTrades: -1 must be an integer between 1 and 10000'],
      [{ allowLong: false, allowShort: false }, 'allowLong: false and allowShort: false: at least one direction must be allowed'],
    ] as const) {
      expect((await rejection(updatePaperAccount(db, acc.id, patch))).message).toBe(message);
    }
    expect((await rejection(updatePaperAccount(db, acc.id, { allowLong: false, allowShort: true }).then(() => updatePaperAccount(db, acc.id, { allowShort: false })))).message).toBe(
      'allowLong: false and allowShort: false: at least one direction must be allowed',
    );
    await updatePaperAccount(db, acc.id, { allowLong: true }, 1);
    expect(await snapshot()).toBe(before);
    const edited = await updatePaperAccount(db, acc.id, { maxOpenTrades: 2, circuitBreaker: { enabled: false, maxConsecutiveLosses: 3, cooldownMinutes: 30 } }, 5);
    expect(edited).toMatchObject({ maxOpenTrades: 2, circuitBreaker: { enabled: false, maxConsecutiveLosses: 3, cooldownMinutes: 30 }, updatedAt: 5 });
    expect((await rejection(updatePaperAccount(db, 'acc_nope', { maxOpenTrades: 2 }))).code).toBe('NOT_FOUND');
  });

  it('delete refuses while the bot runs, then removes trades, decisions, sessions and bot memory together', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Main', ...RULES });
    const other = await createPaperAccount(db, { name: 'Other', ...RULES });
    const s = await startBotSession(db, sessionInput(acc.id), T0);
    for (const tick of ticks()) await applyPaperTick(db, { timeframe: '1h', tick, now: T0 });
    expect((await listPaperTrades(db, acc.id)).length).toBeGreaterThan(0);
    const e = await rejection(deletePaperAccount(db, acc.id));
    expect(e.message).toBe(`account: ${acc.id} has a RUNNING session (${s.id}); stop the bot before deleting the account`);
    await endBotSession(db, s.id, 'STOPPED', 'user', T0 + H);
    await deletePaperAccount(db, acc.id);
    expect(await getPaperAccount(db, acc.id)).toBeUndefined();
    expect(await listPaperTrades(db, acc.id)).toEqual([]);
    expect((await listDecisions(db, acc.id)).items).toEqual([]);
    expect(await listBotSessions(db, acc.id)).toEqual([]);
    expect(await db.botStates.get(acc.id)).toBeUndefined();
    expect(await getPaperAccount(db, other.id)).toBeDefined();
    expect(await db.botStates.get('SYSTEM:1h')).toBeDefined();
  });
});

describe('manual trades', () => {
  it('open and close through the ledger; a trade larger than the free cash is refused and nothing changes', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Main', initialBalance: '1000' });
    const before = await snapshot();
    const big = await rejection(openManualTrade(db, acc.id, { symbol: 'BTC/USDT', direction: 'LONG', amount: '1000', price: 40_000 }, T0));
    expect([big.code, big.message]).toEqual(['INVALID', 'amount: 1000 is more than the free cash 1,000.00 (with the fee it costs 1,001.00)']);
    expect((await rejection(openManualTrade(db, acc.id, { symbol: 'BTC/USDT', direction: 'LONG', amount: '-5', price: 40_000 }, T0))).message).toBe(
      'amount: "-5" must be a positive decimal like "500.00"',
    );
    expect(await snapshot()).toBe(before);
    const o = await openManualTrade(db, acc.id, { symbol: 'BTC/USDT', direction: 'SHORT', amount: '500', price: 40_000, stopPct: 2 }, T0);
    expect(o.trade).toMatchObject({ mode: 'MANUAL', direction: 'SHORT', entryPrice: String(40_000 * (1 - 0.0005)), positionSize: '500', fees: '0.5' });
    expect(o.account.currentBalance).toBe('499.5');
    const c = await closeManualTrade(db, acc.id, o.trade.id, 39_000, T0 + H);
    expect(c.trade).toMatchObject({ status: 'CLOSED', exitReason: 'MANUAL', exitPrice: String(39_000 * 1.0005) });
    expect(c.account.currentBalance).toBe(new Money(1000).plus(c.trade.profitLoss as string).toFixed());
    expect((await listDecisions(db, acc.id)).items.map((d) => d.decision)).toEqual(['BUY', 'SELL']);
    expect((await rejection(closeManualTrade(db, acc.id, o.trade.id, 39_000))).message).toBe(`trade: "${o.trade.id}" is not an open trade of this account`);
  });
});

describe('the bot in storage', () => {
  it('a tick steps the running session’s account, the SYSTEM trades, and an idle account’s positions, each in one transaction', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Bot', ...RULES });
    const idle = await createPaperAccount(db, { name: 'Idle', ...RULES });
    const session = await startBotSession(db, sessionInput(acc.id), T0);
    await openManualTrade(db, idle.id, { symbol: 'AAA', direction: 'LONG', amount: '100', price: 100, stopPct: 5 }, T0);
    const all = ticks();
    const results = [];
    for (const tick of all) results.push(await applyPaperTick(db, { timeframe: '1h', tick, now: T0 + H }));
    expect(results[0].books.map((b) => b.book)).toEqual([acc.id, idle.id, 'SYSTEM']);
    const trades = await listPaperTrades(db, acc.id);
    expect(trades.length).toBeGreaterThan(2);
    expect(trades.every((t) => t.session === session.id && t.mode === 'AUTOMATIC')).toBe(true);
    // The idle account's manual long (fill 100.05, stop 95.05) was stopped by bar 4's low of 90; it traded nothing else.
    const idleTrades = await listPaperTrades(db, idle.id);
    expect(idleTrades.map((t) => [t.mode, t.status, t.exitReason])).toEqual([['MANUAL', 'CLOSED', 'SL']]);
    expect((await listPaperTrades(db, 'SYSTEM')).every((t) => t.positionSize === '100' && t.timeframe === '1h')).toBe(true);

    // Storage holds exactly what the core run in memory gives.
    const b = book(SERIES, testSettings(RULES), false, acc.id);
    const mem = catchUp(newBotState(acc.id, '10000.00'), b.cfg, b.series, b.lookup, { session: session.id, trading: true, strategy: 'TEST', preset: null });
    const account = (await getPaperAccount(db, acc.id)) as PaperAccountRecord;
    expect(account.currentBalance).toBe(mem.state.ledger.cash);
    const memTrades = new Map<string, unknown>();
    for (const e of mem.events) if (e.type !== 'BALANCE') memTrades.set(e.trade.id, e.trade);
    expect(new Map(trades.map((t) => [t.id, t]))).toEqual(memTrades);
    expect((await listDecisions(db, acc.id, { limit: 1000 })).items.reverse()).toEqual(mem.decisions);
    expect((await db.botStates.get(acc.id))?.runtime).toEqual(mem.state.runtime);

    // The same ticks again change nothing.
    const stored = await snapshot();
    for (const tick of all) await applyPaperTick(db, { timeframe: '1h', tick, now: T0 + 2 * H });
    expect(JSON.parse(await snapshot())).toMatchObject({ trades: JSON.parse(stored).trades, decisions: JSON.parse(stored).decisions });
  });

  it('a running bot also manages its positions on symbols it does not watch; a bot on another timeframe is left alone', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Bot', ...RULES });
    const other = await createPaperAccount(db, { name: 'Four hours', ...RULES });
    await startBotSession(db, sessionInput(acc.id, ['AAA']), T0);
    await startBotSession(db, { ...sessionInput(other.id, ['BBB']), timeframe: '4h' }, T0);
    // Manual shorts on BBB (fill 299.85, stop 1 % = 302.85): bar 2 (high 312) stops them out.
    for (const id of [acc.id, other.id]) await openManualTrade(db, id, { symbol: 'BBB', direction: 'SHORT', amount: '100', price: 300, stopPct: 1 }, T0);
    const r = [];
    for (const tick of ticks().slice(0, 4)) r.push(await applyPaperTick(db, { timeframe: '1h', tick, now: T0 }));
    expect(r[0].books.map((x) => x.book)).toEqual([acc.id, 'SYSTEM']);
    expect((await listPaperTrades(db, acc.id)).filter((t) => t.symbol === 'BBB').map((t) => [t.mode, t.exitReason])).toEqual([['MANUAL', 'SL']]);
    expect((await listPaperTrades(db, acc.id)).some((t) => t.symbol === 'BBB' && t.mode === 'AUTOMATIC')).toBe(false);
    expect((await listPaperTrades(db, other.id)).map((t) => [t.mode, t.status])).toEqual([['MANUAL', 'OPEN']]);
    expect((await db.botStates.get(other.id))?.runtime.symbols.BBB.lastTime).toBeNull();
  });

  it('catch-up interrupted half way and resumed stores what an uninterrupted catch-up stores', async () => {
    const run = async (cut: number | null) => {
      db = await memoryDb();
      const acc = await createPaperAccount(db, { name: 'Bot', ...RULES }, 0);
      acc.id = 'acc_fixed';
      await db.paperAccounts.clear();
      await db.paperAccounts.add(acc);
      await startBotSession(db, sessionInput(acc.id), T0);
      const b = book(SERIES, testSettings());
      const signals = b.series.flatMap((s) => Array.from(s.candles.time).flatMap((t, i) => b.lookup(s.symbol, i, t) ?? []));
      const progress: number[] = [];
      if (cut !== null) {
        const head = b.series.map((s) => ({ symbol: s.symbol, candles: sliceCandles(s.candles, 0, cut) }));
        await applyPaperCatchUp(db, { timeframe: '1h', series: head, signals, now: T0 });
      }
      await applyPaperCatchUp(db, { timeframe: '1h', series: b.series, signals, now: T0 }, { onProgress: (d) => progress.push(d) });
      const out = {
        account: await getPaperAccount(db, acc.id),
        trades: (await db.paperTrades.toArray()).map((t) => ({ ...t, session: null })),
        decisions: (await db.decisions.toArray()).map((d) => ({ ...d, session: null })),
        states: await db.botStates.toArray(),
      };
      db.close();
      return { out: JSON.stringify({ ...out, account: { ...out.account, updatedAt: 0 }, states: out.states.map((s) => s.runtime) }), progress };
    };
    const whole = await run(null);
    expect(whole.progress).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    for (const cut of [1, 4, 7]) expect((await run(cut)).out).toBe(whole.out);
  });

  it('a session past its runtime limit completes at the next tick and trades no more; other strategies’ signals are ignored', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Bot', ...RULES });
    const s = await startBotSession(db, { ...sessionInput(acc.id), runtimeLimitMs: 2 * H }, T0);
    const other = await startBotSession(db, { ...sessionInput((await createPaperAccount(db, { name: 'Other', ...RULES })).id), strategy: 'OTHER' }, T0);
    const [t0, t1] = ticks();
    expect((await applyPaperTick(db, { timeframe: '1h', tick: t0, now: T0 + H })).completedSessions).toEqual([]);
    const r = await applyPaperTick(db, { timeframe: '1h', tick: t1, now: T0 + 2 * H });
    expect(r.completedSessions).toEqual([s.id]);
    expect(await getBotSession(db, s.id)).toMatchObject({ status: 'COMPLETED', stopReason: 'runtime limit reached', stoppedAt: T0 + 2 * H, endingBalance: '10000.00' });
    // Bar 0's signal would have entered at bar 1's open, but the session ended before bar 1 was stepped.
    expect(await listPaperTrades(db, acc.id)).toEqual([]);
    expect((await listDecisions(db, other.account)).items).toEqual([]);
    // A new session does not fill the signal the ended one accepted.
    expect((await db.botStates.get(acc.id))?.runtime.symbols.AAA.pendingEntry).toBeNull();
    await startBotSession(db, sessionInput(acc.id), T0 + 2 * H);
    await applyPaperTick(db, { timeframe: '1h', tick: ticks()[2], now: T0 + 3 * H });
    expect(await listPaperTrades(db, acc.id)).toEqual([]);
  });
});

describe('reset', () => {
  it('closes the positions, stops the session, sets the balance and starts a new session, in one transaction', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Bot', ...RULES });
    const s = await startBotSession(db, sessionInput(acc.id), T0);
    for (const tick of ticks().slice(0, 3)) await applyPaperTick(db, { timeframe: '1h', tick, now: T0 + H });
    const open = await listPaperTrades(db, acc.id, { status: 'OPEN' });
    expect(open.map((t) => t.symbol).sort()).toEqual(['AAA', 'BBB']);
    const cash = (await getPaperAccount(db, acc.id))?.currentBalance as string;

    // A failure at the very end (the new session cannot be recorded) leaves everything as it was.
    await db.botSessions.update(s.id, { symbols: [] });
    const before = await snapshot();
    const failed = await rejection(resetPaperAccount(db, acc.id, { balance: '5000', prices: { AAA: 110, BBB: 290 }, now: T0 + 5 * H }));
    expect(failed.message).toBe('symbols: [] is not a non-empty list of symbols');
    expect(await snapshot()).toBe(before);
    await db.botSessions.update(s.id, { symbols: ['AAA', 'BBB'] });
    expect((await rejection(resetPaperAccount(db, acc.id, { balance: '50' }))).message).toBe('balance: 50 is outside 100..1000000');

    const r = await resetPaperAccount(db, acc.id, { balance: '5000', prices: { AAA: 110, BBB: 290 }, now: T0 + 5 * H });
    expect(r.closed.map((t) => [t.symbol, t.exitReason, t.exitTime])).toEqual([
      ['AAA', 'MANUAL', T0 + 5 * H],
      ['BBB', 'MANUAL', T0 + 5 * H],
    ]);
    const afterCloses = r.closed.reduce((m, t) => m.plus(t.positionSize).plus(t.profitLoss as string).plus(feeOfEntry(t)), new Money(cash));
    expect(r.endedSession).toMatchObject({ id: s.id, status: 'STOPPED', stopReason: 'account reset', stoppedAt: T0 + 5 * H });
    expect(Number(r.endedSession?.endingBalance)).toBeCloseTo(afterCloses.toNumber(), 12);
    expect(r.account).toMatchObject({ initialBalance: '5000', currentBalance: '5000' });
    expect(r.startedSession).toMatchObject({ status: 'RUNNING', startingBalance: '5000', symbols: ['AAA', 'BBB'], strategy: 'TEST', startedAt: T0 + 5 * H });
    expect(r.startedSession?.accountSettings).toMatchObject({ feePct: 0.1, autoTrading: true });
    expect(await listPaperTrades(db, acc.id, { status: 'OPEN' })).toEqual([]);
    expect((await db.botStates.get(acc.id))?.runtime).toMatchObject({ day: null, lossStreak: 0, pausedUntil: null });
  });
});

/** The entry fee of a closed trade: its fees minus the exit fee (qty × exit × 0.1 %). */
function feeOfEntry(t: { fees: string; quantity: string; exitPrice: string | null }): Money {
  return new Money(t.fees).minus(new Money(t.quantity).mul(t.exitPrice as string).mul('0.001'));
}


describe('sessions and the decision log', () => {
  it('start with snapshots, one at a time; end with a reason; delete only when ended; report, CSV and filtered pages', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Bot', ...RULES });
    const s = await startBotSession(db, sessionInput(acc.id), T0);
    expect(s).toMatchObject({ status: 'RUNNING', startingBalance: '10000.00', config: { period: 14 }, accountSettings: { name: 'Bot', feePct: 0.1 } });
    expect((await rejection(startBotSession(db, sessionInput(acc.id), T0))).message).toBe(`account: Bot already has a RUNNING session (${s.id}); stop it first`);
    for (const tick of ticks()) await applyPaperTick(db, { timeframe: '1h', tick, now: T0 + H });
    expect((await rejection(deleteBotSession(db, s.id))).message).toBe(`status: session ${s.id} is RUNNING; stop it before deleting it`);

    const all = (await listDecisions(db, acc.id, { limit: 1000 })).items;
    expect(all.length).toBeGreaterThan(4);
    const buys = all.filter((d) => d.decision === 'BUY');
    const page1 = await listDecisions(db, acc.id, { decision: 'BUY', limit: 1 });
    const page2 = await listDecisions(db, acc.id, { decision: 'BUY', limit: 1, after: page1.next });
    expect([...page1.items, ...page2.items]).toEqual(buys.slice(0, 2));
    expect((await listDecisions(db, acc.id, { symbol: 'BBB', limit: 1000 })).items).toEqual(all.filter((d) => d.symbol === 'BBB'));
    expect((await listDecisions(db, acc.id, { symbol: 'AAA', decision: 'SELL', limit: 1000 })).items).toEqual(all.filter((d) => d.symbol === 'AAA' && d.decision === 'SELL'));
    expect(all.every((d, i) => i === 0 || all[i - 1].time >= d.time)).toBe(true);
    expect((await rejection(listDecisions(db, acc.id, { decision: 'WAIT' as never }))).message).toBe('decision: "WAIT" is not one of BUY, SELL, HOLD, SKIP, STOP_LOSS, TAKE_PROFIT');

    const ended = await endBotSession(db, s.id, 'STOPPED', 'user', T0 + 10 * H);
    expect(ended).toMatchObject({ status: 'STOPPED', stopReason: 'user', stoppedAt: T0 + 10 * H, endingBalance: (await getPaperAccount(db, acc.id))?.currentBalance });
    expect((await rejection(endBotSession(db, s.id, 'COMPLETED', 'again'))).message).toBe(`status: session ${s.id} is already STOPPED`);
    const report = await getBotSessionReport(db, s.id);
    expect(report.trades.length).toBe((await listPaperTrades(db, acc.id)).length);
    expect(report.stats.trades + report.stats.openTrades).toBe(report.trades.length);
    expect(report.stats.durationMs).toBe(10 * H);
    const csv = await exportBotSessionCsv(db, s.id);
    expect(csv.split('\n').filter((l) => ['Overview', 'Performance', 'Trade statistics', 'Configuration', 'Trades'].includes(l))).toHaveLength(5);

    await deleteBotSession(db, s.id);
    expect(await getBotSession(db, s.id)).toBeUndefined();
    expect((await listDecisions(db, acc.id)).items).toEqual([]);
    const kept = await listPaperTrades(db, acc.id);
    expect(kept.length).toBe(report.trades.length);
    expect(kept.every((t) => t.session === null)).toBe(true);
  });
});
