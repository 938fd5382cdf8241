import { describe, expect, it } from 'vitest';
import type { Trade } from '../backtest/trade';
import { computeBreakdowns, utcHour, utcMonth, utcWeekday } from './index';
import type { BreakdownGroup } from './index';

function trade(p: Partial<Trade> & { pnl: number; entryTime: number }): Trade {
  return {
    symbol: 'BTCUSDT',
    direction: 'LONG',
    entryPrice: 100,
    exitTime: p.entryTime + 3_600_000,
    exitPrice: 101,
    quantity: 1,
    fees: 0,
    pnlPct: 0,
    exitReason: 'SIGNAL',
    confidence: 0.5,
    stop: 0,
    target: 0,
    signalTime: p.entryTime,
    reasons: [],
    ...p,
  };
}

const at = (iso: string) => Date.parse(iso);

// Entry times on UTC boundaries, with their UTC weekday (0 = Mon), hour and month worked out by calendar:
//   T1 2024-01-01 00:00:00.000 Monday     → weekday 0, hour 0,  month 1
//   T2 2023-12-31 23:59:59.999 Sunday     → weekday 6, hour 23, month 12
//   T3 2024-02-29 12:30:00     Thursday   → weekday 3, hour 12, month 2
//   T4 1969-12-31 23:00:00     Wednesday  → weekday 2, hour 23, month 12 (negative time)
//   T5 2024-03-03 23:59:59.999 Sunday     → weekday 6, hour 23, month 3
//   T6 2024-03-04 00:00:00     Monday     → weekday 0, hour 0,  month 3
const T1 = trade({ entryTime: at('2024-01-01T00:00:00.000Z'), pnl: 10, direction: 'LONG', symbol: 'BTCUSDT', exitReason: 'TP', confidence: 0.9 });
const T2 = trade({ entryTime: at('2023-12-31T23:59:59.999Z'), pnl: -5, direction: 'SHORT', symbol: 'ETHUSDT', exitReason: 'SL', confidence: 0.8999 });
const T3 = trade({ entryTime: at('2024-02-29T12:30:00.000Z'), pnl: 0, direction: 'LONG', symbol: 'ETHUSDT', exitReason: 'SIGNAL', confidence: 0.4 });
const T4 = trade({ entryTime: at('1969-12-31T23:00:00.000Z'), pnl: 7, direction: 'SHORT', symbol: 'BTCUSDT', exitReason: 'END', confidence: 0.39 });
const T5 = trade({ entryTime: at('2024-03-03T23:59:59.999Z'), pnl: -3, direction: 'LONG', symbol: 'ADAUSDT', exitReason: 'TIMEOUT', confidence: 0.75 });
const T6 = trade({ entryTime: at('2024-03-04T00:00:00.000Z'), pnl: 4, direction: 'LONG', symbol: 'BTCUSDT', exitReason: 'TP', confidence: 0.6 });
const ALL = [T1, T2, T3, T4, T5, T6];

function counts<K extends string | number>(groups: BreakdownGroup<K>[]): Array<[K, number]> {
  return groups.map((g) => [g.key, g.metrics.totalTrades as number]);
}

function group<K extends string | number>(groups: BreakdownGroup<K>[], key: K): BreakdownGroup<K> {
  const g = groups.find((x) => x.key === key);
  if (!g) throw new Error(`no group ${String(key)}`);
  return g;
}

describe('UTC calendar helpers', () => {
  it.each([
    ['2024-01-01T00:00:00.000Z', 0, 0, 1],
    ['2023-12-31T23:59:59.999Z', 6, 23, 12],
    ['2024-02-29T12:30:00.000Z', 3, 12, 2],
    ['1969-12-31T23:00:00.000Z', 2, 23, 12],
    ['1970-01-01T00:00:00.000Z', 3, 0, 1],
    ['2024-03-03T23:59:59.999Z', 6, 23, 3],
  ])('%s: weekday %i, hour %i, month %i', (iso, weekday, hour, month) => {
    const t = at(iso);
    expect(utcWeekday(t)).toBe(weekday);
    expect(utcHour(t)).toBe(hour);
    expect(utcMonth(t)).toBe(month);
  });
});

