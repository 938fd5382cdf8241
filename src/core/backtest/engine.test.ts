/**
 * Sizing, short collateral, portfolio rules, equity curve, hooks and input checks of the
 * backtester. Expected numbers are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import type { CandleColumns } from '../candles/types';
import type { BacktestConfig } from './config';
import { CancelledError } from '../util/cancel';
import { runBacktest, type BacktestResult, type BacktestSeries } from './engine';
import { candlesAt, candlesOf, periodicStrategy, scriptedStrategy, type Ohlc, type ScriptStep } from './test-support';

const H = 3_600_000;

const BASE: BacktestConfig = {
  initialCapital: 10_000,
  feeRate: 0,
  slippage: 0,
  sizing: { kind: 'fixed', value: 1000 },
  maxOpenTrades: 5,
  maxPositionPct: 100,
  minOrder: 10,
  allowLong: true,
  allowShort: true,
  exitOnOpposite: true,
  maxBars: 0,
};

function series(symbol: string, candles: CandleColumns, script: ScriptStep[]): BacktestSeries {
  return { symbol, timeframe: '1h', candles, strategy: scriptedStrategy(symbol, candles, script) };
}

function run(rows: readonly Ohlc[], script: ScriptStep[], cfg: Partial<BacktestConfig> = {}): BacktestResult {
  return runBacktest({ config: { ...BASE, ...cfg }, series: [series('AAA', candlesOf(rows), script)] });
}

const FLAT: Ohlc[] = [
  [100, 100, 100, 100],
  [100, 101, 99, 100],
  [100, 101, 99, 100],
];

describe('sizing', () => {
  it('equity:P spends P % of the equity at the fill', () => {
    // Trade 1: 10 % of 10000 = 1000 at 100 → qty 10, TP at 105 on bar 2 → +50.
    // LONG again on bar 2 → bar 3 open 100 with equity 10050 → 1005 → qty 10.05.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [100, 106, 99, 104],
        [100, 101, 99, 100],
        [100, 101, 99, 100],
      ],
      [
        { bar: 0, direction: 'LONG', targetFraction: 0.05 },
        { bar: 2, direction: 'LONG' },
      ],
      { sizing: { kind: 'equity', value: 10 } },
    );
    expect(r.trades).toHaveLength(2);
    expect(r.trades[0].quantity).toBeCloseTo(10, 12);
    expect(r.trades[0].pnl).toBeCloseTo(50, 10);
    expect(r.trades[1].quantity).toBeCloseTo(10.05, 12);
  });

  it('risk:R sizes so that the stop loses R % of equity', () => {
    // notional = 10000 * 1 % / 0.02 = 5000 → qty 50 at 100; stop 98 → pnl = 50 * -2 = -100 = 1 % of 10000.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [99, 100, 97, 98],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0.02 }],
      { sizing: { kind: 'risk', value: 1 } },
    );
    expect(r.trades[0].quantity).toBeCloseTo(50, 10);
    expect(r.trades[0].exitReason).toBe('SL');
    expect(r.trades[0].pnl).toBeCloseTo(-100, 10);
  });

  it('risk sizing skips a signal without a stop', () => {
    const r = run(FLAT, [{ bar: 0, direction: 'LONG' }], { sizing: { kind: 'risk', value: 1 } });
    expect(r.trades).toEqual([]);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: 0, direction: 'LONG', reason: 'risk sizing needs a stop' }]);
  });

  it('caps the size at maxPositionPct of equity', () => {
    // equity:50 would spend 5000; the cap is 20 % of 10000 = 2000 → qty 20.
    const r = run(FLAT, [{ bar: 0, direction: 'LONG' }], { sizing: { kind: 'equity', value: 50 }, maxPositionPct: 20 });
    expect(r.trades[0].quantity).toBeCloseTo(20, 10);
  });

  it('caps the size at free cash after the entry fee', () => {
    // fixed 20000 → capped by 100 % of equity (10000) → by cash 10000 / 1.001 = 9990.00999…;
    // qty = 99.9000999…; entry fee 9.99000999…; equity after the entry bar = 10000 - 9.99001.
    const r = run(FLAT, [{ bar: 0, direction: 'LONG' }], { sizing: { kind: 'fixed', value: 20_000 }, feeRate: 0.001 });
    const t = r.trades[0];
    expect(t.quantity).toBeCloseTo(99.9000999001, 9);
    expect(r.equityValue[2]).toBeCloseTo(9990.00999001, 7);
  });

  it('skips an entry below the minimum order', () => {
    const r = run(FLAT, [{ bar: 0, direction: 'LONG' }], { sizing: { kind: 'fixed', value: 5 } });
    expect(r.trades).toEqual([]);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: 0, direction: 'LONG', reason: 'size 5 below min order 10' }]);
  });

  it('uses the exchange minimum of a series when it is larger', () => {
    const c = candlesOf(FLAT);
    const r = runBacktest({
      config: { ...BASE, sizing: { kind: 'fixed', value: 50 } },
      series: [{ ...series('AAA', c, [{ bar: 0, direction: 'LONG' }]), minOrder: 100 }],
    });
    expect(r.trades).toEqual([]);
    expect(r.skipped[0].reason).toBe('size 50 below min order 100');
  });

  it('skips an entry that the position cap brings below the minimum order', () => {
    // cap = 10000 * 0.05 % = 5 < 10.
    const r = run(FLAT, [{ bar: 0, direction: 'LONG' }], { maxPositionPct: 0.05 });
    expect(r.trades).toEqual([]);
    expect(r.skipped[0].reason).toBe('size 5 below min order 10');
  });
});

describe('shorts', () => {
  it('locks the notional as collateral and marks collateral + qty * (entry - close)', () => {
    // short 1000 at 100 (qty 10), fee 0.001: cash 10000 - 1000 - 1 = 8999.
    // bar 1 close 90: 8999 + 1000 + 10 * 10 = 10099; bar 2 close 120: 8999 + 1000 - 200 = 9799;
    // END at 120: exit fee 1.2 → 9797.8; pnl = 10 * (100 - 120) - 1 - 1.2 = -202.2.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 89, 90],
        [90, 121, 89, 120],
      ],
      [{ bar: 0, direction: 'SHORT' }],
      { feeRate: 0.001 },
    );
    expect(Array.from(r.equityValue).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([10_000, 10_000, 10_099, 9797.8]);
    expect(r.trades[0].pnl).toBeCloseTo(-202.2, 10);
  });

  it('marks an open short at every close before the end', () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 89, 90],
        [90, 121, 89, 120],
        [120, 121, 109, 110],
      ],
      [{ bar: 0, direction: 'SHORT' }],
    );
    // cash 9000; closes 90, 120 → 9000 + 1000 + 100 = 10100, 9000 + 1000 - 200 = 9800; END at 110 → 9900.
    expect(Array.from(r.equityValue)).toEqual([10_000, 10_000, 10_100, 9800, 9900]);
  });

  it('a short uses up cash like a long', () => {
    // capital 1000, fixed 800: AAA SHORT (0.9) locks 800, BBB LONG (0.5) gets the 200 left → qty 2.
    const a = candlesOf(FLAT);
    const b = candlesOf(FLAT);
    const r = runBacktest({
      config: { ...BASE, initialCapital: 1000, sizing: { kind: 'fixed', value: 800 } },
      series: [
        series('AAA', a, [{ bar: 0, direction: 'SHORT', confidence: 0.9 }]),
        series('BBB', b, [{ bar: 0, direction: 'LONG', confidence: 0.5 }]),
      ],
    });
    const q = Object.fromEntries(r.trades.map((t) => [t.symbol, t.quantity]));
    expect(q.AAA).toBeCloseTo(8, 12);
    expect(q.BBB).toBeCloseTo(2, 12);
  });
});

describe('portfolio', () => {
  it('opens at most maxOpenTrades positions, keeping the most confident signals', () => {
    const c = candlesOf(FLAT);
    const r = runBacktest({
      config: { ...BASE, maxOpenTrades: 2 },
      series: [
        series('AAA', c, [{ bar: 0, direction: 'LONG', confidence: 0.5 }]),
        series('BBB', c, [{ bar: 0, direction: 'LONG', confidence: 0.9 }]),
        series('CCC', c, [{ bar: 0, direction: 'SHORT', confidence: 0.7 }]),
      ],
    });
    expect(r.trades.map((t) => t.symbol).sort()).toEqual(['BBB', 'CCC']);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: 0, direction: 'LONG', reason: 'max open trades (2) reached' }]);
  });

  it('takes same-bar signals by descending confidence, then symbol name', () => {
    // capital 1000, fixed 400: CCC (0.9) 400, AAA (0.8) 400, BBB (0.8) the 200 left → qty 4, 4, 2.
    const c = candlesOf(FLAT);
    const r = runBacktest({
      config: { ...BASE, initialCapital: 1000, sizing: { kind: 'fixed', value: 400 } },
      series: [
        series('BBB', c, [{ bar: 0, direction: 'LONG', confidence: 0.8 }]),
        series('CCC', c, [{ bar: 0, direction: 'LONG', confidence: 0.9 }]),
        series('AAA', c, [{ bar: 0, direction: 'LONG', confidence: 0.8 }]),
      ],
    });
    const q = Object.fromEntries(r.trades.map((t) => [t.symbol, t.quantity]));
    expect(q).toEqual({ AAA: 4, BBB: 2, CCC: 4 });
    // Trades closing at the same time are listed in symbol order.
    expect(r.trades.map((t) => t.symbol)).toEqual(['AAA', 'BBB', 'CCC']);
  });

  it('frees the slot of a position closed at an open for the entries at that open', () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [102, 103, 101, 102],
        [104, 105, 103, 104],
      ],
      [
        { bar: 0, direction: 'LONG' },
        { bar: 1, direction: 'SHORT' },
      ],
      { maxOpenTrades: 1 },
    );
    expect(r.trades.map((t) => [t.direction, t.exitReason, t.entryPrice])).toEqual([
      ['LONG', 'SIGNAL', 100],
      ['SHORT', 'END', 102],
    ]);
  });

  it('shares one cash balance across symbols on different time grids', () => {
    // A: 1h bars 0..4H. B: bars at H, 3H, 4H only. Sizing equity:50.
    // H: A enters 5000 at 100 (qty 50), cash 5000; equity 5000 + 50 * 110 = 10500.
    // 2H: B has no bar; 5000 + 50 * 120 = 11000.
    // 3H: B enters at 50 with equity 5000 + 50 * 130 (A's open) = 11500 → 5750, capped by cash
    //     5000 → qty 100; equity 50 * 130 + 100 * 55 = 12000.
    // 4H: both END: 50 * 140 + 100 * 60 = 13000 = 10000 + 2000 + 1000.
    const a = candlesOf([
      [100, 100, 100, 100],
      [100, 110, 100, 110],
      [110, 120, 110, 120],
      [130, 130, 130, 130],
      [130, 140, 130, 140],
    ]);
    const b = candlesAt([
      [H, 50, 50, 50, 50],
      [3 * H, 50, 55, 50, 55],
      [4 * H, 55, 60, 55, 60],
    ]);
    const r = runBacktest({
      config: { ...BASE, sizing: { kind: 'equity', value: 50 } },
      series: [series('B', b, [{ bar: 0, direction: 'LONG' }]), series('A', a, [{ bar: 0, direction: 'LONG' }])],
    });
    expect(Array.from(r.equityTime)).toEqual([0, 0, H, 2 * H, 3 * H, 4 * H]);
    expect(Array.from(r.equityValue)).toEqual([10_000, 10_000, 10_500, 11_000, 12_000, 13_000]);
    expect(r.totalBars).toBe(5);
    expect(r.barsInMarket).toBe(4);
    expect(r.trades.map((t) => [t.symbol, t.signalTime, t.entryTime, t.quantity, t.exitTime, t.pnl])).toEqual([
      ['A', 0, H, 50, 4 * H, 2000],
      ['B', H, 3 * H, 100, 4 * H, 1000],
    ]);
    expect(r.metrics.finalEquity).toBe(13_000);
    expect(r.metrics.exposurePct).toBeCloseTo(80, 12);
  });

  it('closes a symbol whose data ends early at its own last close', () => {
    const a = candlesOf([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
    ]);
    const b = candlesOf([
      [10, 10, 10, 10],
      [10, 11, 10, 11],
      [11, 12, 11, 12],
    ]);
    const r = runBacktest({ config: BASE, series: [series('A', a, []), series('B', b, [{ bar: 0, direction: 'LONG' }])] });
    // B: qty 100 at 10, END at 12 (bar 2) → +200; equity stays 10200 afterwards.
    expect(r.trades.map((t) => [t.symbol, t.exitReason, t.exitTime, t.pnl])).toEqual([['B', 'END', 2 * H, 200]]);
    expect(Array.from(r.equityValue)).toEqual([10_000, 10_000, 10_100, 10_200, 10_200]);
    expect(r.barsInMarket).toBe(2);
  });
});

describe('equity curve and result', () => {
  it('starts with [first bar time, C0] and has one point per bar', () => {
    const c = candlesOf(FLAT, 1_700_000_000_000);
    const r = runBacktest({ config: BASE, series: [series('AAA', c, [])] });
    expect(Array.from(r.equityTime)).toEqual([1_700_000_000_000, 1_700_000_000_000, 1_700_000_000_000 + H, 1_700_000_000_000 + 2 * H]);
    expect(Array.from(r.equityValue)).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(r.totalBars).toBe(3);
    expect(r.barsInMarket).toBe(0);
    expect(r.metrics.totalTrades).toBe(0);
  });

  it('final equity = capital + total pnl over many trades (with fees and slippage)', () => {
    const rows: Ohlc[] = [];
    let p = 100;
    for (let i = 0; i < 400; i++) {
      const next = p * (1 + 0.008 * Math.sin(i * 1.7) + 0.004 * Math.cos(i * 0.31));
      rows.push([p, Math.max(p, next) * 1.002, Math.min(p, next) * 0.998, next]);
      p = next;
    }
    const script: ScriptStep[] = [];
    for (let i = 0; i < 390; i += 7) {
      script.push({ bar: i, direction: (i / 7) % 3 === 0 ? 'SHORT' : 'LONG', stopFraction: 0.02, targetFraction: 0.03 });
    }
    script.push({ bar: 397, direction: 'LONG' });
    const r = run(rows, script, { feeRate: 0.001, slippage: 0.0005, sizing: { kind: 'equity', value: 30 }, maxBars: 10 });
    expect(r.trades.length).toBeGreaterThan(20);
    const total = r.trades.reduce((s, t) => s + t.pnl, 0);
    expect(r.equityValue[r.equityValue.length - 1]).toBeCloseTo(10_000 + total, 8);
    expect(new Set(r.trades.map((t) => t.exitReason))).toEqual(new Set(['SL', 'TP', 'SIGNAL', 'TIMEOUT', 'END']));

    // The same symbol beside an idle one on the same grid trades and marks the same.
    const idle = candlesOf(rows.map(() => [50, 50, 50, 50] as Ohlc));
    const both = runBacktest({
      config: { ...BASE, feeRate: 0.001, slippage: 0.0005, sizing: { kind: 'equity', value: 30 }, maxBars: 10 },
      series: [series('ZZZ', idle, []), series('AAA', candlesOf(rows), script)],
    });
    expect(both.trades).toEqual(r.trades);
    expect(both.equityValue).toEqual(r.equityValue);
  });
});

/**
 * Independent reference: one long-only position at a time, a fixed notional, the documented
 * rules for a single symbol written as a plain loop.
 */
