import { afterEach, describe, expect, it } from 'vitest';
import { runBacktestRequest } from '../../src/core/backtest/request';
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { nextOpenTime } from '../../src/core/candles/timeframe';
import { sliceCandles, type CandleColumns } from '../../src/core/candles/types';
import { resolvePreset } from '../../src/core/live/presets';
import { SIGNAL_EXPIRY_BARS, signalExpiresAt } from '../../src/core/live/lifecycle';
import {
  activatePreset,
  ensureStarterPresets,
  listLiveCursors,
  markSignalTriggered,
  saveSignal,
  starterPresetId,
  writeCandles,
  type CandlelabDb,
  type SignalRecord,
} from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { LiveConsumers, type LiveConsumer, type LiveStep } from './consumers';
import { liveSignalId, processPending, signalRecordOf } from './pipeline';
import { SeriesCache } from './series-cache';

const KEY = { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;
const WATCH = [KEY];
/** Bars the stream processes live, after the history stored before it starts. */
const LIVE = 200;

/** The last 2,000 hours of BTC/USDT: the strategy warms up on the history before the live window. */
const all = loadSharedCandles('BTCUSDT', '1h');
const btc = sliceCandles(all, all.time.length - 2000, all.time.length);
const N = btc.time.length;
const START = N - LIVE;

let dbs: CandlelabDb[] = [];
afterEach(() => {
  for (const d of dbs) d.close();
  dbs = [];
});

async function freshDb(history = START): Promise<CandlelabDb> {
  const db = await memoryDb();
  dbs.push(db);
  await ensureStarterPresets(db, 0);
  await writeCandles(db, KEY, sliceCandles(btc, 0, history), { source: 'exchange', now: 0 });
  return db;
}

async function store(db: CandlelabDb, c: CandleColumns, from: number, to: number): Promise<void> {
  await writeCandles(db, KEY, sliceCandles(c, from, to), { source: 'exchange', now: 0 });
}

/** A consumer that logs each step (without the catch-up flag, which differs between runs by design). */
function recorder(log: unknown[]): LiveConsumer {
  return {
    name: 'recorder',
    onStep: (s: LiveStep) => {
      log.push({ closeTime: s.closeTime, candles: s.candles.map((c) => [c.time, c.close, c.barIndex, c.signal?.id ?? null]), expired: s.expired, cancelled: s.cancelled });
    },
  };
}

async function allSignals(db: CandlelabDb): Promise<SignalRecord[]> {
  return (await db.signals.toArray()).sort((a, b) => a.time - b.time);
}

/** Every candle of the live window arrives on its own, the stream running after each. */
async function uninterrupted(consumers: LiveConsumer[] = []): Promise<CandlelabDb> {
  const db = await freshDb();
  const cache = new SeriesCache();
  await processPending({ db, consumers, cache }, { watch: WATCH });
  for (let i = START; i < N; i++) {
    await store(db, btc, i, i + 1);
    await processPending({ db, consumers, cache }, { watch: WATCH });
  }
  return db;
}

// Each test replays a few hundred closes through fake-indexeddb: slow on a loaded machine, so a generous limit.
describe('the live signal stream on real candles (BTC/USDT 1h, BALANCED)', { timeout: 180_000 }, () => {
  it('fires on each bar exactly the signal a backtest over the same candles fires there', async () => {
    const db = await uninterrupted();
    const stored = await allSignals(db);
    const balanced = resolvePreset({ name: 'BALANCED', strategy: 'SIGNAL_ENGINE', params: {} });
    const oracle = balanced.strategy.prepare({ symbol: KEY.symbol, timeframe: KEY.timeframe, candles: btc }, balanced.params);
    const expected: SignalRecord[] = [];
    for (let i = START; i < N; i++) {
      const s = oracle.signalAt(i);
      if (s) expected.push(signalRecordOf(s, KEY, 'BALANCED'));
    }
    expect(expected.length).toBeGreaterThan(10);
    expect(stored.map(({ status, statusAt, ...rest }) => rest)).toEqual(expected.map(({ status, statusAt, ...rest }) => rest));
    // The stop and target levels are the fractions applied to the reference price.
    for (const s of stored) {
      const sign = s.direction === 'LONG' ? 1 : -1;
      expect(s.stopPrice).toBeCloseTo(s.price * (1 - sign * s.stopFraction), 8);
      expect(s.targetPrice).toBeCloseTo(s.price * (1 + sign * s.targetFraction), 8);
      expect(s.reasons.length).toBeGreaterThanOrEqual(5);
      expect(s.reasons.every((r) => typeof r.condition === 'string' && typeof r.pass === 'boolean')).toBe(true);
    }

    // The backtest's own report agrees: each trade opens on the bar after a stream signal of its direction.
    const report = runBacktestRequest({
      config: DEFAULT_BACKTEST_CONFIG,
      strategy: { name: 'BALANCED' },
      series: [{ symbol: KEY.symbol, timeframe: KEY.timeframe, candles: btc }],
      from: btc.time[START],
    });
    const bySignalBar = new Map(stored.map((s) => [s.time, s.direction]));
    const entries = report.trades.map((t) => [btc.time[btc.time.indexOf(t.entryTime) - 1], t.direction]);
    expect(entries.length).toBeGreaterThan(3);
    for (const [t, dir] of entries) expect(bySignalBar.get(t as number), String(t)).toBe(dir);
    for (const sk of report.skipped) if (sk.time < btc.time[N - 1]) expect(bySignalBar.get(sk.time)).toBe(sk.direction);
  });

  it('moves each signal ACTIVE → EXPIRED when the next candle closes, or → TRIGGERED when a consumer trades it', async () => {
    const triggered: string[] = [];
    const trader: LiveConsumer = {
      name: 'trader',
      async onStep(step, { db }) {
        for (const c of step.candles) {
          if (c.signal && c.signal.direction === 'SHORT' && triggered.length < 2) {
            await markSignalTriggered(db, c.signal.id, step.closeTime);
            triggered.push(c.signal.id);
          }
        }
      },
    };
    const db = await uninterrupted([trader]);
    const stored = await allSignals(db);
    expect(triggered).toHaveLength(2);
    const last = btc.time[N - 1];
    for (const s of stored) {
      const close = nextOpenTime(s.time, '1h');
      expect(s.createdAt).toBe(close);
      if (triggered.includes(s.id)) expect([s.status, s.statusAt]).toEqual(['TRIGGERED', close]);
      else if (s.time === last) expect(s.status).toBe('ACTIVE');
      else expect([s.status, s.statusAt]).toEqual(['EXPIRED', signalExpiresAt(s)]);
    }
    expect(SIGNAL_EXPIRY_BARS).toBe(1);
    expect(signalExpiresAt({ time: btc.time[START], timeframe: '1h' })).toBe(btc.time[START] + 2 * 3_600_000);
    // A signal no longer ACTIVE cannot be triggered, and the refusal names its status.
    const expired = stored.find((s) => s.status === 'EXPIRED')!;
    await expect(markSignalTriggered(db, expired.id, 0)).rejects.toThrow(`is EXPIRED, not ACTIVE`);
    await expect(markSignalTriggered(db, 'sig_missing', 0)).rejects.toThrow('not found');
  });

  it('an opposite signal on the same symbol cancels an ACTIVE one of another timeframe', async () => {
    const db = await freshDb();
    await processPending({ db, consumers: [] }, { watch: WATCH });
    const balanced = resolvePreset({ name: 'BALANCED', strategy: 'SIGNAL_ENGINE', params: {} });
    const oracle = balanced.strategy.prepare({ symbol: KEY.symbol, timeframe: KEY.timeframe, candles: btc }, balanced.params);
    let i = START;
    while (!oracle.signalAt(i)) i++;
    const fired = oracle.signalAt(i)!;
    // A 4h signal the other way, still ACTIVE when the 1h one fires.
    const other = await saveSignal(db, {
      id: 'sig_4h',
      exchange: KEY.exchange,
      symbol: KEY.symbol,
      timeframe: '4h',
      time: Math.floor(btc.time[i] / 14_400_000) * 14_400_000,
      direction: fired.direction === 'LONG' ? 'SHORT' : 'LONG',
      market: 'spot',
      price: 1,
      stopFraction: 0,
      targetFraction: 0,
      stopPrice: null,
      targetPrice: null,
      confidence: 0.5,
      strategy: 'SIGNAL_ENGINE',
      preset: 'BALANCED',
      reasons: [],
    });
    const elsewhere = await saveSignal(db, { ...other, id: 'sig_eth', symbol: 'ETH/USDT' });
    const steps: LiveStep[] = [];
    await store(db, btc, START, i + 1);
    await processPending({ db, consumers: [{ name: 'log', onStep: (s) => void steps.push(s) }] }, { watch: WATCH });
    const close = nextOpenTime(btc.time[i], '1h');
    expect(await db.signals.get('sig_4h')).toMatchObject({ status: 'CANCELLED', statusAt: close });
    expect((await db.signals.get('sig_eth'))?.status).toBe(elsewhere.status);
    expect(steps[steps.length - 1].cancelled).toEqual(['sig_4h']);
    expect((await db.signals.get(liveSignalId(KEY, btc.time[i])))?.status).toBe('ACTIVE');
  });

  it('catching up after an interruption stores exactly what an always-open tab stored', async () => {
    const logA: unknown[] = [];
    const a = await uninterrupted([recorder(logA)]);

    const logB: unknown[] = [];
    const flags: boolean[] = [];
    const b = await freshDb();
    const consumers = [recorder(logB), { name: 'flags', onStep: (s: LiveStep) => void flags.push(s.catchUp) }];
    await processPending({ db: b, consumers }, { watch: WATCH });
    const half = START + LIVE / 2;
    for (let i = START; i < half; i++) {
      await store(b, btc, i, i + 1);
      await processPending({ db: b, consumers }, { watch: WATCH });
    }
    // The tab closes; the missed candles are backfilled in one write; the next tab catches up.
    await store(b, btc, half, N);
    flags.length = 0;
    const run = await processPending({ db: b, consumers }, { watch: WATCH, catchUp: true });
    expect(run.candles).toBe(N - half);
    expect(run.steps).toBe(N - half);
    expect(flags.every((f) => f)).toBe(true);

    expect(await allSignals(b)).toEqual(await allSignals(a));
    expect(await listLiveCursors(b)).toEqual(await listLiveCursors(a));
    expect(logB).toEqual(logA);
    expect(logA).toHaveLength(LIVE);
  });

  it('starts a new series at its last stored candle, reports what it cannot run, and runs the newly active preset', async () => {
    const db = await freshDb();
    const first = await processPending({ db, consumers: [] }, { watch: [...WATCH, { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h' }] });
    expect(first.candles).toBe(0);
    expect(first.problems.map((p) => p.message)).toEqual(['ETH/USDT 1h on binance is not stored.']);
    expect(await listLiveCursors(db)).toEqual([{ ...KEY, last: btc.time[START - 1], updatedAt: btc.time[START] }]);

    await activatePreset(db, starterPresetId('AGGRESSIVE'), 1);
    await store(db, btc, START, START + 48);
    const run = await processPending({ db, consumers: [] }, { watch: WATCH });
    expect(run.preset).toBe('AGGRESSIVE');
    expect(run.candles).toBe(48);
    expect((await allSignals(db)).every((s) => s.preset === 'AGGRESSIVE')).toBe(true);

    // A consumer that throws is reported; the others still run and the stream goes on.
    const seen: number[] = [];
    const consumers = new LiveConsumers();
    consumers.register({ name: 'broken', onStep: () => Promise.reject(new Error('ledger closed')) });
    const drop = consumers.register({ name: 'dropped', onStep: () => void seen.push(-1) });
    consumers.register({ name: 'after', onStep: (s) => void seen.push(s.closeTime) });
    drop();
    expect(consumers.list().map((c) => c.name)).toEqual(['broken', 'after']);
    await store(db, btc, START + 48, START + 50);
    const next = await processPending({ db, consumers: consumers.list() }, { watch: WATCH });
    expect(seen).toEqual([btc.time[START + 49], btc.time[START + 50]]);
    expect(next.problems.map((p) => p.consumer)).toEqual(['broken', 'broken']);
    expect(next.problems[0].message).toContain('ledger closed');
    expect(() => consumers.register({ name: '', onStep: () => undefined })).toThrow('is not { name, onStep(step, ctx) }');
  });
});
