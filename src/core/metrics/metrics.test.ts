import { describe, expect, it } from 'vitest';
import type { Trade } from '../backtest/trade';
import { computeMetrics, computeTradeMetrics, isInfiniteProfitFactor } from './index';
import type { Metrics, MetricsInput } from './index';

const H = 3_600_000;
const DAY = 86_400_000;
/** 2024-01-01T00:00:00Z, a Monday. */
const D0 = Date.UTC(2024, 0, 1);

function trade(p: Partial<Trade> & { pnl: number }): Trade {
  return {
    symbol: 'BTCUSDT',
    direction: 'LONG',
    entryTime: D0,
    entryPrice: 100,
    exitTime: D0 + H,
    exitPrice: 101,
    quantity: 1,
    fees: 0,
    pnlPct: 0,
    exitReason: 'SIGNAL',
    confidence: 0.5,
    stop: 0,
    target: 0,
    signalTime: D0 - H,
    reasons: [],
    ...p,
  };
}

/** |actual - expected| ≤ 1e-9 · max(1, |expected|). */
function close(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tol);
}

function curve(points: ReadonlyArray<readonly [number, number]>): Pick<MetricsInput, 'equityTime' | 'equityValue'> {
  return {
    equityTime: Float64Array.from(points.map((p) => p[0])),
    equityValue: Float64Array.from(points.map((p) => p[1])),
  };
}

function run(p: Partial<MetricsInput> & Pick<MetricsInput, 'equityTime' | 'equityValue'>): Metrics {
  return computeMetrics({ initialCapital: 1000, trades: [], barsInMarket: 0, totalBars: 0, ...p });
}

