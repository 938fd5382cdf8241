/**
 * Small builders for backtest tests and benchmarks: candles from rows, and strategies that fire
 * scripted or periodic signals.
 */
import type { CandleColumns } from '../candles/types';
import type { Direction, PreparedStrategy, Reason, Signal } from '../strategy/types';

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
