import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backtestReportDetails, backtestReportView } from '../../src/core/reports/backtest-report';
import { createBacktestJob, getBacktestJobBySeq, updateBacktestJob, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { buildResultFileFromCandles, type BuiltResultFile } from '../../tests/support/result-files';
import { createTaskContext } from '../bridge';
import { backtestReport, backtestReportDetailsOf } from './report-tasks';
import { resultFileTasks } from './result-file-tasks';
import { setWorkerDb } from '../data/db-connection';

let built: BuiltResultFile;
let db: CandlelabDb | undefined;

beforeAll(() => {
  built = buildResultFileFromCandles({ name: 'BTC swing', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'SWING', from: Date.UTC(2021, 5, 1), to: Date.UTC(2021, 11, 31) });
});

afterEach(() => {
  setWorkerDb(undefined);
  db?.close();
});

describe('backtestReport', () => {
  it('builds the report of a completed backtest from the database, and nothing for other numbers', async () => {
    db = await memoryDb();
    setWorkerDb(db);
    await resultFileTasks.importResultFile.run({ fileName: 'btc.json', text: built.text }, createTaskContext(new AbortController().signal, () => undefined));
    const job = (await getBacktestJobBySeq(db, 1))!;
    const answer = await backtestReport(db, 1);
    expect(answer).not.toBeNull();
    expect(answer!.jobId).toBe(job.id);
    expect(answer!.finishedAt).toBe(job.finishedAt);
    expect(answer!.view.trades.length).toBe(built.file.trades.length);
    expect(answer!.view.metrics).toEqual(built.file.metrics);
    const stored = { trades: built.file.trades, equity: answer!.view.equity, metrics: built.file.metrics };
    expect(answer!.view).toEqual(backtestReportView(built.file.job.config, stored));
    // The details follow from the result the report read, and from the database when asked alone.
    const details = await backtestReportDetailsOf(db, job.id);
    expect(details!.breakdowns).toEqual(built.file.breakdowns);
    expect(details).toEqual(backtestReportDetails(built.file.job.config, stored));
    expect(await backtestReportDetailsOf(db, job.id)).toEqual(details);
    expect(await backtestReportDetailsOf(db, 'bt_none')).toBeNull();

    expect(await backtestReport(db, 2)).toBeNull();
    const pending = await createBacktestJob(db, { name: 'waiting', config: built.file.job.config });
    expect(await backtestReport(db, pending.seq)).toBeNull();
    await updateBacktestJob(db, pending.id, { status: 'COMPLETED' });
    expect(await backtestReport(db, pending.seq)).toBeNull();
    await expect(backtestReport(db, 0)).rejects.toThrow('seq: 0 is not a job number');
  });
});
