import { afterEach, describe, expect, it } from 'vitest';
import type { CandlelabDb } from '../db';
import { memoryDb } from '../testing/memory-db';
import type { BacktestConfigSnapshot, BacktestResultRecord } from '../records/backtests';
import {
  cancelAllBacktestJobs,
  cancelBacktestJobs,
  completeRunningBacktestJob,
  countBacktestJobsByStatus,
  createBacktestJob,
  createBacktestJobs,
  deleteBacktestJobs,
  failBacktestJob,
  getBacktestJob,
  getBacktestJobsBySeq,
  getBacktestResult,
  listBatches,
  nextPendingBacktestJob,
  nextPendingBacktestJobs,
  retryBacktestJobs,
  setBacktestJobProgress,
  startBacktestJob,
} from './backtests';

let db: CandlelabDb;
afterEach(() => db?.close());

const config: BacktestConfigSnapshot = { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', strategy: 'BALANCED' };

function result(jobId: string): BacktestResultRecord {
  return {
    jobId,
    trades: [],
    equity: { time: Float64Array.of(1, 2), value: Float64Array.of(100, 101) },
    metrics: { totalTrades: 0 },
    createdAt: 5,
  };
}

describe('the backtest queue in the database', () => {
  it('creates a batch in one transaction with consecutive numbers after the existing ones', async () => {
    db = await memoryDb();
    const first = await createBacktestJob(db, { name: 'solo', config }, 1);
    const jobs = await createBacktestJobs(db, [{ name: 'a', config }, { name: 'b', config }, { name: 'c', config }], 'batch_x', 2);
    expect(first.seq).toBe(1);
    expect(jobs.map((j) => j.seq)).toEqual([2, 3, 4]);
    expect(jobs.every((j) => j.batch === 'batch_x' && j.status === 'PENDING')).toBe(true);
    expect((await getBacktestJobsBySeq(db, [4, 9, 2])).map((j) => j?.name)).toEqual(['c', undefined, 'a']);
    expect(await createBacktestJobs(db, [])).toEqual([]);
  });

  it('stores nothing when one job of a batch is invalid, naming it', async () => {
    db = await memoryDb();
    await expect(createBacktestJobs(db, [{ name: 'a', config }, { name: ' ', config }])).rejects.toThrow('jobs[1].name: " " is not a non-empty string');
    expect(await countBacktestJobsByStatus(db)).toEqual({ PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 0 });
  });

  it('takes PENDING jobs in number order and starts each once', async () => {
    db = await memoryDb();
    const [a, b] = await createBacktestJobs(db, [{ name: 'a', config }, { name: 'b', config }], null, 10);
    const later = await createBacktestJob(db, { name: 'later', config }, 11);
    expect((await nextPendingBacktestJob(db))?.id).toBe(a.id);
    expect(await startBacktestJob(db, a.id, 20)).toBe(true);
    expect(await startBacktestJob(db, a.id, 21)).toBe(false);
    expect(await getBacktestJob(db, a.id)).toMatchObject({ status: 'RUNNING', startedAt: 20, progress: 0 });
    expect((await nextPendingBacktestJob(db))?.id).toBe(b.id);
    await startBacktestJob(db, b.id);
    expect((await nextPendingBacktestJob(db))?.id).toBe(later.id);
    await startBacktestJob(db, later.id);
    expect(await nextPendingBacktestJob(db)).toBeUndefined();
    expect(await countBacktestJobsByStatus(db)).toMatchObject({ PENDING: 0, RUNNING: 3 });
  });

  it('lists the queue in order across batches, skipping jobs already handed out', async () => {
    db = await memoryDb();
    const first = await createBacktestJobs(db, Array.from({ length: 5 }, (_, i) => ({ name: `a${i}`, config })), 'b1', 10);
    const second = await createBacktestJobs(db, Array.from({ length: 3 }, (_, i) => ({ name: `b${i}`, config })), 'b2', 20);
    const seqs = async (n: number, exclude: string[] = []) => (await nextPendingBacktestJobs(db, n, exclude)).map((j) => j.seq);
    expect(await seqs(3)).toEqual([1, 2, 3]);
    expect(await seqs(4, [first[0].id, first[2].id])).toEqual([2, 4, 5, 6]);
    expect(await seqs(20)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await startBacktestJob(db, first[1].id);
    await cancelBacktestJobs(db, [second[0].id]);
    expect(await seqs(20)).toEqual([1, 3, 4, 5, 7, 8]);
    expect(await seqs(0)).toEqual([]);
  });

  it('writes progress and results only while a job is RUNNING', async () => {
    db = await memoryDb();
    const [a, b] = await createBacktestJobs(db, [{ name: 'a', config }, { name: 'b', config }]);
    expect(await setBacktestJobProgress(db, a.id, 0.5)).toBe(false);
    await startBacktestJob(db, a.id);
    expect(await setBacktestJobProgress(db, a.id, 0.5)).toBe(true);
    expect((await getBacktestJob(db, a.id))?.progress).toBe(0.5);
    await expect(setBacktestJobProgress(db, a.id, 2)).rejects.toThrow('progress: 2 is outside 0..1');

    expect(await completeRunningBacktestJob(db, result(a.id), { report: { trades: 3 } }, 30)).toBe(true);
    const done = await getBacktestJob(db, a.id);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: 1, finishedAt: 30 });
    expect(done?.config).toEqual({ ...config, report: { trades: 3 } });
    expect((await getBacktestResult(db, a.id))?.jobId).toBe(a.id);
    // A second completion (e.g. a stale worker) changes nothing.
    expect(await completeRunningBacktestJob(db, result(a.id), { report: null }, 31)).toBe(false);
    expect((await getBacktestJob(db, a.id))?.finishedAt).toBe(30);

    await startBacktestJob(db, b.id);
    await cancelBacktestJobs(db, [b.id], 40);
    expect(await completeRunningBacktestJob(db, result(b.id))).toBe(false);
    expect(await getBacktestResult(db, b.id)).toBeUndefined();
    expect(await failBacktestJob(db, b.id, 'boom')).toBe(false);
    expect((await getBacktestJob(db, b.id))?.status).toBe('CANCELLED');
  });

  it('fails, cancels and retries', async () => {
    db = await memoryDb();
    const [a, b, c, d] = await createBacktestJobs(db, ['a', 'b', 'c', 'd'].map((name) => ({ name, config })));
    await startBacktestJob(db, a.id);
    expect(await failBacktestJob(db, a.id, 'series[0].candles: too few', 7)).toBe(true);
    expect(await getBacktestJob(db, a.id)).toMatchObject({ status: 'FAILED', error: 'series[0].candles: too few', finishedAt: 7 });
    await startBacktestJob(db, b.id);
    expect(await cancelBacktestJobs(db, [a.id, b.id], 8)).toEqual([b.id]);
    expect((await cancelAllBacktestJobs(db, 9)).sort()).toEqual([c.id, d.id].sort());
    expect(await countBacktestJobsByStatus(db)).toMatchObject({ FAILED: 1, CANCELLED: 3 });
    expect(await retryBacktestJobs(db, [a.id, b.id])).toEqual([a.id, b.id]);
    expect(await getBacktestJob(db, a.id)).toMatchObject({ status: 'PENDING', error: null, startedAt: null, finishedAt: null, progress: 0, seq: 1 });
    expect(await retryBacktestJobs(db, [a.id])).toEqual([]);
    // A job whose worker failed before starting it fails from PENDING too; a finished one stays as it is.
    expect(await failBacktestJob(db, a.id, 'worker crashed')).toBe(true);
    expect(await getBacktestJob(db, a.id)).toMatchObject({ status: 'FAILED', error: 'worker crashed' });
    expect(await failBacktestJob(db, a.id, 'again')).toBe(false);
    expect(await failBacktestJob(db, c.id, 'late')).toBe(false);
  });

  it('deletes jobs with their results in one transaction, keeping running ones, and lists batches newest first', async () => {
    db = await memoryDb();
    const old = await createBacktestJobs(db, [{ name: 'o1', config }, { name: 'o2', config }], 'batch_old', 1);
    const jobs = await createBacktestJobs(db, [{ name: 'a', config }, { name: 'b', config }, { name: 'c', config }], 'batch_new', 2);
    await createBacktestJob(db, { name: 'solo', config }, 3);
    expect(await listBatches(db)).toEqual([
      { batch: 'batch_new', count: 3, firstSeq: 3, lastSeq: 5, createdAt: 2 },
      { batch: 'batch_old', count: 2, firstSeq: 1, lastSeq: 2, createdAt: 1 },
    ]);
    for (const j of [jobs[0], jobs[1]]) {
      await startBacktestJob(db, j.id, 4);
    }
    await completeRunningBacktestJob(db, result(jobs[0].id), {}, 5);
    const out = await deleteBacktestJobs(db, jobs.map((j) => j.id));
    expect(out).toEqual({ deleted: [jobs[0].id, jobs[2].id], running: [jobs[1].id] });
    expect(await getBacktestJob(db, jobs[0].id)).toBeUndefined();
    expect(await getBacktestResult(db, jobs[0].id)).toBeUndefined();
    expect((await getBacktestJob(db, jobs[1].id))?.status).toBe('RUNNING');
    expect((await getBacktestJob(db, old[0].id))?.name).toBe('o1');
    expect((await listBatches(db)).map((b) => [b.batch, b.count])).toEqual([['batch_new', 1], ['batch_old', 2]]);
  });
});
