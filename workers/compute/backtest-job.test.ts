import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { runBacktestRequest, type BacktestReport } from '../../src/core/backtest/request';
import { sliceCandles, type CandleColumns } from '../../src/core/candles/types';
import { annualisedVolatility } from '../../src/core/reports/volatility';
import {
  cancelBacktestJobs,
  createBacktestJobs,
  getBacktestJob,
  getBacktestResult,
  startBacktestJob,
  writeCandles,
  type CandlelabDb,
} from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { cancelTask, createPool, type Progress } from '../bridge';
import { spawnNodeWorker, type NodeWorkerHandle } from '../bridge/test-support/node-worker';
import type { BacktestJobConfig } from '../../src/core/backtest/job';
import { executeBacktestJob } from './backtest-job';
import type { ComputeTestTasks } from './test-support/db-entry';

const H = 3_600_000;
const FROM = Date.UTC(2021, 7, 1);
const TO = Date.UTC(2021, 10, 30, 23);

function candles(symbol: string): CandleColumns {
  return sliceCandles(loadSharedCandles(symbol, '1h'), 0, 6000);
}

function jobConfig(over: Partial<BacktestJobConfig> = {}): BacktestJobConfig {
  return {
    exchange: 'binance',
    symbols: ['BTC/USDT'],
    timeframe: '1h',
    strategy: 'BALANCED',
    params: { sl_atr_multiplier: 2 },
    from: FROM,
    to: TO,
    backtest: { ...DEFAULT_BACKTEST_CONFIG, sizing: { kind: 'equity', value: 10 } },
    ...over,
  };
}

/** The same run done directly with the engine in this process: the oracle for the stored result. */
function expectedReport(config: BacktestJobConfig, bySymbol: Record<string, CandleColumns>): BacktestReport {
  return runBacktestRequest({
    config: config.backtest,
    strategy: { name: config.strategy, params: config.params },
    series: config.symbols.map((s) => ({
      symbol: s,
      timeframe: config.timeframe,
      candles: sliceCandles(bySymbol[s], 0, config.to === null ? bySymbol[s].time.length : upTo(bySymbol[s].time, config.to)),
    })),
    from: config.from ?? undefined,
    to: config.to ?? undefined,
  });
}

function upTo(time: Float64Array, t: number): number {
  let i = 0;
  while (i < time.length && time[i] <= t) i++;
  return i;
}

const CANDLES: Record<string, CandleColumns> = { 'BTC/USDT': candles('BTCUSDT'), 'SOL/USDT': candles('SOLUSDT') };

async function seed(db: CandlelabDb): Promise<void> {
  for (const [symbol, c] of Object.entries(CANDLES)) {
    await writeCandles(db, { exchange: 'binance', symbol, timeframe: '1h' }, c, { source: 'file' });
  }
}

function fakeCtx(cancelAfter = Infinity) {
  const progress: Progress[] = [];
  const controller = new AbortController();
  return {
    progress,
    ctx: {
      progress: (p: Progress) => {
        progress.push(p);
        if (progress.length > cancelAfter) cancelTask(controller);
      },
      signal: controller.signal,
      checkpoint: async () => controller.signal.throwIfAborted(),
    },
  };
}

async function queued(db: CandlelabDb, configs: BacktestJobConfig[]): Promise<string[]> {
  const jobs = await createBacktestJobs(db, configs.map((config, i) => ({ name: `job ${i}`, config })), 'batch_1');
  for (const j of jobs) await startBacktestJob(db, j.id);
  return jobs.map((j) => j.id);
}

let db: CandlelabDb | undefined;
afterEach(() => db?.close());

