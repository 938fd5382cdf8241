import { afterEach, describe, expect, it } from 'vitest';
import type { CandlelabDb } from '../db';
import { DataError } from '../errors';
import { memoryDb } from '../testing/memory-db';
import { SYSTEM_ACCOUNT, type PaperTradeRecord } from '../records/paper';
import { SETTINGS_DEFAULTS } from '../defaults';
import { CIRCUIT_BREAKER_DEFAULTS, TRADING_DEFAULTS } from '../../core/defaults';
import { getMarket, listFavouriteMarkets, listMarkets, saveMarkets, setFavourite, type MarketInput } from './markets';
import { createBackfillJob, listBackfillJobs, updateBackfillJob } from './backfill-jobs';
import { listRecentSignals, listSignals, listSignalsByStatus, saveSignal, setSignalStatus, type SignalInput } from './signals';
import { appendDecision, deleteDecisionsBefore, listDecisions, type DecisionInput } from './decisions';
import {
  createPaperAccount,
  deletePaperAccount,
  getPaperAccount,
  listOpenTrades,
  listPaperTrades,
  listTradesForSignal,
  savePaperTrade,
  updatePaperAccount,
} from './paper';
import { createBotSession, listBotSessions, listBotSessionsByStatus, updateBotSession } from './bot-sessions';
import {
  completeBacktestJob,
  createBacktestJob,
  deleteBacktestJob,
  getBacktestJob,
  getBacktestResult,
  listBacktestJobs,
  requeueInterruptedBacktests,
  updateBacktestJob,
} from './backtests';
import { createMonteCarloRun, getMonteCarloRun, listMonteCarloRuns, updateMonteCarloRun } from './robustness';
import { createPreset, getPreset, listPresetChanges, updatePreset } from './presets';
import { getSetting, getSettings, resetSetting, setSetting } from './settings';

let db: CandlelabDb;
afterEach(() => db?.close());

async function rejection(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('markets', () => {
  const market = (symbol: string, extra: Partial<MarketInput> = {}): MarketInput => ({
    exchange: 'binance',
    symbol,
    base: symbol.split('/')[0],
    quote: 'USDT',
    type: 'spot',
    active: true,
    pricePrecision: 0.01,
    amountPrecision: 0.0001,
    minAmount: null,
    minCost: 5,
    fetchedAt: 1,
    ...extra,
  });

  it('lists an exchange sorted by symbol and keeps favourites across refetches', async () => {
    db = await memoryDb();
    await saveMarkets(db, [market('ETH/USDT'), market('BTC/USDT'), { ...market('BTC/USDT'), exchange: 'kraken' }]);
    expect(await setFavourite(db, 'binance', 'ETH/USDT', true)).toBe(true);
    expect(await setFavourite(db, 'binance', 'NOPE/USDT', true)).toBe(false);
    await saveMarkets(db, [market('ETH/USDT', { fetchedAt: 2, active: false }), market('ADA/USDT', { fetchedAt: 2 })]);
    expect((await listMarkets(db, 'binance')).map((m) => m.symbol)).toEqual(['ADA/USDT', 'BTC/USDT', 'ETH/USDT']);
    expect(await getMarket(db, 'binance', 'ETH/USDT')).toMatchObject({ favourite: true, active: false, fetchedAt: 2 });
    expect((await listFavouriteMarkets(db)).map((m) => m.symbol)).toEqual(['ETH/USDT']);
  });
});

describe('backfill jobs', () => {
  it('creates one cursor per symbol × timeframe and lists by status', async () => {
    db = await memoryDb();
    const a = await createBackfillJob(db, { exchange: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], timeframes: ['1h', '1d'], range: { from: 1000, to: null } }, 1);
    const b = await createBackfillJob(db, { exchange: 'binance', symbols: ['SOL/USDT'], timeframes: ['1m'], range: { from: 0, to: 10 } }, 2);
    expect(a.cursors).toEqual([
      { symbol: 'BTC/USDT', timeframe: '1h', cursor: 1000, done: false },
      { symbol: 'BTC/USDT', timeframe: '1d', cursor: 1000, done: false },
      { symbol: 'ETH/USDT', timeframe: '1h', cursor: 1000, done: false },
      { symbol: 'ETH/USDT', timeframe: '1d', cursor: 1000, done: false },
    ]);
    await updateBackfillJob(db, a.id, { status: 'RUNNING', progress: 0.25 }, 5);
    expect((await listBackfillJobs(db, 'RUNNING')).map((j) => [j.id, j.progress, j.updatedAt])).toEqual([[a.id, 0.25, 5]]);
    expect((await listBackfillJobs(db, 'PENDING')).map((j) => j.id)).toEqual([b.id]);
    expect((await listBackfillJobs(db)).map((j) => j.id)).toEqual([a.id, b.id]);
    expect((await rejection(updateBackfillJob(db, 'bf_missing', { progress: 1 }))).code).toBe('NOT_FOUND');
    expect((await rejection(updateBackfillJob(db, a.id, { progress: 2 }))).message).toBe('progress: 2 is outside 0..1');
    expect((await rejection(createBackfillJob(db, { exchange: 'binance', symbols: ['X'], timeframes: ['2h' as never], range: { from: 0, to: null } }))).message).toBe(
      'timeframes[0]: "2h" is not a timeframe',
    );
  });
});

