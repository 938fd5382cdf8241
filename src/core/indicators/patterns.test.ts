/**
 * Candlestick patterns on hand-built candles that clearly are, and clearly are not, each
 * pattern (bars as [open, high, low, close]), plus the windowing rule (only bars <= i are read).
 */
import { describe, expect, it } from 'vitest';
import * as ti from 'technicalindicators';
import type { CandleColumns } from '../candles/types';
import { sliceCandles } from '../candles/types';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { PATTERNS, detectPattern, getPattern, type PatternName } from './patterns';

type Bar = [open: number, high: number, low: number, close: number];

function candles(bars: Bar[]): CandleColumns {
  const n = bars.length;
  const c: CandleColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n).fill(1),
  };
  bars.forEach(([o, h, l, cl], i) => {
    c.time[i] = i * 3_600_000;
    c.open[i] = o;
    c.high[i] = h;
    c.low[i] = l;
    c.close[i] = cl;
  });
  return c;
}

const DOWN3: Bar[] = [
  [110, 111, 104, 105],
  [105, 106, 99, 100],
  [100, 101, 94, 95],
];
const UP3: Bar[] = [
  [100, 106, 99, 105],
  [105, 111, 104, 110],
  [110, 116, 109, 115],
];
const BEAR_BIG: Bar = [110, 111, 99, 100];
const BULL_BIG: Bar = [100, 111, 99, 110];

