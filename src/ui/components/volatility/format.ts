import { formatMetric } from '../../../core/metrics';
import type { VolatilityGroup, VolatilityReportRow, VolatilityThresholds } from '../../../core/reports/volatility-report';

/** Colour of each group (CSS variables, so both themes work). */
export const GROUP_COLOURS: Record<VolatilityGroup | 'NONE', string> = {
  LOW: 'var(--up)',
  MEDIUM: 'var(--warn)',
  HIGH: 'var(--down)',
  NONE: 'var(--muted)',
};

/** "< 50 %", "50–80 %", "> 80 %". */
export function groupRange(group: VolatilityGroup, t: VolatilityThresholds): string {
  if (group === 'LOW') return `< ${t.low} %`;
  if (group === 'HIGH') return `> ${t.high} %`;
  return `${t.low}–${t.high} %`;
}

/** A volatility in percent with one decimal ("37.0 %"), "—" when unknown. */
export function formatVol(v: number | null): string {
  return v === null ? '—' : `${v.toFixed(1)} %`;
}

/** A profit factor, "∞" when infinite. */
export function formatProfitFactor(value: number | null, infinite: boolean): string {
  return formatMetric('profitFactor', infinite ? Infinity : value);
}

/** A configuration value, "—" where the strategy has no such parameter. */
export function formatSetting(v: number | null, suffix = ''): string {
  return v === null ? '—' : `${v}${suffix}`;
}

/** The row's symbols, e.g. "BTC/USDT" or "BTC/USDT + SOL/USDT". */
export function rowSymbols(row: VolatilityReportRow): string {
  return row.symbols.join(' + ');
}
