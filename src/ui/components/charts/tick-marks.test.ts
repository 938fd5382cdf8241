import { describe, expect, it } from 'vitest';
import { TickMarkType, type UTCTimestamp } from 'lightweight-charts';
import { tickMarkLabel } from './tick-marks';

/**
 * The library's default label: the UTC fields as a local date, written by `toLocaleString` with
 * the mark's options (with a 23-hour clock where the library asks for `hour12: false`, which some
 * locales write as 24:00 at midnight).
 */
function libraryLabel(seconds: number, type: TickMarkType, locale: string): string {
  const options: Intl.DateTimeFormatOptions =
    type === TickMarkType.Year
      ? { year: 'numeric' }
      : type === TickMarkType.Month
        ? { month: 'short' }
        : type === TickMarkType.DayOfMonth
          ? { day: 'numeric' }
          : type === TickMarkType.Time
            ? { hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }
            : { hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' };
  const d = new Date(seconds * 1000);
  const local = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
  return local.toLocaleString(locale, options);
}

describe('tick mark labels', () => {
  const times = [Date.UTC(2024, 0, 1, 0, 0, 0), Date.UTC(2023, 11, 31, 23, 59, 59), Date.UTC(2022, 5, 15, 13, 5, 9), Date.UTC(2020, 1, 29, 9, 30, 0)].map(
    (ms) => (ms / 1000) as UTCTimestamp,
  );
  const types = [TickMarkType.Year, TickMarkType.Month, TickMarkType.DayOfMonth, TickMarkType.Time, TickMarkType.TimeWithSeconds];

  it.each(['en-US', 'en-GB', 'de-DE', 'ja-JP'])('writes what the library writes by default, in %s', (locale) => {
    for (const t of times) for (const type of types) expect(tickMarkLabel(t, type, locale)).toBe(libraryLabel(t, type, locale));
  });

  it('writes midnight as 00:00, never 24:00', () => {
    expect(tickMarkLabel((Date.UTC(2024, 0, 1) / 1000) as UTCTimestamp, TickMarkType.Time, 'en-US')).toBe('00:00');
  });

  it('leaves business days and unknown kinds to the library', () => {
    expect(tickMarkLabel({ year: 2024, month: 1, day: 2 }, TickMarkType.DayOfMonth, 'en-US')).toBeNull();
    expect(tickMarkLabel(1_700_000_000 as UTCTimestamp, 9 as TickMarkType, 'en-US')).toBeNull();
  });
});