describe('computeMetrics: a hand-computed run', () => {
  // Six trades, given out of exit order. In exit order:
  //   B -50 (1h), A +100 (2h), C +30 (3h), D 0 (4h), E +150 (9h), F -20 (5h)
  // fees 1, 2, 1, 1, 3, 1.
  const A = trade({ pnl: 100, fees: 2, entryTime: D0, exitTime: D0 + 2 * H });
  const B = trade({ pnl: -50, fees: 1, entryTime: D0, exitTime: D0 + 1 * H, direction: 'SHORT' });
  const C = trade({ pnl: 30, fees: 1, entryTime: D0, exitTime: D0 + 3 * H });
  const D = trade({ pnl: 0, fees: 1, entryTime: D0, exitTime: D0 + 4 * H });
  const E = trade({ pnl: 150, fees: 3, entryTime: D0, exitTime: D0 + 9 * H });
  const F = trade({ pnl: -20, fees: 1, entryTime: D0 + 5 * H, exitTime: D0 + 10 * H });
  // Equity curve, C0 = 1000:
  //   D0 00:00 1000 (t_0) | D0 06:00 1050 | D0 12:00 1100 (peak)
  //   D1 06:00 1000 | D1 18:00 990 (trough) | D2 12:00 1045 | D2 23:00 1100 (back at the peak) | D3 12:00 1210
  const eq = curve([
    [D0, 1000],
    [D0 + 6 * H, 1050],
    [D0 + 12 * H, 1100],
    [D0 + DAY + 6 * H, 1000],
    [D0 + DAY + 18 * H, 990],
    [D0 + 2 * DAY + 12 * H, 1045],
    [D0 + 2 * DAY + 23 * H, 1100],
    [D0 + 3 * DAY + 12 * H, 1210],
  ]);
  const m = run({ trades: [A, C, E, B, F, D], ...eq, barsInMarket: 5, totalBars: 7 });

  it('counts and sums', () => {
    expect(m.totalTrades).toBe(6);
    expect(m.wins).toBe(3); // A, C, E
    expect(m.losses).toBe(2); // B, F
    expect(m.breakeven).toBe(1); // D
    close(m.winRate, 0.5); // 3 / 6
    close(m.grossProfit, 280); // 100 + 30 + 150
    close(m.grossLoss, 70); // 50 + 20
    close(m.totalPnl, 210); // 280 - 70
    close(m.totalFees, 9); // 2 + 1 + 1 + 1 + 3 + 1
    close(m.roiPct, 21); // 210 / 1000 * 100
    close(m.finalEquity, 1210);
  });

  it('trade ratios', () => {
    close(m.profitFactor, 4); // 280 / 70
    expect(isInfiniteProfitFactor(m)).toBe(false);
    close(m.avgWin, 280 / 3); // 93.333…
    close(m.avgLoss, -35); // -70 / 2
    close(m.largestWin, 150);
    close(m.largestLoss, -50);
    close(m.payoffRatio, 8 / 3); // (280/3) / 35
    close(m.expectancy, 35); // 210 / 6
    // kelly = 0.5 - 0.5 / (8/3) = 0.5 - 0.1875
    close(m.kelly, 0.3125);
    // pnl deviations from 35: 65, -85, -5, -35, -55, 115; squares sum 28950; sample var 5790
    // sqn = sqrt(6) * 35 / sqrt(5790) = 35 / sqrt(965)
    close(m.sqn, 35 / Math.sqrt(965));
    // durations 2, 1, 3, 4, 9, 5 hours: mean 4h
    close(m.avgTradeDurationMs, 4 * H);
  });

  it('streaks in exit order, breakeven ending a run', () => {
    // exit order: L W W B W L -> longest win run 2 (D breaks A,C | E), longest loss run 1
    expect(m.maxConsecutiveWins).toBe(2);
    expect(m.maxConsecutiveLosses).toBe(1);
  });

  it('drawdown', () => {
    // peak 1100 at D0 12:00, trough 990: 110, 10 % of 1100
    close(m.maxDrawdown, 110);
    close(m.maxDrawdownPct, 10);
    // from D0 12:00 to D2 23:00 (first point back at 1100): 2 days 11 hours
    close(m.maxDrawdownDurationMs, 2 * DAY + 11 * H);
  });

  it('daily returns: Sharpe and Sortino', () => {
    // daily series (last point of each UTC day): C0 1000, D0 1100, D1 990, D2 1100, D3 1210
    // r = 0.1, -0.1, 1/9, 0.1; mean = (19/90) / 4 = 19/360
    // deviations 17/360, -55/360, 21/360, 17/360; squares (289 + 3025 + 441 + 289)/360² = 4044/360²
    // sample var 1348/360²; sharpe = (19/360) / (sqrt(1348)/360) * sqrt(365) = 19 * sqrt(365/1348)
    close(m.sharpe, 19 * Math.sqrt(365 / 1348));
    // downside: sqrt(0.01 / 4) = 0.05; sortino = (19/360) / 0.05 * sqrt(365) = 19/18 * sqrt(365)
    close(m.sortino, (19 / 18) * Math.sqrt(365));
  });

  it('CAGR and Calmar over a 3.5-day span', () => {
    // (1210/1000)^(365.25/3.5) - 1, in %
    const cagr = (Math.pow(1.21, 365.25 / 3.5) - 1) * 100;
    close(m.cagrPct, cagr);
    close(m.calmar, cagr / 10);
  });

  it('exposure', () => {
    close(m.exposurePct, (5 / 7) * 100);
  });

  it('does not depend on the order of the trades', () => {
    const again = run({ trades: [B, A, C, D, E, F], ...eq, barsInMarket: 5, totalBars: 7 });
    expect(again).toEqual(m);
  });
});

