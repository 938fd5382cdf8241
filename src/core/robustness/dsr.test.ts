import { describe, expect, it } from 'vitest';
import { deflatedSharpe, deflatedSharpeOfSelection, expectedMaxSharpe, EULER_GAMMA } from './dsr';
import { moments, normalCdf, normalQuantile } from './stats';

describe('normal distribution', () => {
  it('quantile and CDF match tabulated values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874040841, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 7);
  });
});

describe('Deflated Sharpe Ratio (Bailey & López de Prado, 2014)', () => {
  // The paper's numerical example: an annualised SR of 2.5 on T = 1250 daily observations (250 per
  // year), after N = 100 trials whose annualised Sharpe ratios have variance 0.5, with skewness −3
  // and kurtosis 10. Per day: SR = 2.5 / √250, V[SR_n] = 0.5 / 250. The paper gives SR₀ ≈ 0.1132
  // per day and DSR ≈ 0.9004.
  const sr = 2.5 / Math.sqrt(250);
  const v = 0.5 / 250;

  it('expected maximum Sharpe ratio of 100 unskilled trials: SR₀ ≈ 0.1132 per day', () => {
    const sr0 = expectedMaxSharpe(100, v);
    const byHand = Math.sqrt(v) * ((1 - EULER_GAMMA) * normalQuantile(0.99) + EULER_GAMMA * normalQuantile(1 - 1 / (100 * Math.E)));
    expect(sr0).toBe(byHand);
    expect(sr0).toBeCloseTo(0.1132, 4);
  });

  it('DSR ≈ 0.9004 for the paper example', () => {
    const r = deflatedSharpe({ sharpe: sr, observations: 1250, trials: 100, sharpeVariance: v, skew: -3, kurtosis: 10 });
    expect(r.sr0).toBeCloseTo(0.1132, 4);
    const z = ((sr - r.sr0) * Math.sqrt(1249)) / Math.sqrt(1 + 3 * sr + (9 / 4) * sr * sr);
    expect(r.z).toBeCloseTo(z, 12);
    expect(r.dsr).toBeCloseTo(0.9004, 3);
  });

  it('one trial deflates nothing: DSR is the probabilistic Sharpe ratio against 0', () => {
    const r = deflatedSharpe({ sharpe: 0.1, observations: 101, trials: 1, sharpeVariance: 0.01, skew: 0, kurtosis: 3 });
    expect(r.sr0).toBe(0);
    expect(r.dsr).toBeCloseTo(normalCdf((0.1 * 10) / Math.sqrt(1 + 0.5 * 0.01)), 9);
  });

  it('from returns: moments of the selection and variance of the trials', () => {
    const rets = [0.01, -0.02, 0.015, 0.003, -0.004, 0.02, 0.001, -0.01, 0.012, 0.006];
    const m = moments(rets);
    const trials = [m.mean / m.std, 0.05, -0.1, 0.2];
    const r = deflatedSharpeOfSelection(rets, trials)!;
    const vs = moments(trials).std ** 2;
    expect(r).toEqual(deflatedSharpe({ sharpe: m.mean / m.std, observations: 10, trials: 4, sharpeVariance: vs, skew: m.skew, kurtosis: m.kurtosis }));
    expect(() => deflatedSharpe({ sharpe: 0.1, observations: 1, trials: 2, sharpeVariance: 0, skew: 0, kurtosis: 3 })).toThrow('observations: 1');
  });
});
