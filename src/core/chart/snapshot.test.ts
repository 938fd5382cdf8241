import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { resolveStrategy } from '../strategy/registry';
import { conditionSnapshot } from './snapshot';

const base = loadSharedCandles('BTCUSDT', '5m');

describe('conditionSnapshot', () => {
  it('explains a signal-engine bar: every condition, both directions, the numbers and the signal with its levels', () => {
    const r = resolveStrategy('BALANCED');
    const p = r.strategy.prepare({ symbol: 'BTC/USDT', timeframe: '5m', candles: base }, r.params);
    let bar = -1;
    for (let i = 0; i < base.time.length && bar < 0; i++) if (p.signalAt(i)?.direction === 'LONG') bar = i;
    const s = conditionSnapshot(p, base, bar);
    const sig = p.signalAt(bar)!;
    expect(s.shouldEnterLong).toBe(true);
    expect(s.shouldEnterShort).toBe(false);
    expect(s.conditions.filter((c) => c.condition.startsWith('LONG: ')).every((c) => c.pass)).toBe(true);
    expect(s.conditions.some((c) => c.condition === 'shouldEnterLong')).toBe(false);
    expect(s.signal).toMatchObject({ direction: 'LONG', confidence: sig.confidence, price: base.close[bar] });
    expect(s.signal!.stop).toBeCloseTo(base.close[bar] * (1 - sig.stopFraction), 9);
    expect(s.signal!.target).toBeCloseTo(base.close[bar] * (1 + sig.targetFraction), 9);
    const labels = s.readings.map((x) => x.label);
    expect(labels).toEqual([
      'RSI(14)',
      'ADX(14)',
      '+DI',
      '−DI',
      'volume / SMA(20)',
      'EMA(50)',
      'close − EMA(50) in ATRs',
      'ATR(14)',
      'LONG stop (close − 1.5 ATR)',
      'LONG target (close + 3 ATR)',
      'SHORT stop (close + 1.5 ATR)',
      'SHORT target (close − 3 ATR)',
    ]);
    const atr = s.readings.find((x) => x.label === 'ATR(14)')!.value!;
    expect(s.readings.find((x) => x.label === 'LONG stop (close − 1.5 ATR)')!.value).toBeCloseTo(s.signal!.stop!, 9);
    expect(atr * 1.5).toBeCloseTo(sig.stopFraction * base.close[bar], 9);
  });

  it('tells alignment apart from firing for HMA_SMA', () => {
    const r = resolveStrategy('HMA_SMA');
    const p = r.strategy.prepare({ symbol: 'BTC/USDT', timeframe: '5m', candles: base, other: { '4h': loadSharedCandles('BTCUSDT', '4h') } }, r.params);
    let fired = -1;
    for (let i = 0; i < base.time.length && fired < 0; i++) if (p.signalAt(i)?.direction === 'LONG') fired = i;
    const at = conditionSnapshot(p, base, fired);
    expect(at.signal?.direction).toBe('LONG');
    expect(at.shouldEnterLong).toBe(true);
    expect(at.conditions.filter((c) => !c.condition.includes('<') && !c.condition.includes('falling')).every((c) => c.pass)).toBe(true);
    // The bar after: still aligned, nothing fires.
    const next = conditionSnapshot(p, base, fired + 1);
    if (next.shouldEnterLong) expect(next.signal).toBeNull();
    expect(() => conditionSnapshot(p, base, -1)).toThrow(/bar: -1 is not a bar index/);
  });

  it('derives the direction from the signal for a strategy without such rows', () => {
    const signal = { symbol: 'X', time: 0, barIndex: 0, direction: 'SHORT' as const, price: 10, confidence: 0.95, stopFraction: 0, targetFraction: 0.1, reasons: [], strategy: 'T' };
    const s = conditionSnapshot({ signalAt: (i) => (i === 0 ? signal : null) }, base, 0);
    expect(s).toMatchObject({ shouldEnterLong: false, shouldEnterShort: true, conditions: [], readings: [] });
    expect(s.signal).toMatchObject({ level: 'VERY_HIGH', stop: null, target: 9 });
    expect(conditionSnapshot({ signalAt: () => null }, base, 1)).toMatchObject({ shouldEnterLong: null, shouldEnterShort: null, signal: null });
  });
});
