import { describe, expect, it } from 'vitest';
import { lowerBound, partitionPoint, upperBound } from './binary-search';
import { createRng } from './rng';

/** Linear scans: the oracle. */
function linearFirst(n: number, lo: number, hi: number, pass: (i: number) => boolean): number {
  for (let i = lo; i < hi; i++) if (pass(i)) return i;
  return hi;
}

/** Sorted values with runs of duplicates. */
function sortedWithDuplicates(seed: number, n: number): Float64Array {
  const rng = createRng(seed);
  const out = new Float64Array(n);
  let v = -5;
  for (let i = 0; i < n; i++) {
    if (rng.next() < 0.6) v += Math.floor(rng.next() * 3);
    out[i] = v;
  }
  return out;
}

describe('lowerBound / upperBound', () => {
  it('agree with a linear scan on every target, whole range and sub-ranges, duplicates included', () => {
    for (const n of [0, 1, 2, 7, 64, 257]) {
      const values = sortedWithDuplicates(n + 1, n);
      const targets = [-100, ...values, ...Array.from(values, (v) => v + 0.5), 1e9];
      const ranges: Array<[number, number]> = [[0, n], [0, n >> 1], [n >> 2, n], [n >> 2, (3 * n) >> 2]];
      for (const [lo, hi] of ranges) {
        for (const t of targets) {
          expect(lowerBound(values, t, lo, hi)).toBe(linearFirst(n, lo, hi, (i) => values[i] >= t));
          expect(upperBound(values, t, lo, hi)).toBe(linearFirst(n, lo, hi, (i) => values[i] > t));
        }
      }
    }
  });

  it('default to the whole sequence and work on plain arrays', () => {
    const times = [10, 20, 20, 20, 30];
    expect(lowerBound(times, 20)).toBe(1);
    expect(upperBound(times, 20)).toBe(4);
    expect(lowerBound(times, 5)).toBe(0);
    expect(upperBound(times, 30)).toBe(5);
    expect(lowerBound(Float64Array.of(), 1)).toBe(0);
  });
});

describe('partitionPoint', () => {
  it('finds where a monotone predicate turns false', () => {
    const ranges = [
      { from: 0, to: 4 },
      { from: 6, to: 9 },
      { from: 12, to: 12 },
      { from: 20, to: 25 },
    ];
    for (let g = -1; g < 30; g++) {
      const first = partitionPoint(0, ranges.length, (i) => ranges[i].to < g);
      expect(first).toBe(linearFirst(ranges.length, 0, ranges.length, (i) => ranges[i].to >= g));
    }
    expect(partitionPoint(3, 3, () => true)).toBe(3);
    expect(partitionPoint(2, 10, () => true)).toBe(10);
    expect(partitionPoint(2, 10, () => false)).toBe(2);
  });
});
