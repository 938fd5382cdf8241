import { describe, expect, it } from 'vitest';
import { lowerBound, upperBound } from './types';

describe('binary searches', () => {
  it('find the first index >= and > a value in typed and plain arrays', () => {
    const a = Int32Array.from([1, 3, 3, 3, 7]);
    expect([0, 1, 3, 4, 7, 9].map((v) => lowerBound(a, v))).toEqual([0, 0, 1, 4, 4, 5]);
    expect([0, 1, 3, 4, 7, 9].map((v) => upperBound(a, v))).toEqual([0, 1, 4, 4, 5, 5]);
    expect(upperBound([], 1)).toBe(0);
    expect(lowerBound(Float64Array.from([0.5, 1.5]), 1)).toBe(1);
  });
});
