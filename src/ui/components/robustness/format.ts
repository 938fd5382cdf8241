/** Number formats of the robustness screens (never a raw float). */
import { formatMetric, type MetricKey } from '../../../core/metrics';
import type { ParamValue } from '../../../core/strategy/types';

const fixed = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const f2 = fixed(2);
const f0 = fixed(0);

export function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return digits === 2 ? f2.format(v) : digits === 0 ? f0.format(v) : fixed(digits).format(v);
}

export function fmtPct(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${fmt(v, digits)} %`;
}

/** A share (0..1) as a percentage. */
export function fmtShare(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : `${fmt(v * 100, digits)} %`;
}

export function fmtMoney(v: number | null | undefined): string {
  return fmt(v, 2);
}

/** A metric as every report shows it. */
export function fmtMetric(key: string, v: number | null | undefined): string {
  return formatMetric(key as MetricKey, v ?? null);
}

/** A parameter value: numbers without float noise, booleans as on/off. */
export function fmtParam(v: ParamValue | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') return Number(v.toPrecision(8)).toLocaleString('en-US', { maximumFractionDigits: 6 });
  return v;
}

/** Milliseconds as "12 s", "3 min 5 s". */
export function fmtEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'estimating…';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
