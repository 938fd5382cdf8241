import { describe, expect, it } from 'vitest';
import { MAX_REQUESTS_PER_MESSAGE, splitBatch } from './session';

describe('splitBatch', () => {
  const batch = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('keeps every request once, in order', () => {
    for (const [n, slots] of [[0, 4], [1, 4], [7, 2], [64, 4], [9, 1]] as const) {
      expect(splitBatch(batch(n), slots).flat()).toEqual(batch(n));
    }
  });

  it('reaches every slot when the batch is small and sends at most the cap per message when it is large', () => {
    expect(splitBatch(batch(4), 4).map((p) => p.length)).toEqual([1, 1, 1, 1]);
    expect(splitBatch(batch(6), 4).map((p) => p.length)).toEqual([2, 2, 2]);
    const big = splitBatch(batch(64), 4);
    expect(big).toHaveLength(64 / MAX_REQUESTS_PER_MESSAGE);
    expect(big.every((p) => p.length === MAX_REQUESTS_PER_MESSAGE)).toBe(true);
  });

  it('treats a slot count below one as one slot', () => {
    expect(splitBatch(batch(3), 0).map((p) => p.length)).toEqual([3]);
  });
});