/** For each pattern: bars that form it (ending on the last bar), and bars that do not. */
const CASES: Record<PatternName, { yes: Bar[]; no: Bar[] }> = {
  doji: { yes: [[100, 105, 95, 100]], no: [[100, 110, 95, 108]] },
  dragonflydoji: { yes: [[100, 100, 90, 100]], no: [[100, 105, 90, 100]] },
  gravestonedoji: { yes: [[100, 110, 100, 100]], no: [[100, 110, 95, 100]] },
  bullishmarubozu: { yes: [[100, 110, 100, 110]], no: [[100, 115, 95, 110]] },
  bearishmarubozu: { yes: [[110, 110, 100, 100]], no: [[110, 115, 95, 100]] },
  bullishspinningtop: { yes: [[100, 110, 90, 101]], no: [[100, 110, 99, 109]] },
  bearishspinningtop: { yes: [[101, 110, 90, 100]], no: [[109, 110, 99, 100]] },
  bullishhammerstick: { yes: [[100, 102, 90, 102]], no: [[100, 110, 99, 102]] },
  bearishhammerstick: { yes: [[102, 102, 90, 100]], no: [[102, 110, 99, 100]] },
  bullishinvertedhammerstick: { yes: [[100, 112, 100, 102]], no: [[100, 103, 95, 102]] },
  bearishinvertedhammerstick: { yes: [[102, 112, 100, 100]], no: [[102, 103, 95, 100]] },
  bullishengulfingpattern: {
    yes: [[105, 106, 99, 100], [98, 108, 97, 107]],
    no: [[105, 106, 99, 100], [101, 104, 100, 103]],
  },
  bearishengulfingpattern: {
    yes: [[100, 106, 99, 105], [107, 108, 97, 98]],
    no: [[100, 106, 99, 105], [104, 105, 101, 102]],
  },
  bullishharami: { yes: [BEAR_BIG, [102, 106, 101, 105]], no: [BEAR_BIG, [102, 115, 101, 105]] },
  bearishharami: { yes: [BULL_BIG, [108, 109, 103, 104]], no: [BULL_BIG, [108, 112, 103, 104]] },
  bullishharamicross: { yes: [BEAR_BIG, [104, 106, 102, 104]], no: [BEAR_BIG, [102, 106, 101, 105]] },
  bearishharamicross: { yes: [BULL_BIG, [105, 107, 103, 105]], no: [BULL_BIG, [108, 109, 103, 104]] },
  darkcloudcover: { yes: [BULL_BIG, [112, 113, 103, 104]], no: [BULL_BIG, [112, 113, 106, 107]] },
  piercingline: { yes: [BEAR_BIG, [98, 107, 97, 106]], no: [BEAR_BIG, [98, 104, 97, 103]] },
  morningstar: {
    yes: [BEAR_BIG, [96, 97, 94, 95], [98, 109, 97, 108]],
    no: [BEAR_BIG, [96, 97, 94, 95], [98, 104, 97, 103]],
  },
  morningdojistar: {
    yes: [BEAR_BIG, [95, 97, 93, 95], [98, 109, 97, 108]],
    no: [BEAR_BIG, [96, 97, 94, 95], [98, 109, 97, 108]],
  },
  eveningstar: {
    yes: [BULL_BIG, [114, 116, 113, 115], [112, 113, 101, 102]],
    no: [BULL_BIG, [114, 116, 113, 115], [112, 113, 106, 107]],
  },
  eveningdojistar: {
    yes: [BULL_BIG, [114, 116, 112, 114], [111.5, 112, 101, 102]],
    no: [BULL_BIG, [114, 116, 112, 115.5], [111.5, 112, 101, 102]],
  },
  abandonedbaby: {
    yes: [BEAR_BIG, [95, 97, 93, 95], [98, 106, 97.5, 105]],
    no: [BEAR_BIG, [95, 97, 93, 95], [96, 106, 94, 105]],
  },
  downsidetasukigap: {
    yes: [[110, 111, 104, 105], [102, 103, 97, 98], [99, 104, 98.5, 103]],
    no: [[110, 111, 104, 105], [102, 103, 97, 98], [99, 107, 98.5, 106]],
  },
  threeblackcrows: {
    yes: [[110, 111, 103, 104], [106, 107, 99, 100], [102, 103, 95, 96]],
    no: [[110, 111, 103, 104], [106, 107, 99, 100], [96, 103, 95, 102]],
  },
  threewhitesoldiers: {
    yes: [[100, 107, 99, 106], [104, 111, 103, 110], [108, 115, 107, 114]],
    no: [[100, 107, 99, 106], [104, 111, 103, 110], [114, 115, 107, 108]],
  },
  hammerpattern: {
    yes: [...DOWN3, [92, 94, 86, 94], [94, 99, 93, 98]],
    no: [...DOWN3, [92, 94, 86, 94], [94, 95, 90, 91]],
  },
  hammerpatternunconfirmed: {
    yes: [...DOWN3, [95, 96, 91, 92], [90, 92, 84, 92]],
    no: [...DOWN3, [95, 96, 91, 92], [90, 99, 89, 91]],
  },
  hangingman: {
    yes: [...UP3, [117, 117, 111, 116], [115, 116, 110, 111]],
    no: [...UP3, [117, 117, 111, 116], [115, 121, 114, 120]],
  },
  hangingmanunconfirmed: {
    yes: [...UP3, [115, 119, 114, 118], [121, 121, 114, 120]],
    no: [...UP3, [115, 119, 114, 118], [121, 125, 119, 120]],
  },
  shootingstar: {
    yes: [...UP3, [116, 124, 116, 117], [116, 117, 110, 111]],
    no: [...UP3, [116, 124, 116, 117], [116, 122, 115, 121]],
  },
  shootingstarunconfirmed: {
    yes: [...UP3, [115, 119, 114, 118], [120, 128, 120, 121]],
    no: [...UP3, [115, 119, 114, 118], [120, 122, 110, 121]],
  },
  tweezertop: {
    yes: [...UP3, [115, 120, 113, 118], [118, 120, 114, 116]],
    no: [...UP3, [115, 120, 113, 118], [118, 121, 114, 116]],
  },
  tweezerbottom: {
    yes: [...DOWN3, [95, 96, 90, 92], [92, 94, 90, 93]],
    no: [...DOWN3, [95, 96, 90, 92], [92, 94, 89, 93]],
  },
};

/** Unrelated bars put before a pattern (they must not matter). */
const NOISE: Bar[] = [
  [50, 55, 45, 52],
  [52, 60, 51, 58],
  [58, 59, 40, 41],
];

