import { describe, expect, it } from 'vitest';
import { analysisTradesCsv, ANALYSIS_TRADES_CSV_COLUMNS, buildDashboard } from './dashboard';
import type { AnalysisSource } from './source';
import type { AnalysisTrade } from './trade';

const H = 3_600_000;
const D = 24 * H;
const DAY0 = Date.UTC(2024, 5, 3); // a Monday

function t(id: string, entryTime: number, exitTime: number | null, pnl: number | null, symbol = 'BTC/USDT'): AnalysisTrade {
  return {
    id,
    symbol,
    direction: 'LONG',
    status: exitTime === null ? 'OPEN' : 'CLOSED',
    entryTime,
    entryPrice: 100,
    quantity: 1,
    stop: 98,
    target: null,
    exitTime,
    exitPrice: exitTime === null ? null : 100 + (pnl ?? 0),
    exitReason: exitTime === null ? null : 'SIGNAL',
    fees: 0,
    pnl,
    pnlPct: pnl,
    confidence: null,
    signalTime: null,
  };
}

function source(trades: AnalysisTrade[], capital = 1000): AnalysisSource {
  return { label: 'Paper', trades, initialCapital: capital, strategy: null, account: null, timeframe: '1h', signals: null };
}

describe('analytics dashboard', () => {
  // Closed: +10 on day 0 (entered 09:00), −5 on day 1 (entered 14:00), +20 on day 2 (entered 09:00 of day 1),
  // one trade closed 40 days earlier (+50), and an ETH trade still open from day 2 at 22:00.
  const trades = [
    t('old', DAY0 - 40 * D, DAY0 - 40 * D + H, 50),
    t('a', DAY0 + 9 * H, DAY0 + 11 * H, 10),
    t('b', DAY0 + D + 14 * H, DAY0 + D + 15 * H, -5),
    t('c', DAY0 + D + 9 * H, DAY0 + 2 * D + 1 * H, 20, 'SOL/USDT'),
    t('open', DAY0 + 2 * D + 22 * H, null, null, 'ETH/USDT'),
  ];
  const d = buildDashboard(source(trades), { days: 30 });

  it('covers the 30 days up to the latest trade, every day present', () => {
    expect(d.to).toBe(DAY0 + 2 * D);
    expect(d.from).toBe(DAY0 + 2 * D - 29 * D);
    expect(d.days).toHaveLength(30);
    expect(d.days.slice(-3).map((x) => [x.pnl, x.closed, x.cumulative])).toEqual([
      [10, 1, 10],
      [-5, 1, 5],
      [20, 1, 25],
    ]);
    expect(d.days.slice(0, 27).every((x) => x.pnl === 0 && x.cumulative === 0)).toBe(true);
  });

  it('starts from the capital plus what closed before the range, and measures Sharpe on daily returns of the realised curve', () => {
    expect(d.startCapital).toBe(1050);
    // docs/metrics.md: C0 = 1050, then the last point of each day with points — the range's first
    // day (1050, its start point), then 1060, 1055, 1075; sample std, × √365.
    const r = [0, 1060 / 1050 - 1, 1055 / 1060 - 1, 1075 / 1055 - 1];
    const mean = r.reduce((s, x) => s + x, 0) / 4;
    const std = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / 3);
    expect(d.metrics.sharpe).toBeCloseTo((mean / std) * Math.sqrt(365), 10);
    expect(d.metrics.winRate).toBeCloseTo(2 / 3, 12);
    expect(d.metrics.totalPnl).toBe(25);
  });

  it('counts entries by hour and weekday, results of the closed ones', () => {
    expect(d.hourly[9]).toMatchObject({ label: '09:00', entries: 2, closed: 2, pnl: 30, winRate: 1 });
    expect(d.hourly[14]).toMatchObject({ entries: 1, pnl: -5, winRate: 0 });
    expect(d.hourly[22]).toMatchObject({ entries: 1, closed: 0, winRate: null });
    expect(d.weekday.map((w) => w.entries)).toEqual([1, 2, 1, 0, 0, 0, 0]);
    expect(d.weekday[0].label).toBe('Mon');
  });

  it('ranks symbols by entries and by P&L, and lists the trades behind it', () => {
    expect(d.symbols).toEqual([
      { symbol: 'BTC/USDT', trades: 2, share: 0.5 },
      { symbol: 'ETH/USDT', trades: 1, share: 0.25 },
      { symbol: 'SOL/USDT', trades: 1, share: 0.25 },
    ]);
    expect(d.topPerformers.map((p) => [p.symbol, p.totalPnl])).toEqual([
      ['SOL/USDT', 20],
      ['BTC/USDT', 5],
    ]);
    expect(d.trades.map((x) => x.id)).toEqual(['a', 'c', 'b', 'open']);
  });

  it('a chosen range and "every day" replace the default 30 days', () => {
    const two = buildDashboard(source(trades), { days: 2 });
    expect(two.days.map((x) => x.pnl)).toEqual([-5, 20]);
    const all = buildDashboard(source(trades), { days: null });
    expect(all.from).toBe(DAY0 - 40 * D);
    expect(all.days).toHaveLength(43);
    const explicit = buildDashboard(source(trades), { days: null, from: DAY0, to: DAY0 });
    expect(explicit.days.map((x) => x.pnl)).toEqual([10]);
    expect(() => buildDashboard(source(trades), { days: 0 })).toThrow('days: 0');
  });

  it('is empty without trades', () => {
    const e = buildDashboard(source([]));
    expect([e.from, e.days.length, e.metrics.totalTrades]).toEqual([null, 0, 0]);
  });

  it('exports the trades as CSV with empty cells for what a trade lacks', () => {
    const csv = analysisTradesCsv([trades[4], trades[1]]).split('\n');
    expect(csv[0]).toBe(ANALYSIS_TRADES_CSV_COLUMNS.join(','));
    expect(csv[1]).toBe('open,ETH/USDT,LONG,OPEN,2024-06-05T22:00:00.000Z,100,1,98,,,,,0,,,');
    expect(csv[2]).toBe('a,BTC/USDT,LONG,CLOSED,2024-06-03T09:00:00.000Z,100,1,98,,2024-06-03T11:00:00.000Z,110,SIGNAL,0,10,10,');
    expect(csv[3]).toBe('');
  });
});
