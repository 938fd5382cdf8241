/**
 * Display helpers shared by every page. Dates, durations and prices come from the engine's one
 * formatter each (`04 Apr 2021 10:00 UTC`, "same bar", market precision), so the pages, workers and
 * the command line read alike.
 */
export { formatClock, formatDate, formatDateTime } from '../core/util/format-time';
export { formatBarDuration, formatDuration, formatPrice } from '../core/metrics';

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : intFmt.format(n);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** Bytes in binary units (1 KB = 1,024 B): "820 B", "9.6 MB", "10 GB"; "—" when unknown. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let v = n;
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 && u > 0 ? 1 : 0)} ${BYTE_UNITS[u]}`;
}

/**
 * `part` as a share of `whole`: "37 %", "2.4 %", "< 0.1 %" for a small non-zero share, "0 %" for
 * none; "—" when either is unknown or `whole` is not positive.
 */
export function formatShare(part: number | null | undefined, whole: number | null | undefined): string {
  if (part === null || part === undefined || whole === null || whole === undefined) return '—';
  if (!Number.isFinite(part) || !Number.isFinite(whole) || whole <= 0) return '—';
  const pct = (part / whole) * 100;
  if (pct <= 0) return '0 %';
  if (pct < 0.1) return '< 0.1 %';
  return `${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)} %`;
}
