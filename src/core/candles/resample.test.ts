import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { canResample, mapClosedHigher, resample } from './resample';
import { TIMEFRAMES } from './timeframe';
import { type CandleColumns } from './types';
import { lowerBound } from '../util/binary-search';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Builds candles from [time, open, high, low, close, volume] rows. */
function rows(r: number[][]): CandleColumns {
  const col = (k: number) => Float64Array.from(r.map((x) => x[k]));
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

function toRows(c: CandleColumns): number[][] {
  return Array.from(c.time, (t, i) => [t, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]);
}

/** Candles at a fixed step with distinct, easily summed values: candle i has volume i + 1. */
function steady(start: number, step: number, n: number): CandleColumns {
  return rows(
    Array.from({ length: n }, (_, i) => [start + i * step, 100 + i, 110 + i, 90 - i, 101 + i, i + 1]),
  );
}

/**
 * Compares every resampled candle with the exchange's own candle at the same open time.
 * Prices must be identical; volumes are float sums of decimal strings, so they are held to 1e-9
 * relative. Returns how many candles were compared.
 */
function expectMatchesReference(got: CandleColumns, ref: CandleColumns, skip: Set<number> = new Set()): number {
  let compared = 0;
  for (let k = 0; k < got.time.length; k++) {
    const t = got.time[k];
    if (skip.has(t)) continue;
    const j = lowerBound(ref.time, t);
    expect(ref.time[j], `reference candle at ${new Date(t).toISOString()}`).toBe(t);
    const at = new Date(t).toISOString();
    expect([got.open[k], got.high[k], got.low[k], got.close[k]], at).toEqual([
      ref.open[j],
      ref.high[j],
      ref.low[j],
      ref.close[j],
    ]);
    expect(Math.abs(got.volume[k] - ref.volume[j]), `volume ${at}`).toBeLessThanOrEqual(1e-9 * Math.max(1, ref.volume[j]));
    compared++;
  }
  return compared;
}

describe('resample against real Binance candles', () => {
  it('BTCUSDT 5m → 15m equals the exchange 15m candles over the common range', () => {
    const base = loadSharedCandles('BTCUSDT', '5m');
    const ref = loadSharedCandles('BTCUSDT', '15m');
    const got = resample(base, '5m', '15m');
    // The 5m file runs 03:00 → 20:15 on 2024-11-04 without gaps: the bucket opening at 20:15 has
    // only one 5m candle and is incomplete, so the last emitted bucket opens at 20:00.
    const first = base.time[0];
    const lastComplete = Math.floor((base.time[base.time.length - 1] + 5 * MIN) / (15 * MIN)) * 15 * MIN - 15 * MIN;
    expect(got.time[0]).toBe(first);
    expect(got.time[got.time.length - 1]).toBe(lastComplete);
    expect(got.time.length).toBe((lastComplete - first) / (15 * MIN) + 1);
    expect(expectMatchesReference(got, ref)).toBe(3333);
  });

  it('BTCUSDT 1m → 15m equals the exchange 15m candles', () => {
    const got = resample(loadSharedCandles('BTCUSDT', '1m'), '1m', '15m');
    expect(expectMatchesReference(got, loadSharedCandles('BTCUSDT', '15m'))).toBe(got.time.length);
    expect(got.time.length).toBeGreaterThan(2700);
  });

  it('BTCUSDT 1h → 4h equals the exchange 4h candles, with gap buckets handled as documented', () => {
    const base = loadSharedCandles('BTCUSDT', '1h');
    const ref = loadSharedCandles('BTCUSDT', '4h');
    const got = resample(base, '1h', '4h');
    const iso = (s: string) => Date.parse(s);
    // Buckets whose last 1h candles are missing (README gaps): not emitted.
    const dropped = ['2021-04-20T00:00:00Z', '2021-04-25T04:00:00Z', '2021-08-13T00:00:00Z', '2021-09-29T04:00:00Z'];
    const times = new Set(Array.from(got.time));
    for (const d of dropped) expect(times.has(iso(d)), d).toBe(false);
    // Buckets with missing candles at the start or inside, whose last candle closes on time: emitted.
    for (const d of ['2021-08-13T04:00:00Z', '2021-09-29T08:00:00Z', '2023-03-24T12:00:00Z']) {
      expect(times.has(iso(d)), d).toBe(true);
    }
    // Every 4h open time from the first to the last emitted bucket is emitted except the dropped ones.
    const span = (got.time[got.time.length - 1] - got.time[0]) / (4 * HOUR) + 1;
    expect(got.time.length).toBe(span - dropped.length);
    // Excluded from the value comparison: the bucket holding the unfinished last 1h row, and the
    // bucket starting with the zero-volume placeholder 1h candle of 2023-03-24 12:00 (its open
    // 28080 is not a traded price; the exchange 4h candle opens at 28079.99).
    const unfinished = got.time[got.time.length - 1];
    expect(unfinished).toBe(iso('2023-12-30T16:00:00Z'));
    const compared = expectMatchesReference(got, ref, new Set([unfinished, iso('2023-03-24T12:00:00Z')]));
    expect(compared).toBe(got.time.length - 2);
  });

  it('BTCUSDT 1h → 1d equals the exchange 1d candles (complete days only)', () => {
    const base = loadSharedCandles('BTCUSDT', '1h');
    const ref = loadSharedCandles('BTCUSDT', '1d');
    const got = resample(base, '1h', '1d');
    // The 1h file starts at 20:00 on 2021-04-04 (a day cut at its start: not emitted) and ends
    // at 19:00 on 2023-12-30 (an unfinished day: not emitted).
    expect(got.time[0]).toBe(Date.parse('2021-04-05T00:00:00Z'));
    expect(got.time[got.time.length - 1]).toBe(Date.parse('2023-12-29T00:00:00Z'));
    expect(got.time.length).toBe((got.time[got.time.length - 1] - got.time[0]) / DAY + 1);
    expect(expectMatchesReference(got, ref)).toBe(got.time.length);

    const partial = resample(base, '1h', '1d', { includePartial: true });
    expect(partial.time.length).toBe(got.time.length + 2);
    expect(partial.time[0]).toBe(Date.parse('2021-04-04T00:00:00Z'));
    expect(partial.open[0]).toBe(base.open[0]);
    expect(partial.time[partial.time.length - 1]).toBe(Date.parse('2023-12-30T00:00:00Z'));
    expect(partial.close[partial.time.length - 1]).toBe(base.close[base.time.length - 1]);
  });

  it('BTCUSDT 15m → 4h and 15m → 1d equal the exchange candles', () => {
    const base = loadSharedCandles('BTCUSDT', '15m');
    const h4 = resample(base, '15m', '4h');
    expect(expectMatchesReference(h4, loadSharedCandles('BTCUSDT', '4h'))).toBe(h4.time.length);
    const d1 = resample(base, '15m', '1d');
    expect(expectMatchesReference(d1, loadSharedCandles('BTCUSDT', '1d'))).toBe(d1.time.length);
    expect(d1.time.length).toBeGreaterThan(360);
  });
});

describe('resample by hand', () => {
  const T0 = Date.UTC(2024, 0, 1); // Monday

  it('aggregates OHLCV and drops the incomplete last bucket unless includePartial', () => {
    const c = steady(T0, 5 * MIN, 7); // 00:00 … 00:30: buckets 00:00 (3), 00:15 (3), 00:30 (1)
    const got = resample(c, '5m', '15m');
    expect(toRows(got)).toEqual([
      [T0, 100, 112, 88, 103, 1 + 2 + 3],
      [T0 + 15 * MIN, 103, 115, 85, 106, 4 + 5 + 6],
    ]);
    const partial = resample(c, '5m', '15m', { includePartial: true });
    expect(toRows(partial)).toEqual([...toRows(got), [T0 + 30 * MIN, 106, 116, 84, 107, 7]]);
  });

  it('emits buckets with missing candles when the last candle closes at the bucket close', () => {
    // 1h candles: 00:00, 01:00, 03:00 | 05:00, 07:00 | 08:00, 09:00 | 13:00
    const hours = [0, 1, 3, 5, 7, 8, 9, 13];
    const c = rows(hours.map((h, i) => [T0 + h * HOUR, 10 + i, 20 + i, 5 - i, 11 + i, 1 + i]));
    const got = resample(c, '1h', '4h');
    expect(toRows(got)).toEqual([
      [T0, 10, 22, 3, 13, 1 + 2 + 3],
      [T0 + 4 * HOUR, 13, 24, 1, 15, 4 + 5],
    ]);
    // 08:00 bucket (08, 09; 10 and 11 missing, followed by more data): dropped even with
    // includePartial; the 12:00 bucket is the trailing partial one.
    const partial = resample(c, '1h', '4h', { includePartial: true });
    expect(toRows(partial)).toEqual([...toRows(got), [T0 + 12 * HOUR, 17, 27, -2, 18, 8]]);
  });

  it('drops a first bucket that the input enters late, unless includePartial', () => {
    const c = steady(T0 + 10 * MIN, 5 * MIN, 5); // 00:10, 00:15 … 00:30
    expect(resample(c, '5m', '15m').time).toEqual(Float64Array.from([T0 + 15 * MIN]));
    const partial = resample(c, '5m', '15m', { includePartial: true });
    expect(toRows(partial)).toEqual([
      [T0, 100, 110, 90, 101, 1],
      [T0 + 15 * MIN, 101, 113, 87, 104, 2 + 3 + 4],
      [T0 + 30 * MIN, 104, 114, 86, 105, 5],
    ]);
  });

  it('aligns 1w buckets on Monday 00:00 UTC', () => {
    // Daily candles from Thursday 2024-01-04 to Sunday 2024-01-21.
    const c = steady(Date.UTC(2024, 0, 4), DAY, 18);
    const got = resample(c, '1d', '1w');
    // Week of Mon 01-01 is entered on Thursday: dropped; weeks of 01-08 and 01-15 are full.
    expect(Array.from(got.time, (t) => new Date(t).toISOString())).toEqual([
      '2024-01-08T00:00:00.000Z',
      '2024-01-15T00:00:00.000Z',
    ]);
    expect(new Date(got.time[0]).getUTCDay()).toBe(1);
    // Candle i has volume i + 1; week of 01-08 holds candles 4..10.
    expect(got.volume[0]).toBe(5 + 6 + 7 + 8 + 9 + 10 + 11);
    expect(got.open[0]).toBe(104);
    expect(got.close[0]).toBe(111);
    const partial = resample(c, '1d', '1w', { includePartial: true });
    expect(new Date(partial.time[0]).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(partial.volume[0]).toBe(1 + 2 + 3 + 4);
    // From 1h the week also starts Monday; Sunday 23:00 closes it.
    const h = steady(Date.UTC(2024, 0, 8), HOUR, 7 * 24 + 1);
    const wk = resample(h, '1h', '1w');
    expect(wk.time.length).toBe(1);
    expect(wk.close[0]).toBe(101 + 7 * 24 - 1);
  });

  it('builds 1M buckets with real month lengths', () => {
    // Daily candles 2023-12-01 … 2024-03-31, every volume 1: the sum counts the days.
    const start = Date.UTC(2023, 11, 1);
    const days = (Date.UTC(2024, 3, 1) - start) / DAY;
    const c = rows(Array.from({ length: days }, (_, i) => [start + i * DAY, 1, 2, 0.5, 1, 1]));
    const got = resample(c, '1d', '1M');
    expect(Array.from(got.time, (t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      '2023-12-01',
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
    ]);
    expect(Array.from(got.volume)).toEqual([31, 31, 29, 31]);
    // Feb 2023 has 28 days; a February ending on the 27th is incomplete.
    const feb = rows(Array.from({ length: 28 }, (_, i) => [Date.UTC(2023, 1, 1) + i * DAY, 1, 1, 1, 1, 1]));
    expect(Array.from(resample(feb, '1d', '1M').volume)).toEqual([28]);
    expect(resample(rows(toRows(feb).slice(0, 27)), '1d', '1M').time.length).toBe(0);
    // 4h candles over a month boundary.
    const h4 = steady(Date.UTC(2024, 0, 31), 4 * HOUR, 12);
    const m = resample(h4, '4h', '1M', { includePartial: true });
    expect(Array.from(m.time)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1)]);
    expect(Array.from(m.volume)).toEqual([1 + 2 + 3 + 4 + 5 + 6, 7 + 8 + 9 + 10 + 11 + 12]);
    expect(resample(h4, '4h', '1M').time.length).toBe(0);
  });

  it('returns a copy when from === to and handles empty input', () => {
    const c = steady(T0, HOUR, 5);
    const got = resample(c, '1h', '1h');
    expect(toRows(got)).toEqual(toRows(c));
    got.close[0] = -1;
    expect(c.close[0]).toBe(101);
    expect(resample(steady(T0, HOUR, 0), '1h', '4h').time.length).toBe(0);
  });

  it('knows which timeframes can be built from which', () => {
    expect(canResample('1m', '1M')).toBe(true);
    expect(canResample('1d', '1w')).toBe(true);
    expect(canResample('4h', '4h')).toBe(true);
    expect(canResample('1w', '1M')).toBe(false);
    expect(canResample('4h', '1h')).toBe(false);
    expect(canResample('1M', '1w')).toBe(false);
    for (const tf of TIMEFRAMES) expect(canResample(tf, tf)).toBe(true);
  });

  it('rejects bad input naming the field and value', () => {
    const c = steady(T0, HOUR, 3);
    expect(() => resample(c, '4h', '1h')).toThrow('to: "1h" cannot be built from "4h"');
    expect(() => resample(c, '1w', '1M')).toThrow('to: "1M"');
    const unordered = rows([
      [T0 + HOUR, 1, 1, 1, 1, 1],
      [T0, 1, 1, 1, 1, 1],
    ]);
    expect(() => resample(unordered, '1h', '4h')).toThrow(`candles.time[1]: ${T0} is not after`);
    const offGrid = rows([[T0 + 30 * MIN, 1, 1, 1, 1, 1]]);
    expect(() => resample(offGrid, '1h', '4h')).toThrow(`candles.time[0]: ${T0 + 30 * MIN} is not on the 1h grid`);
    const short = { ...c, volume: new Float64Array(2) };
    expect(() => resample(short, '1h', '4h')).toThrow('candles.volume.length: 2 differs');
  });
});

describe('mapClosedHigher', () => {
  const T0 = Date.UTC(2024, 0, 1);
  const hours = (n: number, from = 0) => Float64Array.from({ length: n }, (_, i) => T0 + (from + i) * HOUR);

  it('maps each base bar to the last higher candle closed by its own close', () => {
    // 4h candles 00:00 (closes 04:00) and 04:00 (closes 08:00).
    const higher = Float64Array.from([T0, T0 + 4 * HOUR]);
    expect(Array.from(mapClosedHigher(hours(10), '1h', higher, '4h'))).toEqual([-1, -1, -1, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('skips a missing higher candle and starts late base series correctly', () => {
    // Higher candles at 00:00 and 08:00 (04:00 missing); base from 02:00 to 12:00.
    const higher = Float64Array.from([T0, T0 + 8 * HOUR]);
    const base = hours(11, 2);
    // base closes: 03..13h; first closes ≥ 04h at index 1; ≥ 12h at index 9.
    expect(Array.from(mapClosedHigher(base, '1h', higher, '4h'))).toEqual([-1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('agrees with resample output: the mapped candle is the bucket before the current one', () => {
    const base = steady(T0, HOUR, 30);
    const h4 = resample(base, '1h', '4h');
    const map = mapClosedHigher(base.time, '1h', h4.time, '4h');
    for (let i = 0; i < 30; i++) {
      const closed = Math.floor((i + 1) / 4) - 1;
      expect(map[i]).toBe(closed);
      if (closed >= 0) expect(h4.close[closed]).toBe(base.close[4 * closed + 3]);
    }
  });

  it('maps daily bars to calendar months', () => {
    const days = Float64Array.from({ length: 61 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY); // Jan 1 … Mar 1
    const months = Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1)]);
    const map = mapClosedHigher(days, '1d', months, '1M');
    expect(map[29]).toBe(-1); // Jan 30 closes Jan 31 00:00
    expect(map[30]).toBe(0); // Jan 31 closes Feb 1 00:00
    expect(map[58]).toBe(0); // Feb 28
    expect(map[59]).toBe(1); // Feb 29 (leap year) closes Mar 1
    expect(map[60]).toBe(1);
  });

  it('returns −1 everywhere without higher candles and rejects unordered times', () => {
    expect(Array.from(mapClosedHigher(hours(3), '1h', new Float64Array(0), '4h'))).toEqual([-1, -1, -1]);
    expect(() => mapClosedHigher(Float64Array.from([T0 + HOUR, T0]), '1h', new Float64Array(0), '4h')).toThrow(
      `baseTime[1]: ${T0} is not after`,
    );
    const badHigher = Float64Array.from([T0 + 4 * HOUR, T0]);
    expect(() => mapClosedHigher(hours(12), '1h', badHigher, '4h')).toThrow(`higherTime[1]: ${T0} is not after`);
  });
});
