import { describe, expect, it } from 'vitest';
import { formatBytes, formatShare } from '../format';
import { storageFigures } from './storage-figures';

const GB = 1024 ** 3;
const series = [
  { count: 210_528, sizeBytes: 210_528 * 48 },
  { count: 17_544, sizeBytes: 17_544 * 48 },
  { count: 4_386, sizeBytes: 4_386 * 48 },
];

describe('storageFigures', () => {
  it('used, quota and share come from one measurement and agree with each other', () => {
    const f = storageFigures({ usage: 45_000_000, quota: 10 * GB, database: 41_000_000, persisted: false, persistSupported: true }, series);
    expect(f.used).toBe('43 MB');
    expect(f.quota).toBe('10 GB');
    expect(f.share).toBe('0.4 %');
    expect(f.share).toBe(formatShare(45_000_000, 10 * GB));
    expect(f.split).toEqual({ database: formatBytes(41_000_000), other: formatBytes(4_000_000) });
  });

  it('the candle figure is the sum of the series sizes the table lists', () => {
    const f = storageFigures({ usage: 1, quota: 2, database: null, persisted: false, persistSupported: false }, series);
    expect(f.candles).toEqual({ series: '3', count: '232,458', bytes: formatBytes(232_458 * 48) });
    expect(f.split).toBeNull();
  });

  it('unknown figures read "—"; a database figure larger than the usage is not shown', () => {
    const f = storageFigures({ usage: null, quota: null, database: 5, persisted: false, persistSupported: false }, []);
    expect([f.used, f.quota, f.share]).toEqual(['—', '—', '—']);
    expect(f.split).toBeNull();
    expect(storageFigures({ usage: 10, quota: 100, database: 20, persisted: false, persistSupported: false }, []).split).toBeNull();
    expect(f.candles).toEqual({ series: '0', count: '0', bytes: '0 B' });
  });
});
