import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import type { ExitReason, Trade } from '../backtest/trade';
import type { Direction } from '../strategy/types';
import { createRng } from '../util/rng';
import type { Rng } from '../util/rng';
import { computeMetrics, isInfiniteProfitFactor } from './index';
import type { Metrics, MetricsInput } from './index';

/**
 * A second, deliberately plain implementation of docs/metrics.md: arrays and filters, two-pass
 * statistics, days grouped by their ISO date string, drawdown periods found as runs of underwater
 * points, streaks found with a regular expression.
 */
function oracle(input: MetricsInput): { metrics: Metrics; infinitePf: boolean } {
  const C0 = input.initialCapital;
  const trades = [...input.trades];
  const pnls = trades.map((t) => t.pnl);
  const n = pnls.length;
  const isWin = (p: number) => p > 0 && !(Math.abs(p) < 1e-9);
  const isLoss = (p: number) => p < 0 && !(Math.abs(p) < 1e-9);
  const winP = pnls.filter(isWin);
  const lossP = pnls.filter(isLoss);
  const sum = (xs: number[]) => {
    let s = 0;
    for (const x of xs) s += x;
    return s;
  };
  const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
  const grossProfit = sum(winP);
  const grossLoss = sum(lossP.map((p) => -p));
  const totalPnl = sum(pnls);
  const winRate = ratio(winP.length, n);
  const avgWin = ratio(grossProfit, winP.length);
  const avgLoss = lossP.length === 0 ? null : -grossLoss / lossP.length;
  const payoffRatio = avgWin === null || avgLoss === null ? null : ratio(avgWin, Math.abs(avgLoss));
  const meanOf = (xs: number[]) => sum(xs) / xs.length;
  const sampleStd = (xs: number[]) => {
    const mu = meanOf(xs);
    let s = 0;
    for (const x of xs) s += (x - mu) * (x - mu);
    return Math.sqrt(s / (xs.length - 1));
  };
  let sqn: number | null = null;
  if (n >= 2) {
    const sd = sampleStd(pnls);
    if (sd > 0) sqn = (Math.sqrt(n) * meanOf(pnls)) / sd;
  }

  const byExit = trades
    .map((t, i) => ({ t, i }))
    .sort((a, b) => (a.t.exitTime !== b.t.exitTime ? a.t.exitTime - b.t.exitTime : a.i - b.i));
  const letters = byExit.map(({ t }) => (isWin(t.pnl) ? 'W' : isLoss(t.pnl) ? 'L' : 'B')).join('');
  const longest = (re: RegExp) => Math.max(0, ...(letters.match(re) ?? []).map((s) => s.length));

  const times = Array.from(input.equityTime);
  const values = Array.from(input.equityValue);
  const len = values.length;
  const runMax: number[] = [];
  for (let i = 0; i < len; i++) runMax.push(i === 0 ? values[0] : Math.max(runMax[i - 1], values[i]));
  let maxDd = 0;
  let maxDdPct = 0;
  for (let i = 0; i < len; i++) {
    maxDd = Math.max(maxDd, runMax[i] - values[i]);
    maxDdPct = Math.max(maxDdPct, ((runMax[i] - values[i]) / runMax[i]) * 100);
  }
  const underwater = values.map((v, i) => v < runMax[i]);
  let maxDur = 0;
  for (let a = 0; a < len; a++) {
    if (!underwater[a] || (a > 0 && underwater[a - 1])) continue;
    let b = a;
    while (b + 1 < len && underwater[b + 1]) b++;
    const start = times[a - 1];
    const end = b + 1 < len ? times[b + 1] : times[b];
    maxDur = Math.max(maxDur, end - start);
  }

  const lastOfDay = new Map<string, number>();
  for (let i = 0; i < len; i++) lastOfDay.set(new Date(times[i]).toISOString().slice(0, 10), values[i]);
  const daily = [C0, ...lastOfDay.values()];
  const rets: number[] = [];
  let zero = false;
  for (let d = 1; d < daily.length; d++) {
    if (daily[d - 1] === 0) zero = true;
    rets.push(daily[d] / daily[d - 1] - 1);
  }
  let sharpe: number | null = null;
  let sortino: number | null = null;
  if (!zero) {
    if (rets.length >= 2) {
      const sd = sampleStd(rets);
      if (sd > 0) sharpe = (meanOf(rets) / sd) * Math.sqrt(365);
    }
    const downside = Math.sqrt(sum(rets.map((r) => Math.min(r, 0) ** 2)) / rets.length);
    if (downside > 0) sortino = (meanOf(rets) / downside) * Math.sqrt(365);
  }

  const spanDays = (times[len - 1] - times[0]) / 86_400_000;
  let cagrPct: number | null = null;
  if (spanDays > 0 && values[len - 1] / C0 >= 0) {
    const c = ((values[len - 1] / C0) ** (365.25 / spanDays) - 1) * 100;
    if (Number.isFinite(c)) cagrPct = c;
  }

  const metrics: Metrics = {
    totalTrades: n,
    wins: winP.length,
    losses: lossP.length,
    breakeven: n - winP.length - lossP.length,
    winRate,
    grossProfit,
    grossLoss,
    totalPnl,
    totalFees: sum(trades.map((t) => t.fees)),
    roiPct: (totalPnl / C0) * 100,
    finalEquity: C0 + totalPnl,
    profitFactor: ratio(grossProfit, grossLoss),
    avgWin,
    avgLoss,
    largestWin: n === 0 ? null : Math.max(...pnls),
    largestLoss: n === 0 ? null : Math.min(...pnls),
    payoffRatio,
    expectancy: ratio(totalPnl, n),
    maxDrawdownPct: maxDdPct,
    maxDrawdown: maxDd,
    maxDrawdownDurationMs: maxDur,
    cagrPct,
    sharpe,
    sortino,
    calmar: cagrPct === null || maxDdPct === 0 ? null : cagrPct / maxDdPct,
    sqn,
    kelly: winRate === null || payoffRatio === null ? null : winRate - (1 - winRate) / payoffRatio,
    exposurePct: input.totalBars === 0 ? null : (input.barsInMarket / input.totalBars) * 100,
    avgTradeDurationMs: n === 0 ? null : sum(trades.map((t) => t.exitTime - t.entryTime)) / n,
    maxConsecutiveWins: longest(/W+/g),
    maxConsecutiveLosses: longest(/L+/g),
  };
  return { metrics, infinitePf: grossLoss === 0 && grossProfit > 0 };
}

