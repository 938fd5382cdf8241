import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { buildResultFileFromCandles, storeBuiltBacktest, type BuiltResultFile } from '../../tests/support/result-files';
import { createTaskContext } from '../bridge';
import { analysisTasks, loadSource } from './analysis-tasks';
import { setWorkerDb } from '../data/db-connection';

let built: BuiltResultFile;
let db: CandlelabDb;

beforeAll(() => {
  built = buildResultFileFromCandles({ name: 'BTC balanced', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED' });
});
afterEach(() => {
  setWorkerDb(undefined);
  db?.close();
});

function ctx() {
  return createTaskContext(new AbortController().signal, () => {});
}

async function storeBacktest(): Promise<number> {
  db = await memoryDb();
  return storeBuiltBacktest(db, built);
}

describe('sources', () => {
  it('a missing backtest, account or unknown source is refused naming it', async () => {
    db = await memoryDb();
    await expect(loadSource(db, { kind: 'backtest', seq: 9 })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND', message: 'seq: there is no backtest #9' });
    await expect(loadSource(db, { kind: 'account', id: 'acc_x' })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    await expect(loadSource(db, { kind: 'nope' } as never)).rejects.toThrow('is not a backtest, a paper account or the SYSTEM trades');
  });

  it('the dashboard CSV lists the trades behind the range', async () => {
    const seq = await storeBacktest();
    setWorkerDb(db);
    const csv = await analysisTasks.dashboardCsv.run({ source: { kind: 'backtest', seq }, range: { days: 30 } }, ctx());
    const d = await analysisTasks.dashboard.run({ source: { kind: 'backtest', seq }, range: { days: 30 } }, ctx());
    expect(csv.trades).toBe(d.trades.length);
    expect(csv.text.split('\n').length).toBe(d.trades.length + 2);
    expect(csv.fileName).toMatch(/^backtest-1-btc-balanced-trades-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
    expect(d.days).toHaveLength(30);
  });
});