describe('PATTERNS', () => {
  it('has a hand-built case for every pattern, and every case has the declared bar count', () => {
    expect(PATTERNS.map((p) => p.name).sort()).toEqual(Object.keys(CASES).sort());
    for (const p of PATTERNS) {
      expect(CASES[p.name].yes.length, p.name).toBe(p.bars);
      expect(CASES[p.name].no.length, p.name).toBe(p.bars);
      expect(['bullish', 'bearish', 'neutral']).toContain(p.direction);
    }
  });

  it('directions: bullish reversals bullish, bearish ones bearish, doji neutral', () => {
    expect(getPattern('bullishengulfingpattern').direction).toBe('bullish');
    expect(getPattern('morningstar').direction).toBe('bullish');
    expect(getPattern('hammerpattern').direction).toBe('bullish');
    expect(getPattern('bearishengulfingpattern').direction).toBe('bearish');
    expect(getPattern('eveningstar').direction).toBe('bearish');
    expect(getPattern('shootingstar').direction).toBe('bearish');
    expect(getPattern('doji').direction).toBe('neutral');
    expect(() => getPattern('flag')).toThrow(/pattern: "flag" is not a pattern/);
  });
});

describe.each(PATTERNS.map((p) => [p.name, p] as const))('%s', (name, def) => {
  const { yes, no } = CASES[name];

  it('is detected on the bars that form it, even after unrelated bars', () => {
    expect(detectPattern(name, candles(yes), yes.length - 1)).toBe(true);
    const c = candles([...NOISE, ...yes]);
    expect(detectPattern(name, c, c.close.length - 1)).toBe(true);
  });

  it('is not detected on bars that do not form it', () => {
    expect(detectPattern(name, candles(no), no.length - 1)).toBe(false);
  });

  it('needs its full bar count and reads no bar after i', () => {
    // a window one bar short cannot hold the pattern
    if (def.bars > 1) expect(detectPattern(name, candles(yes.slice(1)), def.bars - 2)).toBe(false);
    // bars after i (here: the non-pattern bars) change nothing at i
    const c = candles([...yes, ...no]);
    expect(detectPattern(name, c, yes.length - 1)).toBe(true);
    // and the result at i does not depend on what follows
    const c2 = candles([...yes, [1, 1e6, 0.5, 2]]);
    expect(detectPattern(name, c2, yes.length - 1)).toBe(true);
  });

  it('a NaN price in the window gives false', () => {
    const c = candles(yes);
    c.close[yes.length - 1] = NaN;
    expect(detectPattern(name, c, yes.length - 1)).toBe(false);
  });
});

describe('detectPattern on real candles', () => {
  const c = sliceCandles(loadSharedCandles('BTCUSDT', '1h'), 0, 400);
  const fns = ti as unknown as Record<string, (d: { open: number[]; high: number[]; low: number[]; close: number[] }) => unknown>;

  it('agrees with technicalindicators called on all bars up to i', () => {
    let found = 0;
    for (const p of PATTERNS) {
      for (let i = 4; i < c.close.length; i++) {
        const upTo = {
          open: Array.from(c.open.subarray(0, i + 1)),
          high: Array.from(c.high.subarray(0, i + 1)),
          low: Array.from(c.low.subarray(0, i + 1)),
          close: Array.from(c.close.subarray(0, i + 1)),
        };
        const expected = fns[p.name](upTo) === true;
        expect(detectPattern(p.name, c, i), `${p.name} at ${i}`).toBe(expected);
        if (expected) found++;
      }
    }
    expect(found).toBeGreaterThan(50);
  });

  it('rejects an index outside the candles', () => {
    expect(() => detectPattern('doji', c, 400)).toThrow(/i: 400 is not a bar index/);
    expect(() => detectPattern('doji', c, -1)).toThrow(/i: -1 is not a bar index/);
    expect(() => detectPattern('doji', c, 1.5)).toThrow(/i: 1.5 is not a bar index/);
  });
});