describe('signals', () => {
  const signal = (time: number, extra: Partial<SignalInput> = {}): SignalInput => ({
    exchange: 'binance',
    symbol: 'BTC/USDT',
    timeframe: '1h',
    time,
    direction: 'LONG',
    market: 'spot',
    price: 100,
    stopFraction: 0.02,
    targetFraction: 0.05,
    stopPrice: 98,
    targetPrice: 105,
    confidence: 0.8,
    strategy: 'rsi',
    preset: null,
    reasons: [],
    ...extra,
  });

  it('queries by symbol/timeframe/time range and by status, newest first', async () => {
    db = await memoryDb();
    const s1 = await saveSignal(db, signal(100), 1);
    const s2 = await saveSignal(db, signal(200, { confidence: 0.95 }), 2);
    const s3 = await saveSignal(db, signal(300, { timeframe: '4h', confidence: 0.5 }), 3);
    const s4 = await saveSignal(db, signal(250, { symbol: 'ETH/USDT', confidence: 0.3 }), 4);
    expect([s1.level, s2.level, s3.level, s4.level]).toEqual(['HIGH', 'VERY_HIGH', 'LOW', 'VERY_LOW']);
    expect(s1).toMatchObject({ status: 'ACTIVE', statusAt: 1, createdAt: 1 });
    expect((await listSignals(db, { symbol: 'BTC/USDT', timeframe: '1h' })).map((s) => s.time)).toEqual([100, 200]);
    expect((await listSignals(db, { symbol: 'BTC/USDT', timeframe: '1h', from: 150, to: 400 })).map((s) => s.time)).toEqual([200]);
    expect((await listSignals(db, { symbol: 'BTC/USDT', timeframe: '1h', newestFirst: true, limit: 1 })).map((s) => s.time)).toEqual([200]);
    await setSignalStatus(db, s2.id, 'TRIGGERED', 9);
    expect((await listSignalsByStatus(db, 'ACTIVE')).map((s) => s.time)).toEqual([300, 250, 100]);
    expect(await listSignalsByStatus(db, 'TRIGGERED')).toEqual([{ ...s2, status: 'TRIGGERED', statusAt: 9 }]);
    expect((await listRecentSignals(db, 2)).map((s) => s.time)).toEqual([300, 250]);
    expect((await rejection(saveSignal(db, signal(1, { confidence: 1.5 })))).message).toBe('confidence: 1.5 is outside 0..1');
  });
});

describe('decision log', () => {
  const decision = (time: number, account = 'acc_1'): DecisionInput => ({
    time,
    account,
    symbol: 'BTC/USDT',
    timeframe: '1h',
    decision: 'HOLD',
    confidence: 0.5,
    riskScore: 40,
    opportunityScore: 20,
    reasoning: `no edge at ${time}`,
    keyFactors: [],
    snapshot: { price: 1, indicators: {} },
    strategy: 'rsi',
    preset: null,
    session: null,
    signalId: null,
  });

  it('pages one account newest first without skipping or repeating entries of equal time', async () => {
    db = await memoryDb();
    const times = [5, 1, 3, 3, 3, 2, 4, 3];
    const mine = [];
    for (const t of times) mine.push(await appendDecision(db, decision(t)));
    await appendDecision(db, decision(10, SYSTEM_ACCOUNT));
    const seen: string[] = [];
    let page = await listDecisions(db, 'acc_1', { limit: 3 });
    const pageTimes: number[][] = [];
    for (;;) {
      pageTimes.push(page.items.map((d) => d.time));
      seen.push(...page.items.map((d) => d.id));
      if (!page.next) break;
      // An entry appended meanwhile (newer) does not disturb the following pages.
      if (pageTimes.length === 1) await appendDecision(db, decision(99));
      page = await listDecisions(db, 'acc_1', { limit: 3, after: page.next });
    }
    expect(pageTimes).toEqual([
      [5, 4, 3],
      [3, 3, 3],
      [2, 1],
    ]);
    expect([...seen].sort()).toEqual(mine.map((d) => d.id).sort());
    expect((await listDecisions(db, SYSTEM_ACCOUNT)).items.map((d) => d.time)).toEqual([10]);
    expect(await deleteDecisionsBefore(db, 3)).toBe(2);
    expect((await rejection(appendDecision(db, { ...decision(1), reasoning: 'x'.repeat(501) }))).message).toBe(
      'reasoning: length 501 is over 500 characters',
    );
  });
});