function referenceLong(c: CandleColumns, every: number, stopFraction: number, targetFraction: number, notional: number, fee: number, s: number) {
  const out: { entry: number; exit: number; reason: string; pnl: number; entryTime: number; exitTime: number }[] = [];
  const n = c.time.length;
  let inPos = false;
  let pending = false;
  let q = 0, entry = 0, stop = 0, target = 0, entryBar = 0, entryFee = 0, entryTime = 0;
  const exit = (price: number, reason: string, i: number) => {
    const xf = q * price * fee;
    out.push({ entry, exit: price, reason, pnl: q * (price - entry) - entryFee - xf, entryTime, exitTime: c.time[i] });
    inPos = false;
  };
  for (let i = 0; i < n; i++) {
    if (pending) {
      pending = false;
      entry = c.open[i] * (1 + s);
      q = notional / entry;
      entryFee = notional * fee;
      stop = entry * (1 - stopFraction);
      target = entry * (1 + targetFraction);
      entryBar = i;
      entryTime = c.time[i];
      inPos = true;
    } else if (inPos && i > entryBar) {
      if (c.open[i] <= stop) exit(c.open[i] * (1 - s), 'SL', i);
      else if (c.open[i] >= target) exit(c.open[i], 'TP', i);
    }
    if (inPos) {
      if (c.low[i] <= stop) exit(stop * (1 - s), 'SL', i);
      else if (c.high[i] >= target) exit(target, 'TP', i);
    }
    if (!inPos && i % every === 0 && i + 1 < n) pending = true;
    if (inPos && i === n - 1) exit(c.close[i] * (1 - s), 'END', i);
  }
  return out;
}