describe('executeBacktestJob', () => {
  it('stores the same trades, metrics and breakdowns as the engine run directly, with COMPLETED, in one go', async () => {
    db = await memoryDb();
    await seed(db);
    const config = jobConfig();
    const [id] = await queued(db, [config]);
    const { ctx, progress } = fakeCtx();
    const outcome = await executeBacktestJob(db, id, ctx, () => 1_000);
    const expected = expectedReport(config, CANDLES);
    expect(expected.trades.length).toBeGreaterThan(5);

    expect(outcome).toMatchObject({ jobId: id, status: 'COMPLETED', error: null, trades: expected.trades.length, roiPct: expected.metrics.roiPct });
    expect(JSON.stringify(outcome).length).toBeLessThan(400);

    const job = await getBacktestJob(db, id);
    expect(job).toMatchObject({ status: 'COMPLETED', progress: 1, finishedAt: 1_000, error: null });
    const report = (job!.config as BacktestJobConfig).report!;
    expect(report.strategy.params).toEqual(expected.strategy.params);
    expect(report.strategy.params.sl_atr_multiplier).toBe(2);
    expect(report.strategy.params.tp_atr_multiplier).toBe(3);
    expect(report.config).toEqual(expected.config);
    expect(report.summary).toEqual(expected.summary);

    const result = await getBacktestResult(db, id);
    expect(result!.trades).toEqual(expected.trades);
    expect(result!.metrics).toEqual({ ...expected.metrics });
    expect(Array.from(result!.equity.time)).toEqual(expected.equity.map((p) => p[0]));
    expect(Array.from(result!.equity.value)).toEqual(expected.equity.map((p) => p[1]));
    // Breakdowns are derived data: every view computes them from the trades, none is stored.
    expect(Object.keys(result!).sort()).toEqual(['createdAt', 'equity', 'jobId', 'metrics', 'trades']);
    expect(report.summary.profitFactorInfinite).toBe(false);

    expect(progress[0]).toMatchObject({ done: 0, phase: 'read' });
    expect(progress.at(-1)).toMatchObject({ done: 1000, total: 1000 });
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
  });

  it('runs several symbols as one portfolio', async () => {
    db = await memoryDb();
    await seed(db);
    const config = jobConfig({ symbols: ['BTC/USDT', 'SOL/USDT'], strategy: 'AGGRESSIVE', params: {}, from: null });
    const [id] = await queued(db, [config]);
    await executeBacktestJob(db, id, fakeCtx().ctx);
    const expected = expectedReport(config, CANDLES);
    const result = await getBacktestResult(db, id);
    expect(new Set(result!.trades.map((t) => t.symbol))).toEqual(new Set(['BTC/USDT', 'SOL/USDT']));
    expect(result!.trades).toEqual(expected.trades);
    expect(result!.metrics).toEqual({ ...expected.metrics });
  });

  it('marks the job FAILED with a message naming the field and value', async () => {
    db = await memoryDb();
    await seed(db);
    const [bad, missing, capital] = await queued(db, [
      jobConfig({ params: { sl_atr_multiplier: 0 } }),
      jobConfig({ symbols: ['PEPE/USDT'] }),
      jobConfig({ backtest: { ...DEFAULT_BACKTEST_CONFIG, initialCapital: 5 } }),
    ]);
    const o1 = await executeBacktestJob(db, bad, fakeCtx().ctx);
    expect(o1).toMatchObject({ status: 'FAILED', error: 'sl_atr_multiplier: 0 is out of range [0.1, 20]' });
    expect(await getBacktestJob(db, bad)).toMatchObject({ status: 'FAILED', error: 'sl_atr_multiplier: 0 is out of range [0.1, 20]' });
    const o2 = await executeBacktestJob(db, missing, fakeCtx().ctx);
    expect(o2.status).toBe('FAILED');
    expect(o2.error).toContain('config.symbols: "PEPE/USDT" has no stored binance 1h candles');
    const o3 = await executeBacktestJob(db, capital, fakeCtx().ctx);
    expect(o3.error).toBe('initialCapital: 5 must be between 100 and 1000000');
    expect(await getBacktestResult(db, bad)).toBeUndefined();
  });

  it('marks the job CANCELLED and rethrows when cancelled during the run', async () => {
    db = await memoryDb();
    await seed(db);
    const [id] = await queued(db, [jobConfig()]);
    await expect(executeBacktestJob(db, id, fakeCtx(3).ctx)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await getBacktestJob(db, id)).toMatchObject({ status: 'CANCELLED' });
    expect(await getBacktestResult(db, id)).toBeUndefined();
  });

  it('with start, marks a PENDING job RUNNING itself, and leaves one cancelled meanwhile alone', async () => {
    db = await memoryDb();
    await seed(db);
    const jobs = await createBacktestJobs(db, [{ name: 'a', config: jobConfig() }, { name: 'b', config: jobConfig() }]);
    const outcome = await executeBacktestJob(db, jobs[0].id, fakeCtx().ctx, () => 77, true);
    expect(outcome.status).toBe('COMPLETED');
    expect(await getBacktestJob(db, jobs[0].id)).toMatchObject({ status: 'COMPLETED', startedAt: 77, finishedAt: 77 });
    await cancelBacktestJobs(db, [jobs[1].id]);
    expect((await executeBacktestJob(db, jobs[1].id, fakeCtx().ctx, Date.now, true)).status).toBe('CANCELLED');
    expect(await getBacktestResult(db, jobs[1].id)).toBeUndefined();
    // Without start, a PENDING job is not run.
    const [c] = await createBacktestJobs(db, [{ name: 'c', config: jobConfig() }]);
    expect((await executeBacktestJob(db, c.id, fakeCtx().ctx)).status).toBe('PENDING');
  });

  it('leaves a job that is no longer RUNNING as it is', async () => {
    db = await memoryDb();
    await seed(db);
    const [id] = await queued(db, [jobConfig()]);
    await cancelBacktestJobs(db, [id], 5);
    const outcome = await executeBacktestJob(db, id, fakeCtx().ctx);
    expect(outcome.status).toBe('CANCELLED');
    expect(await getBacktestJob(db, id)).toMatchObject({ status: 'CANCELLED', finishedAt: 5 });
    expect(await getBacktestResult(db, id)).toBeUndefined();
    await expect(executeBacktestJob(db, 'bt_nope', fakeCtx().ctx)).rejects.toThrow('jobId: "bt_nope" is not a stored backtest job');
  });
});

