import { describe, expect, it } from 'vitest';
import { resolveStrategy } from '../strategy/registry';
import { checkOverlay, defaultPane, overlayKey, overlayLabel, strategyOverlays } from './overlays';

describe('overlays', () => {
  it('fills defaults and checks every field', () => {
    expect(checkOverlay({ indicator: 'bollinger', params: {}, timeframe: null, pane: 'price' }, '5m')).toEqual({
      indicator: 'bollinger',
      params: { period: 20, mult: 2 },
      timeframe: null,
      pane: 'price',
    });
    expect(() => checkOverlay({ indicator: 'nope' as never, params: {}, timeframe: null, pane: 'price' }, '5m')).toThrow(/overlay.indicator: "nope" is not an indicator/);
    expect(() => checkOverlay({ indicator: 'sma', params: { period: 0 }, timeframe: null, pane: 'price' }, '5m')).toThrow(/period/);
    expect(() => checkOverlay({ indicator: 'sma', params: {}, timeframe: '1m', pane: 'price' }, '5m')).toThrow(/overlay.timeframe: "1m" is shorter than the series' 5m/);
    expect(() => checkOverlay({ indicator: 'sma', params: {}, timeframe: '7m' as never, pane: 'price' }, '5m')).toThrow(/overlay.timeframe: "7m" is not a timeframe/);
    expect(() => checkOverlay({ indicator: 'sma', params: {}, timeframe: null, pane: 'left' as never }, '5m')).toThrow(/overlay.pane: "left" is not price or below/);
  });

  it('keys and labels overlays', () => {
    const a = overlayKey({ indicator: 'macd', params: { slow: 26, fast: 12, signal: 9 }, timeframe: '1h', pane: 'below' });
    const b = overlayKey({ indicator: 'macd', params: { fast: 12, signal: 9, slow: 26 }, timeframe: '1h', pane: 'below' });
    expect(a).toBe(b);
    expect(overlayLabel({ indicator: 'hma', params: { period: 200 }, timeframe: '4h', pane: 'price' })).toBe('HMA 200 · 4h');
    expect(overlayLabel({ indicator: 'obv', params: {}, timeframe: null, pane: 'below' })).toBe('OBV');
    expect(defaultPane('rsi')).toBe('below');
    expect(defaultPane('ema')).toBe('price');
  });

  it('draws the lines each strategy reads', () => {
    const hma = resolveStrategy('HMA_SMA');
    expect(strategyOverlays('HMA_SMA', hma.params, '5m')).toEqual([
      { indicator: 'sma', params: { period: 200 }, timeframe: '5m', pane: 'price' },
      { indicator: 'hma', params: { period: 200 }, timeframe: '1h', pane: 'price' },
      { indicator: 'hma', params: { period: 200 }, timeframe: '4h', pane: 'price' },
    ]);
    const balanced = resolveStrategy('BALANCED');
    expect(strategyOverlays('SIGNAL_ENGINE', balanced.params, '1h')).toEqual([{ indicator: 'ema', params: { period: 50 }, timeframe: '1h', pane: 'price' }]);
    expect(strategyOverlays('SIGNAL_ENGINE', resolveStrategy('AGGRESSIVE').params, '1h')).toEqual([]);
  });
});
