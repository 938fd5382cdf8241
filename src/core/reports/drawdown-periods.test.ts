import { describe, expect, it } from 'vitest';
import { drawdownPeriods, worstDrawdowns } from './drawdown-periods';

const H = 3_600_000;
const times = (n: number) => Float64Array.from({ length: n }, (_, i) => i * H);

describe('drawdownPeriods', () => {
  it('finds each fall below the running peak with its trough, recovery, depth and length', () => {
    //              0    1    2    3    4    5    6    7    8
    const value = [100, 110, 99, 88, 110, 120, 108, 114, 90];
    const p = drawdownPeriods(times(9), value);
    expect(p).toEqual([
      { start: 1 * H, trough: 3 * H, recovery: 4 * H, peak: 110, troughValue: 88, depthPct: 20, lengthMs: 3 * H },
      { start: 5 * H, trough: 8 * H, recovery: null, peak: 120, troughValue: 90, depthPct: 25, lengthMs: 3 * H },
    ]);
  });

  it('a curve that never falls has no period; equal values are not a drawdown', () => {
    expect(drawdownPeriods(times(4), [100, 100, 101, 101])).toEqual([]);
    expect(drawdownPeriods([], [])).toEqual([]);
  });

  it('the trough is the first lowest point', () => {
    const p = drawdownPeriods(times(5), [100, 90, 80, 80, 100]);
    expect(p[0].trough).toBe(2 * H);
    expect(p[0].recovery).toBe(4 * H);
  });

  it('refuses curves of different lengths, naming the field', () => {
    expect(() => drawdownPeriods(times(3), [1, 2])).toThrow('equityValue: length 2 differs from equityTime length 3');
  });
});

describe('worstDrawdowns', () => {
  it('keeps the deepest first, ties by the earlier start', () => {
    const value = [100, 95, 100, 90, 100, 95, 100, 80, 100];
    const w = worstDrawdowns(times(9), value, 3);
    expect(w.map((p) => [p.start / H, p.depthPct])).toEqual([
      [6, 20],
      [2, 10],
      [0, 5],
    ]);
  });
});
