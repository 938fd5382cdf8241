import { isInfiniteProfitFactor, type ProfitFactorInputs } from './compute';
import { metricDefinition } from './definitions';
import type { MetricFormat, MetricKey } from './types';

/** Shown for an undefined value. */
export const UNDEFINED_TEXT = '—';
/** Shown for an infinite value (a profit factor with profit and no loss). */
export const INFINITE_TEXT = '∞';

function groupThousands(digits: string): string {
  let out = '';
  const n = digits.length;
  for (let i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** `x` with `decimals` decimals and thousands separators, never "-0". Locale-independent. */
function fixed(x: number, decimals: number): string {
  const s = Math.abs(x).toFixed(decimals);
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot);
  const body = /e/i.test(intPart) ? s : groupThousands(intPart) + frac;
  const isZero = /^[0.,]*$/.test(body);
  return (x < 0 && !isZero ? '-' : '') + body;
}

const SECOND = 1_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const TWO_UNIT_FORMS: ReadonlyArray<readonly [number, string, number, string, number]> = [
  // [unit, name, lower unit, lower name, next unit up]
  [DAY, 'd', HOUR, 'h', Infinity],
  [HOUR, 'h', MINUTE, 'm', DAY],
  [MINUTE, 'm', SECOND, 's', HOUR],
];

/**
 * A duration in ms in its two largest units, rounded to the smaller one: "2d 5h", "3h", "4m 10s",
 * "45s", "120ms"; nothing at all is "0s".
 */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (Math.round(ms) === 0) return '0s';
  if (Math.round(ms) < SECOND) return `${Math.round(ms)}ms`;
  if (Math.round(ms / SECOND) * SECOND < MINUTE) return `${Math.round(ms / SECOND)}s`;
  for (const [unit, name, lower, lowerName, next] of TWO_UNIT_FORMS) {
    if (ms < unit && unit !== MINUTE) continue;
    const rounded = Math.round(ms / lower) * lower;
    if (rounded >= next) return formatDuration(rounded);
    const big = Math.floor(rounded / unit);
    const rem = Math.round((rounded - big * unit) / lower);
    return rem > 0 ? `${big}${name} ${rem}${lowerName}` : `${big}${name}`;
  }
  return `${Math.round(ms)}ms`;
}

/** Shown for a duration shorter than one bar (a trade that entered and left within one candle). */
export const SAME_BAR_TEXT = 'same bar';

/** A duration measured in bars of `barMs`: under one bar "same bar", otherwise as `formatDuration`. */
export function formatBarDuration(ms: number, barMs: number): string {
  if (Number.isNaN(ms)) return UNDEFINED_TEXT;
  if (ms >= 0 && ms < barMs) return SAME_BAR_TEXT;
  return formatDuration(ms);
}

/** How a value is shown where more is known than its format. */
export interface FormatOptions {
  /** Bar length in ms: durations shorter than one bar read "same bar". */
  barMs?: number;
}

/** A value in one display format; null and NaN give "—", ±Infinity "∞" / "-∞". */
export function formatValue(format: MetricFormat, value: number | null, options: FormatOptions = {}): string {
  if (value === null || Number.isNaN(value)) return UNDEFINED_TEXT;
  if (value === Infinity) return INFINITE_TEXT;
  if (value === -Infinity) return `-${INFINITE_TEXT}`;
  switch (format) {
    case 'int':
      return fixed(Math.round(value), 0);
    case 'pct':
      return `${fixed(value, 2)}%`;
    case 'fraction-pct':
      return `${fixed(value * 100, 2)}%`;
    case 'money':
      return fixed(value, 2);
    case 'ratio':
      return fixed(value, 2);
    case 'duration':
      return options.barMs !== undefined && options.barMs > 0 ? formatBarDuration(value, options.barMs) : formatDuration(value);
  }
}

/**
 * A metric's value as shown on screen: "—" when undefined, "∞" for an infinite profit factor (pass
 * `Infinity`, or `null` together with the metrics it came from), otherwise in the metric's
 * format: counts "1,234", money "1,234.56", percentages "12.34%" (a fraction 0.1234 is shown as
 * "12.34%"), ratios "1.85", durations "2d 5h".
 */
export function formatMetric(key: MetricKey, value: number | null, metrics?: ProfitFactorInputs, options: FormatOptions = {}): string {
  if (key === 'profitFactor' && value === null && metrics !== undefined && isInfiniteProfitFactor(metrics)) {
    return INFINITE_TEXT;
  }
  return formatValue(metricDefinition(key).format, value, options);
}

/** Significant digits of a price or amount shown without its market's precision. */
export const PRICE_SIGNIFICANT_DIGITS = 8;

/** Decimals of a step such as a tick size: 0.01 → 2, 1e-8 → 8, 0.05 → 2, 5 → 0. */
export function stepDecimals(step: number): number {
  const [mantissa, exp] = String(step).toLowerCase().split('e');
  const dot = mantissa.indexOf('.');
  const decimals = (dot < 0 ? 0 : mantissa.length - dot - 1) - (exp === undefined ? 0 : Number(exp));
  return Math.min(20, Math.max(0, decimals));
}

/**
 * A price (or amount) as a trader reads it: with the decimals of the market's tick size when it
 * is known (`2,052.26` for a 0.01 tick), else with 8 significant digits and no trailing zeros
 * (`2,052.2634`, `0.00001412`); thousands grouped, "—" when undefined.
 */
export function formatPrice(value: number | null | undefined, tickSize?: number | null): string {
  if (value === null || value === undefined || Number.isNaN(value)) return UNDEFINED_TEXT;
  if (!Number.isFinite(value)) return value > 0 ? INFINITE_TEXT : `-${INFINITE_TEXT}`;
  if (tickSize !== null && tickSize !== undefined && Number.isFinite(tickSize) && tickSize > 0) {
    return fixed(value, stepDecimals(tickSize));
  }
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(20, Math.max(0, PRICE_SIGNIFICANT_DIGITS - 1 - magnitude));
  const text = fixed(value, decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

