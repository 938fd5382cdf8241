/**
 * What the report additions show, from the worker's `ReportAdditions`: the returns grid (years ×
 * months with the year's return), heat colours, duration bin labels and the scatter's points.
 */
import type { TradeColumns } from '../../../core/backtest/trade-columns';
import type { ExcursionColumns } from '../../../core/reports/report-additions';
import type { PeriodReturn } from '../../../core/reports/periodic-returns';
import type { DurationBin } from '../../../core/reports/trade-durations';

/** One year of the returns table: a return per month (null where the curve has no point) and the year's. */
export interface ReturnsRow {
  year: number;
  months: Array<number | null>;
  total: number | null;
}

/** Years ascending, each with its twelve months and its own return. */
export function returnsGrid(monthly: readonly PeriodReturn[], yearly: readonly PeriodReturn[]): ReturnsRow[] {
  const rows = new Map<number, ReturnsRow>();
  const row = (year: number): ReturnsRow => {
    let r = rows.get(year);
    if (!r) {
      r = { year, months: new Array<number | null>(12).fill(null), total: null };
      rows.set(year, r);
    }
    return r;
  };
  for (const m of monthly) if (m.month !== null) row(m.year).months[m.month - 1] = m.returnPct;
  for (const y of yearly) row(y.year).total = y.returnPct;
  return [...rows.values()].sort((a, b) => a.year - b.year);
}

/** Largest absolute return in the grid's months (the heat scale); 0 when none. */
export function returnsScale(rows: readonly ReturnsRow[]): number {
  let max = 0;
  for (const r of rows) for (const v of r.months) if (v !== null && Math.abs(v) > max) max = Math.abs(v);
  return max;
}

/**
 * A cell's background for a return: up or down colour, stronger with size relative to `scale`
 * (never so strong that the text loses contrast); transparent when unknown or zero.
 */
export function heatBackground(v: number | null, scale: number): string {
  if (v === null || v === 0 || !(scale > 0)) return 'transparent';
  const a = Math.min(1, Math.abs(v) / scale);
  return `color-mix(in srgb, ${v > 0 ? 'var(--up)' : 'var(--down)'} ${Math.round(10 + 35 * a)}%, transparent)`;
}

/** A duration bin in words: "same bar", "1 bar", "2–3 bars". */
export function durationBinLabel(b: Pick<DurationBin, 'minBars' | 'maxBars'>): string {
  if (b.maxBars === 0) return 'same bar';
  if (b.minBars === b.maxBars) return `${b.minBars} bar${b.minBars === 1 ? '' : 's'}`;
  return `${b.minBars}–${b.maxBars} bars`;
}

/** Which excursion the scatter shows, and in what unit. */
export type ExcursionKind = 'mae' | 'mfe';
export type ExcursionUnit = 'pct' | 'r';

/** One dot of the scatter: the trade's number, its excursion, its result in % and whether it won. */
export interface ExcursionPoint {
  trade: number;
  x: number;
  pnlPct: number;
  outcome: 'win' | 'loss' | 'even';
}

/** The scatter's dots: trades whose excursion is known in the unit (R needs a stop). */
export function excursionPoints(trades: TradeColumns, ex: ExcursionColumns, kind: ExcursionKind, unit: ExcursionUnit): ExcursionPoint[] {
  const col = kind === 'mae' ? (unit === 'pct' ? ex.maePct : ex.maeR) : unit === 'pct' ? ex.mfePct : ex.mfeR;
  const out: ExcursionPoint[] = [];
  for (let i = 0; i < trades.length; i++) {
    const x = col[i];
    if (!Number.isFinite(x)) continue;
    const pnl = trades.pnl[i];
    out.push({ trade: i + 1, x, pnlPct: trades.pnlPct[i], outcome: pnl > 0 ? 'win' : pnl < 0 ? 'loss' : 'even' });
  }
  return out;
}
