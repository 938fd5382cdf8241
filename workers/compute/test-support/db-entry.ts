/**
 * Test support: the compute tasks served from a `worker_threads` thread with an in-memory
 * IndexedDB (fake-indexeddb, installed before anything opens the database), plus tasks that seed
 * and read that database, since a worker thread's fake IndexedDB is its own.
 */
import 'fake-indexeddb/auto';
import { parentPort } from 'node:worker_threads';
import type { CandleColumns } from '../../../src/core/candles/types';
import {
  createBacktestJobs,
  getBacktestJob,
  getBacktestResult,
  startBacktestJob,
  writeCandles,
  type BacktestJobInput,
  type SeriesKey,
} from '../../../src/data';
import { defineTask } from '../../bridge';
import { exposeTasks } from '../../bridge/host';
import { workerDb } from '../../data/db-connection';
import { computeTasks } from '../tasks';

const testTasks = {
  ...computeTasks,
  seedCandles: defineTask(async (args: { key: SeriesKey; candles: CandleColumns }) => {
    await writeCandles(await workerDb(), args.key, args.candles, { source: 'file' });
    return true;
  }),
  queueAndStart: defineTask(async (args: { jobs: BacktestJobInput[] }) => {
    const db = await workerDb();
    const jobs = await createBacktestJobs(db, args.jobs, 'batch_test');
    for (const j of jobs) await startBacktestJob(db, j.id);
    return jobs.map((j) => j.id);
  }),
  readJob: defineTask(async (args: { jobId: string }) => {
    const db = await workerDb();
    return { job: await getBacktestJob(db, args.jobId), result: await getBacktestResult(db, args.jobId) };
  }),
};

export type ComputeTestTasks = typeof testTasks;

if (parentPort !== null) exposeTasks(testTasks, parentPort as unknown as Parameters<typeof exposeTasks>[1]);
