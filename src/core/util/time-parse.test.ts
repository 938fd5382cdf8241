import { describe, expect, it } from 'vitest';
import { parseTime, readTime } from './time-parse';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0); // 1704067200000
const H = 3_600_000;

describe('parseTime', () => {
  it('reads UTC milliseconds (with epochMs) and ISO 8601 (zone-less = UTC)', () => {
    expect(parseTime('1704067200000', { epochMs: true })).toBe(1704067200000);
    expect(parseTime('-5', { epochMs: true })).toBe(-5);
    expect(parseTime('2024-01-01T00:00:00Z')).toBe(T0);
    expect(parseTime('2024-01-01T00:00:00.000Z')).toBe(T0);
    expect(parseTime('2024-01-01')).toBe(T0);
    expect(parseTime('2024-01-01T02:00')).toBe(T0 + 2 * H);
    expect(parseTime('2024-01-01 02:00:00')).toBe(T0 + 2 * H);
    expect(parseTime('2024-01-01t02:00z')).toBe(T0 + 2 * H);
    expect(parseTime('2024-01-01T03:00:00+01:00')).toBe(T0 + 2 * H);
    expect(parseTime('2024-01-01T03:00:00+0100')).toBe(T0 + 2 * H);
    expect(parseTime('2024-01-01T03:00:00+01')).toBe(T0 + 2 * H);
    expect(parseTime('2023-12-31T22:30:00-01:30')).toBe(T0);
    expect(parseTime('2024-01-01T00:00:00.250Z')).toBe(T0 + 250);
    expect(parseTime('2024-01-01T00:00:00.0004Z')).toBe(T0);
    expect(parseTime('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });

  it('rejects everything else', () => {
    const bad = ['', ' 2024-01-01', 'yesterday', '2024-13-01', '2024-02-30', '2023-02-29', '2024-01-01T24:00', '2024-01-01T12:60',
      '2024-01-01T12:00:60', '1.5e12', '12:00', '2024/01/01', '2024-01-01Z', '2024-01-01T00:00+24:00', '99999999999999999999'];
    for (const text of bad) expect(parseTime(text, { epochMs: true }), text).toBeNaN();
    expect(parseTime('1704067200000'), 'ms without epochMs').toBeNaN();
  });

  it('narrows to a date alone or to a zoned date and time', () => {
    expect(parseTime('2021-01-01', { iso: 'date' })).toBe(Date.UTC(2021, 0, 1));
    expect(parseTime('2021-01-01T00:00Z', { iso: 'date' })).toBeNaN();
    expect(parseTime('2021-02-31', { iso: 'date' })).toBeNaN();
    expect(parseTime('2024-01-02T09:30:00Z', { iso: 'zoned' })).toBe(Date.UTC(2024, 0, 2, 9, 30));
  });

  it('says why a text is no time', () => {
    expect(readTime('2021-04-04T21:00:00', { iso: 'zoned' })).toBe('incomplete');
    expect(readTime('2021-04-04', { iso: 'zoned' })).toBe('incomplete');
    expect(readTime('2021-02-30T00:00:00Z')).toBe('calendar');
    expect(readTime('2021-02-03T00:00:00+23:60')).toBe('offset');
    expect(readTime('yesterday')).toBe('syntax');
  });
});
