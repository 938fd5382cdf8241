import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { sliceCandles } from '../../src/core/candles/types';
import { lowerBound } from '../../src/core/util/binary-search';
import { annualisedVolatility } from '../../src/core/reports/volatility';
import {
  completeBacktestJob,
  createBacktestJob,
  updateBacktestJob,
  writeCandles,
  type BacktestConfigSnapshot,
  type CandlelabDb,
} from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext, type Progress } from '../bridge';
import { collectVolatilityEntries, periodOf, reportConfigOf } from './volatility-tasks';

const H = 3_600_000;
const FROM = Date.UTC(2023, 4, 6);
const TO = Date.UTC(2023, 11, 29, 23);

let db: CandlelabDb;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(() => db.close());

const ctx = (progress: Progress[] = [], token = new AbortController()) => createTaskContext(token.signal, (p) => progress.push(p));

/** Stores the shared 1h candles of `file` from 200 h before FROM to 200 h after TO as `symbol`. */
async function storeCandles(file: string, symbol: string): Promise<void> {
  const c = loadSharedCandles(file, '1h');
  const part = sliceCandles(c, lowerBound(c.time, FROM - 200 * H), lowerBound(c.time, TO + 200 * H));
  await writeCandles(db, { exchange: 'binance', symbol, timeframe: '1h' }, part, { source: 'file' });
}

function config(symbols: string[], extra: Partial<BacktestConfigSnapshot> = {}): BacktestConfigSnapshot {
  return { exchange: 'binance', symbols, timeframe: '1h', strategy: 'BALANCED', from: FROM, to: TO, ...extra };
}

const METRICS = { totalTrades: 12, winRate: 0.5, grossProfit: 300, grossLoss: 200, profitFactor: 1.5, roiPct: 1, sharpe: 0.8, maxDrawdownPct: 3, sqn: 1.1 };

/** Queues a job and completes it with a small result (equity from `first` to `last`). */
async function completedJob(name: string, cfg: BacktestConfigSnapshot, first = FROM, last = TO): Promise<number> {
  const job = await createBacktestJob(db, { name, config: cfg });
  await updateBacktestJob(db, job.id, { status: 'RUNNING' });
  await completeBacktestJob(db, {
    jobId: job.id,
    trades: [],
    equity: { time: Float64Array.from([first, first + H, last]), value: Float64Array.from([10_000, 10_050, 10_100]) },
    metrics: METRICS,
    createdAt: 0,
  });
  return job.seq;
}