function agree(actual: Metrics, expected: Metrics, context: string): void {
  for (const key of Object.keys(expected) as (keyof Metrics)[]) {
    const a = actual[key];
    const e = expected[key];
    if (e === null || a === null) {
      expect(a, `${context} ${key}`).toBe(e);
      continue;
    }
    const tol = 1e-6 * Math.max(Math.abs(a), Math.abs(e)) + 1e-12;
    expect(Math.abs(a - e), `${context} ${key}: ${a} vs ${e}`).toBeLessThanOrEqual(tol);
  }
}

const DIRS: Direction[] = ['LONG', 'SHORT'];
const REASONS: ExitReason[] = ['TP', 'SL', 'SIGNAL', 'TIMEOUT', 'END'];
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const STEPS = [0, 60_000, 3_600_000, 4 * 3_600_000, 86_400_000, 3 * 86_400_000, 37 * 60_000];

function randomTrades(rng: Rng, count: number, from: number): Trade[] {
  const out: Trade[] = [];
  for (let i = 0; i < count; i++) {
    const kind = rng.next();
    const pnl =
      kind < 0.08 ? 0 : kind < 0.12 ? (rng.next() - 0.5) * 1.9e-9 : kind < 0.14 ? (rng.next() < 0.5 ? 1e-9 : -1e-9) : rng.normal() * 50 + 3;
    const entryTime = from + rng.int(400) * 3_600_000;
    const exitTime = entryTime + rng.int(6) * rng.int(100) * 3_600_000;
    out.push({
      symbol: SYMBOLS[rng.int(SYMBOLS.length)],
      direction: DIRS[rng.int(2)],
      entryTime,
      entryPrice: 100,
      exitTime,
      exitPrice: 100,
      quantity: 1,
      fees: rng.next() * 2,
      pnl,
      pnlPct: 0,
      exitReason: REASONS[rng.int(REASONS.length)],
      confidence: rng.next(),
      stop: 0,
      target: 0,
      signalTime: entryTime,
      reasons: [],
    });
  }
  return out;
}

