import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { candleOpenTime } from '../candles/timeframe';
import { resolveStrategy } from '../strategy/registry';
import { collectSignals, firstSignalAfter, signalArrows, signalsBetween, signalsInTimeRange } from './signals';

const base = loadSharedCandles('BTCUSDT', '5m');
const r = resolveStrategy('AGGRESSIVE');
const prepared = r.strategy.prepare({ symbol: 'BTC/USDT', timeframe: '5m', candles: base }, r.params);

describe('collectSignals', () => {
  it('holds every signal signalAt fires, in bar order', () => {
    const s = collectSignals(prepared, base.time);
    const want: [number, number, number][] = [];
    for (let i = 0; i < base.time.length; i++) {
      const x = prepared.signalAt(i);
      if (x) want.push([i, x.direction === 'LONG' ? 1 : -1, x.confidence]);
    }
    expect(want.length).toBeGreaterThan(1000);
    expect(Array.from(s.bar, (b, k) => [b, s.direction[k], s.confidence[k]])).toEqual(want);
    expect(Array.from(s.time)).toEqual(want.map(([b]) => base.time[b]));
  });

  it('slices by bar and counts the signals up to a bar', () => {
    const s = collectSignals(prepared, base.time);
    const part = signalsBetween(s, 100, 400);
    expect(part.bar.every((b) => b >= 100 && b <= 400)).toBe(true);
    expect(part.bar.length).toBe(Array.from(s.bar).filter((b) => b >= 100 && b <= 400).length);
    expect(firstSignalAfter(s.bar, s.bar[5])).toBe(6);
    expect(firstSignalAfter(s.bar, -1)).toBe(0);
    const byTime = signalsInTimeRange(s, base.time[100], base.time[401]);
    expect(Array.from(byTime.bar)).toEqual(Array.from(part.bar));
  });
});

describe('signalArrows', () => {
  const s = collectSignals(prepared, base.time);

  it('is one arrow per signal on the signals own timeframe', () => {
    const arrows = signalArrows(s, '5m');
    expect(arrows.length).toBe(s.bar.length);
    expect(arrows[0]).toMatchObject({ time: s.time[0], count: 1, firstBar: s.bar[0] });
  });

  it('puts every signal on the 1h candle containing its bar, one arrow per direction and candle', () => {
    const arrows = signalArrows(s, '1h');
    expect(arrows.reduce((n, a) => n + a.count, 0)).toBe(s.bar.length);
    const seen = new Set<string>();
    for (const a of arrows) {
      expect(candleOpenTime(base.time[a.firstBar], '1h')).toBe(a.time);
      expect(candleOpenTime(base.time[a.lastBar], '1h')).toBe(a.time);
      const key = `${a.time}:${a.direction}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    for (let k = 1; k < arrows.length; k++) expect(arrows[k].time).toBeGreaterThanOrEqual(arrows[k - 1].time);
    expect(arrows.length).toBeLessThan(s.bar.length);
  });

  it('draws only the signals up to a cursor', () => {
    const upTo = firstSignalAfter(s.bar, 3000);
    const arrows = signalArrows(s, '1h', upTo);
    expect(arrows.every((a) => a.lastBar <= 3000)).toBe(true);
    expect(arrows.reduce((n, a) => n + a.count, 0)).toBe(upTo);
  });
});
