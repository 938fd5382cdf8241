import { describe, expect, it } from 'vitest';
import { SIGNAL_ENGINE } from '../strategy/signal-engine';
import { heatmap, pboVerdict, stabilityOf } from './analysis';
import type { Evaluation } from './evaluation';
import { gridPoint, resolveSpace } from './param-space';

const dims = resolveSpace(SIGNAL_ENGINE, { sl_atr_multiplier: { values: [1, 2, 3] }, tp_atr_multiplier: { values: [2, 4, 6] } });

function evals(score: (sl: number, tp: number) => number): Evaluation[] {
  return Array.from({ length: 9 }, (_, i) => {
    const params = gridPoint(dims, i);
    return { index: i, params, metrics: null, score: score(params.sl_atr_multiplier as number, params.tp_atr_multiplier as number), error: null, returns: [] };
  });
}

describe('analysis', () => {
  it('a broad optimum is a plateau, a lone peak a spike, negative scores included', () => {
    const plateau = evals((sl, tp) => -1 - 0.01 * Math.abs(sl - 2) - 0.01 * Math.abs(tp - 4) - (sl === 1 && tp === 2 ? 5 : 0));
    const best = plateau.find((e) => e.params.sl_atr_multiplier === 2 && e.params.tp_atr_multiplier === 4)!;
    const s = stabilityOf(dims, plateau, best);
    expect(s.neighbours.length).toBe(4);
    expect(s.verdict).toBe('plateau');
    const spike = evals((sl, tp) => (sl === 2 && tp === 4 ? 3 : 0));
    const t = stabilityOf(dims, spike, spike[4]);
    // Neighbours score 0, the worst is 0: they keep none of the lead.
    expect(t.ratio).toBe(0);
    expect(t.verdict).toBe('spike');
  });

  it('the heatmap keeps the best score per pair of values', () => {
    const e = evals((sl, tp) => sl * 10 + tp);
    const cells = heatmap([...e, { ...e[0], index: 9, score: 99 }], 'sl_atr_multiplier', 'tp_atr_multiplier');
    expect(cells.length).toBe(9);
    expect(cells.find((c) => c.x === 1 && c.y === 2)).toEqual({ x: 1, y: 2, score: 99, count: 2 });
    expect(cells.find((c) => c.x === 3 && c.y === 6)!.score).toBe(36);
  });

  it('verdict lines follow the PBO', () => {
    expect(pboVerdict(0.1).verdict).toBe('good');
    expect(pboVerdict(0.4).verdict).toBe('caution');
    expect(pboVerdict(0.7).verdict).toBe('bad');
    expect(pboVerdict(null).verdict).toBe('unknown');
  });
});
