import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { createRng } from '../util/rng';
import { cleanCandles, findGaps, subtractRanges, type Gap, type RawCandleRows } from './hygiene';
import { CANDLE_FIELDS, sliceCandles, type CandleColumns } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Rows from [time, open, high, low, close, volume] tuples, as plain arrays. */
function rows(r: unknown[][], line?: number[]): RawCandleRows {
  const col = (k: number) => r.map((x) => x[k]) as number[];
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5), line };
}

function toRows(c: CandleColumns): number[][] {
  return Array.from(c.time, (t, i) => [t, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]);
}

/** Row i of real candles as a tuple. */
function rowOf(c: CandleColumns, i: number): number[] {
  return [c.time[i], c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]];
}

function expectSameCandles(actual: CandleColumns, expected: CandleColumns): void {
  for (const f of CANDLE_FIELDS) expect(Array.from(actual[f]), f).toEqual(Array.from(expected[f]));
}

/** Fisher–Yates permutation of 0..n-1. */
function permutation(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** A valid candle at `time` with a distinguishing close. */
function candle(time: number, close = 100): number[] {
  return [time, 100, Math.max(100, close) + 1, Math.min(100, close) - 1, close, 5];
}

/**
 * The five Binance outages of 2021–2023 in every 1h file, as listed in the shared data README
 * (first and last missing open time, number missing).
 */
const README_GAPS: Gap[] = [
  { from: Date.UTC(2021, 3, 20, 2), to: Date.UTC(2021, 3, 20, 3), missing: 2 },
  { from: Date.UTC(2021, 3, 25, 5), to: Date.UTC(2021, 3, 25, 7), missing: 3 },
  { from: Date.UTC(2021, 7, 13, 2), to: Date.UTC(2021, 7, 13, 5), missing: 4 },
  { from: Date.UTC(2021, 8, 29, 7), to: Date.UTC(2021, 8, 29, 8), missing: 2 },
  { from: Date.UTC(2023, 2, 24, 13), to: Date.UTC(2023, 2, 24, 13), missing: 1 },
];

describe('cleanCandles on real BTCUSDT 1h', () => {
  const btc = loadSharedCandles('BTCUSDT', '1h');
  const n = btc.time.length;

  it('finds exactly the five outage gaps (12 missing candles) and keeps every row', () => {
    const r = cleanCandles(btc, '1h');
    expect(r.gaps).toEqual(README_GAPS);
    expect(r.gaps.reduce((s, g) => s + g.missing, 0)).toBe(12);
    expect(r.invalid).toEqual([]);
    expect(r.duplicates).toBe(0);
    expect(r.forming).toBeNull();
    expectSameCandles(r.candles, btc);
    expect(findGaps(btc.time, '1h')).toEqual(README_GAPS);
  });

  it('flags the unfinished last row (2023-12-30 19:00) as forming when now is inside it', () => {
    const last = Date.UTC(2023, 11, 30, 19);
    expect(btc.time[n - 1]).toBe(last);
    const r = cleanCandles(btc, '1h', { now: last + 30 * 60_000 });
    expect(r.forming).toEqual({ time: last, open: 42411.11, high: 42455.46, low: 42339.24, close: 42361.12, volume: 740.97838 });
    expect(r.candles.time.length).toBe(n - 1);
    expect(r.candles.time[n - 2]).toBe(last - HOUR);
    expectSameCandles(r.candles, sliceCandles(btc, 0, n - 1));
    expect(r.gaps).toEqual(README_GAPS);
  });

  it('counts a candle as closed once now reaches its close time', () => {
    const close = Date.UTC(2023, 11, 30, 20);
    expect(cleanCandles(btc, '1h', { now: close }).forming).toBeNull();
    expect(cleanCandles(btc, '1h', { now: close - 1 }).forming?.time).toBe(close - HOUR);
  });

  it('only the last candle can be forming, even with a clock far behind the data', () => {
    const r = cleanCandles(btc, '1h', { now: Date.UTC(2022, 0, 1) });
    expect(r.forming?.time).toBe(btc.time[n - 1]);
    expect(r.candles.time.length).toBe(n - 1);
  });

  it('sorts shuffled input (dense, plain arrays) back to the original candles', () => {
    const p = permutation(n, 7);
    const shuffled = rows(p.map((i) => rowOf(btc, i)));
    const r = cleanCandles(shuffled, '1h');
    expectSameCandles(r.candles, btc);
    expect(r.duplicates).toBe(0);
    expect(r.gaps).toEqual(README_GAPS);
  });

  it('sorts shuffled sparse input (every 7th candle) back into order', () => {
    const keep = Array.from({ length: Math.ceil(n / 7) }, (_, k) => k * 7);
    const expected = toRows(btc).filter((_, i) => i % 7 === 0);
    const p = permutation(keep.length, 11);
    const r = cleanCandles(rows(p.map((k) => rowOf(btc, keep[k]))), '1h');
    expect(toRows(r.candles)).toEqual(expected);
    expect(r.gaps).toEqual(findGaps(Float64Array.from(expected, (x) => x[0]), '1h'));
    // Between consecutive kept candles 6 hours are missing, more where an outage falls between them.
    expect(r.gaps.length).toBe(expected.length - 1);
    const hours = (expected[expected.length - 1][0] - expected[0][0]) / HOUR + 1;
    expect(r.gaps.reduce((s, g) => s + g.missing, 0)).toBe(hours - expected.length);
  });
});

describe('cleanCandles duplicates', () => {
  const btc = loadSharedCandles('BTCUSDT', '1h');
  const base = toRows(sliceCandles(btc, 0, 200));

  it('keeps the last row of equal open times in sorted input and counts the others', () => {
    const changed = [...base[5]];
    changed[4] = base[5][4] + 1;
    changed[2] = Math.max(changed[2], changed[4]);
    const input = [...base.slice(0, 6), changed, ...base.slice(6)];
    const r = cleanCandles(rows(input), '1h');
    expect(r.duplicates).toBe(1);
    expect(toRows(r.candles)).toEqual([...base.slice(0, 5), changed, ...base.slice(6)]);
  });

  it('keeps the last occurrence when newer rows are appended out of order (dense and sparse paths)', () => {
    const newer = [30, 10, 30].map((i, k) => candle(base[i][0], 200 + k));
    // 203 rows over 200 hours: ordered by direct slot addressing.
    const r = cleanCandles(rows([...base, ...newer]), '1h');
    expect(r.duplicates).toBe(3);
    const expected = base.map((x) => [...x]);
    expected[10] = newer[1];
    expected[30] = newer[2];
    expect(toRows(r.candles)).toEqual(expected);

    // 303 rows over 2991 hours: too sparse for slot addressing, ordered by rank instead.
    const sparse = toRows(sliceCandles(btc, 0, 3000)).filter((_, i) => i % 10 === 0);
    const rs = cleanCandles(rows([...sparse, ...newer]), '1h');
    expect(rs.duplicates).toBe(3);
    const expectedSparse = sparse.map((x) => [...x]);
    expectedSparse[1] = newer[1];
    expectedSparse[3] = newer[2];
    expect(toRows(rs.candles)).toEqual(expectedSparse);
  });

  it('an invalid later row does not replace a valid earlier one', () => {
    const t = base[3][0];
    const r = cleanCandles(rows([...base.slice(0, 10), [t, 1, 0.9, 0.5, 1, 1]]), '1h');
    expect(r.duplicates).toBe(0);
    expect(r.invalid).toEqual([{ line: 11, reason: 'high 0.9 is below max(open, close) 1' }]);
    expect(toRows(r.candles)).toEqual(base.slice(0, 10));
  });
});

describe('cleanCandles invalid rows', () => {
  const t0 = Date.UTC(2021, 0, 1); // 1609459200000

  it('names each problem', () => {
    const input = [
      candle(t0),
      [t0 + HOUR, NaN, 102, 99, 100, 5],
      [t0 + 2 * HOUR, 100, 102, 99, 100, Infinity],
      [t0 + 3 * HOUR, 100, 102, 99, 'abc', 5],
      [t0 + 4 * HOUR, 10, 11, 9, 12, 5],
      [t0 + 5 * HOUR, 10, 12, 10.5, 11, 5],
      [t0 + 6 * HOUR, 10, 9, 11, 10, 5],
      [t0 + 7 * HOUR, 10, 12, 9, 11, -1],
      [t0 + 8 * HOUR, 0, 2, 0, 1.5, 1],
      [t0 + 9 * HOUR, 1, 2, -1, -1, 1],
      [t0 + 10 * HOUR + 30 * 60_000, 10, 12, 9, 11, 1],
      [NaN, 10, 12, 9, 11, 1],
      [t0 + 11 * HOUR, 10, 12, 9, 11, 0],
    ];
    const r = cleanCandles(rows(input), '1h');
    expect(r.invalid).toEqual([
      { line: 2, reason: 'open: NaN is not a finite number' },
      { line: 3, reason: 'volume: Infinity is not a finite number' },
      { line: 4, reason: 'close: "abc" is not a finite number' },
      { line: 5, reason: 'high 11 is below max(open, close) 12' },
      { line: 6, reason: 'low 10.5 is above min(open, close) 10' },
      {
        line: 7,
        reason: 'high 9 is below low 11; high 9 is below max(open, close) 10; low 11 is above min(open, close) 10',
      },
      { line: 8, reason: 'volume: -1 is negative' },
      { line: 9, reason: 'open: 0 is not a positive price; low: 0 is not a positive price' },
      { line: 10, reason: 'low: -1 is not a positive price; close: -1 is not a positive price' },
      {
        line: 11,
        reason:
          'time: 1609497000000 (2021-01-01T10:30:00.000Z) is not on the 1h grid ' +
          '(that candle opens at 1609495200000 (2021-01-01T10:00:00.000Z))',
      },
      { line: 12, reason: 'time: NaN is not a finite number' },
    ]);
    expect(toRows(r.candles)).toEqual([candle(t0), [t0 + 11 * HOUR, 10, 12, 9, 11, 0]]);
    // Invalid rows are not candles, so the hours between the two kept candles are a gap.
    expect(r.gaps).toEqual([{ from: t0 + HOUR, to: t0 + 10 * HOUR, missing: 10 }]);
  });

  it('reports source line numbers when given, in ascending order', () => {
    const input = [candle(t0 + HOUR), [t0, 1, 0.5, 1, 1, 1], candle(t0 + 2 * HOUR), [t0 + 3 * HOUR, -1, 1, 1, 1, 1]];
    const r = cleanCandles(rows(input, [40, 41, 45, 47]), '1h');
    expect(r.invalid.map((x) => x.line)).toEqual([41, 47]);
  });

  it('lists the first listLimit invalid rows and gaps and counts them all', () => {
    const input: unknown[][] = [];
    const line: number[] = [];
    for (let i = 0; i < 300; i++) {
      // Every third hour valid and every other hour missing: 100 candles, 99 gaps of 2 missing each.
      input.push(i % 3 === 0 ? candle(t0 + i * HOUR) : [t0 + i * HOUR, 1, 0.5, 1, 1, 1]);
      line.push(i + 2);
    }
    // Out of line order, a lower line must still be listed first.
    input.push([t0 + 400 * HOUR, -1, 1, 1, 1, 1]);
    line.push(1);
    const all = cleanCandles(rows(input, line), '1h');
    const r = cleanCandles(rows(input, line), '1h', { listLimit: 5 });
    expect(all.invalidCount).toBe(201);
    expect(r.invalidCount).toBe(201);
    expect(r.invalid).toEqual(all.invalid.slice(0, 5));
    expect(r.invalid.map((x) => x.line)).toEqual([1, 3, 4, 6, 7]);
    expect([all.gapCount, r.gapCount, all.missing, r.missing]).toEqual([99, 99, 198, 198]);
    expect(r.gaps).toEqual(all.gaps.slice(0, 5));
    expect(all.gaps.length).toBe(99);
    expectSameCandles(r.candles, all.candles);
    const none = cleanCandles(rows(input, line), '1h', { listLimit: 0 });
    expect([none.invalid, none.gaps, none.invalidCount, none.gapCount]).toEqual([[], [], 201, 99]);
  });

  it('throws on columns of different lengths', () => {
    const bad = rows([candle(t0), candle(t0 + HOUR)]);
    expect(() => cleanCandles({ ...bad, volume: [1] }, '1h')).toThrow('rows.volume.length: 1 differs from rows.time.length 2');
    expect(() => cleanCandles({ ...bad, line: [1] }, '1h')).toThrow('rows.line.length: 1 differs from rows.time.length 2');
  });

  it('accepts empty input and refuses a non-finite now', () => {
    const r = cleanCandles(rows([]), '1h', { now: t0 });
    expect(r.candles.time.length).toBe(0);
    expect([r.forming, r.duplicates, r.invalid, r.gaps]).toEqual([null, 0, [], []]);
    expect(() => cleanCandles(rows([]), '1h', { now: NaN })).toThrow('now: NaN is not a finite time');
  });

  it('returns columns that share no memory with the input', () => {
    const input = rows([candle(t0), candle(t0 + HOUR)]);
    const typed: RawCandleRows = {
      time: Float64Array.from(input.time),
      open: Float64Array.from(input.open),
      high: Float64Array.from(input.high),
      low: Float64Array.from(input.low),
      close: Float64Array.from(input.close),
      volume: Float64Array.from(input.volume),
    };
    const r = cleanCandles(typed, '1h');
    (typed.close as Float64Array)[0] = 999;
    expect(r.candles.close[0]).toBe(100);
  });
});

describe('cleanCandles on 1w and 1M grids', () => {
  const mon = Date.UTC(2024, 0, 1); // a Monday

  it('1w: weeks open on Monday 00:00 UTC; missing weeks are one gap', () => {
    const input = [candle(mon), candle(mon + 7 * DAY), candle(mon + 28 * DAY), candle(mon + 6 * DAY)];
    const r = cleanCandles(rows(input), '1w');
    expect(Array.from(r.candles.time)).toEqual([mon, mon + 7 * DAY, mon + 28 * DAY]);
    expect(r.gaps).toEqual([{ from: mon + 14 * DAY, to: mon + 21 * DAY, missing: 2 }]);
    expect(r.invalid).toEqual([
      {
        line: 4,
        reason:
          'time: 1704585600000 (2024-01-07T00:00:00.000Z) is not on the 1w grid ' +
          '(that candle opens at 1704067200000 (2024-01-01T00:00:00.000Z))',
      },
    ]);
  });

  it('1M: months open on the 1st; gaps count calendar months across a year end', () => {
    const m = (y: number, mo: number) => Date.UTC(y, mo, 1);
    const input = [m(2024, 4), m(2023, 10), m(2024, 0), m(2024, 1), m(2024, 5), Date.UTC(2024, 6, 15)].map((t) => candle(t));
    const r = cleanCandles(rows(input), '1M', { now: Date.UTC(2024, 5, 20) });
    expect(Array.from(r.candles.time)).toEqual([m(2023, 10), m(2024, 0), m(2024, 1), m(2024, 4)]);
    expect(r.forming?.time).toBe(m(2024, 5));
    expect(r.gaps).toEqual([
      { from: m(2023, 11), to: m(2023, 11), missing: 1 },
      { from: m(2024, 2), to: m(2024, 3), missing: 2 },
    ]);
    expect(r.invalid.map((x) => x.line)).toEqual([6]);
    expect(r.invalid[0].reason).toContain('is not on the 1M grid');
  });
});

describe('findGaps', () => {
  it('refuses unordered or off-grid times, naming the index', () => {
    expect(() => findGaps(Float64Array.of(0, HOUR, HOUR), '1h')).toThrow('time[2]: 3600000 is not after the previous open time 3600000');
    expect(() => findGaps(Float64Array.of(0, HOUR + 1), '1h')).toThrow('time[1]: 3600001 is not on the 1h grid');
  });

  it('returns no gap for contiguous or tiny input', () => {
    expect(findGaps(new Float64Array(0), '1h')).toEqual([]);
    expect(findGaps(Float64Array.of(0, HOUR, 2 * HOUR), '1h')).toEqual([]);
  });
});

describe('subtractRanges', () => {
  const h = (k: number) => Date.UTC(2021, 3, 25, k);

  it('splits a gap around a confirmed-empty range, snapping to the grid', () => {
    const gaps = [{ from: h(10), to: h(15), missing: 6 }];
    expect(subtractRanges(gaps, [{ from: h(11), to: h(12) + 30 * 60_000 }], '1h')).toEqual([
      { from: h(10), to: h(10), missing: 1 },
      { from: h(13), to: h(15), missing: 3 },
    ]);
  });

  it('removes gaps that are fully confirmed, merging unsorted overlapping ranges', () => {
    const gaps = [
      { from: h(2), to: h(3), missing: 2 },
      { from: h(10), to: h(15), missing: 6 },
    ];
    const confirmed = [
      { from: h(13), to: h(20) },
      { from: h(1), to: h(4) },
      { from: h(9), to: h(11) },
      { from: h(11), to: h(12) },
    ];
    expect(subtractRanges(gaps, confirmed, '1h')).toEqual([]);
    expect(subtractRanges(gaps, confirmed.slice(0, 3), '1h')).toEqual([{ from: h(12), to: h(12), missing: 1 }]);
    expect(gaps[1]).toEqual({ from: h(10), to: h(15), missing: 6 });
  });

  it('leaves gaps untouched by the ranges, and counts months on 1M', () => {
    const gaps = [{ from: Date.UTC(2023, 10, 1), to: Date.UTC(2024, 3, 1), missing: 6 }];
    expect(subtractRanges(gaps, [], '1M')).toEqual(gaps);
    // Only the February open time lies in the range: January opens before it, so it stays missing.
    expect(subtractRanges(gaps, [{ from: Date.UTC(2024, 0, 10), to: Date.UTC(2024, 1, 1) }], '1M')).toEqual([
      { from: Date.UTC(2023, 10, 1), to: Date.UTC(2024, 0, 1), missing: 3 },
      { from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 3, 1), missing: 2 },
    ]);
  });

  it('throws on a reversed range', () => {
    expect(() => subtractRanges([], [{ from: 5, to: 3 }], '1h')).toThrow('confirmedEmpty[0]: {from: 5, to: 3} is not a range with from <= to');
  });
});