describe('paper accounts and trades', () => {
  const trade = (id: string, account: string, status: PaperTradeRecord['status'], entryTime: number): PaperTradeRecord => ({
    id,
    account,
    signalId: 'sig_1',
    session: null,
    symbol: 'BTC/USDT',
    direction: 'LONG',
    status,
    entryTime,
    entryPrice: '100.00',
    quantity: '1',
    positionSize: '100.00',
    stopPrice: '98.00',
    targetPrice: null,
    exitTime: status === 'CLOSED' ? entryTime + 1 : null,
    exitPrice: status === 'CLOSED' ? '101.00' : null,
    exitReason: status === 'CLOSED' ? 'TP' : null,
    fees: '0.20',
    profitLoss: status === 'CLOSED' ? '0.80' : null,
    profitLossPct: status === 'CLOSED' ? '0.8' : null,
    mode: 'MANUAL',
    timeframe: null,
    signalTime: null,
    confidence: null,
    updatedAt: entryTime,
  });

  it('creates accounts with the product defaults, money as decimal strings', async () => {
    db = await memoryDb();
    const acc = await createPaperAccount(db, { name: 'Main' }, 7);
    expect(acc).toMatchObject({
      initialBalance: '10000.00',
      currentBalance: '10000.00',
      minPositionSize: '10.00',
      maxOpenTrades: 5,
      minConfidence: 0.7,
      maxPositionSizePct: 10,
      stopLossPct: 2,
      takeProfitPct: 5,
      maxDailyLossPct: 5,
      maxDailyTrades: 50,
      minMinutesBetweenTrades: 5,
      autoTrading: false,
      circuitBreaker: CIRCUIT_BREAKER_DEFAULTS,
      createdAt: 7,
    });
    expect(TRADING_DEFAULTS.initialBalance).toBe(10_000);
    await updatePaperAccount(db, acc.id, { maxOpenTrades: 3 }, 8);
    expect(await getPaperAccount(db, acc.id)).toMatchObject({ maxOpenTrades: 3, currentBalance: '10000.00', updatedAt: 8 });
    expect((await rejection(createPaperAccount(db, { name: 'Big', initialBalance: '2000000' }))).message).toBe('initialBalance: 2000000 is outside 100..1000000');
    expect((await rejection(updatePaperAccount(db, acc.id, { currentBalance: '10' } as never))).message).toMatch(/^currentBalance: is not a paper account setting/);
  });

  it('lists trades by account and status, newest first; system trades apart', async () => {
    db = await memoryDb();
    await savePaperTrade(db, trade('t1', 'acc_1', 'CLOSED', 10));
    await savePaperTrade(db, trade('t2', 'acc_1', 'OPEN', 20));
    await savePaperTrade(db, trade('t3', 'acc_1', 'OPEN', 30));
    await savePaperTrade(db, trade('t4', 'acc_2', 'OPEN', 15));
    await savePaperTrade(db, trade('s1', SYSTEM_ACCOUNT, 'OPEN', 12));
    const ids = (ts: PaperTradeRecord[]) => ts.map((t) => t.id);
    expect(ids(await listPaperTrades(db, 'acc_1'))).toEqual(['t3', 't2', 't1']);
    expect(ids(await listPaperTrades(db, 'acc_1', { status: 'OPEN' }))).toEqual(['t3', 't2']);
    expect(ids(await listPaperTrades(db, 'acc_1', { status: 'CLOSED' }))).toEqual(['t1']);
    expect(ids(await listPaperTrades(db, SYSTEM_ACCOUNT))).toEqual(['s1']);
    expect(ids(await listOpenTrades(db))).toEqual(['s1', 't4', 't2', 't3']);
    expect(ids(await listTradesForSignal(db, 'sig_1')).sort()).toEqual(['s1', 't1', 't2', 't3', 't4']);
    await savePaperTrade(db, { ...trade('t2', 'acc_1', 'CLOSED', 20) });
    expect(ids(await listPaperTrades(db, 'acc_1', { status: 'OPEN' }))).toEqual(['t3']);
    await deletePaperAccount(db, 'acc_1');
    expect(await listPaperTrades(db, 'acc_1')).toEqual([]);
    expect(ids(await listPaperTrades(db, 'acc_2'))).toEqual(['t4']);
    const bad = { ...trade('t9', 'acc_2', 'OPEN', 1), entryPrice: '1e5' };
    expect((await rejection(savePaperTrade(db, bad))).message).toBe('entryPrice: "1e5" is not a decimal string like "10000.00"');
    expect((await rejection(savePaperTrade(db, { ...trade('t9', 'acc_2', 'CLOSED', 1), exitPrice: null }))).message).toContain('needs exitTime, exitPrice');
  });
});

