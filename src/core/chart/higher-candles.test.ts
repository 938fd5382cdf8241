import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { resample } from '../candles/resample';
import { sliceCandles, type CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { higherCandles, mergeCandles } from './higher-candles';

const HOUR = 3_600_000;

function rows(r: number[][]): CandleColumns {
  const col = (k: number) => Float64Array.from(r.map((x) => x[k]));
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

describe('mergeCandles', () => {
  it('keeps every open time once, ascending, the first series winning on equal times', () => {
    const a = rows([
      [2, 20, 21, 19, 20, 1],
      [4, 40, 41, 39, 40, 1],
    ]);
    const b = rows([
      [1, 10, 11, 9, 10, 2],
      [2, 99, 99, 99, 99, 2],
      [3, 30, 31, 29, 30, 2],
      [5, 50, 51, 49, 50, 2],
    ]);
    const m = mergeCandles(a, b);
    expect(Array.from(m.time)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(m.close)).toEqual([10, 20, 30, 40, 50]);
    expect(Array.from(m.volume)).toEqual([2, 1, 2, 1, 2]);
    expect(mergeCandles(a, rows([])).time).toEqual(a.time);
  });
});

describe('higherCandles on real candles', () => {
  const base = loadSharedCandles('BTCUSDT', '5m');
  const stored4h = loadSharedCandles('BTCUSDT', '4h');

  it('is the resampled series when nothing is stored', () => {
    expect(higherCandles(base, '5m', '1h')).toEqual(resample(base, '5m', '1h'));
    expect(higherCandles(base, '5m', '5m')).toBe(base);
  });

  it('takes the stored candles (with their history before the base series) and resampled ones where none is stored', () => {
    // Stored 4h candles with a hole of ten candles inside the 5m range.
    const holeAt = lowerBound(stored4h.time, base.time[3000]);
    const stored = mergeCandles(sliceCandles(stored4h, 0, holeAt), sliceCandles(stored4h, holeAt + 10, stored4h.time.length));
    const got = higherCandles(base, '5m', '4h', stored);
    const built = resample(base, '5m', '4h');
    // Everything stored is there, unchanged.
    for (let j = 0; j < stored.time.length; j += 97) {
      const k = lowerBound(got.time, stored.time[j]);
      expect(got.time[k]).toBe(stored.time[j]);
      expect(got.close[k]).toBe(stored.close[j]);
    }
    // The hole is filled from the 5m candles.
    for (let h = holeAt; h < holeAt + 10; h++) {
      const t = stored4h.time[h];
      const k = lowerBound(got.time, t);
      const r = lowerBound(built.time, t);
      expect(got.time[k]).toBe(t);
      expect([got.open[k], got.high[k], got.low[k], got.close[k]]).toEqual([built.open[r], built.high[r], built.low[r], built.close[r]]);
    }
    for (let k = 1; k < got.time.length; k++) expect(got.time[k] - got.time[k - 1]).toBe(4 * HOUR);
  });

  it('refuses a shorter timeframe, and one neither buildable nor stored', () => {
    expect(() => higherCandles(base, '5m', '1m')).toThrow(/tf: "1m" is shorter than the base timeframe 5m/);
    const weekly = resample(base, '5m', '1w');
    expect(() => higherCandles(weekly, '1w', '1M')).toThrow(/tf: "1M" cannot be built from 1w candles and none are stored/);
  });
});
