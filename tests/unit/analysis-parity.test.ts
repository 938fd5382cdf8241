/**
 * The app and the command line analyse the same trades the same way: the Analysis screen's worker
 * tasks over trades stored in IndexedDB, and `analyze-trades` / `analyze-performance` over the same
 * trades in a file, give the same JSON (all but the source's label).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../src/cli/testing';
import { DEFAULT_QUERY, type PerformanceAnalysis, type TradeAnalysis, type TradeQuery } from '../../src/core/analysis';
import { canonicalJson, runBacktestRequest } from '../../src/core/backtest/request';
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { createBotSession, createPaperAccount, savePaperTrade, type CandlelabDb, type PaperTradeRecord } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { ledgerFile } from '../support/paper-ledger';
import { buildResultFileFromCandles, storeBuiltBacktest, type BuiltResultFile } from '../support/result-files';
import { loadSharedCandles, sharedDataPath } from '../support/shared-data';
import { createTaskContext } from '../../workers/bridge';
import { analysisTasks, storedTradeAnalysis } from '../../workers/compute/analysis-tasks';
import { setWorkerDb } from '../../workers/data/db-connection';

const dir = tempDir();
let built: BuiltResultFile;
let db: CandlelabDb;

beforeAll(() => {
  built = buildResultFileFromCandles({ name: 'BTC balanced', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED' });
  writeFileSync(join(dir, 'result.json'), built.text);
});
afterEach(() => {
  setWorkerDb(undefined);
  db?.close();
});

function ctx() {
  return createTaskContext(new AbortController().signal, () => {});
}

/** The analysis without the label of its source (the app names the job, the CLI the file). */
function unlabelled<T extends { source: string }>(a: T): Omit<T, 'source'> {
  const { source: _label, ...rest } = JSON.parse(canonicalJson(a)) as T;
  return rest;
}

async function storeBacktest(): Promise<number> {
  db = await memoryDb();
  return storeBuiltBacktest(db, built);
}

describe('the app and the command line give the same analysis of the same trades', () => {
  const queries: TradeQuery[] = [
    { ...DEFAULT_QUERY, limit: null },
    { status: 'CLOSED', days: 90, symbol: 'BTCUSDT', limit: 40 },
  ];

  for (const query of queries) {
    it(`trade analysis of a stored backtest with its stored candles = analyze-trades --candles (${JSON.stringify(query)})`, async () => {
      const seq = await storeBacktest();
      const app = await storedTradeAnalysis(db, { source: { kind: 'backtest', seq }, query }, ctx());
      expect(app.source).toBe(`Backtest #${seq} BTC balanced`);
      expect(app.typicalMove.tradesWithCandles).toBe(app.sampleSize);
      const flags = ['--status', query.status, '--limit', query.limit === null ? 'all' : String(query.limit)];
      if (query.days !== null) flags.push('--days', String(query.days));
      if (query.symbol !== null) flags.push('--symbol', query.symbol);
      const cli = runCli(['analyze-trades', '--trades', 'result.json', '--json', '--candles', sharedDataPath('binance_BTCUSDT_1h.csv'), ...flags], dir);
      expect(cli.stderr).toBe('');
      const fromCli = JSON.parse(cli.stdout) as TradeAnalysis;
      expect(unlabelled(fromCli)).toEqual(unlabelled(app));
    });
  }

  it('performance analysis of a paper account = analyze-performance of the same ledger', async () => {
    db = await memoryDb();
    const candles = loadSharedCandles('SOLUSDT', '1h');
    const report = runBacktestRequest({ config: { ...DEFAULT_BACKTEST_CONFIG }, strategy: { name: 'SCALPER' }, series: [{ symbol: 'SOL/USDT', timeframe: '1h', candles }] });
    const ledger = ledgerFile({ strategy: report.strategy, timeframe: '1h', symbols: ['SOL/USDT'], initialBalance: '10000', trades: report.trades.slice(-60), systemTrades: [] });
    writeFileSync(join(dir, 'ledger.json'), JSON.stringify({ ...ledger, system: undefined }));
    const account = await createPaperAccount(db, { name: 'Main', initialBalance: '10000', stopLossPct: 2, takeProfitPct: 5 });
    await createBotSession(db, {
      name: 'SCALPER on SOL',
      account: account.id,
      exchange: 'binance',
      strategy: 'SIGNAL_ENGINE',
      preset: 'SCALPER',
      config: { ...report.strategy.params },
      symbols: ['SOL/USDT'],
      timeframe: '1h',
      startedAt: report.trades[0].entryTime,
      runtimeLimitMs: null,
      startingBalance: '10000',
      accountSettings: null,
    });
    for (const t of ledger.trades as PaperTradeRecord[]) await savePaperTrade(db, { ...t, account: account.id } as PaperTradeRecord);
    setWorkerDb(db);
    const query: TradeQuery = { status: 'ALL', days: 30, symbol: null, limit: null };
    const app = await analysisTasks.performanceAnalysis.run({ source: { kind: 'account', id: account.id }, query }, ctx());
    const cli = runCli(['analyze-performance', '--trades', 'ledger.json', '--json', '--days', '30'], dir);
    expect(cli.stderr).toBe('');
    const fromCli = JSON.parse(cli.stdout) as PerformanceAnalysis;
    // The ledger file keeps no signals; the account's signals are the stored ones (none here).
    expect(app.signals).toEqual({ total: 0, bullish: 0, bearish: 0, topSymbols: [], last: [], byLevel: expect.any(Array) });
    const { signals: _a, strategy: appStrategy, ...appRest } = unlabelled(app);
    const { signals: _b, strategy: cliStrategy, ...cliRest } = unlabelled(fromCli);
    expect(cliRest).toEqual(appRest);
    expect(appStrategy?.params).toEqual(cliStrategy?.params);
    expect(app.metrics.totalTrades).toBeGreaterThan(0);
  });
});

