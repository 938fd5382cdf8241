import { describe, expect, it } from 'vitest';
import { createRng, fillUniform } from '../util/rng';
import {
  monteCarloChunks,
  monteCarloInputFromTrades,
  runMonteCarlo,
  simulateMonteCarlo,
  summariseMonteCarlo,
  type MonteCarloConfig,
  type MonteCarloInput,
} from './monte-carlo';

function input(n: number, seed = 7): MonteCarloInput {
  const rng = createRng(seed);
  const pnl = new Float64Array(n);
  const notional = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pnl[i] = Math.round((rng.normal() * 60 + 8) * 100) / 100;
    notional[i] = 1000;
  }
  return { initialCapital: 10_000, pnl, notional, tradesPerYear: 150 };
}

const cfg = (over: Partial<MonteCarloConfig> = {}): MonteCarloConfig => ({
  method: 'reshuffle',
  runs: 500,
  seed: 42,
  skipPct: 10,
  noisePct: 0.5,
  ruinDrawdownPct: 50,
  ...over,
});

describe('Monte Carlo', () => {
  it('fillUniform gives exactly the numbers of createRng(seed).next()', () => {
    const a = fillUniform(123, new Float64Array(50));
    const r = createRng(123);
    expect(Array.from(a)).toEqual(Array.from({ length: 50 }, () => r.next()));
  });

  it('a reshuffle keeps the total P&L: every run ends at the same equity, only the path differs', () => {
    const inp = input(200);
    const total = inp.pnl.reduce((a, b) => a + b, 0);
    const chunk = simulateMonteCarlo(inp, cfg());
    for (const f of chunk.values.finalEquity) expect(f).toBeCloseTo(10_000 + total, 6);
    const dd = new Set(Array.from(chunk.values.maxDrawdownPct).map((v) => v.toFixed(6)));
    expect(dd.size).toBeGreaterThan(50);
    const s = runMonteCarlo(inp, cfg());
    expect(s.percentiles.finalEquity.p5).toBeCloseTo(10_000 + total, 6);
    expect(s.percentiles.finalEquity.p95).toBeCloseTo(10_000 + total, 6);
    expect(s.baseline.finalEquity).toBeCloseTo(10_000 + total, 6);
  });

  it('the same seed gives the same bytes however the runs are split into chunks', () => {
    const inp = input(120);
    for (const method of ['reshuffle', 'bootstrap', 'skip', 'noise'] as const) {
      const c = cfg({ method, runs: 301 });
      const whole = JSON.stringify(runMonteCarlo(inp, c));
      const parts = monteCarloChunks(301, 4).map((p) => simulateMonteCarlo(inp, c, p.first, p.count));
      expect(JSON.stringify(summariseMonteCarlo(inp, c, parts.reverse()))).toBe(whole);
      expect(JSON.stringify(runMonteCarlo(inp, { ...c, seed: 43 }))).not.toBe(whole);
    }
  });

  it('bootstrap and noise spread the final equity around the backtest; skip lowers the trade count', () => {
    const inp = input(300);
    const boot = runMonteCarlo(inp, cfg({ method: 'bootstrap', runs: 2000 }));
    const f = boot.percentiles.finalEquity;
    expect(f.p5!).toBeLessThan(f.p50!);
    expect(f.p50!).toBeLessThan(f.p95!);
    expect(Math.abs(f.p50! - boot.baseline.finalEquity!)).toBeLessThan(f.p95! - f.p5!);
    const noise = runMonteCarlo(inp, cfg({ method: 'noise', noisePct: 1 }));
    expect(noise.percentiles.finalEquity.p95! - noise.percentiles.finalEquity.p5!).toBeGreaterThan(0);
    expect(boot.histograms.find((h) => h.metric === 'finalEquity')!.counts.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(boot.fan.steps[0]).toBe(0);
    expect(boot.fan.steps[boot.fan.steps.length - 1]).toBe(300);
    expect(boot.fan.bands.p50[0]).toBe(10_000);
  });

  it('risk of ruin counts the runs that touched the drawdown; the own-drawdown exceedance is a share', () => {
    const inp = input(100);
    const tiny = runMonteCarlo(inp, cfg({ ruinDrawdownPct: 0.0001 }));
    expect(tiny.riskOfRuin).toBe(1);
    const none = runMonteCarlo(inp, cfg({ ruinDrawdownPct: 100 }));
    expect(none.riskOfRuin).toBe(0);
    expect(tiny.drawdownExceeded).toBeGreaterThan(0);
    expect(tiny.drawdownExceeded).toBeLessThan(1);
  });

  it('refuses bad input naming the field and the value', () => {
    expect(() => runMonteCarlo(input(9), cfg())).toThrow('trades: 9 in the backtest; Monte Carlo needs at least 10 closed trades');
    expect(() => runMonteCarlo(input(20), cfg({ runs: 100_001 }))).toThrow('runs: 100001 must be an integer from 1 to 100000');
    expect(() => runMonteCarlo(input(20), cfg({ method: 'shuffle' as never }))).toThrow('method: "shuffle"');
    expect(() => runMonteCarlo(input(20), cfg({ skipPct: 100 }))).toThrow('skipPct: 100');
    expect(() => runMonteCarlo(input(20), cfg({ ruinDrawdownPct: 0 }))).toThrow('ruinDrawdownPct: 0');
  });

  it('reads trades in exit order with their notional and annualises by trades per year', () => {
    const trades = [
      { pnl: 5, quantity: 2, entryPrice: 10, entryTime: 0, exitTime: 20 },
      { pnl: -3, quantity: 1, entryPrice: 50, entryTime: 5, exitTime: 10 },
    ];
    const inp = monteCarloInputFromTrades(trades, 1000, 365.25 * 86_400_000);
    expect(Array.from(inp.pnl)).toEqual([-3, 5]);
    expect(Array.from(inp.notional)).toEqual([50, 20]);
    expect(inp.tradesPerYear).toBe(2);
  });
});
