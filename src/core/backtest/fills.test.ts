/**
 * One hand-built case per rule of docs/fill-model.md. Expected numbers are worked out by hand
 * from the doc's formulas and written out in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { BacktestConfig } from './config';
import { runBacktest, type BacktestResult } from './engine';
import { candlesAt, candlesOf, scriptedStrategy, type Ohlc, type ScriptStep } from './test-support';
import type { CandleColumns } from '../candles/types';

const H = 3_600_000;
const M15 = 900_000;

/** Plain costs-free config: fixed 1000 per trade, 10,000 capital. */
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

function run(rows: readonly Ohlc[], script: ScriptStep[], cfg: Partial<BacktestConfig> = {}, lower?: CandleColumns): BacktestResult {
  const candles = candlesOf(rows);
  return runBacktest({
    config: { ...BASE, ...cfg },
    series: [{ symbol: 'AAA', timeframe: '1h', candles, strategy: scriptedStrategy('AAA', candles, script), lower }],
  });
}

describe('entry', () => {
  it('enters at the open of the bar after the signal bar', () => {
    const r = run(
      [
        [100, 101, 99, 100],
        [110, 111, 109, 110],
        [120, 121, 119, 120],
      ],
      [{ bar: 0, direction: 'LONG' }],
    );
    expect(r.trades).toHaveLength(1);
    const t = r.trades[0];
    // Fill at open of bar 1 = 110; qty = 1000 / 110; END at last close 120.
    expect(t.entryPrice).toBe(110);
    expect(t.entryTime).toBe(H);
    expect(t.signalTime).toBe(0);
    expect(t.quantity).toBeCloseTo(1000 / 110, 12);
    expect(t.exitReason).toBe('END');
    expect(t.exitPrice).toBe(120);
    expect(t.exitTime).toBe(2 * H);
    // pnl = 1000/110 * 10 = 90.9090…
    expect(t.pnl).toBeCloseTo(90.909090909, 8);
    expect(t.pnlPct).toBeCloseTo(9.0909090909, 8);
  });

  it('makes no trade for a signal on the last bar and lists it as skipped', () => {
    const r = run(
      [
        [100, 101, 99, 100],
        [110, 111, 109, 110],
      ],
      [{ bar: 1, direction: 'LONG' }],
    );
    expect(r.trades).toHaveLength(0);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: H, direction: 'LONG', reason: 'no next bar' }]);
    expect(Array.from(r.equityValue)).toEqual([10_000, 10_000, 10_000]);
  });
});

