/**
 * A paper session on the demo market, built in Node with the engine: the records a bot session
 * leaves in IndexedDB (a paper account, its stopped session, its trades, the SYSTEM trades of
 * every signal and the signals), for end-to-end tests that need paper trading history. The trades
 * are the backtester's on the demo candles the app generates (same seed), so they match the
 * stored candles the analysis reads.
 */
import { DEFAULT_BACKTEST_CONFIG } from '../../src/core/backtest/config';
import { runBacktestRequest } from '../../src/core/backtest/request';
import type { Trade } from '../../src/core/backtest/trade';
import { resample } from '../../src/core/candles/resample';
import type { Timeframe } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import { CIRCUIT_BREAKER_DEFAULTS, TRADING_DEFAULTS } from '../../src/core/defaults';
import { DEMO_DEFAULT_END, DEMO_DEFAULT_SEED, demoMarketStart, generateDemoSeries } from '../../src/core/demo/demo-market';
import { confidenceLevel } from '../../src/core/strategy/types';
import { paperTradeOf, type PaperTradeFixture } from './paper-ledger';

export interface DemoPaperSession {
  account: Record<string, unknown>;
  session: Record<string, unknown>;
  trades: PaperTradeFixture[];
  systemTrades: PaperTradeFixture[];
  signals: Array<Record<string, unknown>>;
}

const DAY = 86_400_000;

/** Demo candles of `symbol` on `timeframe` (5m generated, others resampled), as the app stores them. */
export function demoCandles(symbol: string, timeframe: Timeframe): CandleColumns {
  const m5 = generateDemoSeries(symbol, { seed: DEMO_DEFAULT_SEED, start: demoMarketStart(DEMO_DEFAULT_END, 2), end: DEMO_DEFAULT_END });
  return timeframe === '5m' ? m5 : resample(m5, '5m', timeframe);
}

/**
 * A SCALPER bot session on `symbols` (5m) over the last `days` of the demo market: the account's
 * trades (10 % of equity each), the SYSTEM trades (100 each, every signal) and the signals.
 */
export function demoPaperSession(opts: { symbols: string[]; days: number; strategy?: string; timeframe?: Timeframe; name?: string }): DemoPaperSession {
  const strategy = opts.strategy ?? 'SCALPER';
  const timeframe = opts.timeframe ?? '5m';
  const from = DEMO_DEFAULT_END - opts.days * DAY;
  const series = opts.symbols.map((symbol) => ({ symbol, timeframe, candles: demoCandles(symbol, timeframe) }));
  const run = (sizing: 'equity' | 'fixed') =>
    runBacktestRequest({
      config: {
        ...DEFAULT_BACKTEST_CONFIG,
        sizing: sizing === 'fixed' ? { kind: 'fixed', value: TRADING_DEFAULTS.systemTradeSize } : { kind: 'equity', value: 10 },
        maxOpenTrades: sizing === 'fixed' ? 1000 : 5,
      },
      strategy: { name: strategy },
      series,
      from,
    });
  const account = run('equity');
  const system = run('fixed');
  const accountId = 'acc_demo_e2e';
  const sessionId = 'ses_demo_e2e';
  const started = from;
  const stopped = DEMO_DEFAULT_END - 1;
  const finalBalance = 10_000 + account.trades.reduce((s, t) => s + t.pnl, 0);
  const trades = account.trades.map((t: Trade, i) => paperTradeOf(t, i, accountId, 'pt', sessionId, timeframe));
  const systemTrades = system.trades.map((t: Trade, i) => ({ ...paperTradeOf(t, i, 'SYSTEM', 'sys', sessionId, timeframe), positionSize: '100' }));
  const signals = system.trades.map((t, i) => ({
    id: `sig_${String(i + 1).padStart(5, '0')}`,
    exchange: 'demo',
    symbol: t.symbol,
    timeframe,
    time: t.signalTime,
    direction: t.direction,
    market: 'spot',
    price: t.entryPrice,
    stopFraction: Math.abs(t.entryPrice - t.stop) / t.entryPrice,
    targetFraction: Math.abs(t.target - t.entryPrice) / t.entryPrice,
    stopPrice: t.stop,
    targetPrice: t.target,
    confidence: t.confidence,
    level: confidenceLevel(t.confidence),
    strategy: 'SIGNAL_ENGINE',
    preset: strategy,
    reasons: t.reasons,
    status: 'TRIGGERED',
    statusAt: t.entryTime,
    createdAt: t.signalTime,
  }));
  return {
    account: {
      id: accountId,
      name: opts.name ?? 'Demo scalper',
      initialBalance: '10000.00',
      currentBalance: finalBalance.toFixed(2),
      autoTrading: true,
      maxOpenTrades: TRADING_DEFAULTS.maxOpenTrades,
      minConfidence: TRADING_DEFAULTS.minConfidence,
      maxPositionSizePct: TRADING_DEFAULTS.maxPositionSizePct,
      minPositionSize: '10.00',
      stopLossPct: TRADING_DEFAULTS.stopLossPct,
      takeProfitPct: TRADING_DEFAULTS.takeProfitPct,
      maxDailyLossPct: TRADING_DEFAULTS.maxDailyLossPct,
      maxDailyTrades: TRADING_DEFAULTS.maxDailyTrades,
      minMinutesBetweenTrades: TRADING_DEFAULTS.minMinutesBetweenTrades,
      circuitBreaker: { ...CIRCUIT_BREAKER_DEFAULTS },
      createdAt: started,
      updatedAt: stopped,
    },
    session: {
      id: sessionId,
      name: `${strategy} on ${opts.symbols.join(', ')}`,
      account: accountId,
      exchange: 'demo',
      strategy: 'SIGNAL_ENGINE',
      preset: strategy,
      config: { ...account.strategy.params },
      symbols: [...opts.symbols],
      timeframe,
      status: 'STOPPED',
      startedAt: started,
      stoppedAt: stopped,
      runtimeLimitMs: null,
      startingBalance: '10000.00',
      endingBalance: finalBalance.toFixed(2),
      stopReason: 'stopped by the user',
    },
    trades,
    systemTrades,
    signals,
  };
}
