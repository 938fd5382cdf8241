import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerFile } from '../../tests/support/paper-ledger';
import { buildResultFileFromCandles } from '../../tests/support/result-files';
import { sharedDataPath } from '../../tests/support/shared-data';
import { runBacktestRequest } from '../core/backtest/request';
import { DEFAULT_BACKTEST_CONFIG } from '../core/backtest/config';
import { loadSharedCandles } from '../../tests/support/shared-data';
import type { TradeAnalysis } from '../core/analysis/trade-analysis';
import type { PerformanceAnalysis } from '../core/analysis/performance';
import { runCli, tempDir } from './testing';

const dir = tempDir();
const eth = sharedDataPath('binance_ETHUSDT_1h.csv');

describe('analyze-trades', () => {
  const bt = runCli(['backtest', '--candles', eth, '--timeframe', '1h', '--strategy', 'SWING', '--out', 'eth.json'], dir);

  it('diagnoses far targets of a backtest report with the candles, naming tp_atr_multiplier', () => {
    expect(bt.code).toBe(0);
    const r = runCli(['analyze-trades', '--trades', 'eth.json', '--limit', 'all', '--candles', eth], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Trade analysis — eth\.json\nstatus ALL · every day · every symbol · every trade\nTrades by status: OPEN 0 · CLOSED \d+ · CANCELLED 0\n/);
    expect(r.stdout).toMatch(/\[!\] TP targets are too far \(\d+\.\d\d%\)\n {6}\d+% of \d+ closed trades reached their target; .*\n {6}→ Reduce tp_atr_multiplier from 6 to \d+(\.5)?–\d+(\.5)?\n/);
    expect(r.stdout).toContain('Strategy: SWING\n');
    expect(r.stdout).toContain('sl_atr_multiplier 2.5 · tp_atr_multiplier 6');
  });

  it('--json is the analysis as canonical JSON, and the filters narrow it', () => {
    const r = runCli(['analyze-trades', '--trades', 'eth.json', '--json', '--status', 'closed', '--days', '60', '--symbol', 'ETH/USDT', '--limit', '12'], dir);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout) as TradeAnalysis;
    expect(a.query).toEqual({ status: 'CLOSED', days: 60, symbol: 'ETH/USDT', limit: 12 });
    expect(a.sampleSize).toBeLessThanOrEqual(12);
    expect(a.to! - a.from!).toBe(60 * 86_400_000);
    expect(a.typicalMove.tradesWithCandles).toBe(0);
    expect(a.diagnosis.find((f) => f.rule === 'TARGET_TOO_CLOSE')!.status).toBe('not-evaluated');
  });

  it('refuses bad flags and files naming them, writing nothing to stdout', () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ hello: 1 }));
    writeFileSync(join(dir, 'broken.json'), '{"trades": [');
    const cases: Array<[string[], RegExp]> = [
      [['--trades', 'eth.json', '--status', 'WON'], /--status: "WON" is not one of ALL, OPEN, CLOSED, CANCELLED/],
      [['--trades', 'eth.json', '--limit', '0'], /--limit: 0 is out of range/],
      [['--trades', 'eth.json', '--days', 'week'], /--days: "week" is not a number/],
      [['--trades', 'eth.json', '--book', 'both'], /--book: "both" is not account or system/],
      [['--trades', 'other.json'], /--trades other\.json: file: not a result file/],
      [['--trades', 'broken.json'], /--trades broken\.json: not valid JSON/],
      [['--trades', 'missing.json'], /--trades: cannot read "missing\.json" \(no such file\)/],
      [['--trades', 'eth.json', '--candles', sharedDataPath('binance_BTCUSDT_4h.csv')], /--timeframe: "1h" does not match the candles/],
    ];
    for (const [argv, msg] of cases) {
      const r = runCli(['analyze-trades', ...argv], dir);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(msg);
    }
  });
});