describe('real candles', () => {
  it('matches a plain reference loop on BTCUSDT 1h', () => {
    const c = loadSharedCandles('BTCUSDT', '1h');
    const cfg: BacktestConfig = {
      ...BASE,
      initialCapital: 1_000_000,
      feeRate: 0.001,
      slippage: 0.0005,
      maxOpenTrades: 1,
      allowShort: false,
    };
    const r = runBacktest({
      config: cfg,
      series: [{ symbol: 'BTCUSDT', timeframe: '1h', candles: c, strategy: periodicStrategy('BTCUSDT', c, 50, 0.02, 0.03) }],
    });
    const ref = referenceLong(c, 50, 0.02, 0.03, 1000, 0.001, 0.0005);
    expect(ref.length).toBeGreaterThan(100);
    expect(r.trades.length).toBe(ref.length);
    for (let i = 0; i < ref.length; i++) {
      const t = r.trades[i];
      expect([t.exitReason, t.entryTime, t.exitTime]).toEqual([ref[i].reason, ref[i].entryTime, ref[i].exitTime]);
      expect(t.entryPrice).toBeCloseTo(ref[i].entry, 9);
      expect(t.exitPrice).toBeCloseTo(ref[i].exit, 9);
      expect(t.pnl).toBeCloseTo(ref[i].pnl, 9);
    }
    const total = ref.reduce((s, t) => s + t.pnl, 0);
    expect(r.equityValue.length).toBe(c.time.length + 1);
    expect(r.equityValue[c.time.length]).toBeCloseTo(1_000_000 + total, 6);
    expect(r.metrics.finalEquity).toBeCloseTo(1_000_000 + total, 6);
  });
});

