import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tradesCsv } from '../../src/core/backtest/trades-csv';
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { sliceCandles } from '../../src/core/candles/types';
import {
  createBacktestJob,
  getBacktestJobBySeq,
  getBacktestResult,
  listBacktestJobs,
  startBacktestJob,
  writeCandles,
  type CandlelabDb,
} from '../../src/data';
import { loadSharedCandles } from '../../tests/support/shared-data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { buildResultFileFromCandles, type BuiltResultFile } from '../../tests/support/result-files';
import { createTaskContext, type Progress, type TaskContext } from '../bridge';
import { setWorkerDb } from '../data/db-connection';
import { executeBacktestJob } from './backtest-job';
import { BACKTEST_NOT_FOUND, resultFileTasks } from './result-file-tasks';

function ctx(progress: Progress[] = []): TaskContext {
  return createTaskContext(new AbortController().signal, (p) => progress.push(p));
}

async function rejection(p: unknown): Promise<{ code?: string; message: string; details?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

let built: BuiltResultFile;
let db: CandlelabDb;

beforeAll(() => {
  built = buildResultFileFromCandles({
    name: 'ETH swing 2021',
    symbol: 'ETHUSDT',
    timeframe: '1h',
    strategy: 'SWING',
    from: Date.UTC(2021, 5, 1),
    to: Date.UTC(2021, 11, 31),
  });
});

beforeEach(async () => {
  db = await memoryDb();
  setWorkerDb(db);
});

afterEach(() => {
  setWorkerDb(undefined);
  db.close();
});

describe('result file tasks', () => {
  it('imports a file as a new completed job and exports it again byte for byte', async () => {
    await createBacktestJob(db, { name: 'queued before', config: { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', strategy: 'BALANCED' } });
    const progress: Progress[] = [];
    const bytes = new TextEncoder().encode(built.text).buffer as ArrayBuffer;
    const res = await resultFileTasks.importResultFile.run({ fileName: 'eth.json', bytes }, ctx(progress));
    expect(res).toMatchObject({ seq: 2, name: 'ETH swing 2021', trades: built.report.trades.length });
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });

    const job = await getBacktestJobBySeq(db, 2);
    expect(job).toMatchObject({ id: res.jobId, status: 'COMPLETED', progress: 1, batch: null, error: null, config: built.file.job.config });
    const result = await getBacktestResult(db, res.jobId);
    expect(result?.trades).toEqual(built.report.trades);
    expect(Array.from(result!.equity.time)).toEqual(built.report.equity.map((p) => p[0]));
    expect(Array.from(result!.equity.value)).toEqual(built.report.equity.map((p) => p[1]));

    const exported = await resultFileTasks.exportResultFile.run({ seq: 2 }, ctx());
    expect(exported.fileName).toBe('backtest-2-eth-swing-2021.json');
    expect(exported.text).toBe(built.text);

    const csv = await resultFileTasks.exportTradesCsv.run({ seq: 2 }, ctx());
    expect(csv.fileName).toBe('backtest-2-eth-swing-2021-trades.csv');
    expect(csv.text).toBe(tradesCsv(built.report.trades));

    const again = await resultFileTasks.importResultFile.run({ fileName: 'eth.json', text: exported.text }, ctx());
    expect(again.seq).toBe(3);
    expect((await resultFileTasks.exportResultFile.run({ seq: 3 }, ctx())).text).toBe(built.text);
  });

  it('refuses a damaged or foreign file with the field named and stores nothing', async () => {
    const raw = JSON.parse(built.text) as { trades: Array<Record<string, unknown>> };
    raw.trades[1].direction = 'UP';
    const e = await rejection(resultFileTasks.importResultFile.run({ fileName: 'bad.json', text: JSON.stringify(raw) }, ctx()));
    expect(e.code).toBe('RESULT_FILE_INVALID');
    expect(e.message).toBe('trades[1].direction: "UP" is not LONG or SHORT');
    const foreign = await rejection(resultFileTasks.importResultFile.run({ fileName: 'x.json', text: '{"hello":"world"}' }, ctx()));
    expect(foreign.message).toMatch(/^format: missing: this JSON is not a Candlelab backtest result file/);
    expect(await listBacktestJobs(db)).toEqual([]);
    expect(await db.backtestResults.count()).toBe(0);
  });

  it('refuses a file whose metrics its trades contradict, naming the metric and both values, and stores nothing', async () => {
    const raw = JSON.parse(built.text) as { metrics: Record<string, number | null> };
    const real = raw.metrics.roiPct!;
    raw.metrics.roiPct = 999.5;
    const e = await rejection(resultFileTasks.importResultFile.run({ fileName: 'tampered.json', text: JSON.stringify(raw) }, ctx()));
    expect(e.code).toBe('RESULT_FILE_INVALID');
    expect(e.details).toEqual({ field: 'metrics.roiPct' });
    expect(e.message).toBe(`metrics.roiPct: 999.5 does not match the trades and equity, which give ${Number(real.toPrecision(10))} (Return)`);
    expect(await listBacktestJobs(db)).toEqual([]);
    expect(await db.backtestResults.count()).toBe(0);
  });

  it('refuses to export a job that does not exist or has no result', async () => {
    const missing = await rejection(resultFileTasks.exportResultFile.run({ seq: 7 }, ctx()));
    expect(missing).toMatchObject({ code: BACKTEST_NOT_FOUND, message: 'seq: there is no backtest #7' });
    await createBacktestJob(db, { name: 'pending', config: { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', strategy: 'BALANCED' } });
    const pending = await rejection(resultFileTasks.exportTradesCsv.run({ seq: 1 }, ctx()));
    expect(pending).toMatchObject({ code: BACKTEST_NOT_FOUND, message: 'seq: backtest #1 is PENDING, it has no result to export' });
  });

  it('exports a job the queue ran, and its import exports to the same bytes', async () => {
    await writeCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, sliceCandles(loadSharedCandles('BTCUSDT', '1h'), 0, 8000), { source: 'file' });
    const job = await createBacktestJob(db, {
      name: 'queued BTC',
      config: {
        exchange: 'binance',
        symbols: ['BTC/USDT'],
        timeframe: '1h',
        strategy: 'AGGRESSIVE',
        params: {},
        from: Date.UTC(2021, 6, 1),
        to: null,
        backtest: { ...DEFAULT_BACKTEST_CONFIG, sizing: { kind: 'equity', value: 20 } },
      },
    });
    expect(await startBacktestJob(db, job.id)).toBe(true);
    const outcome = await executeBacktestJob(db, job.id, ctx());
    expect(outcome.status).toBe('COMPLETED');
    expect(outcome.trades).toBeGreaterThan(0);
    const first = await resultFileTasks.exportResultFile.run({ seq: job.seq }, ctx());
    const parsed = JSON.parse(first.text) as { strategy: { name: string }; trades: unknown[] };
    expect(parsed.strategy.name).toBe('AGGRESSIVE');
    expect(parsed.trades).toHaveLength(outcome.trades!);
    const imported = await resultFileTasks.importResultFile.run({ fileName: first.fileName, text: first.text }, ctx());
    expect(imported.seq).toBe(job.seq + 1);
    const second = await resultFileTasks.exportResultFile.run({ seq: imported.seq }, ctx());
    expect(second.text).toBe(first.text);
    expect(second.fileName).toBe(`backtest-${imported.seq}-queued-btc.json`);
  });
});