describe('slippage', () => {
  const rows: Ohlc[] = [
    [100, 100, 100, 100],
    [100, 110, 90, 105],
    [105, 112, 88, 110],
  ];

  it('worsens a long entry (open * (1 + s)) and its END exit (close * (1 - s))', () => {
    const r = run(rows, [{ bar: 0, direction: 'LONG' }], { slippage: 0.01 });
    const t = r.trades[0];
    expect(t.entryPrice).toBeCloseTo(101, 12); // 100 * 1.01
    expect(t.exitPrice).toBeCloseTo(108.9, 12); // 110 * 0.99
    // pnl = 1000/101 * (108.9 - 101) = 7900/101
    expect(t.pnl).toBeCloseTo(78.217821782, 8);
  });

  it('worsens a short entry (open * (1 - s)) and its END exit (close * (1 + s))', () => {
    const rowsDown: Ohlc[] = [
      [100, 100, 100, 100],
      [100, 101, 89, 95],
      [95, 96, 85, 90],
    ];
    const r = run(rowsDown, [{ bar: 0, direction: 'SHORT' }], { slippage: 0.01 });
    const t = r.trades[0];
    expect(t.direction).toBe('SHORT');
    expect(t.entryPrice).toBeCloseTo(99, 12); // 100 * 0.99
    expect(t.exitPrice).toBeCloseTo(90.9, 12); // 90 * 1.01
    // pnl = 1000/99 * (99 - 90.9) = 8100/99
    expect(t.pnl).toBeCloseTo(81.818181818, 8);
  });

  it('worsens a stop exit', () => {
    // fill 101, stop = 101 * 0.98 = 98.98; bar 2 opens 100 (above) and dips to 95 → exit 98.98 * 0.99.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 102, 99.5, 101],
        [100, 101, 95, 96],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0.02 }],
      { slippage: 0.01 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('SL');
    expect(t.stop).toBeCloseTo(98.98, 12);
    expect(t.exitPrice).toBeCloseTo(97.9902, 12);
  });

  it('leaves a target exit at the target price', () => {
    // fill 101, target = 101 * 1.05 = 106.05; bar 2 high 107 → exit exactly 106.05.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 102, 99.5, 101],
        [102, 107, 101, 104],
      ],
      [{ bar: 0, direction: 'LONG', targetFraction: 0.05 }],
      { slippage: 0.01 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('TP');
    expect(t.exitPrice).toBeCloseTo(106.05, 12);
    expect(t.exitPrice).toBe(t.target);
  });

  it('worsens a SIGNAL exit and the reversal entry at the same open', () => {
    // LONG fill 101; SHORT on bar 2 → at bar 3 open 104: long exits 104 * 0.99 = 102.96,
    // short enters 104 * 0.99 = 102.96; END at 100 * 1.01 = 101.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 102, 99, 101],
        [101, 105, 100, 103],
        [104, 105, 99, 100],
      ],
      [
        { bar: 0, direction: 'LONG' },
        { bar: 2, direction: 'SHORT' },
      ],
      { slippage: 0.01 },
    );
    expect(r.trades.map((t) => t.exitReason)).toEqual(['SIGNAL', 'END']);
    const [a, b] = r.trades;
    expect(a.exitPrice).toBeCloseTo(102.96, 12);
    expect(b.entryPrice).toBeCloseTo(102.96, 12);
    expect(b.exitPrice).toBeCloseTo(101, 12);
    // long pnl = 1000/101 * (102.96 - 101) = 1960/101; short pnl = 1000/102.96 * 1.96
    expect(a.pnl).toBeCloseTo(19.405940594, 8);
    expect(b.pnl).toBeCloseTo(19.036519037, 8);
  });

  it('worsens a TIMEOUT exit', () => {
    // maxBars 2: fill 101 on bar 1, held bars 1 and 2, exit at bar 3 open 105 * 0.99 = 103.95.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 102, 99, 101],
        [101, 103, 100, 102],
        [105, 106, 104, 105],
        [105, 106, 104, 105],
      ],
      [{ bar: 0, direction: 'LONG' }],
      { slippage: 0.01, maxBars: 2 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('TIMEOUT');
    expect(t.exitTime).toBe(3 * H);
    expect(t.exitPrice).toBeCloseTo(103.95, 12);
  });
});

describe('levels', () => {
  const rows: Ohlc[] = [
    [100, 100, 100, 100],
    [100, 100.5, 99.5, 100],
    [100, 100.5, 99.5, 100],
  ];

  it('places long levels relative to the fill', () => {
    const r = run(rows, [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }], { slippage: 0.01 });
    // fill 101 → stop 101 * 0.98 = 98.98, target 101 * 1.05 = 106.05
    expect(r.trades[0].stop).toBeCloseTo(98.98, 12);
    expect(r.trades[0].target).toBeCloseTo(106.05, 12);
  });

  it('places short levels relative to the fill', () => {
    const r = run(rows, [{ bar: 0, direction: 'SHORT', stopFraction: 0.02, targetFraction: 0.05 }], { slippage: 0.01 });
    // fill 99 → stop 99 * 1.02 = 100.98, target 99 * 0.95 = 94.05
    expect(r.trades[0].stop).toBeCloseTo(100.98, 12);
    expect(r.trades[0].target).toBeCloseTo(94.05, 12);
  });

  it('treats a zero distance as no level', () => {
    // Bar 2 crashes to 1 and spikes to 1000: with no levels the trade runs to END at 100.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [100, 1000, 1, 100],
        [100, 101, 99, 100],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0, targetFraction: 0 }],
    );
    const t = r.trades[0];
    expect(t.stop).toBe(0);
    expect(t.target).toBe(0);
    expect(t.exitReason).toBe('END');
    expect(t.pnl).toBe(0);
  });
});

