import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { CandlelabDb, declareVersions } from '../db';
import { SCHEMA_VERSIONS } from '../schema';
import { memoryIdb } from '../testing/memory-db';

const open: Dexie[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
});

function job(id: string, summary: Record<string, unknown> | undefined) {
  return {
    id,
    seq: Number(id.slice(3)),
    name: id,
    batch: null,
    config: { exchange: 'binance', symbols: ['BTC/USDT'], timeframe: '1h', strategy: 'BALANCED', ...(summary ? { report: { summary } } : {}) },
    status: summary ? 'COMPLETED' : 'PENDING',
    progress: summary ? 1 : 0,
    createdAt: Number(id.slice(3)),
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}

describe('schema version 3: the profit factor flag of completed backtests', () => {
  it('follows the engine rule on the stored metrics, reading results only where the summary cannot tell', async () => {
    const deps = memoryIdb();
    const old = new Dexie('candlelab-v1', deps);
    open.push(old);
    declareVersions(old, SCHEMA_VERSIONS.filter((v) => v.version === 1));
    await old.open();
    await old.table('backtestJobs').bulkAdd([
      // Wins and break-even trades, no loss: infinite (the list used to show "—" here).
      job('bt_1', { trades: 3, winRate: 2 / 3, profitFactor: null }),
      job('bt_2', { trades: 4, winRate: 0.5, profitFactor: 1.8 }),
      job('bt_3', { trades: 0, winRate: null, profitFactor: null }),
      // Only break-even trades: no profit, so not infinite.
      job('bt_4', { trades: 2, winRate: 0, profitFactor: null }),
      job('bt_5', undefined),
      job('bt_6', { trades: 1, winRate: 1, profitFactor: null, profitFactorInfinite: true }),
    ]);
    await old.table('backtestResults').bulkAdd([
      { jobId: 'bt_1', trades: [], metrics: { profitFactor: null, grossProfit: 12.5, grossLoss: 0 }, createdAt: 1 },
      { jobId: 'bt_4', trades: [], metrics: { profitFactor: null, grossProfit: 0, grossLoss: 0 }, createdAt: 1 },
    ]);
    old.close();

    const db = new CandlelabDb({ name: 'candlelab-v1', ...deps });
    open.push(db);
    await db.open();
    const flags = Object.fromEntries(
      (await db.backtestJobs.toArray()).map((j) => [j.id, (j.config.report as { summary?: { profitFactorInfinite?: unknown } } | undefined)?.summary?.profitFactorInfinite]),
    );
    expect(flags).toEqual({ bt_1: true, bt_2: false, bt_3: false, bt_4: false, bt_5: undefined, bt_6: true });
  });
});
