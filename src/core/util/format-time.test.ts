import { describe, expect, it } from 'vitest';
import { formatClock, formatDate, formatDateTime } from './format-time';

describe('formatDateTime', () => {
  it('day, month name, year, 24-hour time, UTC', () => {
    expect(formatDateTime(Date.UTC(2021, 3, 4, 10, 0))).toBe('04 Apr 2021 10:00 UTC');
    expect(formatDateTime(Date.UTC(2023, 11, 31, 23, 59, 59, 999))).toBe('31 Dec 2023 23:59 UTC');
    expect(formatDateTime(0)).toBe('01 Jan 1970 00:00 UTC');
    expect(formatDateTime(Date.UTC(1969, 11, 31, 18, 5))).toBe('31 Dec 1969 18:05 UTC');
  });

  it('every month by its short English name, whatever the locale', () => {
    const names = Array.from({ length: 12 }, (_, m) => formatDateTime(Date.UTC(2024, m, 15, 7, 30)).slice(3, 6));
    expect(names).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  });

  it('"—" for a missing or invalid time', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime(Number.NaN)).toBe('—');
    expect(formatDateTime(Infinity)).toBe('—');
    expect(formatDateTime(9e15)).toBe('—');
  });
});

describe('formatDate and formatClock', () => {
  it('the day part and the clock part of the same format', () => {
    const t = Date.UTC(2021, 3, 4, 10, 7, 5);
    expect(formatDate(t)).toBe('04 Apr 2021');
    expect(formatClock(t)).toBe('10:07:05 UTC');
    expect(formatDateTime(t).startsWith(formatDate(t))).toBe(true);
  });

  it('"—" for a missing time', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatClock(undefined)).toBe('—');
  });
});
