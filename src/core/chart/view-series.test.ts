import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { resample } from '../candles/resample';
import { sliceCandles } from '../candles/types';
import { buildViewSeries, closedCount, formingIndex, lastBaseClosedBy, nextCursor, partialCandle, previousCursor } from './view-series';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('the view of a 5m series on 1h', () => {
  const base = loadSharedCandles('BTCUSDT', '5m');
  const view = buildViewSeries(base, '5m', '1h');

  it('holds the complete hours, each closed by its last 5m bar', () => {
    expect(view.candles).toEqual(resample(base, '5m', '1h'));
    for (let k = 0; k < view.candles.time.length; k += 50) {
      const c = view.closeBase[k];
      expect(base.time[c] + 5 * MIN).toBe(view.candles.time[k] + HOUR);
    }
  });

  it('is the series itself on its own timeframe', () => {
    const same = buildViewSeries(base, '5m', '5m');
    expect(same.candles).toBe(base);
    expect(same.closeBase[1234]).toBe(1234);
  });

  it('steps the cursor by whole hours, completing the forming hour first', () => {
    // The first full hour opens at 03:00 (the file starts there).
    const hourClose = (k: number) => view.closeBase[k];
    const mid = hourClose(10) + 4; // 20 minutes into hour 11
    expect(nextCursor(view.closeBase, mid)).toBe(hourClose(11));
    expect(nextCursor(view.closeBase, hourClose(11))).toBe(hourClose(12));
    expect(previousCursor(view.closeBase, mid)).toBe(hourClose(10));
    expect(previousCursor(view.closeBase, hourClose(10))).toBe(hourClose(9));
    // At the ends the cursor stays.
    const last = view.closeBase[view.closeBase.length - 1];
    expect(nextCursor(view.closeBase, last)).toBe(last);
    expect(previousCursor(view.closeBase, view.closeBase[0])).toBe(view.closeBase[0]);
  });

  it('tells closed and forming candles at a cursor', () => {
    const c = view.closeBase[10] + 4;
    const t = base.time[c];
    expect(closedCount(view.candles.time, '1h', t + 5 * MIN)).toBe(11);
    expect(formingIndex(view.candles.time, '1h', t, t + 5 * MIN)).toBe(11);
    const end = view.closeBase[11];
    expect(formingIndex(view.candles.time, '1h', base.time[end], base.time[end] + 5 * MIN)).toBe(-1);
  });

  it('builds the forming candle from the base bars up to the cursor only', () => {
    const c = view.closeBase[20] + 7;
    const p = partialCandle(base, c, '1h');
    const truncated = resample(sliceCandles(base, 0, c + 1), '5m', '1h', { includePartial: true });
    const k = truncated.time.length - 1;
    expect(p).toEqual({
      time: truncated.time[k],
      open: truncated.open[k],
      high: truncated.high[k],
      low: truncated.low[k],
      close: truncated.close[k],
      volume: truncated.volume[k],
    });
  });

  it('finds the last base bar closed by a time', () => {
    expect(lastBaseClosedBy(base.time, '5m', base.time[0])).toBe(-1);
    expect(lastBaseClosedBy(base.time, '5m', base.time[0] + 5 * MIN)).toBe(0);
    expect(lastBaseClosedBy(base.time, '5m', base.time[9] + 5 * MIN + 1)).toBe(9);
  });

  it('refuses a shorter view timeframe', () => {
    expect(() => buildViewSeries(base, '5m', '1m')).toThrow(/timeframe: "1m" is shorter than the series' 5m/);
  });
});

describe('the view on a stored longer timeframe', () => {
  it('keeps only the stored candles that overlap the base series', () => {
    const base = loadSharedCandles('BTCUSDT', '5m');
    const stored = loadSharedCandles('BTCUSDT', '4h');
    const view = buildViewSeries(base, '5m', '4h', stored);
    expect(view.candles.time[0]).toBeLessThanOrEqual(base.time[0]);
    expect(view.candles.time[0] + 4 * HOUR).toBeGreaterThan(base.time[0]);
    expect(view.candles.time[view.candles.time.length - 1]).toBeLessThanOrEqual(base.time[base.time.length - 1]);
    // The first 4h candle began before the 5m series: closed by the 5m bar ending at its close.
    const k0 = view.closeBase[0];
    expect(base.time[k0] + 5 * MIN).toBe(view.candles.time[0] + 4 * HOUR);
  });
});
