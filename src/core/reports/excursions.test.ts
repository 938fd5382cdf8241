import { describe, expect, it } from 'vitest';
import type { Trade } from '../backtest/trade';
import { candlesOf } from '../backtest/test-support';
import { tradeExcursion, tradeExcursions } from './excursions';

const H = 3_600_000;
const candles = candlesOf([
  [100, 101, 99, 100],
  [100, 104, 97, 103], // entry bar
  [103, 108, 96, 107],
  [107, 120, 90, 110], // exit bar
]);

function trade(over: Partial<Trade>): Trade {
  return {
    symbol: 'BTC/USDT',
    direction: 'LONG',
    entryTime: H,
    entryPrice: 100,
    exitTime: 3 * H,
    exitPrice: 107,
    quantity: 1,
    fees: 0,
    pnl: 7,
    pnlPct: 7,
    exitReason: 'SIGNAL',
    confidence: 1,
    stop: 95,
    target: 0,
    signalTime: 0,
    reasons: [],
    ...over,
  };
}

describe('tradeExcursion', () => {
  it('a long exiting at the open of a later bar sees the bars before it and the exit price only', () => {
    const x = tradeExcursion(trade({}), candles);
    expect(x.maePct).toBeCloseTo(4, 12); // low 96
    expect(x.mfePct).toBeCloseTo(8, 12); // high 108 (the exit bar's 120 is not seen)
    expect(x.maeR).toBeCloseTo(0.8, 12); // 4 / (100 - 95)
    expect(x.mfeR).toBeCloseTo(1.6, 12);
  });

  it('an END exit holds the whole last bar', () => {
    const x = tradeExcursion(trade({ exitReason: 'END', exitPrice: 110 }), candles);
    expect(x.maePct).toBeCloseTo(10, 12);
    expect(x.mfePct).toBeCloseTo(20, 12);
  });

  it('a short mirrors: adverse is up, favourable is down', () => {
    const x = tradeExcursion(trade({ direction: 'SHORT', stop: 105 }), candles);
    expect(x.maePct).toBeCloseTo(8, 12);
    expect(x.mfePct).toBeCloseTo(4, 12);
    expect(x.maeR).toBeCloseTo(8 / 5, 12);
  });

  it('a stop hit on the entry bar sees the entry and the stop only', () => {
    const x = tradeExcursion(trade({ exitTime: H, exitPrice: 95, exitReason: 'SL' }), candles);
    expect(x.maePct).toBeCloseTo(5, 12);
    expect(x.mfePct).toBe(0);
    expect(x.maeR).toBeCloseTo(1, 12);
    expect(x.mfeR).toBe(0);
  });

  it('without a stop there is no R', () => {
    const x = tradeExcursion(trade({ stop: 0 }), candles);
    expect(x.maeR).toBeNull();
    expect(x.mfeR).toBeNull();
  });

  it('refuses a trade without a positive entry price', () => {
    expect(() => tradeExcursion(trade({ entryPrice: 0 }), candles)).toThrow('trade.entryPrice: 0 is not a positive price');
  });
});

describe('tradeExcursions', () => {
  it('gives null for a symbol without candles', () => {
    const out = tradeExcursions([trade({}), trade({ symbol: 'ETH/USDT' })], (s) => (s === 'BTC/USDT' ? candles : undefined));
    expect(out[0]?.maePct).toBeCloseTo(4, 12);
    expect(out[1]).toBeNull();
  });
});
