/**
 * The one parser of time text (UTC ms) for every input: signal scripts, candle files, command-line
 * flags and the date fields of forms.
 *
 * Accepted syntax, narrowed by {@link TimeSyntax}:
 * - an integer of UTC milliseconds (`1704067200000`, `-5`), with `epochMs`;
 * - ISO 8601 `YYYY-MM-DD`, optionally followed by `T` or a space and `hh:mm`, `hh:mm:ss` or
 *   `hh:mm:ss.fff` (1–9 fraction digits, rounded to ms), optionally followed by a zone `Z`,
 *   `±hh`, `±hhmm` or `±hh:mm`. Without a zone the time is UTC.
 * Every field is range-checked (no 24:00, no 30 February, offsets up to ±23:59).
 */

/** Which forms of time text a caller accepts. */
export interface TimeSyntax {
  /** Accept an integer of UTC milliseconds (a safe integer). Default false. */
  epochMs?: boolean;
  /**
   * ISO 8601 forms accepted: `any` (a date, optionally a time of day, optionally a zone; no zone =
   * UTC), `date` (`YYYY-MM-DD` only), `zoned` (a time of day and a zone are required). Default `any`.
   */
  iso?: 'any' | 'date' | 'zoned';
}

/**
 * Why a text is not a time: `syntax` (no accepted form at all; callers word this themselves, since
 * they know what else they accept), `incomplete` (a date where a time of day and zone are required),
 * `calendar` (a field out of range), `offset` (a zone offset out of range).
 */
export type TimeProblem = 'syntax' | 'incomplete' | 'calendar' | 'offset';

/** Wording of each {@link TimeProblem} after the quoted value (`"2024-02-30" is not a valid date and time`). */
export const TIME_PROBLEM_TEXT: Readonly<Record<TimeProblem, string>> = {
  syntax: 'is not a time',
  incomplete: 'has no time of day and time zone (expected e.g. 2024-01-02T09:30:00Z)',
  calendar: 'is not a valid date and time',
  offset: 'has an invalid time zone offset',
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const EPOCH = /^-?\d+$/;

/** UTC ms of `text` (not trimmed), or the {@link TimeProblem} that makes it no time of `syntax`. */
export function readTime(text: string, syntax: TimeSyntax = {}): number | TimeProblem {
  if (syntax.epochMs && EPOCH.test(text)) {
    const v = Number(text);
    return Number.isSafeInteger(v) ? v : 'syntax';
  }
  const m = ISO.exec(text);
  if (m === null) return 'syntax';
  const form = syntax.iso ?? 'any';
  if (form === 'date' && m[4] !== undefined) return 'syntax';
  if (form === 'zoned' && (m[4] === undefined || m[8] === undefined)) return 'incomplete';
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const hh = m[4] === undefined ? 0 : +m[4];
  const mi = m[5] === undefined ? 0 : +m[5];
  const ss = m[6] === undefined ? 0 : +m[6];
  const base = Date.UTC(y, mo - 1, d, hh, mi, ss);
  const back = new Date(base);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== hh ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== ss
  ) {
    return 'calendar';
  }
  const frac = m[7] === undefined ? 0 : Math.round(+`0.${m[7]}` * 1000);
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2) : 0;
    if (oh > 23 || om > 59) return 'offset';
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return base + frac - offset;
}

/** UTC ms of `text` (not trimmed) in `syntax`, or NaN when it is none (see {@link readTime} for why). */
export function parseTime(text: string, syntax: TimeSyntax = {}): number {
  const t = readTime(text, syntax);
  return typeof t === 'number' ? t : NaN;
}
