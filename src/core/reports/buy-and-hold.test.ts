import { describe, expect, it } from 'vitest';
import { candlesOf } from '../backtest/test-support';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { lowerBound } from '../util/binary-search';
import { buyAndHold } from './buy-and-hold';

const H = 3_600_000;

describe('buyAndHold', () => {
  it('buys at the first open with the fee, marks at closes, sells at the last close with the fee', () => {
    const a = candlesOf([
      [100, 110, 90, 105],
      [105, 130, 100, 120],
      [120, 125, 80, 90],
    ]);
    const r = buyAndHold({ initialCapital: 1000, feeRate: 0.01, series: [{ symbol: 'A', candles: a }], times: [0, 0, H, 2 * H] });
    const qty = 1000 / (100 * 1.01);
    expect(Array.from(r.equity)).toEqual([1000, qty * 105, qty * 120, qty * 90 - qty * 90 * 0.01]);
    expect(r.returnPct).toBeCloseTo((qty * 90 * 0.99 / 1000 - 1) * 100, 10);
    expect(r.maxDrawdownPct).toBeCloseTo(((qty * 120 - qty * 90 * 0.99) / (qty * 120)) * 100, 10);
    expect(r.bySymbol[0].symbol).toBe('A');
    expect(r.bySymbol[0].returnPct).toBeCloseTo(-10, 12);
  });

  it('splits the capital equally; a symbol that starts later holds cash until its first bar', () => {
    const a = candlesOf([[10, 10, 10, 10], [10, 20, 10, 20]]);
    const b = candlesOf([[50, 50, 50, 100]], H);
    const r = buyAndHold({ initialCapital: 200, feeRate: 0, series: [{ symbol: 'A', candles: a }, { symbol: 'B', candles: b }], times: [0, 0, H] });
    expect(Array.from(r.equity)).toEqual([200, 100 + 100, 200 + 200]);
  });

  it('equals a direct computation on real BTC/USDT and ETH/USDT 1h candles over 2022', () => {
    const btc = loadSharedCandles('BTCUSDT', '1h');
    const eth = loadSharedCandles('ETHUSDT', '1h');
    const from = Date.parse('2022-01-01T00:00Z');
    const to = Date.parse('2022-12-31T23:00Z');
    const i0 = lowerBound(btc.time, from);
    const i1 = lowerBound(btc.time, to + 1);
    const times = [btc.time[i0], ...btc.time.subarray(i0, i1)];
    const fee = 0.001;
    const r = buyAndHold({ initialCapital: 10_000, feeRate: fee, series: [{ symbol: 'BTC/USDT', candles: btc }, { symbol: 'ETH/USDT', candles: eth }], times });
    const direct = (c: typeof btc) => {
      const s = lowerBound(c.time, from);
      const e = lowerBound(c.time, to + 1) - 1;
      return (5000 / (c.open[s] * (1 + fee))) * c.close[e] * (1 - fee);
    };
    expect(r.equity[r.equity.length - 1]).toBeCloseTo(direct(btc) + direct(eth), 6);
    expect(r.returnPct).toBeLessThan(-60); // 2022 was a bear year for both
    expect(r.bySymbol.map((s) => s.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('refuses bad input naming the field', () => {
    const a = candlesOf([[1, 1, 1, 1]]);
    expect(() => buyAndHold({ initialCapital: 0, feeRate: 0, series: [{ symbol: 'A', candles: a }], times: [0] })).toThrow('initialCapital');
    expect(() => buyAndHold({ initialCapital: 1, feeRate: -1, series: [{ symbol: 'A', candles: a }], times: [0] })).toThrow('feeRate: -1');
    expect(() => buyAndHold({ initialCapital: 1, feeRate: 0, series: [{ symbol: 'A', candles: a }], times: [5 * H, 6 * H] })).toThrow('series A: no candle');
  });
});