describe('the runBacktestJob task in a worker thread', () => {
  const spawned: NodeWorkerHandle[] = [];
  afterAll(() => {
    for (const w of spawned) w.terminate();
  });

  it('reads the job and candles from its own database, stores the result and returns only a summary', async () => {
    const pool = createPool<ComputeTestTasks>(() => {
      const w = spawnNodeWorker(new URL('./test-support/db-entry.ts', import.meta.url));
      spawned.push(w);
      return w;
    }, { size: 1 });
    try {
      await pool.run('seedCandles', { key: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, candles: CANDLES['BTC/USDT'] });
      const config = jobConfig({ strategy: 'CONSERVATIVE', params: {}, to: TO + 30 * 24 * H });
      const [id] = await pool.run('queueAndStart', { jobs: [{ name: 'one', config }] });
      const seen: Progress[] = [];
      const outcome = await pool.run('runBacktestJob', { jobId: id }, { onProgress: (p) => seen.push(p) });
      const expected = expectedReport(config, CANDLES);
      expect(expected.trades.length).toBeGreaterThan(0);
      expect(outcome).toMatchObject({ status: 'COMPLETED', trades: expected.trades.length, profitFactor: expected.metrics.profitFactor });
      expect(outcome).not.toHaveProperty('equity');
      expect(seen.at(-1)).toMatchObject({ done: 1000, total: 1000 });
      const { job, result } = await pool.run('readJob', { jobId: id });
      expect(job?.status).toBe('COMPLETED');
      expect(result?.trades).toEqual(expected.trades);
      expect(result?.metrics).toEqual({ ...expected.metrics });
      expect(result?.equity.value).toBeInstanceOf(Float64Array);

      const vols = await pool.run('seriesVolatility', { exchange: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], timeframe: '1h', from: FROM, to: TO });
      expect(vols).toEqual([
        { symbol: 'BTC/USDT', timeframe: '1h', volatility: annualisedVolatility(CANDLES['BTC/USDT'], '1h', FROM, TO) },
        { symbol: 'ETH/USDT', timeframe: null, volatility: null },
      ]);
      expect(vols[0].volatility).toBeGreaterThan(30);
    } finally {
      pool.dispose();
    }
  }, 60_000);
});