describe('computeMetrics: equity-curve cases', () => {
  it('CAGR of exactly one 365.25-day year is the simple return', () => {
    const m = run(curve([[D0, 1000], [D0 + 365.25 * DAY, 1100]]));
    close(m.cagrPct, 10);
  });

  it('CAGR of a doubling over two years is sqrt(2) - 1', () => {
    const m = run(curve([[D0, 1000], [D0 + 100 * DAY, 500], [D0 + 730.5 * DAY, 2000]]));
    close(m.cagrPct, (Math.SQRT2 - 1) * 100);
    // drawdown 500 = 50 %, calmar = cagr / 50
    close(m.maxDrawdownPct, 50);
    close(m.calmar, ((Math.SQRT2 - 1) * 100) / 50);
  });

  it('a losing curve has a negative CAGR and stays in drawdown to the end', () => {
    // peak 1000 at D0; 900 at D0+1d; 950 at D0+3d (still below): duration to the end = 3 days
    const m = run(curve([[D0, 1000], [D0 + DAY, 900], [D0 + 3 * DAY, 950]]));
    close(m.maxDrawdown, 100);
    close(m.maxDrawdownPct, 10);
    close(m.maxDrawdownDurationMs, 3 * DAY);
    close(m.cagrPct, (Math.pow(0.95, 365.25 / 3) - 1) * 100);
  });

  it('the longest drawdown is not the deepest one', () => {
    // deep: 1000 → 500 → 1000 within 1 h; long and shallow: 1000 → 990 for 5 days → 1001
    const m = run(
      curve([
        [D0, 1000],
        [D0 + H / 2, 500],
        [D0 + H, 1000],
        [D0 + 2 * H, 990],
        [D0 + 2 * H + 5 * DAY, 1001],
      ]),
    );
    close(m.maxDrawdown, 500);
    close(m.maxDrawdownPct, 50);
    // the 1000 at D0+1h is back at the peak, so the second period starts there
    close(m.maxDrawdownDurationMs, H + 5 * DAY);
  });

  it('the percentage drawdown is measured against its own peak', () => {
    // peak 1000 → 800: 200 = 20 %; later peak 4000 → 3400: 600 = 15 %
    const m = run(curve([[D0, 1000], [D0 + DAY, 800], [D0 + 2 * DAY, 4000], [D0 + 3 * DAY, 3400]]));
    close(m.maxDrawdown, 600);
    close(m.maxDrawdownPct, 20);
  });

  it('several points a day: only the last point of each UTC day counts, t_0 opens its day', () => {
    // t_0 at D0 23:00, first bar D1 00:00: the daily series is C0, 1000 (D0 last = t_0), 1100 (D1 last),
    // 1210 (D2 last, 23:59:59.999), 1089 (D3)
    const m = run(
      curve([
        [D0 + 23 * H, 1000],
        [D0 + DAY, 2000],
        [D0 + DAY + 23 * H, 1100],
        [D0 + 2 * DAY, 500],
        [D0 + 3 * DAY - 1, 1210],
        [D0 + 3 * DAY, 1089],
      ]),
    );
    // r = 0, 0.1, 0.1, -0.1; mean 0.025
    // deviations -0.025, 0.075, 0.075, -0.125; squares sum 0.0275; sample var 0.0275/3
    close(m.sharpe, (0.025 / Math.sqrt(0.0275 / 3)) * Math.sqrt(365));
    // downside sqrt(0.01/4) = 0.05
    close(m.sortino, (0.025 / 0.05) * Math.sqrt(365));
  });

  it('a recovery exactly at the peak ends the drawdown; the latest point at the peak starts the next', () => {
    // 1000 (D0), 1000 (D0+1h), 900, 1000 (D0+3h, back at peak), 800, end at D0+10h
    const m = run(
      curve([
        [D0, 1000],
        [D0 + H, 1000],
        [D0 + 2 * H, 900],
        [D0 + 3 * H, 1000],
        [D0 + 4 * H, 800],
        [D0 + 10 * H, 850],
      ]),
    );
    // periods: D0+1h → D0+3h (2h), D0+3h → end D0+10h (7h)
    close(m.maxDrawdownDurationMs, 7 * H);
    close(m.maxDrawdown, 200);
  });

  it('points sharing a time are allowed', () => {
    const m = run(curve([[D0, 1000], [D0, 900], [D0 + DAY, 1000]]));
    close(m.maxDrawdown, 100);
    close(m.maxDrawdownDurationMs, DAY);
  });
});