describe('gap at the open', () => {
  it('exits a long at the open (with slippage) when the bar opens below the stop', () => {
    // fill 101, stop 98.98; bar 2 opens 95 → exit 95 * 0.99 = 94.05, SL.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 102, 99.5, 101],
        [95, 96, 94, 95],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0.02 }],
      { slippage: 0.01 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('SL');
    expect(t.exitTime).toBe(2 * H);
    expect(t.exitPrice).toBeCloseTo(94.05, 12);
    // pnl = 1000/101 * (94.05 - 101) = -6950/101
    expect(t.pnl).toBeCloseTo(-68.811881188, 8);
  });

  it('exits a short at the open (with slippage) when the bar opens above the stop', () => {
    // fill 99, stop 100.98; bar 2 opens 105 → exit 105 * 1.01 = 106.05, SL.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 100.5, 98, 99],
        [105, 106, 104, 105],
      ],
      [{ bar: 0, direction: 'SHORT', stopFraction: 0.02 }],
      { slippage: 0.01 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('SL');
    expect(t.exitPrice).toBeCloseTo(106.05, 12);
    // pnl = 1000/99 * (99 - 106.05) = -7050/99
    expect(t.pnl).toBeCloseTo(-71.212121212, 8);
  });

  it('exits a long at the open, without slippage, when the bar opens above the target', () => {
    // fill 101, target 106.05; bar 2 opens 110 → TP at 110.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 102, 99.5, 101],
        [110, 111, 109, 110],
      ],
      [{ bar: 0, direction: 'LONG', targetFraction: 0.05 }],
      { slippage: 0.01 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('TP');
    expect(t.exitPrice).toBe(110);
    // pnl = 1000/101 * 9
    expect(t.pnl).toBeCloseTo(89.108910891, 8);
  });

  it('exits a short at the open when the bar opens below the target', () => {
    // fill 99, target 94.05; bar 2 opens 90 → TP at 90.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 100.5, 98, 99],
        [90, 91, 89, 90],
      ],
      [{ bar: 0, direction: 'SHORT', targetFraction: 0.05 }],
      { slippage: 0.01 },
    );
    const t = r.trades[0];
    expect(t.exitReason).toBe('TP');
    expect(t.exitPrice).toBe(90);
    // pnl = 1000/99 * 9
    expect(t.pnl).toBeCloseTo(90.909090909, 8);
  });

  it('takes a gap exit before a pending opposite-signal exit at the same open, then reverses', () => {
    // LONG fill 100, stop 98; SHORT on bar 1; bar 2 opens 95 → SL at 95 (not SIGNAL), then short at 95.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [95, 96, 94, 95],
        [95, 96, 94, 94],
      ],
      [
        { bar: 0, direction: 'LONG', stopFraction: 0.02 },
        { bar: 1, direction: 'SHORT' },
      ],
    );
    expect(r.trades.map((t) => [t.direction, t.exitReason, t.exitPrice])).toEqual([
      ['LONG', 'SL', 95],
      ['SHORT', 'END', 94],
    ]);
    expect(r.trades[1].entryPrice).toBe(95);
  });
});