describe('computeBreakdowns', () => {
  const b = computeBreakdowns(ALL, 1000);

  it('by direction', () => {
    expect(counts(b.direction)).toEqual([
      ['LONG', 4], // T1 T3 T5 T6
      ['SHORT', 2], // T2 T4
    ]);
    expect(group(b.direction, 'LONG').metrics.totalPnl).toBeCloseTo(11, 12); // 10 + 0 - 3 + 4
    expect(group(b.direction, 'SHORT').metrics.totalPnl).toBeCloseTo(2, 12); // -5 + 7
  });

  it('by symbol: the symbols present, sorted', () => {
    expect(counts(b.symbol)).toEqual([
      ['ADAUSDT', 1], // T5
      ['BTCUSDT', 3], // T1 T4 T6
      ['ETHUSDT', 2], // T2 T3
    ]);
    expect(b.symbol.map((g) => g.label)).toEqual(['ADAUSDT', 'BTCUSDT', 'ETHUSDT']);
  });

  it('by exit reason, every reason listed', () => {
    expect(counts(b.exitReason)).toEqual([
      ['TP', 2], // T1 T6
      ['SL', 1],
      ['SIGNAL', 1],
      ['TIMEOUT', 1],
      ['END', 1],
    ]);
  });

  it('by confidence level, on the level boundaries', () => {
    // 0.9 VERY_HIGH; 0.8999 and 0.75 HIGH; 0.6 MEDIUM; 0.4 LOW; 0.39 VERY_LOW
    expect(counts(b.confidence)).toEqual([
      ['VERY_HIGH', 1],
      ['HIGH', 2],
      ['MEDIUM', 1],
      ['LOW', 1],
      ['VERY_LOW', 1],
    ]);
    const high = group(b.confidence, 'HIGH').metrics;
    expect(high.losses).toBe(2); // T2 -5, T5 -3
    expect(high.grossLoss).toBeCloseTo(8, 12);
  });

  it('by hour of entry, all 24 hours', () => {
    expect(b.hour.map((g) => g.key)).toEqual(Array.from({ length: 24 }, (_, h) => h));
    expect(b.hour[0].label).toBe('00:00');
    expect(b.hour[23].label).toBe('23:00');
    const nonEmpty = counts(b.hour).filter(([, n]) => n > 0);
    expect(nonEmpty).toEqual([
      [0, 2], // T1 T6
      [12, 1], // T3
      [23, 3], // T2 T4 T5
    ]);
    const h23 = group(b.hour, 23).metrics;
    expect(h23.totalPnl).toBeCloseTo(-1, 12); // -5 + 7 - 3
    expect(h23.wins).toBe(1);
    expect(h23.losses).toBe(2);
  });

  it('by weekday of entry, Monday first', () => {
    expect(b.weekday.map((g) => g.label)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(counts(b.weekday)).toEqual([
      [0, 2], // T1 T6
      [1, 0],
      [2, 1], // T4
      [3, 1], // T3
      [4, 0],
      [5, 0],
      [6, 2], // T2 T5
    ]);
  });

  it('by month of entry', () => {
    expect(b.month.map((g) => g.key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(b.month[0].label).toBe('Jan');
    const nonEmpty = counts(b.month).filter(([, n]) => n > 0);
    expect(nonEmpty).toEqual([
      [1, 1], // T1
      [2, 1], // T3
      [3, 2], // T5 T6
      [12, 2], // T2 T4
    ]);
  });

  it('every group holds every trade exactly once', () => {
    for (const [name, groups] of Object.entries(b) as Array<[string, BreakdownGroup[]]>) {
      const total = groups.reduce((s, g) => s + (g.metrics.totalTrades as number), 0);
      expect(total, name).toBe(ALL.length);
      const pnl = groups.reduce((s, g) => s + (g.metrics.totalPnl as number), 0);
      expect(pnl, name).toBeCloseTo(13, 12);
    }
  });

  it('groups carry trade-based metrics only; equity-curve fields and exposure are null', () => {
    const m = group(b.symbol, 'BTCUSDT').metrics;
    // T1 +10, T4 +7, T6 +4: all wins
    expect(m.wins).toBe(3);
    expect(m.roiPct).toBeCloseTo(2.1, 12); // 21 / 1000 * 100
    expect(m.finalEquity).toBeCloseTo(1021, 12);
    expect(m.maxConsecutiveWins).toBe(3);
    for (const k of ['maxDrawdownPct', 'maxDrawdown', 'maxDrawdownDurationMs', 'cagrPct', 'sharpe', 'sortino', 'calmar', 'exposurePct'] as const) {
      expect(m[k], k).toBeNull();
    }
  });

  it('empty groups have zero counts and null ratios', () => {
    const tue = group(b.weekday, 1).metrics;
    expect(tue.totalTrades).toBe(0);
    expect(tue.winRate).toBeNull();
    expect(tue.expectancy).toBeNull();
  });

  it('no trades: every fixed group present and empty, no symbols', () => {
    const e = computeBreakdowns([], 1000);
    expect(e.symbol).toEqual([]);
    expect(e.direction).toHaveLength(2);
    expect(e.exitReason).toHaveLength(5);
    expect(e.confidence).toHaveLength(5);
    expect(e.hour).toHaveLength(24);
    expect(e.weekday).toHaveLength(7);
    expect(e.month).toHaveLength(12);
    expect(e.hour.every((g) => g.metrics.totalTrades === 0)).toBe(true);
  });

  it('rejects bad input naming the field', () => {
    expect(() => computeBreakdowns(ALL, 0)).toThrow('initialCapital: 0');
    expect(() => computeBreakdowns([T1, trade({ entryTime: Number.NaN, pnl: 1 })], 1000)).toThrow('trades[1].entryTime: NaN');
  });
});