describe('hooks', () => {
  const many: Ohlc[] = Array.from({ length: 1000 }, () => [100, 101, 99, 100] as Ohlc);

  it('reports progress about every 1 % and once at the end', () => {
    const calls: [number, number][] = [];
    const c = candlesOf(many);
    runBacktest({ config: BASE, series: [series('AAA', c, [])] }, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.length).toBeGreaterThanOrEqual(50);
    expect(calls.length).toBeLessThanOrEqual(102);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
    expect(calls.every(([, t]) => t === 1000)).toBe(true);
    expect(calls[calls.length - 1]).toEqual([1000, 1000]);
  });

  it('throws a CancelledError when the signal aborts', () => {
    let checks = 0;
    const signal = {
      get aborted() {
        return ++checks >= 3;
      },
      throwIfAborted() {},
    };
    const c = candlesOf(many);
    let err: unknown;
    try {
      runBacktest({ config: BASE, series: [series('AAA', c, [])] }, { signal });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).code).toBe('CANCELLED');
    expect(checks).toBe(3);
  });
});

describe('input checks', () => {
  it('rejects a bad config naming the field and value', () => {
    expect(() => run(FLAT, [], { feeRate: -0.1 })).toThrow('feeRate: -0.1 must be between 0 and 0.1');
  });

  it('rejects times that do not ascend', () => {
    const c = candlesAt([
      [0, 1, 1, 1, 1],
      [2 * H, 1, 1, 1, 1],
      [H, 1, 1, 1, 1],
    ]);
    expect(() => runBacktest({ config: BASE, series: [series('AAA', c, [])] })).toThrow(
      'series[0].candles.time[2]: 3600000 is not after time[1] 7200000',
    );
  });

  it('rejects a symbol given twice and an empty series list', () => {
    const c = candlesOf(FLAT);
    expect(() => runBacktest({ config: BASE, series: [series('AAA', c, []), series('AAA', c, [])] })).toThrow(
      'series[1].symbol: "AAA" appears in more than one series',
    );
    expect(() => runBacktest({ config: BASE, series: [] })).toThrow(/^series: empty/);
  });
});
