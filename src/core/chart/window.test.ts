import { describe, expect, it } from 'vitest';
import { nearWindowEdge, windowRange } from './window';

describe('windowRange', () => {
  it('centres, ends, leads a quarter ahead or an eighth behind the anchor', () => {
    expect(windowRange(0, 1000, 500, 100, 'center')).toEqual({ from: 451, to: 551 });
    expect(windowRange(0, 1000, 500, 100, 'end')).toEqual({ from: 401, to: 501 });
    expect(windowRange(0, 1000, 500, 100, 'replay')).toEqual({ from: 426, to: 526 });
    expect(windowRange(0, 1000, 500, 100, 'start')).toEqual({ from: 488, to: 588 });
  });

  it('stays inside the bounds and keeps its size when it can', () => {
    expect(windowRange(0, 1000, 10, 100, 'center')).toEqual({ from: 0, to: 100 });
    expect(windowRange(0, 1000, 990, 100, 'center')).toEqual({ from: 900, to: 1000 });
    expect(windowRange(200, 250, 5, 100, 'replay')).toEqual({ from: 200, to: 250 });
    expect(windowRange(0, 1000, 5000, 100, 'end')).toEqual({ from: 900, to: 1000 });
    expect(windowRange(10, 10, 3, 100, 'end')).toEqual({ from: 10, to: 10 });
  });

  it('rejects a size that is not a positive integer', () => {
    expect(() => windowRange(0, 10, 0, 0, 'end')).toThrow(/size: 0 is not a positive integer/);
  });
});

describe('nearWindowEdge', () => {
  it('asks for another window near an inner edge only', () => {
    expect(nearWindowEdge({ from: 100, to: 200 }, 0, 1000, 105, 150, 20)).toBe(true);
    expect(nearWindowEdge({ from: 100, to: 200 }, 0, 1000, 130, 170, 20)).toBe(false);
    expect(nearWindowEdge({ from: 100, to: 200 }, 0, 1000, 130, 190, 20)).toBe(true);
    // The edges of the series need nothing more.
    expect(nearWindowEdge({ from: 0, to: 200 }, 0, 200, 0, 200, 20)).toBe(false);
  });
});