describe('a paper ledger', () => {
  const candles = loadSharedCandles('SOLUSDT', '1h');
  const run = (name: string, sizing: string) =>
    runBacktestRequest({
      config: { ...DEFAULT_BACKTEST_CONFIG, sizing: sizing === 'fixed' ? { kind: 'fixed', value: 100 } : DEFAULT_BACKTEST_CONFIG.sizing, maxOpenTrades: 1000 },
      strategy: { name },
      series: [{ symbol: 'SOLUSDT', timeframe: '1h', candles }],
    });
  const account = run('SCALPER', 'equity');
  const system = run('SCALPER', 'fixed');
  const ledger = ledgerFile({ strategy: account.strategy, timeframe: '1h', symbols: ['SOLUSDT'], initialBalance: '10000', trades: account.trades.slice(0, 20), systemTrades: system.trades });
  writeFileSync(join(dir, 'ledger.json'), JSON.stringify(ledger));

  it('of 20 closed trades asks for 30 before judging', () => {
    const r = runCli(['analyze-performance', '--trades', 'ledger.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Trades: 20 · closed 20 · open 0 · cancelled 0\n');
    expect(r.stdout).toContain('  [warn] Collect at least 30 closed trades before judging the strategy: 20 so far is too few to tell skill from luck.\n');
    expect(r.stdout).toContain('  1. Collect at least 30 closed trades (20 so far): run a backtest over a longer period, or keep the bot paper-trading. (Paper trading)\n');
    // Signals: one per SYSTEM trade.
    expect(r.stdout).toContain(`  ${system.trades.length} signals · bullish`);
  });

  it('--book system analyses the SYSTEM trades, with recommendations and an action plan that starts at the optimiser', () => {
    const r = runCli(['analyze-performance', '--trades', 'ledger.json', '--book', 'system', '--json'], dir);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as PerformanceAnalysis;
    expect(p.source).toBe('ledger.json (SYSTEM trades)');
    expect(p.counts.CLOSED).toBe(system.trades.length);
    expect(p.metrics.totalTrades).toBe(system.metrics.totalTrades);
    expect(p.metrics.winRate).toBe(system.metrics.winRate);
    expect(p.metrics.totalPnl).toBeCloseTo(system.metrics.totalPnl as number, 6);
    expect(p.enoughTrades).toBe(true);
    expect(p.recommendations.map((x) => x.topic)).toEqual(['win-rate', 'reward-risk', 'direction']);
    expect(p.actionPlan[0].tool).toBe('optimiser');
  });

  it('the trade analysis reads the account settings of the ledger for trades without a stop/target strategy', () => {
    const plain = { ...ledger, strategy: null };
    writeFileSync(join(dir, 'plain.json'), JSON.stringify(plain));
    const r = runCli(['analyze-trades', '--trades', 'plain.json', '--json'], dir);
    const a = JSON.parse(r.stdout) as TradeAnalysis;
    expect(a.levels.target).toEqual({ key: 'takeProfitPct', unit: '%', current: 5, scope: 'account' });
    expect(a.strategy).toBeNull();
  });
});

it('a result file exported by the app reads as its job', () => {
  const built = buildResultFileFromCandles({ name: 'BTC balanced', symbol: 'BTCUSDT', timeframe: '1h', strategy: 'BALANCED' });
  writeFileSync(join(dir, 'result.json'), built.text);
  const r = runCli(['analyze-trades', '--trades', 'result.json', '--json', '--limit', 'all'], dir);
  expect(r.code).toBe(0);
  const a = JSON.parse(r.stdout) as TradeAnalysis;
  expect(a.counts.CLOSED).toBe(built.report.trades.length);
  expect(a.strategy).toMatchObject({ name: 'BALANCED', preset: 'BALANCED' });
  expect(a.timeframe).toBe('1h');
  expect(a.closed.winRate).toBe(built.report.metrics.winRate);
});