describe('stop and target inside a bar', () => {
  const twoHit: Ohlc[] = [
    [100, 100, 100, 100],
    [100, 101, 99, 100],
    [100, 106, 97, 101],
    [101, 102, 100, 101],
  ];

  it('assumes the stop first when a long bar touches both', () => {
    // fill 100, stop 98, target 105; bar 2 low 97, high 106 → SL at 98; pnl = 10 * -2.
    const r = run(twoHit, [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }]);
    const t = r.trades[0];
    expect(t.exitReason).toBe('SL');
    expect(t.exitPrice).toBe(98);
    expect(t.exitTime).toBe(2 * H);
    expect(t.pnl).toBeCloseTo(-20, 10);
  });

  it('assumes the stop first when a short bar touches both', () => {
    // short fill 100, stop 102, target 95; bar 2 high 103, low 94 → SL at 102.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [100, 103, 94, 99],
      ],
      [{ bar: 0, direction: 'SHORT', stopFraction: 0.02, targetFraction: 0.05 }],
    );
    expect(r.trades[0].exitReason).toBe('SL');
    expect(r.trades[0].exitPrice).toBe(102);
  });

  it('takes the target when the lower-timeframe candles show it came first', () => {
    const lower = candlesAt([
      [2 * H, 100, 103, 99, 102],
      [2 * H + M15, 102, 106, 101, 105], // target 105 touched, stop not
      [2 * H + 2 * M15, 105, 105, 97, 98], // stop later
      [2 * H + 3 * M15, 98, 102, 98, 101],
    ]);
    const r = run(twoHit, [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }], {}, lower);
    const t = r.trades[0];
    expect(t.exitReason).toBe('TP');
    expect(t.exitPrice).toBe(105);
    expect(t.pnl).toBeCloseTo(50, 10);
  });

  it('takes the stop when the lower-timeframe candles of that bar show it came first', () => {
    const lower = candlesAt([
      // bar 1's lower candles (not touching both, ignored for bar 2)
      [H, 100, 101, 99.5, 100],
      [H + M15, 100, 100.5, 99, 100],
      // bar 2: the stop is touched first
      [2 * H, 100, 101, 97.5, 99],
      [2 * H + M15, 99, 106, 99, 105],
      // bar 3: a target-only candle that must not count for bar 2
      [3 * H, 101, 106, 100, 101],
    ]);
    const r = run(twoHit, [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }], {}, lower);
    expect(r.trades[0].exitReason).toBe('SL');
    expect(r.trades[0].exitPrice).toBe(98);
  });

  it('keeps the stop first when one lower candle touches both levels', () => {
    const lower = candlesAt([
      [2 * H, 100, 106, 97, 101],
      [2 * H + M15, 101, 106, 100, 105],
    ]);
    const r = run(twoHit, [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }], {}, lower);
    expect(r.trades[0].exitReason).toBe('SL');
  });

  it('exits a long at the stop when the low touches it', () => {
    // fill 100, stop 98; bar 2 opens 99, low 97 → SL at 98.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [99, 100, 97, 98.5],
        [98.5, 99, 98, 98.5],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }],
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitPrice, t.exitTime]).toEqual(['SL', 98, 2 * H]);
  });

  it('exits a long at the target when the high touches it', () => {
    // fill 100, target 105; bar 2 high 106 → TP at 105.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [101, 106, 100, 104],
        [104, 104, 103, 103],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.05 }],
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitPrice, t.exitTime]).toEqual(['TP', 105, 2 * H]);
  });

  it('exits a short at the stop when the high touches it', () => {
    // short fill 100, stop 102; bar 2 high 103 → SL at 102; pnl = 10 * (100 - 102).
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [101, 103, 100, 102],
        [102, 102, 101, 101],
      ],
      [{ bar: 0, direction: 'SHORT', stopFraction: 0.02, targetFraction: 0.05 }],
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitPrice]).toEqual(['SL', 102]);
    expect(t.pnl).toBeCloseTo(-20, 10);
  });

  it('exits a short at the target when the low touches it', () => {
    // short fill 100, target 95; bar 2 low 94 → TP at 95; pnl = 10 * 5.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [99, 100, 94, 96],
        [96, 97, 95.5, 96],
      ],
      [{ bar: 0, direction: 'SHORT', stopFraction: 0.02, targetFraction: 0.05 }],
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitPrice]).toEqual(['TP', 95]);
    expect(t.pnl).toBeCloseTo(50, 10);
  });

  it('checks the levels on the entry bar itself', () => {
    // fill 100 at bar 1's open; bar 1's low 97 touches the stop 98 → SL on the entry bar.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 97, 99],
        [99, 100, 98.5, 99],
      ],
      [{ bar: 0, direction: 'LONG', stopFraction: 0.02 }],
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitPrice, t.entryTime, t.exitTime]).toEqual(['SL', 98, H, H]);
  });
});

