import { describe, expect, it } from 'vitest';
import { SIGNAL_ENGINE } from '../../strategy/signal-engine';
import type { Candidate, Evaluation } from '../evaluation';
import { Optimiser, parseShard, shardIndices, type OptimiserConfig } from './optimiser';

const space = {
  sl_atr_multiplier: { min: 1, max: 3, step: 0.5 },
  tp_atr_multiplier: { values: [2, 3, 4, 6] },
  adx_threshold: { min: 15, max: 30, step: 5 },
};

function cfg(over: Partial<OptimiserConfig> = {}): OptimiserConfig {
  return { method: 'grid', space, evaluations: null, seed: 11, objective: { kind: 'sharpe' }, constraints: {}, ...over };
}

/** A smooth objective with its peak at sl 2, tp 4, adx 25. */
function fake(c: Candidate): Evaluation {
  const p = c.params as Record<string, number>;
  const score = 3 - (p.sl_atr_multiplier - 2) ** 2 - 0.2 * (p.tp_atr_multiplier - 4) ** 2 - 0.01 * (p.adx_threshold - 25) ** 2;
  return { index: c.index, params: c.params, metrics: null, score, error: null, returns: [] };
}

function runAll(o: Optimiser, stopAfter = Infinity): Candidate[] {
  const seen: Candidate[] = [];
  while (!o.finished() && seen.length < stopAfter) {
    const batch = o.nextBatch();
    expect(batch.length).toBeGreaterThan(0);
    seen.push(...batch);
    o.record(batch.map(fake));
  }
  return seen;
}

describe('optimiser', () => {
  it('grid: every point once, in grid order (schema order, the last parameter fastest)', () => {
    const o = new Optimiser(SIGNAL_ENGINE, cfg());
    expect(o.total).toBe(5 * 4 * 4);
    const seen = runAll(o);
    expect(seen.map((c) => c.index)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(seen[0].params).toEqual({ sl_atr_multiplier: 1, tp_atr_multiplier: 2, adx_threshold: 15 });
    // Schema order: adx_threshold, sl_atr_multiplier, tp_atr_multiplier.
    expect(seen[1].params).toEqual({ sl_atr_multiplier: 1, tp_atr_multiplier: 3, adx_threshold: 15 });
    expect(seen[4].params).toEqual({ sl_atr_multiplier: 1.5, tp_atr_multiplier: 2, adx_threshold: 15 });
    expect(new Set(seen.map((c) => JSON.stringify(c.params))).size).toBe(80);
    expect(o.best()!.params).toEqual({ sl_atr_multiplier: 2, tp_atr_multiplier: 4, adx_threshold: 25 });
  });

  it('random: seeded, no point twice, never more than the space holds', () => {
    const a = runAll(new Optimiser(SIGNAL_ENGINE, cfg({ method: 'random', evaluations: 80 })));
    const b = runAll(new Optimiser(SIGNAL_ENGINE, cfg({ method: 'random', evaluations: 80 })));
    expect(a).toEqual(b);
    expect(new Set(a.map((c) => JSON.stringify(c.params))).size).toBe(80);
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ method: 'random', evaluations: 81 }))).toThrow('evaluations: 81 is more than the 80 points the space holds');
  });

  it('tpe: deterministic by seed, and it concentrates on the peak better than random search', () => {
    const c = cfg({ method: 'tpe', evaluations: 40, space: { sl_atr_multiplier: { min: 0.5, max: 5 }, tp_atr_multiplier: { min: 1, max: 10 }, adx_threshold: { min: 10, max: 40, step: 1 } } });
    const o1 = new Optimiser(SIGNAL_ENGINE, c);
    const a = runAll(o1);
    const b = runAll(new Optimiser(SIGNAL_ENGINE, c));
    expect(a).toEqual(b);
    const r = new Optimiser(SIGNAL_ENGINE, { ...c, method: 'random' });
    runAll(r);
    const meanLast = (o: Optimiser) => o.evaluations().slice(-20).reduce((s, e) => s + e.score!, 0) / 20;
    expect(meanLast(o1)).toBeGreaterThan(meanLast(r));
  });

  it('resumes after a stop with exactly the candidates an uninterrupted run proposes', () => {
    for (const method of ['grid', 'random', 'tpe'] as const) {
      const c = cfg({ method, evaluations: method === 'grid' ? null : 37 });
      const whole = new Optimiser(SIGNAL_ENGINE, c);
      runAll(whole);
      const first = new Optimiser(SIGNAL_ENGINE, c);
      runAll(first, 20);
      const stored = first.evaluations().slice(0, 13);
      const resumed = new Optimiser(SIGNAL_ENGINE, c, stored);
      runAll(resumed);
      expect(resumed.evaluations()).toEqual(whole.evaluations());
    }
  });

  it('shards split the indices deterministically', () => {
    expect(shardIndices(10, 1, 4)).toEqual([0, 4, 8]);
    expect(shardIndices(10, 4, 4)).toEqual([3, 7]);
    expect(parseShard('2/4')).toEqual({ i: 2, n: 4 });
    expect(() => parseShard('5/4', '--shard')).toThrow('--shard: "5/4" is not i/n');
  });

  it('bad spaces are refused naming the field and the value', () => {
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: {} }))).toThrow('space: empty (choose at least one parameter to vary)');
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: { adx_threshold: { min: 30, max: 20, step: 1 } } }))).toThrow('space.adx_threshold.min: 30 is greater than max 20');
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: { nope: { values: [1] } } }))).toThrow('space.nope: not a parameter of SIGNAL_ENGINE');
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: { adx_threshold: { min: 0, max: 20, step: 1 } } }))).toThrow('space.adx_threshold.min: 0 is out of range [1, 100]');
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: { sl_atr_multiplier: { min: 1, max: 2 } } }))).toThrow('space.sl_atr_multiplier.step: missing (grid search needs a step');
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: { ema_trend_filter: { min: 0, max: 1 } } }))).toThrow('space.ema_trend_filter: ema_trend_filter is a boolean; list its values');
    expect(() => new Optimiser(SIGNAL_ENGINE, cfg({ space: { tp_atr_multiplier: { values: [] } } }))).toThrow('space.tp_atr_multiplier.values: empty');
  });
});