describe('computeMetrics: null and edge cases', () => {
  it('no trades', () => {
    const m = run({ ...curve([[D0, 1000], [D0 + H, 1000]]), barsInMarket: 0, totalBars: 1 });
    expect(m.totalTrades).toBe(0);
    expect(m.wins).toBe(0);
    expect(m.losses).toBe(0);
    expect(m.breakeven).toBe(0);
    expect(m.grossProfit).toBe(0);
    expect(m.grossLoss).toBe(0);
    expect(m.totalPnl).toBe(0);
    expect(m.totalFees).toBe(0);
    expect(m.roiPct).toBe(0);
    expect(m.finalEquity).toBe(1000);
    expect(m.maxConsecutiveWins).toBe(0);
    expect(m.maxConsecutiveLosses).toBe(0);
    for (const k of [
      'winRate',
      'profitFactor',
      'avgWin',
      'avgLoss',
      'largestWin',
      'largestLoss',
      'payoffRatio',
      'expectancy',
      'sqn',
      'kelly',
      'avgTradeDurationMs',
    ] as const) {
      expect(m[k], k).toBeNull();
    }
    expect(isInfiniteProfitFactor(m)).toBe(false);
    expect(m.exposurePct).toBe(0);
  });

  it('all wins: infinite profit factor, no loss figures', () => {
    // pnl 10, 20, 30: mean 20, sample std 10 → sqn = sqrt(3) * 20 / 10
    const trades = [10, 20, 30].map((pnl, i) => trade({ pnl, exitTime: D0 + (i + 1) * H }));
    const m = computeTradeMetrics(trades, 1000);
    expect(m.wins).toBe(3);
    expect(m.losses).toBe(0);
    close(m.winRate, 1);
    close(m.grossProfit, 60);
    expect(m.grossLoss).toBe(0);
    expect(m.profitFactor).toBeNull();
    expect(isInfiniteProfitFactor(m)).toBe(true);
    close(m.avgWin, 20);
    expect(m.avgLoss).toBeNull();
    expect(m.payoffRatio).toBeNull();
    expect(m.kelly).toBeNull();
    close(m.largestWin, 30);
    close(m.largestLoss, 10); // min pnl over all trades
    close(m.sqn, Math.sqrt(3) * 2);
    expect(m.maxConsecutiveWins).toBe(3);
    expect(m.maxConsecutiveLosses).toBe(0);
  });

  it('all losses: profit factor 0, no win figures', () => {
    const trades = [-10, -30].map((pnl, i) => trade({ pnl, exitTime: D0 + (i + 1) * H }));
    const m = computeTradeMetrics(trades, 1000);
    close(m.winRate, 0);
    close(m.profitFactor, 0); // 0 / 40
    expect(isInfiniteProfitFactor(m)).toBe(false);
    expect(m.avgWin).toBeNull();
    close(m.avgLoss, -20);
    expect(m.payoffRatio).toBeNull();
    expect(m.kelly).toBeNull();
    close(m.largestWin, -10); // max pnl over all trades
    close(m.largestLoss, -30);
    close(m.roiPct, -4);
    close(m.finalEquity, 960);
    expect(m.maxConsecutiveLosses).toBe(2);
    expect(m.maxConsecutiveWins).toBe(0);
  });

  it('breakeven trades: |pnl| < 1e-9 is neither a win nor a loss', () => {
    const trades = [0, 5e-10, -5e-10, 1e-9, -1e-9].map((pnl, i) => trade({ pnl, exitTime: D0 + (i + 1) * H }));
    const m = computeTradeMetrics(trades, 1000);
    expect(m.breakeven).toBe(3);
    expect(m.wins).toBe(1); // 1e-9
    expect(m.losses).toBe(1); // -1e-9
    close(m.grossProfit, 1e-9);
    close(m.grossLoss, 1e-9);
    close(m.totalPnl, 0);
  });

  it('only breakeven trades: every ratio is null, the profit factor is not infinite', () => {
    const trades = [trade({ pnl: 0 }), trade({ pnl: 0 })];
    const m = computeTradeMetrics(trades, 1000);
    expect(m.breakeven).toBe(2);
    close(m.winRate, 0);
    expect(m.profitFactor).toBeNull();
    expect(isInfiniteProfitFactor(m)).toBe(false);
    expect(m.sqn).toBeNull(); // std 0
    close(m.expectancy, 0);
    expect(m.maxConsecutiveWins).toBe(0);
  });

  it('one trade: sqn needs two', () => {
    const m = computeTradeMetrics([trade({ pnl: 5 })], 1000);
    expect(m.sqn).toBeNull();
    close(m.expectancy, 5);
  });

  it('equal exit times keep the input order for streaks', () => {
    const trades = [trade({ pnl: 1, exitTime: D0 }), trade({ pnl: -1, exitTime: D0 }), trade({ pnl: 1, exitTime: D0 })];
    const m = computeTradeMetrics(trades, 1000);
    expect(m.maxConsecutiveWins).toBe(1);
  });

  it('one day of data: one daily return, no Sharpe', () => {
    // daily series C0 1000, D0 last 1100: r = 0.1 (n = 1): sample std undefined; no downside
    const m = run(curve([[D0, 1000], [D0 + H, 1050], [D0 + 2 * H, 1100]]));
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    // one negative daily return: sortino = -0.1 / sqrt(0.01 / 1) * sqrt(365)
    const down = run(curve([[D0, 1000], [D0 + 2 * H, 900]]));
    expect(down.sharpe).toBeNull();
    close(down.sortino, -Math.sqrt(365));
  });

  it('a single point: no span, no return', () => {
    const m = run(curve([[D0, 1000]]));
    expect(m.cagrPct).toBeNull();
    expect(m.calmar).toBeNull();
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    expect(m.maxDrawdown).toBe(0);
    expect(m.maxDrawdownPct).toBe(0);
    expect(m.maxDrawdownDurationMs).toBe(0);
  });

  it('flat equity over many days', () => {
    const pts: [number, number][] = [[D0, 1000]];
    for (let i = 1; i <= 30; i++) pts.push([D0 + i * DAY, 1000]);
    const m = run(curve(pts));
    expect(m.maxDrawdown).toBe(0);
    expect(m.maxDrawdownPct).toBe(0);
    expect(m.maxDrawdownDurationMs).toBe(0);
    close(m.cagrPct, 0);
    expect(m.calmar).toBeNull(); // drawdown 0
    expect(m.sharpe).toBeNull(); // std 0
    expect(m.sortino).toBeNull(); // no downside
  });

  it('equity reaching zero makes the following daily return undefined', () => {
    const m = run(curve([[D0, 1000], [D0 + DAY, 0], [D0 + 2 * DAY, 0]]));
    expect(m.sharpe).toBeNull();
    expect(m.sortino).toBeNull();
    close(m.maxDrawdownPct, 100);
    close(m.cagrPct, -100);
  });

  it('negative final equity has no CAGR', () => {
    const m = run(curve([[D0, 1000], [D0 + DAY, -10]]));
    expect(m.cagrPct).toBeNull();
    close(m.maxDrawdownPct, 101);
  });

  it('an overflowing CAGR is null', () => {
    // ×10 in one minute: 10^(525960) overflows
    const m = run(curve([[D0, 1000], [D0 + 60_000, 10_000]]));
    expect(m.cagrPct).toBeNull();
  });

  it('no bars: exposure undefined', () => {
    const m = run({ ...curve([[D0, 1000]]), barsInMarket: 0, totalBars: 0 });
    expect(m.exposurePct).toBeNull();
  });
});