function randomCurve(rng: Rng, c0: number, count: number, t0: number): { time: Float64Array; value: Float64Array } {
  const time = new Float64Array(count);
  const value = new Float64Array(count);
  time[0] = t0;
  value[0] = c0;
  let peak = c0;
  for (let i = 1; i < count; i++) {
    time[i] = time[i - 1] + STEPS[rng.int(STEPS.length)];
    const k = rng.next();
    if (k < 0.1) value[i] = value[i - 1];
    else if (k < 0.15) value[i] = peak;
    else value[i] = value[i - 1] * (1 + rng.normal() * 0.01);
    if (value[i] > peak) peak = value[i];
  }
  return { time, value };
}

describe('computeMetrics agrees with a naive implementation', () => {
  it('on 400 seeded random runs', () => {
    const seen = { sharpe: 0, sortino: 0, sqn: 0, infinitePf: 0, noTrades: 0, drawdownAtEnd: 0, kelly: 0 };
    for (let seed = 1; seed <= 400; seed++) {
      const rng = createRng(seed);
      const c0 = [1000, 10_000, 250.5][rng.int(3)];
      const t0 = Date.UTC(2021, 0, 1) + rng.int(1000) * 86_400_000 + (rng.int(2) === 0 ? rng.int(86_400_000) : rng.int(24) * 3_600_000);
      const trades = randomTrades(rng, rng.int(5) === 0 ? rng.int(3) : rng.int(80), t0);
      const { time, value } = randomCurve(rng, c0, 1 + rng.int(seed % 10 === 0 ? 5 : 2000), t0);
      const totalBars = rng.int(500);
      const barsInMarket = rng.int(totalBars + 1);
      const input: MetricsInput = { initialCapital: c0, trades, equityTime: time, equityValue: value, barsInMarket, totalBars };
      const got = computeMetrics(input);
      const want = oracle(input);
      agree(got, want.metrics, `seed ${seed}`);
      expect(isInfiniteProfitFactor(got), `seed ${seed} infinite pf`).toBe(want.infinitePf);
      if (got.sharpe !== null) seen.sharpe++;
      if (got.sortino !== null) seen.sortino++;
      if (got.sqn !== null) seen.sqn++;
      if (got.kelly !== null) seen.kelly++;
      if (want.infinitePf) seen.infinitePf++;
      if (trades.length === 0) seen.noTrades++;
      if (value[value.length - 1] < Math.max(...value)) seen.drawdownAtEnd++;
    }
    // the generator reaches every branch it is meant to
    for (const [k, v] of Object.entries(seen)) expect(v, k).toBeGreaterThan(5);
  });

  it('on an equity curve from real BTCUSDT 1h closes, with trades from the same candles', () => {
    const c = loadSharedCandles('BTCUSDT', '1h');
    const n = c.close.length;
    expect(n).toBeGreaterThan(20_000);
    const c0 = 10_000;
    const time = new Float64Array(n + 1);
    const value = new Float64Array(n + 1);
    time[0] = c.time[0];
    value[0] = c0;
    for (let i = 0; i < n; i++) {
      time[i + 1] = c.time[i];
      // a half-invested position: half the capital follows the price
      value[i + 1] = c0 * (0.5 + (0.5 * c.close[i]) / c.close[0]);
    }
    const trades: Trade[] = [];
    for (let i = 0; i + 30 < n; i += 37) {
      const long = i % 2 === 0;
      const move = c.close[i + 30] / c.open[i + 1] - 1;
      trades.push({
        symbol: 'BTCUSDT',
        direction: long ? 'LONG' : 'SHORT',
        entryTime: c.time[i + 1],
        entryPrice: c.open[i + 1],
        exitTime: c.time[i + 30],
        exitPrice: c.close[i + 30],
        quantity: 1,
        fees: 0.2,
        pnl: (long ? move : -move) * 1000 - 0.2,
        pnlPct: 0,
        exitReason: 'SIGNAL',
        confidence: 0.7,
        stop: 0,
        target: 0,
        signalTime: c.time[i],
        reasons: [],
      });
    }
    const input: MetricsInput = { initialCapital: c0, trades, equityTime: time, equityValue: value, barsInMarket: 12_345, totalBars: n };
    const got = computeMetrics(input);
    agree(got, oracle(input).metrics, 'BTCUSDT 1h');
    for (const key of ['sharpe', 'sortino', 'cagrPct', 'maxDrawdownPct', 'maxDrawdownDurationMs', 'sqn'] as const) {
      expect(got[key], key).not.toBeNull();
    }
  });
});
