/**
 * Small builders for backtest tests and benchmarks: candles from rows, and strategies that fire
 * scripted or periodic signals.
 */
import { cleanCandles } from '../candles/hygiene';
import type { CandleColumns } from '../candles/types';
import type { Direction, PreparedStrategy, Reason, Signal } from '../strategy/types';
import { DEFAULT_BACKTEST_CONFIG } from './config';
import { jobRequest, type BacktestJobConfig } from './job';
import { runBacktestRequest, type BacktestReport } from './request';
import type { Trade } from './trade';

/** One candle as `[open, high, low, close]`. */
export type Ohlc = readonly [number, number, number, number];

/** Candles from `[open, high, low, close]` rows, opening at `start + i * stepMs` (volume 1). */
export function candlesOf(rows: readonly Ohlc[], start = 0, stepMs = 3_600_000): CandleColumns {
  const n = rows.length;
  const c: CandleColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n).fill(1),
  };
  for (let i = 0; i < n; i++) {
    c.time[i] = start + i * stepMs;
    [c.open[i], c.high[i], c.low[i], c.close[i]] = rows[i];
  }
  return c;
}

/** Candles from rows with explicit open times `[time, open, high, low, close]`. */
export function candlesAt(rows: readonly (readonly [number, number, number, number, number])[]): CandleColumns {
  const c = candlesOf(rows.map((r) => [r[1], r[2], r[3], r[4]] as const));
  for (let i = 0; i < rows.length; i++) c.time[i] = rows[i][0];
  return c;
}

/** One scripted signal: fired on the close of bar `bar`. */
export interface ScriptStep {
  bar: number;
  direction: Direction;
  stopFraction?: number;
  targetFraction?: number;
  confidence?: number;
}

/** A strategy firing exactly the scripted signals (one per bar at most). */
export function scriptedStrategy(symbol: string, candles: CandleColumns, steps: readonly ScriptStep[]): PreparedStrategy {
  const byBar = new Map<number, Signal>();
  for (const st of steps) {
    const reasons: Reason[] = [{ condition: 'scripted', value: st.bar, threshold: null, pass: true }];
    byBar.set(st.bar, {
      symbol,
      time: candles.time[st.bar],
      barIndex: st.bar,
      direction: st.direction,
      price: candles.close[st.bar],
      confidence: st.confidence ?? 1,
      stopFraction: st.stopFraction ?? 0,
      targetFraction: st.targetFraction ?? 0,
      reasons,
      strategy: 'TEST',
    });
  }
  return { signalAt: (i) => byBar.get(i) ?? null };
}

/**
 * A cheap strategy: a LONG signal on every bar whose index is a multiple of `every`, with the
 * given stop and target distances.
 */
export function periodicStrategy(
  symbol: string,
  candles: CandleColumns,
  every: number,
  stopFraction: number,
  targetFraction: number,
): PreparedStrategy {
  const reasons: Reason[] = [{ condition: 'periodic', value: every, threshold: null, pass: true }];
  return {
    signalAt(i: number): Signal | null {
      if (i % every !== 0) return null;
      return {
        symbol,
        time: candles.time[i],
        barIndex: i,
        direction: 'LONG',
        price: candles.close[i],
        confidence: 0.5,
        stopFraction,
        targetFraction,
        reasons,
        strategy: 'PERIODIC',
      };
    },
  };
}

const HOUR = 3_600_000;
const JAN_2024 = Date.UTC(2024, 0, 1);

/** Hourly candles from 2024-01-01 opening at `opens` (high = open + 1, low = open - 1, close = open), through the hygiene function. */
export function hourlyCandles(opens: readonly number[]): CandleColumns {
  const time = opens.map((_, i) => JAN_2024 + i * HOUR);
  return cleanCandles({ time, open: opens, high: opens.map((o) => o + 1), low: opens.map((o) => o - 1), close: opens, volume: opens.map(() => 1) }, '1h').candles;
}

/**
 * A SCRIPTED job on BTC/USDT 1h from 2024-01-01: LONG signals on the first and third bar, no stop
 * or target, no fees or slippage, a one-bar time limit.
 */
export function scriptedJobConfig(over: Partial<BacktestJobConfig> = {}): BacktestJobConfig {
  return {
    exchange: 'binance',
    symbols: ['BTC/USDT'],
    timeframe: '1h',
    strategy: 'SCRIPTED',
    params: {},
    script: 'time,symbol,direction,stopPct,targetPct\n2024-01-01T00:00Z,BTC/USDT,LONG,0,0\n2024-01-01T02:00Z,BTC/USDT,LONG,0,0\n',
    from: null,
    to: null,
    backtest: { ...DEFAULT_BACKTEST_CONFIG, feeRate: 0, slippage: 0, maxBars: 1 },
    ...over,
  };
}

/**
 * A hand-checked run of {@link scriptedJobConfig}: the first LONG enters at 100 and times out at
 * the next open, 100 (break-even); the second enters at 110 and leaves at 120 (a win). No losing
 * trade and some profit: the profit factor is infinite, while the win rate is 50 %.
 */
export function breakEvenAndWin(): BacktestReport {
  return runBacktestRequest(jobRequest(scriptedJobConfig(), [hourlyCandles([100, 100, 100, 110, 120, 120, 120])]));
}

/** 1970-01-05 00:00 UTC, a Monday. */
export const MONDAY = 4 * 24 * HOUR;

/** A winning LONG BTC/USDT trade entered on {@link MONDAY} and held an hour, with the fields of `p` instead. */
export function sampleTrade(p: Partial<Trade> = {}): Trade {
  return {
    symbol: 'BTC/USDT',
    direction: 'LONG',
    entryTime: MONDAY,
    entryPrice: 100,
    exitTime: MONDAY + HOUR,
    exitPrice: 101,
    quantity: 1,
    fees: 0.1,
    pnl: 0.9,
    pnlPct: 0.9,
    exitReason: 'TP',
    confidence: 0.8,
    stop: 98,
    target: 101,
    signalTime: MONDAY - HOUR,
    reasons: [],
    ...p,
  };
}
