import { describe, expect, it } from 'vitest';
import { priceScaleFormat } from './data';

describe('priceScaleFormat', () => {
  it('keeps 8 significant digits on the axis, whatever the price level', () => {
    const btc = priceScaleFormat(64_123.45);
    expect(btc.minMove).toBeCloseTo(0.001, 12);
    expect(btc.formatter(64_123.4567)).toBe('64,123.457');
    const coin = priceScaleFormat(24.5);
    expect(coin.minMove).toBeCloseTo(1e-6, 15);
    expect(coin.formatter(22.4)).toBe('22.4');
    const pepe = priceScaleFormat(0.00001412);
    expect(pepe.minMove).toBeCloseTo(1e-12, 20);
    expect(pepe.formatter(0.000014123)).toBe('0.000014123');
  });

  it('an unknown level falls back to a step for prices around 1', () => {
    expect(priceScaleFormat(0).minMove).toBeCloseTo(1e-7, 15);
    expect(priceScaleFormat(Number.NaN).minMove).toBeCloseTo(1e-7, 15);
  });
});
