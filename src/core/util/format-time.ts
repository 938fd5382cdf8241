/**
 * The one way Candlelab shows an instant: `04 Apr 2021 10:00 UTC` (day, month name, year, 24-hour
 * time, always UTC), `04 Apr 2021` for a day, `10:00:05 UTC` for a clock time. Locale-independent,
 * so every page, worker message and test reads the same text. Files keep ISO 8601.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Shown for a missing or invalid instant. */
export const NO_TIME_TEXT = '—';

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function valid(ms: number | null | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/** `04 Apr 2021` (UTC day); "—" for null, undefined or a non-finite value. */
export function formatDate(ms: number | null | undefined): string {
  if (!valid(ms)) return NO_TIME_TEXT;
  const d = new Date(ms);
  return `${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `04 Apr 2021 10:00 UTC`; "—" for null, undefined or a non-finite value. */
export function formatDateTime(ms: number | null | undefined): string {
  if (!valid(ms)) return NO_TIME_TEXT;
  const d = new Date(ms);
  return `${formatDate(ms)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** `10:00:05 UTC` (time of day with seconds); "—" for null, undefined or a non-finite value. */
export function formatClock(ms: number | null | undefined): string {
  if (!valid(ms)) return NO_TIME_TEXT;
  const d = new Date(ms);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}
