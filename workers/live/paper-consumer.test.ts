import { describe, expect, it } from 'vitest';
import type { SignalRecord } from '../../src/data';
import type { LiveStep, LiveStepCandle } from './consumers';
import { ticksOfStep } from './paper-consumer';

const H = 3_600_000;
const T = Date.UTC(2025, 0, 1);

function candle(symbol: string, timeframe: '1h' | '4h', time: number, signal: SignalRecord | null = null): LiveStepCandle {
  return { exchange: 'demo', symbol, timeframe, time, open: 10, high: 12, low: 9, close: 11, volume: 5, barIndex: 42, signal };
}

function signal(symbol: string, time: number, status: SignalRecord['status']): SignalRecord {
  return {
    id: `sig_${symbol}_${status}`,
    exchange: 'demo',
    symbol,
    timeframe: '1h',
    time,
    direction: 'LONG',
    market: 'spot',
    price: 11,
    stopFraction: 0.02,
    targetFraction: 0.05,
    stopPrice: 10.78,
    targetPrice: 11.55,
    confidence: 0.8,
    level: 'HIGH',
    strategy: 'SIGNAL_ENGINE',
    preset: 'BALANCED',
    reasons: [],
    status,
    statusAt: time,
    createdAt: time,
  };
}

describe('the paper consumer turns a live step into bot ticks', () => {
  it('one tick per timeframe with its bars, and only the ACTIVE signals as the engine signals of their bars', () => {
    const step: LiveStep = {
      closeTime: T + 4 * H,
      candles: [
        candle('AAA/USDT', '1h', T + 3 * H, signal('AAA/USDT', T + 3 * H, 'ACTIVE')),
        candle('BBB/USDT', '1h', T + 3 * H, signal('BBB/USDT', T + 3 * H, 'CANCELLED')),
        candle('AAA/USDT', '4h', T),
      ],
      expired: [],
      cancelled: [],
      catchUp: false,
    };
    const ticks = ticksOfStep(step);
    expect(ticks.map((t) => [t.timeframe, t.tick.time, t.tick.bars.map((b) => b.symbol)])).toEqual([
      ['1h', T + 3 * H, ['AAA/USDT', 'BBB/USDT']],
      ['4h', T, ['AAA/USDT']],
    ]);
    const [sig] = ticks[0].tick.signals;
    expect(ticks[0].tick.signals).toHaveLength(1);
    expect(sig.id).toBe('sig_AAA/USDT_ACTIVE');
    expect(sig.signal).toEqual({
      symbol: 'AAA/USDT',
      time: T + 3 * H,
      barIndex: 42,
      direction: 'LONG',
      price: 11,
      confidence: 0.8,
      stopFraction: 0.02,
      targetFraction: 0.05,
      reasons: [],
      strategy: 'SIGNAL_ENGINE',
      preset: 'BALANCED',
    });
    expect(ticks[1].tick.signals).toEqual([]);
  });
});
