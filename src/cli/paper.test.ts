import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import type { BacktestReport } from '../core/backtest/request';
import type { PaperBookResult } from '../core/paper/replay';
import { paperTradeAsBacktest } from '../core/paper/replay';
import { runCli, tempDir } from './testing';

const file = (symbol: string) => sharedDataPath(`binance_${symbol}_1h.csv`);

interface Ledger {
  initialBalance: string;
  finalBalance: string;
  totalPnl: string;
  trades: PaperBookResult['trades'];
  decisions: PaperBookResult['decisions'];
  system: PaperBookResult;
  settings: Record<string, unknown>;
}

describe('paper: the bot on history equals backtest', () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'relaxed.json'),
    JSON.stringify({ minConfidence: 0, maxDailyLossPct: 100, maxDailyTrades: 1000000, minMinutesBetweenTrades: 0, stopLossPct: 0, takeProfitPct: 0, slippagePct: 0, circuitBreaker: { enabled: false, maxConsecutiveLosses: 5, cooldownMinutes: 60 } }),
  );
  const candles = ['--candles', file('BTCUSDT'), '--candles', file('SOLUSDT')];
  const bt = runCli(['backtest', ...candles, '--timeframe', '1h', '--strategy', 'SWING', '--out', 'bt.json'], dir);
  const paper = runCli(['paper', ...candles, '--timeframe', '1h', '--strategy', 'SWING', '--initial', '10000', '--account', 'relaxed.json', '--out', 'ledger.json'], dir);

  it('writes the ledger and a summary', () => {
    expect([bt.code, paper.code, paper.stderr]).toEqual([0, 0, '']);
    expect(paper.stdout).toMatch(/^2021-04-04 20:00 → 2023-12-30 20:00 UTC\nSWING paper bot on BTCUSDT, SOLUSDT\n/);
    expect(paper.stdout).toContain('wrote ledger.json');
  });

  it('trade for trade, to 1e-9, and the same final balance', () => {
    const report = JSON.parse(readFileSync(join(dir, 'bt.json'), 'utf8')) as BacktestReport;
    const ledger = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')) as Ledger;
    expect(ledger.settings).toMatchObject({ autoTrading: true, maxPositionSizePct: 10, maxOpenTrades: 5, feePct: 0.1, slippagePct: 0 });
    const trades = ledger.trades.map(paperTradeAsBacktest);
    expect(trades.length).toBe(report.trades.length);
    expect(trades.length).toBeGreaterThan(20);
    trades.forEach((t, i) => {
      const b = report.trades[i];
      expect([t.symbol, t.direction, t.entryTime, t.exitTime, t.exitReason]).toEqual([b.symbol, b.direction, b.entryTime, b.exitTime, b.exitReason]);
      for (const k of ['entryPrice', 'exitPrice', 'quantity', 'fees', 'pnl'] as const) {
        expect(Math.abs(t[k] - b[k]), `${i} ${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[k])));
      }
    });
    expect(Math.abs(Number(ledger.finalBalance) - (report.metrics.finalEquity as number))).toBeLessThan(1e-8);
    expect(ledger.decisions.length).toBeGreaterThan(trades.length);
    expect(ledger.system.trades.every((t) => t.positionSize === '100')).toBe(true);
  });

  it('writes the same bytes on a second run', () => {
    const again = runCli(['paper', ...candles, '--timeframe', '1h', '--strategy', 'SWING', '--account', 'relaxed.json', '--out', 'ledger2.json'], dir);
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'ledger2.json'), 'utf8')).toBe(readFileSync(join(dir, 'ledger.json'), 'utf8'));
  });
});

describe('paper: bad input names the flag, the field and the value, and writes nothing', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ minConfidence: 1.5 }));
  writeFileSync(join(dir, 'neg.json'), JSON.stringify({ maxOpenTrades: -2 }));
  writeFileSync(join(dir, 'broken.json'), '{ "minConfidence": ');
  const base = ['paper', '--candles', file('ETHUSDT'), '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'x.json'];
  it.each([
    [[...base, '--initial', '50'], 'error: --initial: 50 is outside 100..1000000\n'],
    [[...base, '--initial', '1e6'], 'error: --initial: "1e6" is not a decimal string like "10000.00"\n'],
    [[...base, '--account', 'bad.json'], 'error: --account bad.json: minConfidence: 1.5 is outside 0..1\n'],
    [[...base, '--account', 'neg.json'], 'error: --account neg.json: maxOpenTrades: -2 must be an integer between 1 and 10000\n'],
    [[...base, '--account', 'broken.json'], /^error: --account broken\.json: not valid JSON/],
    [[...base, '--account', 'missing.json'], 'error: --account: cannot read "missing.json" (no such file)\n'],
    [['paper', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'x.json'], 'error: --candles: missing (required; repeat it for several symbols)\n'],
  ])('%j', (argv, message) => {
    const r = runCli(argv, dir);
    expect(r.code).toBe(1);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});