describe('bot sessions', () => {
  it('lists by account newest first and by status', async () => {
    db = await memoryDb();
    const base = {
      name: 's',
      account: 'acc_1',
      exchange: 'binance',
      strategy: 'rsi',
      preset: null,
      config: { period: 14 },
      symbols: ['BTC/USDT'],
      timeframe: '1h' as const,
      runtimeLimitMs: null,
      startingBalance: '10000.00',
      accountSettings: null,
    };
    const a = await createBotSession(db, { ...base, startedAt: 1 });
    const b = await createBotSession(db, { ...base, startedAt: 2 });
    const c = await createBotSession(db, { ...base, account: 'acc_2', startedAt: 3 });
    await updateBotSession(db, b.id, { status: 'RUNNING' });
    await updateBotSession(db, a.id, { status: 'STOPPED', stoppedAt: 5, endingBalance: '9990.50', stopReason: 'user' });
    expect((await listBotSessions(db, 'acc_1')).map((s) => s.id)).toEqual([b.id, a.id]);
    expect((await listBotSessions(db)).map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect((await listBotSessionsByStatus(db, 'RUNNING')).map((s) => s.id)).toEqual([b.id]);
    expect((await listBotSessionsByStatus(db, 'STOPPED'))[0]).toMatchObject({ endingBalance: '9990.50', stopReason: 'user' });
  });
});

describe('backtest jobs and results', () => {
  const config = { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h' as const, strategy: 'rsi' };

  it('queues by status, completes with its result in one step, deletes both', async () => {
    db = await memoryDb();
    const j1 = await createBacktestJob(db, { name: 'a', config }, 1);
    const j2 = await createBacktestJob(db, { name: 'b', config, batch: 'batch_1' }, 2);
    const j3 = await createBacktestJob(db, { name: 'c', config }, 3);
    await updateBacktestJob(db, j1.id, { status: 'RUNNING', startedAt: 4, progress: 0.5 });
    await updateBacktestJob(db, j3.id, { status: 'RUNNING', startedAt: 5 });
    expect((await listBacktestJobs(db, { status: 'PENDING' })).map((j) => j.id)).toEqual([j2.id]);
    expect((await listBacktestJobs(db, { status: 'RUNNING' })).map((j) => j.id)).toEqual([j1.id, j3.id]);
    expect((await listBacktestJobs(db, { newestFirst: true })).map((j) => j.id)).toEqual([j3.id, j2.id, j1.id]);

    const result = {
      jobId: j1.id,
      trades: [],
      equity: { time: Float64Array.from([1, 2]), value: Float64Array.from([10_000, 10_100]) },
      metrics: { totalTrades: 0, sharpe: null },
      breakdowns: {},
      createdAt: 9,
    };
    await completeBacktestJob(db, result, 9);
    expect(await getBacktestJob(db, j1.id)).toMatchObject({ status: 'COMPLETED', progress: 1, finishedAt: 9 });
    expect(await getBacktestResult(db, j1.id)).toEqual(result);
    // A result for a job that does not exist is refused, and nothing is stored.
    expect((await rejection(completeBacktestJob(db, { ...result, jobId: 'bt_nope' }))).code).toBe('NOT_FOUND');
    expect(await getBacktestResult(db, 'bt_nope')).toBeUndefined();

    expect(await requeueInterruptedBacktests(db)).toBe(1);
    expect(await getBacktestJob(db, j3.id)).toMatchObject({ status: 'PENDING', progress: 0, startedAt: null });
    await deleteBacktestJob(db, j1.id);
    expect(await getBacktestJob(db, j1.id)).toBeUndefined();
    expect(await getBacktestResult(db, j1.id)).toBeUndefined();
  });
});

describe('robustness runs', () => {
  it('creates PENDING runs and lists Monte Carlo runs by source backtest, newest first', async () => {
    db = await memoryDb();
    const input = {
      name: 'mc',
      sourceBacktestId: 'bt_1',
      method: 'shuffle',
      runs: 100,
      seed: 1,
      summary: null,
      distributions: [],
      riskOfRuin: null,
      fan: null,
    };
    const a = await createMonteCarloRun(db, input, 1);
    const b = await createMonteCarloRun(db, input, 2);
    await createMonteCarloRun(db, { ...input, sourceBacktestId: 'bt_2' }, 3);
    expect(a).toMatchObject({ status: 'PENDING', progress: 0, createdAt: 1, finishedAt: null, error: null });
    expect((await listMonteCarloRuns(db, { sourceBacktestId: 'bt_1' })).map((r) => r.id)).toEqual([b.id, a.id]);
    const fan = { step: Float64Array.from([0, 1]), bands: { p50: Float64Array.from([1, 2]) } };
    await updateMonteCarloRun(db, a.id, { status: 'COMPLETED', progress: 1, riskOfRuin: 0.02, fan, finishedAt: 4 });
    expect(await getMonteCarloRun(db, a.id)).toMatchObject({ status: 'COMPLETED', riskOfRuin: 0.02, fan });
    expect((await listMonteCarloRuns(db, { status: 'COMPLETED' })).map((r) => r.id)).toEqual([a.id]);
  });
});

describe('presets and their change log', () => {
  it('logs every changed field in the same transaction as the change', async () => {
    db = await memoryDb();
    const p = await createPreset(db, { name: 'RSI', strategy: 'rsi', params: { period: 14, oversold: 30, trend: true } }, 1);
    const { preset, changes } = await updatePreset(db, p.id, { mode: 'SWING', params: { period: 21, oversold: 30, exitBars: 12 } }, 2);
    expect(preset).toMatchObject({ mode: 'SWING', params: { period: 21, oversold: 30, exitBars: 12 }, updatedAt: 2 });
    const fields = (cs: Array<{ field: string; from: unknown; to: unknown }>) => cs.map((c) => [c.field, c.from, c.to]);
    expect(fields(changes)).toEqual([
      ['mode', 'BALANCED', 'SWING'],
      ['params.exitBars', null, 12],
      ['params.period', 14, 21],
      ['params.trend', true, null],
    ]);
    await updatePreset(db, p.id, { active: true }, 3);
    expect((await updatePreset(db, p.id, { active: true }, 4)).changes).toEqual([]);
    const log = await listPresetChanges(db, p.id);
    expect(fields(log)).toEqual([['active', false, true], ...fields(changes).reverse()]);
    expect(log.map((c) => c.at)).toEqual([3, 2, 2, 2, 2]);
  });

  it('a failing log write leaves the preset unchanged', async () => {
    db = await memoryDb();
    const p = await createPreset(db, { name: 'RSI', strategy: 'rsi', params: { period: 14 } }, 1);
    db.presetChanges.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const err = await rejection(updatePreset(db, p.id, { name: 'RSI fast', params: { period: 7 } }, 2));
    expect(err.code).toBe('QUOTA_EXCEEDED');
    expect(await getPreset(db, p.id)).toEqual(p);
    expect(await db.presetChanges.count()).toBe(0);
    expect((await rejection(updatePreset(db, 'pre_missing', { active: true }))).code).toBe('NOT_FOUND');
  });
});

describe('settings', () => {
  it('returns defaults until set, validates values, and resets', async () => {
    db = await memoryDb();
    expect(await getSettings(db)).toEqual(SETTINGS_DEFAULTS);
    expect(await getSetting(db, 'theme')).toBe('system');
    await setSetting(db, 'theme', 'dark', 1);
    await setSetting(db, 'tradingOverrides', { maxDailyTrades: 20 }, 1);
    expect(await getSettings(db)).toEqual({ ...SETTINGS_DEFAULTS, theme: 'dark', tradingOverrides: { maxDailyTrades: 20 } });
    expect((await rejection(setSetting(db, 'theme', 'pink' as never))).message).toBe('theme: "pink" is not one of system, light, dark');
    expect((await rejection(setSetting(db, 'tradingOverrides', { maxDailyTrade: 20 } as never))).message).toBe(
      'tradingOverrides.maxDailyTrade: is not a trading default',
    );
    await resetSetting(db, 'theme');
    expect(await getSetting(db, 'theme')).toBe('system');
    // Defaults handed out are copies: changing one does not change the next read.
    const proxies = await getSetting(db, 'exchangeProxies');
    proxies.binance = 'x';
    expect(await getSetting(db, 'exchangeProxies')).toEqual({});
  });
});
