import { isTimeframe, type Timeframe } from '../core/candles/timeframe';
import { invalid } from './errors';

/** Input checks for records about to be stored; each failure names the field and the value. */

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

export function requireString(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${field}: ${show(v)} is not a non-empty string`);
  return v;
}

export function requireNumber(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${field}: ${show(v)} is not a finite number`);
  return v;
}

export function requireNumberOrNull(field: string, v: unknown): number | null {
  return v === null ? null : requireNumber(field, v);
}

export function requireInRange(field: string, v: unknown, min: number, max: number): number {
  const n = requireNumber(field, v);
  if (n < min || n > max) throw invalid(`${field}: ${n} is outside ${min}..${max}`);
  return n;
}

export function requireOneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw invalid(`${field}: ${show(v)} is not one of ${allowed.join(', ')}`);
  }
  return v as T;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal number written as a string: `"10000.00"`, `"-3.5"`, `"0"` (no exponent, no spaces). */
export function requireDecimal(field: string, v: unknown): string {
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw invalid(`${field}: ${show(v)} is not a decimal string like "10000.00"`);
  return v;
}

export function requireDecimalOrNull(field: string, v: unknown): string | null {
  return v === null ? null : requireDecimal(field, v);
}

export function requireTimeframe(field: string, v: unknown): Timeframe {
  if (!isTimeframe(v)) throw invalid(`${field}: ${show(v)} is not a timeframe`);
  return v;
}