describe('computeMetrics: bad input', () => {
  const eq = curve([[D0, 1000], [D0 + H, 1010]]);
  it.each([
    ['initialCapital: 0', { initialCapital: 0 }],
    ['initialCapital: -5', { initialCapital: -5 }],
    ['initialCapital: NaN', { initialCapital: Number.NaN }],
    ['totalBars: -1', { totalBars: -1 }],
    ['barsInMarket: 1.5', { barsInMarket: 1.5, totalBars: 3 }],
    ['barsInMarket: 4', { barsInMarket: 4, totalBars: 3 }],
    ['equityValue: length 2', { equityTime: [D0], equityValue: [1000, 1] }],
    ['equityTime: empty', { equityTime: [], equityValue: [] }],
    ['equityValue[0]: 999', { equityTime: [D0, D0 + H], equityValue: [999, 1000] }],
    [`equityTime[1]: ${D0 - 1}`, { equityTime: [D0, D0 - 1], equityValue: [1000, 1000] }],
    ['equityTime[1]: NaN', { equityTime: [D0, Number.NaN], equityValue: [1000, 1000] }],
    ['equityTime[1]: Infinity', { equityTime: [D0, Infinity], equityValue: [1000, 1000] }],
    ['equityValue[1]: NaN', { equityTime: [D0, D0 + 1], equityValue: [1000, Number.NaN] }],
    ['trades[1].pnl: NaN', { trades: [trade({ pnl: 1 }), trade({ pnl: Number.NaN })] }],
    ['trades[0].fees: Infinity', { trades: [trade({ pnl: 1, fees: Infinity })] }],
    [`trades[0].exitTime: ${D0 - 1}`, { trades: [trade({ pnl: 1, entryTime: D0, exitTime: D0 - 1 })] }],
  ] as Array<[string, Partial<MetricsInput>]>)('throws "%s…"', (msg, patch) => {
    expect(() => computeMetrics({ initialCapital: 1000, trades: [], barsInMarket: 0, totalBars: 1, ...eq, ...patch })).toThrow(msg);
  });
});
