import { afterEach, describe, expect, it } from 'vitest';
import { catchUpTicks } from '../../src/core/paper/catch-up';
import { newBotState } from '../../src/core/paper/state';
import { book, T0, testSettings } from '../../src/core/paper/test-support';
import { createPaperAccount, listPaperTrades, startBotSession, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { cancelTask, CancelledError, createTaskContext, type Progress } from '../bridge';
import { setWorkerDb } from './db-connection';
import { paperTasks } from './paper-tasks';

let db: CandlelabDb;
afterEach(() => {
  setWorkerDb(undefined);
  db?.close();
});

const rows = Array.from({ length: 6 }, () => [100, 101, 99, 100] as const);
const b = book([{ symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG' }, { bar: 3, direction: 'SHORT' }] }], testSettings());
const signals = Array.from(b.series[0].candles.time).flatMap((t, i) => b.lookup('AAA', i, t) ?? []);

async function setUp(): Promise<string> {
  db = await memoryDb();
  setWorkerDb(db);
  const acc = await createPaperAccount(db, { name: 'Bot', autoTrading: true, minConfidence: 0, minMinutesBetweenTrades: 0 });
  await startBotSession(db, { account: acc.id, exchange: 'binance', strategy: 'TEST', preset: null, config: {}, symbols: ['AAA'], timeframe: '1h' }, T0);
  return acc.id;
}

describe('paper tasks of the data worker', () => {
  it('paperTick steps the bot on a closed candle and stores the ledger', async () => {
    const acc = await setUp();
    const ctx = createTaskContext(new AbortController().signal, () => undefined);
    for (const tick of catchUpTicks(newBotState('x', '0'), b.series, b.lookup)) {
      await paperTasks.paperTick.run({ timeframe: '1h', tick, now: T0 }, ctx);
    }
    expect((await listPaperTrades(db, acc)).map((t) => [t.direction, t.status])).toEqual([
      ['SHORT', 'OPEN'],
      ['LONG', 'CLOSED'],
    ]);
  });

  it('paperCatchUp reports progress per tick and stops between ticks when cancelled, resuming later where it stopped', async () => {
    const acc = await setUp();
    const progress: Progress[] = [];
    const controller = new AbortController();
    const ctx = createTaskContext(controller.signal, (p) => {
      progress.push(p);
      if (p.done === 2) cancelTask(controller);
    }, { yieldEveryMs: 0 });
    await expect(paperTasks.paperCatchUp.run({ timeframe: '1h', series: b.series, signals, now: T0 }, ctx)).rejects.toBeInstanceOf(CancelledError);
    expect(progress.map((p) => [p.done, p.total, p.phase])).toEqual([
      [1, 6, 'catch-up'],
      [2, 6, 'catch-up'],
    ]);
    expect(await listPaperTrades(db, acc)).toHaveLength(1);
    await paperTasks.paperCatchUp.run({ timeframe: '1h', series: b.series, signals, now: T0 }, createTaskContext(new AbortController().signal, () => undefined));
    expect((await listPaperTrades(db, acc)).map((t) => t.direction)).toEqual(['SHORT', 'LONG']);
  });
});
