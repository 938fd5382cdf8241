import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatInt, formatShare } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [820, '820 B'],
    [1024, '1.0 KB'],
    [842_112, '822 KB'],
    [10_106_112, '9.6 MB'],
    [10 * 1024 ** 3, '10 GB'],
    [null, '—'],
    [Number.NaN, '—'],
  ])('%s → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('formatShare', () => {
  it('a share of the whole, never rounded to a misleading 0 %', () => {
    expect(formatShare(45_000_000, 10 * 1024 ** 3)).toBe('0.4 %');
    expect(formatShare(1, 10 * 1024 ** 3)).toBe('< 0.1 %');
    expect(formatShare(0, 100)).toBe('0 %');
    expect(formatShare(37, 100)).toBe('37 %');
    expect(formatShare(2.44, 100)).toBe('2.4 %');
    expect(formatShare(100, 100)).toBe('100 %');
  });

  it('"—" when either side is unknown or the whole is not positive', () => {
    expect(formatShare(null, 100)).toBe('—');
    expect(formatShare(5, null)).toBe('—');
    expect(formatShare(5, 0)).toBe('—');
  });
});

describe('the shared formatters', () => {
  it('dates come from the one date formatter', () => {
    expect(formatDateTime(Date.UTC(2021, 3, 4, 10))).toBe('04 Apr 2021 10:00 UTC');
  });

  it('integers are grouped', () => {
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatInt(undefined)).toBe('—');
  });
});
