/**
 * Labels of the time scale's tick marks, as lightweight-charts writes them by default (a UTC time
 * shown with the locale's year, short month, day or 24-hour time, midnight as 00:00) but from one
 * cached `Intl.DateTimeFormat` per locale and kind of mark: the library's default builds a new
 * formatter for every label of every paint.
 */
import type { Time } from 'lightweight-charts';

/** The library's `TickMarkType`, in its order: year, month, day of month, time, time with seconds. */
const FORMATS: readonly Intl.DateTimeFormatOptions[] = [
  { year: 'numeric' },
  { month: 'short' },
  { day: 'numeric' },
  { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
];

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(type: number, locale: string): Intl.DateTimeFormat | null {
  const options = FORMATS[type];
  if (options === undefined) return null;
  const key = `${type}|${locale}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale || undefined, { ...options, timeZone: 'UTC' });
    cache.set(key, f);
  }
  return f;
}

/**
 * The label of a tick mark at `time` (UTC seconds) of kind `type` in `locale`; null, which lets
 * the library write it, for a time that is not a timestamp or a kind it does not know.
 */
export function tickMarkLabel(time: Time, type: number, locale: string): string | null {
  if (typeof time !== 'number') return null;
  return formatter(type, locale)?.format(time * 1000) ?? null;
}
