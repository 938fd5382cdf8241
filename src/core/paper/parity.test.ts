/**
 * Parity, proved on real candles: the paper bot (its own step, ledger and rules, run by
 * `runPaperReplay` with the candles' times as its clock) trades exactly as the backtester when the
 * account's rules are relaxed to the backtest's settings — same entries, exits, prices and P&L
 * (to 1e-9 after converting its decimals) — and its SYSTEM trades equal a `fixed:100` backtest with
 * unlimited open trades.
 */
import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { DEFAULT_BACKTEST_CONFIG, type BacktestConfig } from '../backtest/config';
import { runBacktestRequest } from '../backtest/request';
import type { Trade } from '../backtest/trade';
import { sliceCandles } from '../candles/types';
import { resolveStrategy } from '../strategy/registry';
import { accountSettings } from './account';
import { paperTradeAsBacktest, runPaperReplay, type PaperReplaySeries } from './replay';
import { SignalFeed } from './signal-feed';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
/** The first 12,000 candles of each file (Apr 2021 – Aug 2022: bull, crash and range). */
const BARS = 12_000;
const series: PaperReplaySeries[] = SYMBOLS.map((symbol) => ({ symbol, timeframe: '1h', candles: sliceCandles(loadSharedCandles(symbol, '1h'), 0, BARS) }));


function close(a: number, b: number, what: string): void {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

/** Trade for trade: the same symbols, directions, times and reasons exactly; prices and money to 1e-9. */
function expectSameTrades(paper: Trade[], backtest: Trade[]): void {
  expect(paper.length).toBe(backtest.length);
  for (let i = 0; i < backtest.length; i++) {
    const a = paper[i];
    const b = backtest[i];
    const where = `trade ${i} (${b.symbol} ${new Date(b.entryTime).toISOString()})`;
    expect({ s: a.symbol, d: a.direction, e: a.entryTime, x: a.exitTime, r: a.exitReason, sig: a.signalTime }, where).toEqual({
      s: b.symbol,
      d: b.direction,
      e: b.entryTime,
      x: b.exitTime,
      r: b.exitReason,
      sig: b.signalTime,
    });
    for (const k of ['entryPrice', 'exitPrice', 'stop', 'target', 'quantity', 'fees', 'pnl', 'pnlPct', 'confidence'] as const) close(a[k], b[k], `${where} ${k}`);
  }
}

const FEE = 0.1;
const SLIPPAGE = 0.05;

/** The backtest's settings as account rules: 10 % of equity, min 10, fee and slippage, nothing else limiting. */
function relaxed(maxOpenTrades: number) {
  return accountSettings({
    name: 'parity',
    autoTrading: true,
    minConfidence: 0,
    maxOpenTrades,
    maxPositionSizePct: 10,
    minPositionSize: '10',
    stopLossPct: 0,
    takeProfitPct: 0,
    maxDailyLossPct: 100,
    maxDailyTrades: 1_000_000,
    minMinutesBetweenTrades: 0,
    circuitBreaker: { enabled: false, maxConsecutiveLosses: 5, cooldownMinutes: 60 },
    feePct: FEE,
    slippagePct: SLIPPAGE,
  });
}

function backtestConfig(over: Partial<BacktestConfig>): BacktestConfig {
  return { ...DEFAULT_BACKTEST_CONFIG, feeRate: FEE / 100, slippage: SLIPPAGE / 100, sizing: { kind: 'equity', value: 10 }, minOrder: 10, ...over };
}

describe('paper bot = backtest on BTC, ETH and SOL 1h (12,000 candles each)', () => {
  const cases: Array<[string, number]> = [
    ['BALANCED', 5],
    ['AGGRESSIVE', 2],
    ['CONSERVATIVE', 5],
    ['SCALPER', 2],
    ['SWING', 5],
  ];
  it.each(cases)('%s (max open %i): account trades, final balance and SYSTEM trades', (preset, maxOpen) => {
    const paper = runPaperReplay({ series, strategy: { name: preset }, settings: relaxed(maxOpen), initialBalance: '10000' });
    const bt = runBacktestRequest({ config: backtestConfig({ maxOpenTrades: maxOpen }), strategy: { name: preset }, series });
    expect(bt.trades.length).toBeGreaterThan(20);
    expectSameTrades(paper.account.trades.map(paperTradeAsBacktest), bt.trades);
    close(Number(paper.finalBalance), bt.metrics.finalEquity as number, 'final balance');
    // The decimal ledger: final balance = initial + Σ P&L.
    close(Number(paper.finalBalance), 10_000 + Number(paper.account.totalPnl), 'balance vs P&L');
    // Skipped entries appear in the decision log with the backtest's reason.
    const fullSkips = bt.skipped.filter((s) => s.reason.startsWith('max open trades')).length;
    expect(paper.account.decisions.filter((d) => d.decision === 'SKIP' && d.reasoning.includes(`max open trades ${maxOpen} reached`)).length).toBe(fullSkips);

    const sys = runBacktestRequest({
      config: backtestConfig({ initialCapital: 1_000_000, sizing: { kind: 'fixed', value: 100 }, maxOpenTrades: 10_000 }),
      strategy: { name: preset },
      series,
    });
    expectSameTrades(paper.system.trades.map(paperTradeAsBacktest), sys.trades);
    expect(paper.system.trades.every((t) => t.positionSize === '100' && t.account === 'SYSTEM')).toBe(true);
  });
});

describe('signals', () => {
  it('re-prepared on the candles up to each bar (live) equal the backtest’s one preparation', () => {
    const full = loadSharedCandles('ETHUSDT', '1h');
    const n = 900;
    const { strategy, params } = resolveStrategy('AGGRESSIVE');
    const once = strategy.prepare({ symbol: 'ETHUSDT', timeframe: '1h', candles: sliceCandles(full, 0, n) }, params);
    const live = new SignalFeed(strategy, params, '1h');
    let fired = 0;
    for (let i = 600; i < n; i++) {
      const s = live.signalAt('ETHUSDT', sliceCandles(full, 0, i + 1), i);
      expect(JSON.stringify(s), `bar ${i}`).toBe(JSON.stringify(once.signalAt(i)));
      if (s !== null) fired++;
    }
    expect(fired).toBeGreaterThan(10);
  });
});
