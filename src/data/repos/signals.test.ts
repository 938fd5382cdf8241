import { afterEach, describe, expect, it } from 'vitest';
import type { CandlelabDb } from '../db';
import { memoryDb } from '../testing/memory-db';
import type { SignalRecord } from '../records/signals';
import { listLiveCursors } from './live-cursors';
import { listActiveSignals, listSignalSymbols, querySignals, recordLiveStep, saveSignal } from './signals';

let db: CandlelabDb;
afterEach(() => db?.close());

const H = 3_600_000;
const T = Date.UTC(2025, 0, 1);

function sig(i: number, symbol: string, direction: 'LONG' | 'SHORT', confidence: number): SignalRecord {
  return {
    id: `sig_${symbol}_${i}`,
    exchange: 'demo',
    symbol,
    timeframe: '1h',
    time: T + i * H,
    direction,
    market: 'spot',
    price: 100,
    stopFraction: 0.01,
    targetFraction: 0.02,
    stopPrice: direction === 'LONG' ? 99 : 101,
    targetPrice: direction === 'LONG' ? 102 : 98,
    confidence,
    level: confidence >= 0.75 ? 'HIGH' : 'LOW',
    strategy: 'SIGNAL_ENGINE',
    preset: 'BALANCED',
    reasons: [],
    status: 'ACTIVE',
    statusAt: T + (i + 1) * H,
    createdAt: T + (i + 1) * H,
  };
}

describe('the signal stream query', () => {
  it('pages newest first, filters by symbol, direction, level and status, and counts bullish and bearish', async () => {
    db = await memoryDb();
    for (let i = 0; i < 30; i++) {
      await saveSignal(db, sig(i, i % 3 === 0 ? 'WILD/USDT' : 'CALM/USDT', i % 2 === 0 ? 'LONG' : 'SHORT', i % 5 === 0 ? 0.8 : 0.5));
    }
    await recordLiveStep(db, { at: T + 40 * H, expire: ['sig_CALM/USDT_1', 'sig_CALM/USDT_2'], cancel: ['sig_WILD/USDT_3'], add: [], cursors: [] });
    const all = await querySignals(db, {}, 0, 10);
    expect(all.total).toBe(30);
    expect([all.long, all.short]).toEqual([15, 15]);
    expect(all.items.map((s) => s.time)).toEqual(Array.from({ length: 10 }, (_, k) => T + (29 - k) * H));
    const page3 = await querySignals(db, {}, 20, 10);
    expect(page3.items.map((s) => s.time)).toEqual(Array.from({ length: 10 }, (_, k) => T + (9 - k) * H));
    const wildLong = await querySignals(db, { symbol: 'WILD/USDT', direction: 'LONG' });
    expect(wildLong.items.map((s) => s.id)).toEqual([24, 18, 12, 6, 0].map((i) => `sig_WILD/USDT_${i}`));
    expect([wildLong.total, wildLong.long, wildLong.short]).toEqual([5, 5, 0]);
    expect((await querySignals(db, { level: 'HIGH' })).items.map((s) => s.confidence)).toEqual([0.8, 0.8, 0.8, 0.8, 0.8, 0.8]);
    const expired = await querySignals(db, { status: 'EXPIRED' });
    expect(expired.items.map((s) => [s.id, s.statusAt])).toEqual([
      ['sig_CALM/USDT_2', T + 40 * H],
      ['sig_CALM/USDT_1', T + 40 * H],
    ]);
    expect((await querySignals(db, { status: 'CANCELLED', symbol: 'WILD/USDT' })).total).toBe(1);
    expect(await listSignalSymbols(db)).toEqual(['CALM/USDT', 'WILD/USDT']);
    expect((await listActiveSignals(db)).length).toBe(27);
    await expect(querySignals(db, { level: 'SUPER' as never })).rejects.toThrow('level: "SUPER" is not one of VERY_HIGH, HIGH, MEDIUM, LOW, VERY_LOW');
    await expect(querySignals(db, {}, -1)).rejects.toThrow('offset: -1 is not a non-negative integer');
  });

  it('records a step in one transaction: a failure leaves signals and cursors as they were', async () => {
    db = await memoryDb();
    await saveSignal(db, sig(0, 'CALM/USDT', 'LONG', 0.5));
    const step = { at: T + 2 * H, expire: ['sig_CALM/USDT_0'], cancel: [], add: [sig(1, 'CALM/USDT', 'SHORT', 0.6)], cursors: [{ exchange: 'demo', symbol: 'CALM/USDT', timeframe: '1h' as const, last: T + H, updatedAt: T + 2 * H }] };
    db.liveCursors.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(recordLiveStep(db, step)).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect((await db.signals.toArray()).map((s) => [s.id, s.status])).toEqual([['sig_CALM/USDT_0', 'ACTIVE']]);
    expect(await listLiveCursors(db)).toEqual([]);
  });

  it('keeps a signal already stored and changes only ACTIVE ones', async () => {
    db = await memoryDb();
    const first = sig(0, 'CALM/USDT', 'LONG', 0.5);
    await saveSignal(db, { ...first, status: 'TRIGGERED' });
    const done = await recordLiveStep(db, { at: T + 9 * H, expire: [first.id, 'sig_unknown'], cancel: [], add: [{ ...first, confidence: 0.9 }, sig(1, 'CALM/USDT', 'LONG', 0.5)], cursors: [] });
    expect(done).toEqual({ expired: [], cancelled: [], added: ['sig_CALM/USDT_1'] });
    expect(await db.signals.get(first.id)).toMatchObject({ status: 'TRIGGERED', confidence: 0.5 });
  });
});
