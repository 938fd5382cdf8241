/** Numbers on the Chart page: prices to the series' precision, readings, percentages, volumes. */
import type { Reading, Reason } from '../../../core/strategy/types';
import { formatPrice as formatTickPrice } from '../../format';
import { priceDecimals } from './chart-view';

const fmtCache = new Map<number, Intl.NumberFormat>();

function fixed(decimals: number): Intl.NumberFormat {
  let f = fmtCache.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    fmtCache.set(decimals, f);
  }
  return f;
}

/** A price with the decimals a price of the size of `reference` needs (`61,234.57`, `0.00001234`), through the one price format. */
export function formatPrice(v: number | null | undefined, reference = v ?? NaN): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return formatTickPrice(v, 10 ** -priceDecimals(Math.abs(reference)));
}

/** A plain number to two decimals (an oscillator, a ratio). */
export function formatNumber(v: number | null | undefined, decimals = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return fixed(decimals).format(v);
}

/** A fraction as a percent (`0.0215` → `2.15 %`). */
export function formatFraction(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${fixed(2).format(v * 100)} %`;
}

/** A volume, shortened above ten thousand (`12.4K`, `3.05M`). */
export function formatVolume(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e9) return `${fixed(2).format(v / 1e9)}B`;
  if (a >= 1e6) return `${fixed(2).format(v / 1e6)}M`;
  if (a >= 1e4) return `${fixed(1).format(v / 1e3)}K`;
  return fixed(a >= 100 ? 0 : a >= 1 ? 2 : 4).format(v);
}

/** A reading as its kind says, prices to the precision of `refPrice`. */
export function formatReading(r: Reading, refPrice: number): string {
  if (r.value === null) return '—';
  if (r.kind === 'price') return formatPrice(r.value, refPrice);
  if (r.kind === 'fraction') return formatFraction(r.value);
  return formatNumber(r.value);
}

/**
 * A condition's value or threshold: numbers in price units when the condition compares with a
 * price (close, SMA, EMA, HMA), else to two decimals; text and booleans as words.
 */
export function formatReasonCell(v: Reason['value'] | Reason['threshold'], condition: string, refPrice: number): string {
  if (v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  const pricey = /close|SMA\(|EMA\(|HMA\(/.test(condition) && !/volume|in ATRs/.test(condition);
  return pricey ? formatPrice(v, refPrice) : formatNumber(v);
}
