import { describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { combinations, probabilityOfOverfitting } from './pbo';

describe('Probability of Backtest Overfitting (CSCV, Bailey et al. 2015)', () => {
  it('enumerates C(S, S/2) splits', () => {
    expect(combinations(4, 2)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(combinations(16, 8).length).toBe(12870);
  });

  it('hand-computed: two trials that swap places between the halves are overfit in every split', () => {
    // Block 0 / block 1 Sharpe ratios: A = 2.121 / 0, B = 0.707 / 1.414.
    // J = {0}: A wins in sample, ranks 1 of 2 out of sample: ω = 1/3, λ = ln(1/2).
    // J = {1}: B wins in sample, ranks 1 of 2 out of sample: same.
    const a = [0.02, 0.04, -0.01, 0.01];
    const b = [0.0, 0.02, 0.01, 0.03];
    const r = probabilityOfOverfitting([a, b], 2);
    expect(r.combinations).toBe(2);
    expect(r.logits[0]).toBeCloseTo(Math.log(0.5), 12);
    expect(r.logits[1]).toBeCloseTo(Math.log(0.5), 12);
    expect(r.pbo).toBe(1);
  });

  it('hand-computed: a trial best in every block is never overfit (λ = ln 3 with three trials)', () => {
    const best = [0.03, 0.05, 0.02, 0.04, 0.03, 0.05, 0.02, 0.06];
    const mid = [0.0, 0.02, -0.01, 0.02, 0.0, 0.01, -0.01, 0.02];
    const worst = [-0.02, 0.0, -0.03, 0.01, -0.02, 0.0, -0.04, 0.01];
    const r = probabilityOfOverfitting([mid, best, worst], 4);
    expect(r.combinations).toBe(6);
    for (const l of r.logits) expect(l).toBeCloseTo(Math.log(3), 12);
    expect(r.pbo).toBe(0);
    expect(r.probabilityOfLoss).toBe(0);
  });

  it('pure noise trials: PBO near one half (the paper\'s null case)', () => {
    const rng = createRng(5);
    const trials = Array.from({ length: 40 }, () => Array.from({ length: 800 }, () => rng.normal() * 0.01));
    const r = probabilityOfOverfitting(trials, 16);
    expect(r.combinations).toBe(12870);
    expect(r.pbo).toBeGreaterThan(0.3);
    expect(r.pbo).toBeLessThan(0.7);
  });

  it('one trial with a real edge among noise: PBO near 0', () => {
    const rng = createRng(9);
    const trials = Array.from({ length: 20 }, (_, i) => Array.from({ length: 800 }, () => rng.normal() * 0.01 + (i === 3 ? 0.004 : 0)));
    expect(probabilityOfOverfitting(trials, 16).pbo).toBeLessThan(0.05);
  });

  it('refuses bad input naming the field', () => {
    expect(() => probabilityOfOverfitting([[1, 2]], 2)).toThrow('trials: 1; PBO needs at least 2 trials');
    expect(() => probabilityOfOverfitting([[1, 2], [1]], 2)).toThrow('trials[1]: 1 returns');
    expect(() => probabilityOfOverfitting([[1, 2, 3], [1, 2, 3]], 3)).toThrow('blocks: 3');
  });
});
