import { describe, expect, it } from 'vitest';
import { sampleTrade } from '../../../core/backtest/test-support';
import { tradeColumns } from '../../../core/backtest/trade-columns';
import { emptyCandles } from '../../../core/candles/types';
import { candleWindow, openingBars, openingRange, OPEN_BARS, sketchIndices, tradesInRange, WINDOW_BARS } from './price-window';

const M = 60_000;
const T0 = Date.UTC(2024, 11, 1);

function minutes(n: number) {
  const c = emptyCandles(n);
  for (let i = 0; i < n; i++) c.time[i] = T0 + i * M;
  return c;
}

describe('the price chart window', () => {
  it('holds every candle of a short series, and at most WINDOW_BARS centred on the view of a long one', () => {
    const short = minutes(2_000);
    expect(candleWindow(short.time, T0 + 500 * M, T0 + 600 * M)).toEqual({ start: 0, end: 2_000 });
    const long = minutes(40_000);
    expect(candleWindow(long.time, T0 + 20_000 * M, T0 + 20_099 * M)).toEqual({ start: 20_050 - WINDOW_BARS / 2, end: 20_050 + WINDOW_BARS / 2 });
    expect(candleWindow(long.time, T0, T0 + 99 * M)).toEqual({ start: 0, end: WINDOW_BARS });
    expect(candleWindow(long.time, T0 + 39_950 * M, T0 + 40_000 * M)).toEqual({ start: 40_000 - WINDOW_BARS, end: 40_000 });
  });

  it('opens on the traded range, or its first bars when longer, with fewer bars on a narrow chart', () => {
    const candles = minutes(40_000);
    const trades = tradeColumns([
      sampleTrade({ entryTime: T0 + 100 * M, exitTime: T0 + 103 * M }),
      sampleTrade({ entryTime: T0 + 300 * M, exitTime: T0 + 310 * M }),
      sampleTrade({ entryTime: T0 + 30_000 * M, exitTime: T0 + 30_004 * M }),
    ]);
    expect(openingRange(trades, [0, 1], candles, '1m')).toEqual({ from: T0 + 95 * M, to: T0 + 315 * M });
    expect(openingRange(trades, [0, 1, 2], candles, '1m', 600)).toEqual({ from: T0 + 95 * M, to: T0 + 694 * M });
    expect(openingRange(trades, [], candles, '1m', 40_000)).toEqual({ from: T0, to: T0 + 39_999 * M });
    expect(openingRange(trades, [0], minutes(0), '1m')).toBeNull();
    expect(openingBars(1_100)).toBe(733);
    expect(openingBars(300)).toBe(200);
    expect(openingBars(10_000)).toBe(OPEN_BARS);
  });

  it('finds the trades open at some time in view', () => {
    const trades = tradeColumns([
      sampleTrade({ entryTime: T0, exitTime: T0 + 10 * M }),
      sampleTrade({ entryTime: T0 + 20 * M, exitTime: T0 + 21 * M }),
      sampleTrade({ entryTime: T0 + 5 * M, exitTime: T0 + 50 * M }),
    ]);
    expect(tradesInRange(trades, [0, 1, 2], T0 + 11 * M, T0 + 19 * M)).toEqual([2]);
    expect(tradesInRange(trades, [0, 1, 2], T0 + 10 * M, T0 + 20 * M)).toEqual([0, 1, 2]);
    expect(tradesInRange(trades, [1], T0, T0 + 60 * M)).toEqual([1]);
  });

  it('sketches a window by its first and last candle and those with the highest high and lowest low', () => {
    const c = minutes(10);
    for (let i = 0; i < 10; i++) {
      c.high[i] = 100 + i;
      c.low[i] = 90 - i;
    }
    c.high[4] = 200;
    c.low[6] = 10;
    expect(sketchIndices(c, 2, 9)).toEqual([2, 4, 6, 8]);
    c.high[2] = 300;
    c.low[8] = 5;
    expect(sketchIndices(c, 2, 9)).toEqual([2, 8]);
    expect(sketchIndices(c, 3, 3)).toEqual([]);
  });
});
