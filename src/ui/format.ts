/** Display helpers shared by every page. */

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: '2-digit',
});
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : dateFmt.format(ms);
}

export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : `${dateTimeFmt.format(ms)} UTC`;
}

export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : intFmt.format(n);
}

/** A price or other measured value: at most 10 significant digits and 8 decimals, grouped (`64,231.5`, `0.00213`). */
export function formatPrice(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(10)).toLocaleString('en-US', { maximumFractionDigits: 8 });
}

/** A level derived from a price (stop, target, indicator value): 6 significant digits, grouped (`1.35792`, `2,335.6`). */
export function formatLevel(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : formatPrice(Number(v.toPrecision(6)));
}

/** A fraction as a percent (0.0123 → `1.23 %`), `digits` decimals (default 2). */
export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '—' : `${(fraction * 100).toFixed(digits)} %`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 && u > 0 ? 1 : 0)} ${units[u]}`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}
