/**
 * Backtester speed on 1,000,000 seeded random-walk candles.
 * - `backtest:engine-1M`: `runBacktest` (metrics included) with a cheap strategy firing a LONG
 *   every 50 bars; reference: a plain loop walking the same bars and signals.
 * - `backtest:1M`: preparing the signal engine with the BALANCED preset, then `runBacktest`;
 *   reference: the same preparation, then the plain loop.
 * Both runs use one position at a time and fixed sizing, so the trade counts must match.
 */
import type { BenchResult, BenchSuite } from '../types';
import { medianMs, ratio } from '../timing';
import type { CandleColumns } from '../../../src/core/candles/types';
import { createRng } from '../../../src/core/util/rng';
import { runBacktest } from '../../../src/core/backtest/engine';
import { DEFAULT_BACKTEST_CONFIG, type BacktestConfig } from '../../../src/core/backtest/config';
import { periodicStrategy } from '../../../src/core/backtest/test-support';
import type { PreparedStrategy } from '../../../src/core/strategy/types';
import { BALANCED } from '../../../src/core/strategy/presets';
import { createSignalEngine } from '../../../src/core/strategy/signal-engine';

const N = 1_000_000;
const EVERY = 50;
const STOP = 0.02;
const TARGET = 0.03;
const FEE = 0.001;
const SLIP = 0.0005;
const NOTIONAL = 1000;

/** Seeded random-walk 1m candles. */
function syntheticCandles(n: number, seed: number): CandleColumns {
  const rng = createRng(seed);
  const c: CandleColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let p = 100;
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = p;
    const close = open * (1 + rng.normal() * 0.002);
    c.time[i] = t0 + i * 60_000;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = Math.max(open, close) * (1 + rng.next() * 0.001);
    c.low[i] = Math.min(open, close) * (1 - rng.next() * 0.001);
    c.volume[i] = 1 + rng.next();
    p = close;
  }
  return c;
}

/**
 * The simplest loop doing the same work: one position at a time (signals while holding are
 * ignored), entry at the next open, gap / stop / target checks against open, high and low,
 * end-of-data exit; returns the trade count.
 */
function referenceLoop(c: CandleColumns, strategy: PreparedStrategy): number {
  const { open, high, low, close } = c;
  const n = open.length;
  let trades = 0;
  let dir = 0;
  let pend = 0;
  let pendStop = 0;
  let pendTarget = 0;
  let stop = 0;
  let target = 0;
  let entryBar = 0;
  let pnl = 0;
  let qty = 0;
  let entry = 0;
  for (let i = 0; i < n; i++) {
    if (pend !== 0) {
      dir = pend;
      pend = 0;
      entry = open[i] * (1 + dir * SLIP);
      qty = NOTIONAL / entry;
      stop = pendStop > 0 ? entry * (1 - dir * pendStop) : 0;
      target = pendTarget > 0 ? entry * (1 + dir * pendTarget) : 0;
      entryBar = i;
    }
    if (dir !== 0) {
      let exit = 0;
      // Prices in the long frame: a short's levels are mirrored by multiplying with dir.
      const o = dir * open[i];
      const lo = dir === 1 ? low[i] : -high[i];
      const hi = dir === 1 ? high[i] : -low[i];
      const st = dir * stop;
      const tg = dir * target;
      if (i > entryBar && stop > 0 && o <= st) exit = open[i] * (1 - dir * SLIP);
      else if (i > entryBar && target > 0 && o >= tg) exit = open[i];
      else if (stop > 0 && lo <= st) exit = stop * (1 - dir * SLIP);
      else if (target > 0 && hi >= tg) exit = target;
      else if (i === n - 1) exit = close[i] * (1 - dir * SLIP);
      if (exit > 0) {
        pnl += dir * qty * (exit - entry) - (qty * entry + qty * exit) * FEE;
        trades++;
        dir = 0;
      }
    }
    const sig = strategy.signalAt(i);
    if (sig !== null && dir === 0 && i + 1 < n) {
      pend = sig.direction === 'LONG' ? 1 : -1;
      pendStop = sig.stopFraction;
      pendTarget = sig.targetFraction;
    }
  }
  return pnl === pnl ? trades : -1;
}

function configFor(): BacktestConfig {
  return {
    ...DEFAULT_BACKTEST_CONFIG,
    initialCapital: 1_000_000,
    feeRate: FEE,
    slippage: SLIP,
    sizing: { kind: 'fixed', value: NOTIONAL },
    maxOpenTrades: 1,
    exitOnOpposite: false,
  };
}

const suite: BenchSuite = {
  name: 'backtest',
  async run(): Promise<BenchResult[]> {
    const candles = syntheticCandles(N, 12345);
    const strategy = periodicStrategy('SYNTH', candles, EVERY, STOP, TARGET);
    const config = configFor();
    const input = { config, series: [{ symbol: 'SYNTH', timeframe: '1m' as const, candles, strategy }] };
    let trades = 0;
    const ms = medianMs(() => {
      trades = runBacktest(input).trades.length;
    });
    let refTrades = 0;
    const referenceMs = medianMs(() => {
      refTrades = referenceLoop(candles, strategy);
    });
    const engine: BenchResult = {
      name: 'backtest:engine-1M',
      ms,
      referenceMs,
      ratio: ratio(ms, referenceMs),
      extra: { trades, referenceTrades: refTrades },
      goal: 'ms <= 500 and same trade count',
      ok: ms <= 500 && trades === refTrades,
    };

    // The whole backtest with the BALANCED preset: preparing the signal engine, then the run;
    // the reference prepares it too and walks its signals with the plain loop.
    const balanced = createSignalEngine(BALANCED.name);
    const seriesInput = { symbol: 'SYNTH', timeframe: '1m' as const, candles };
    let fullTrades = 0;
    const fullMs = medianMs(
      () => {
        const strategy = balanced.prepare(seriesInput, BALANCED.params);
        fullTrades = runBacktest({ config, series: [{ ...seriesInput, strategy }] }).trades.length;
      },
      5,
      1,
    );
    let fullRefTrades = 0;
    const fullRefMs = medianMs(
      () => {
        fullRefTrades = referenceLoop(candles, balanced.prepare(seriesInput, BALANCED.params));
      },
      5,
      1,
    );
    const full: BenchResult = {
      name: 'backtest:1M',
      ms: fullMs,
      referenceMs: fullRefMs,
      ratio: ratio(fullMs, fullRefMs),
      extra: { trades: fullTrades, referenceTrades: fullRefTrades },
      goal: 'ms <= 1000 and same trade count',
      ok: fullMs <= 1000 && fullTrades === fullRefTrades,
    };
    return [engine, full];
  },
};

export default suite;
