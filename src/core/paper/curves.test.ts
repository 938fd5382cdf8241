import { describe, expect, it } from 'vitest';
import { equityCurve, overlayGeometry } from './curves';
import { H, T0, tradeRecord } from './test-support';
import type { PaperTrade } from './types';

const trade = (id: string, exit: number | null, pnl: string | null, status?: PaperTrade['status']): PaperTrade =>
  tradeRecord({ id, ...(exit === null ? {} : { exitHours: exit }), profitLoss: pnl, ...(status ? { status } : {}) });

describe('a session equity curve', () => {
  it('starts at the balance, steps at each exit in exit order (one step per instant), in decimal, and runs to the end', () => {
    // Hand-computed: 10,000 → +0.1 and +0.2 at 2 h (one step, exactly 10,000.3: a float sum gives 10,000.300000000001)
    // → −100.005 at 5 h = 9,900.295; the open trade and the cancelled one do not count; held to 8 h.
    const trades = [trade('c', 5, '-100.005'), trade('b', 2, '0.2'), trade('a', 2, '0.1'), trade('d', null, null), trade('e', 3, '5', 'CANCELLED')];
    expect(equityCurve('10000', trades, T0, T0 + 8 * H)).toEqual([
      { time: T0, value: '10000' },
      { time: T0 + 2 * H, value: '10000.3' },
      { time: T0 + 5 * H, value: '9900.295' },
      { time: T0 + 8 * H, value: '9900.295' },
    ]);
  });

  it('is the balance alone without closed trades, and ends at the last exit when that is the end', () => {
    expect(equityCurve('250.5', [], T0, T0 + H)).toEqual([
      { time: T0, value: '250.5' },
      { time: T0 + H, value: '250.5' },
    ]);
    expect(equityCurve('100', [trade('a', 1, '-1')], T0, T0 + H)).toEqual([
      { time: T0, value: '100' },
      { time: T0 + H, value: '99' },
    ]);
  });
});

describe('curve geometry', () => {
  const curve = [
    { time: 0, value: '10000' },
    { time: 5, value: '10010' },
    { time: 10, value: '10005' },
  ];

  it('draws steps (each value held to the next point) on the curves own range without a baseline', () => {
    // Box 116 × 116, padding 8: x 8 … 108 over t 0 … 10; y 108 … 8 over 10,000 … 10,010.
    const g = overlayGeometry([curve], { width: 116, height: 116, baseline: null, step: true })!;
    expect(g.baselineY).toBeNull();
    expect([g.lo, g.hi, g.from, g.to]).toEqual([10000, 10010, 0, 10]);
    expect(g.lines[0].points).toBe('8.0,108.0 58.0,108.0 58.0,8.0 108.0,8.0 108.0,58.0');
  });

  it('joins points by lines and keeps the zero baseline in range by default', () => {
    const g = overlayGeometry([[{ time: 0, value: '10' }, { time: 10, value: '-10' }], []], { width: 116, height: 116 })!;
    expect(g.baselineY).toBe(58);
    expect(g.lines.map((l) => l.points)).toEqual(['8.0,8.0 108.0,108.0', '']);
    expect(overlayGeometry([[], []])).toBeNull();
  });
});