describe('collectVolatilityEntries', () => {
  it('measures each completed job over its period from the stored candles', async () => {
    await storeCandles('BTCUSDT', 'BTC/USDT');
    await storeCandles('SOLUSDT', 'SOL/USDT');
    const a = await completedJob('BTC', config(['BTC/USDT']));
    const b = await completedJob('SOL', config(['SOL/USDT'], { params: { sl_atr_multiplier: 2.2 } }));
    const c = await completedJob('both', config(['BTC/USDT', 'SOL/USDT']));
    const progress: Progress[] = [];
    const out = await collectVolatilityEntries(db, { seqs: [c, a, b, a] }, ctx(progress));

    const btc = annualisedVolatility(loadSharedCandles('BTCUSDT', '1h'), '1h', FROM, TO)!;
    const sol = annualisedVolatility(loadSharedCandles('SOLUSDT', '1h'), '1h', FROM, TO)!;
    expect(out.skipped).toEqual([]);
    expect(out.entries.map((e) => e.seq)).toEqual([a, b, c]);
    const [eA, eB, eC] = out.entries;
    expect(eA.annualisedVol).toBeCloseTo(btc, 9);
    expect(eA.symbolVols).toBeUndefined();
    expect(eA.period).toEqual({ from: FROM, to: TO });
    expect(eA.symbols).toEqual(['BTC/USDT']);
    expect(eA.timeframe).toBe('1h');
    expect(eA.name).toBe('BTC');
    expect(eA.metrics).toEqual({ totalTrades: 12, winRate: 0.5, grossProfit: 300, grossLoss: 200, profitFactor: 1.5, roiPct: 1, sharpe: 0.8, maxDrawdownPct: 3 });
    expect(eB.annualisedVol).toBeCloseTo(sol, 9);
    expect(eB.config).toEqual({ strategy: 'BALANCED', stopAtrMult: 2.2, targetAtrMult: 3, adxThreshold: 20, minConfidence: 0.5 });
    expect(eC.annualisedVol).toBeCloseTo((btc + sol) / 2, 9);
    expect(eC.symbolVols!.map((s) => s.symbol)).toEqual(['BTC/USDT', 'SOL/USDT']);
    expect(eC.symbolVols![0].annualisedVol).toBeCloseTo(btc, 9);
    expect(eC.symbolVols![1].annualisedVol).toBeCloseTo(sol, 9);
    expect(progress[progress.length - 1]).toMatchObject({ done: 3, total: 3 });
  });

  it('lists jobs that are not completed, or not found, as skipped with their status', async () => {
    const pending = await createBacktestJob(db, { name: 'waiting', config: config(['BTC/USDT']) });
    const failed = await createBacktestJob(db, { name: 'broken', config: config(['BTC/USDT']) });
    await updateBacktestJob(db, failed.id, { status: 'FAILED', error: 'boom' });
    const done = await completedJob('done', config(['ETH/USDT']));
    const out = await collectVolatilityEntries(db, { seqs: [pending.seq, failed.seq, done, 99] }, ctx());
    expect(out.skipped).toEqual([
      { seq: pending.seq, status: 'PENDING', name: 'waiting', reason: 'not run yet' },
      { seq: failed.seq, status: 'FAILED', name: 'broken', reason: 'failed' },
      { seq: 99, status: 'MISSING', name: null, reason: 'no backtest has this number' },
    ]);
    // No ETH candles are stored: the job is reported, with an unknown volatility.
    expect(out.entries.map((e) => [e.seq, e.annualisedVol])).toEqual([[done, null]]);
  });

  it('falls back to the equity curve for the period when the configuration has none', async () => {
    await storeCandles('BTCUSDT', 'BTC/USDT');
    const from = Date.UTC(2023, 6, 1);
    const to = Date.UTC(2023, 8, 30, 23);
    const seq = await completedJob('open', config(['BTC/USDT'], { from: undefined, to: undefined }), from, to);
    const out = await collectVolatilityEntries(db, { seqs: [seq] }, ctx());
    expect(out.entries[0].period).toEqual({ from, to });
    expect(out.entries[0].annualisedVol).toBeCloseTo(annualisedVolatility(loadSharedCandles('BTCUSDT', '1h'), '1h', from, to)!, 9);
  });

  it('stops when cancelled and rejects bad numbers naming them', async () => {
    const seq = await completedJob('x', config(['BTC/USDT']));
    const token = new AbortController();
    token.abort();
    await expect(collectVolatilityEntries(db, { seqs: [seq] }, ctx([], token))).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(collectVolatilityEntries(db, { seqs: [1, 0] }, ctx())).rejects.toThrow('seqs[1]: 0 is not a job number');
  });
});

describe('reportConfigOf and periodOf', () => {
  it('reads the complete parameters of a preset, overrides included', () => {
    // docs of the presets: CONSERVATIVE is 2 / 4 ATR, ADX ≥ 25, confidence ≥ 0.6.
    expect(reportConfigOf(config(['X'], { strategy: 'conservative' }))).toEqual({
      strategy: 'CONSERVATIVE',
      stopAtrMult: 2,
      targetAtrMult: 4,
      adxThreshold: 25,
      minConfidence: 0.6,
    });
    expect(reportConfigOf(config(['X'], { strategy: 'BALANCED', params: { adx_threshold: 30, min_confidence: 0.7 } }))).toMatchObject({
      adxThreshold: 30,
      minConfidence: 0.7,
    });
  });

  it('prefers the parameters and window the completed run reported', () => {
    const ran = config(['X'], {
      strategy: 'balanced',
      from: null,
      to: null,
      report: { strategy: { name: 'BALANCED', params: { sl_atr_multiplier: 1.7, tp_atr_multiplier: 3.4, adx_threshold: 18, min_confidence: 0.55 } }, summary: { start: 100, end: 200 } },
    });
    expect(reportConfigOf(ran)).toEqual({ strategy: 'BALANCED', stopAtrMult: 1.7, targetAtrMult: 3.4, adxThreshold: 18, minConfidence: 0.55 });
    expect(periodOf(ran, [1, 2, 3])).toEqual({ from: 100, to: 200 });
    expect(periodOf({ ...ran, from: 150 }, [1, 2, 3])).toEqual({ from: 150, to: 200 });
  });

  it('gives null settings for a strategy without them', () => {
    expect(reportConfigOf(config(['X'], { strategy: 'HMA_SMA' }))).toEqual({
      strategy: 'HMA_SMA',
      stopAtrMult: null,
      targetAtrMult: null,
      adxThreshold: null,
      minConfidence: null,
    });
  });

  it('takes the period from the configuration, else from the equity curve', () => {
    expect(periodOf(config(['X']), [1, 2])).toEqual({ from: FROM, to: TO });
    expect(periodOf(config(['X'], { from: undefined, to: undefined }), [5, 6, 9])).toEqual({ from: 5, to: 9 });
    expect(periodOf(config(['X'], { from: undefined, to: undefined }), [])).toBeNull();
  });
});