describe('signals while a position is open', () => {
  const rows: Ohlc[] = [
    [100, 100, 100, 100],
    [100, 101, 99, 100],
    [102, 103, 101, 102],
    [104, 105, 103, 104],
    [103, 104, 99, 100],
  ];

  it('exits on an opposite signal at the next open and reverses there', () => {
    // LONG fill 100 (qty 10); SHORT on bar 2 → bar 3 open 104: long SIGNAL exit, pnl 40;
    // short fill 104 (qty 1000/104), END at 100: pnl = 1000/104 * 4.
    const r = run(rows, [
      { bar: 0, direction: 'LONG' },
      { bar: 2, direction: 'SHORT' },
    ]);
    expect(r.trades).toHaveLength(2);
    const [a, b] = r.trades;
    expect([a.direction, a.exitReason, a.exitPrice, a.exitTime]).toEqual(['LONG', 'SIGNAL', 104, 3 * H]);
    expect(a.pnl).toBeCloseTo(40, 10);
    expect([b.direction, b.entryPrice, b.entryTime, b.signalTime, b.exitReason]).toEqual(['SHORT', 104, 3 * H, 2 * H, 'END']);
    expect(b.pnl).toBeCloseTo(38.461538462, 8);
  });

  it('ignores a signal in the held direction', () => {
    const r = run(rows, [
      { bar: 0, direction: 'LONG' },
      { bar: 2, direction: 'LONG' },
    ]);
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0].entryPrice).toBe(100);
    expect(r.trades[0].signalTime).toBe(0);
    expect(r.skipped).toEqual([]);
  });

  it('holds through an opposite signal when exitOnOpposite is off', () => {
    const r = run(
      rows,
      [
        { bar: 0, direction: 'LONG' },
        { bar: 2, direction: 'SHORT' },
      ],
      { exitOnOpposite: false },
    );
    expect(r.trades.map((t) => [t.direction, t.exitReason, t.exitPrice])).toEqual([['LONG', 'END', 100]]);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: 2 * H, direction: 'SHORT', reason: 'position open' }]);
  });

  it('closes on an opposite signal of a disallowed direction without reversing', () => {
    const r = run(
      rows,
      [
        { bar: 0, direction: 'LONG' },
        { bar: 2, direction: 'SHORT' },
      ],
      { allowShort: false },
    );
    expect(r.trades.map((t) => [t.direction, t.exitReason, t.exitPrice])).toEqual([['LONG', 'SIGNAL', 104]]);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: 2 * H, direction: 'SHORT', reason: 'SHORT not allowed' }]);
  });

  it('skips a signal of a disallowed direction when flat', () => {
    const r = run(rows, [{ bar: 0, direction: 'LONG' }], { allowLong: false });
    expect(r.trades).toEqual([]);
    expect(r.skipped).toEqual([{ symbol: 'AAA', time: 0, direction: 'LONG', reason: 'LONG not allowed' }]);
  });
});

