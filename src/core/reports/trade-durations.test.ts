import { describe, expect, it } from 'vitest';
import type { Trade } from '../backtest/trade';
import { durationHistogram } from './trade-durations';

const H = 3_600_000;
const t = (bars: number, pnl: number) => ({ entryTime: 0, exitTime: bars * H, pnl }) as Trade;

describe('durationHistogram', () => {
  it('bins by doubling widths in bars, counting wins, losses and P&L', () => {
    const bins = durationHistogram([t(0, 5), t(1, -2), t(2, 3), t(3, 0), t(7, -1), t(4, 2)], H);
    expect(bins.map((b) => [b.minBars, b.maxBars, b.count, b.wins, b.losses, b.totalPnl])).toEqual([
      [0, 0, 1, 1, 0, 5],
      [1, 1, 1, 0, 1, -2],
      [2, 3, 2, 1, 0, 3],
      [4, 7, 2, 1, 1, 1],
    ]);
  });

  it('no trades, no bins; a bad bar length is refused', () => {
    expect(durationHistogram([], H)).toEqual([]);
    expect(() => durationHistogram([], 0)).toThrow('barMs: 0 is not a positive duration');
  });
});
