import { describe, expect, it } from 'vitest';
import { gapSlots } from './gap-slots';

const H = 3_600_000;

describe('gapSlots', () => {
  it('puts an empty slot at every missing open time between candles', () => {
    const s = gapSlots([0, H, 4 * H, 5 * H], '1h');
    expect(Array.from(s.time)).toEqual([0, H, 2 * H, 3 * H, 4 * H, 5 * H]);
    expect(Array.from(s.candle)).toEqual([0, 1, -1, -1, 2, 3]);
    expect(Array.from(s.end)).toEqual([1, 2, 5, 6]);
  });

  it('caps the empty slots of one gap', () => {
    const s = gapSlots([0, 1000 * H], '1h', 3);
    expect(Array.from(s.time)).toEqual([0, H, 2 * H, 3 * H, 1000 * H]);
    expect(Array.from(s.candle)).toEqual([0, -1, -1, -1, 1]);
  });

  it('follows calendar months', () => {
    const jan = Date.UTC(2024, 0, 1);
    const apr = Date.UTC(2024, 3, 1);
    const s = gapSlots([jan, apr], '1M');
    expect(Array.from(s.time)).toEqual([jan, Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1), apr]);
  });
});