describe('timeout and end', () => {
  it('exits at the open after holding maxBars bars', () => {
    // maxBars 2: entry bar 1 (open 100), held bars 1–2, TIMEOUT at bar 3 open 103: pnl 10 * 3.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [101, 102, 100, 102],
        [103, 104, 102, 103],
        [103, 104, 102, 104],
      ],
      [{ bar: 0, direction: 'LONG' }],
      { maxBars: 2 },
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitPrice, t.exitTime]).toEqual(['TIMEOUT', 103, 3 * H]);
    expect(t.pnl).toBeCloseTo(30, 10);
  });

  it('with maxBars 1 exits at the open right after the entry bar', () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [101, 102, 100, 102],
        [103, 104, 102, 103],
      ],
      [{ bar: 0, direction: 'LONG' }],
      { maxBars: 1 },
    );
    expect([r.trades[0].exitReason, r.trades[0].exitPrice, r.trades[0].exitTime]).toEqual(['TIMEOUT', 101, 2 * H]);
  });

  it('closes at the last close with slippage, and final equity = capital + total pnl', () => {
    // fee 0.001, s 0.01: fill 101, qty 1000/101, entry fee 1; END at 120 * 0.99 = 118.8,
    // exit fee = 1000/101 * 118.8 * 0.001 = 1.176237…; pnl = 1000/101 * 17.8 - 1 - 1.176237… = 174.061386…
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 111, 99, 110],
        [110, 121, 109, 120],
      ],
      [{ bar: 0, direction: 'LONG' }],
      { feeRate: 0.001, slippage: 0.01 },
    );
    const t = r.trades[0];
    expect([t.exitReason, t.exitTime]).toEqual(['END', 2 * H]);
    expect(t.exitPrice).toBeCloseTo(118.8, 12);
    expect(t.fees).toBeCloseTo(2.176237624, 8);
    expect(t.pnl).toBeCloseTo(174.061386139, 8);
    const last = r.equityValue[r.equityValue.length - 1];
    expect(last).toBeCloseTo(10_174.061386139, 7);
    expect(r.metrics.finalEquity).toBeCloseTo(last, 7);
  });
});

describe('fees', () => {
  it('charges feeRate * notional on entry and on exit', () => {
    // fill 100, qty 10, entry fee 1000 * 0.001 = 1; TP at 105: exit fee 1050 * 0.001 = 1.05;
    // pnl = 50 - 2.05 = 47.95; pnlPct = 47.95 / 1000 * 100 = 4.795.
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 103, 99, 102],
        [102, 106, 101, 104],
      ],
      [{ bar: 0, direction: 'LONG', targetFraction: 0.05 }],
      { feeRate: 0.001 },
    );
    const t = r.trades[0];
    expect(t.fees).toBeCloseTo(2.05, 12);
    expect(t.pnl).toBeCloseTo(47.95, 10);
    expect(t.pnlPct).toBeCloseTo(4.795, 10);
    // Bar 1 close: cash 10000 - 1000 - 1 = 8999, position 10 * 102 = 1020 → 10019.
    expect(r.equityValue[2]).toBeCloseTo(10_019, 10);
    // Bar 2: cash 8999 + 1050 - 1.05 = 10047.95.
    expect(r.equityValue[3]).toBeCloseTo(10_047.95, 10);
  });
});

describe('trade record', () => {
  it('carries the signal confidence, reasons, signal time and levels', () => {
    const r = run(
      [
        [100, 100, 100, 100],
        [100, 101, 99, 100],
        [100, 101, 99, 100],
      ],
      [{ bar: 0, direction: 'LONG', confidence: 0.83, stopFraction: 0.1, targetFraction: 0.2 }],
    );
    const t = r.trades[0];
    expect(t.confidence).toBe(0.83);
    expect(t.reasons).toEqual([{ condition: 'scripted', value: 0, threshold: null, pass: true }]);
    expect(t.signalTime).toBe(0);
    expect(t.stop).toBeCloseTo(90, 12);
    expect(t.target).toBeCloseTo(120, 12);
    expect(t.symbol).toBe('AAA');
  });
});
