/** How the Analysis screen writes numbers (the engine's formats, so the app reads like the CLI). */
import { formatPrice, formatValue } from '../../../core/metrics';

export const pct = (x: number | null) => formatValue('pct', x);
export const fraction = (x: number | null) => formatValue('fraction-pct', x);
export const ratio = (x: number | null) => formatValue('ratio', x);
export const money = (x: number | null) => formatValue('money', x);
export const count = (x: number | null) => formatValue('int', x);
export const price = formatPrice;

/** `good` / `bad` for a P&L-like value, neutral for zero or none. */
export function signTone(x: number | null): 'good' | 'bad' | 'neutral' {
  return x === null || x === 0 ? 'neutral' : x > 0 ? 'good' : 'bad';
}

/** Classes of a P&L cell: a number, coloured by its sign. */
export function pnlClass(x: number | null): string {
  const t = signTone(x);
  return t === 'good' ? 'num pnl-up' : t === 'bad' ? 'num pnl-down' : 'num';
}
