/**
 * Curves of the paper ledger over time and their drawing geometry. Values stay decimal strings
 * (`DecimalString`) until they are laid out in a box: the conversion to numbers happens here, only
 * for drawing.
 *
 * Equity curve of a session: its starting balance plus the realised P&L of its closed trades, a
 * step at each exit (trades closing at the same instant make one step), from the session's start
 * to its stop (or to `now` while it runs). Open positions are not marked to market: the curve is
 * what the ledger has booked.
 */
import { Money, moneyString, type DecimalString } from './money';
import type { PaperTrade } from './types';

/** A point of a curve: an instant (UTC ms) and a decimal value. */
export interface CurvePoint {
  time: number;
  value: DecimalString;
}

/** The closed trades with a P&L, by exit time (ties by entry time, then id). */
export function closedInOrder(trades: readonly PaperTrade[]): PaperTrade[] {
  return trades
    .filter((t) => t.status === 'CLOSED' && t.profitLoss !== null && t.exitTime !== null)
    .sort((a, b) => a.exitTime! - b.exitTime! || a.entryTime - b.entryTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The equity curve (file comment): the starting balance at `start`, a point after each exit
 * instant, and the last value again at `end` when `end` is later than the last exit.
 */
export function equityCurve(startingBalance: DecimalString, trades: readonly PaperTrade[], start: number, end: number): CurvePoint[] {
  let equity = new Money(startingBalance);
  const out: CurvePoint[] = [{ time: start, value: moneyString(equity) }];
  for (const t of closedInOrder(trades)) {
    equity = equity.plus(new Money(t.profitLoss!));
    const point = { time: Math.max(start, t.exitTime!), value: moneyString(equity) };
    if (out[out.length - 1].time === point.time && out.length > 1) out[out.length - 1] = point;
    else out.push(point);
  }
  const last = out[out.length - 1];
  if (end > last.time) out.push({ time: end, value: last.value });
  return out;
}

/** Colours of overlaid curves, in order. */
export const CURVE_COLORS = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0d9488'] as const;

/** Curves laid out in a width × height box. */
export interface CurveGeometry {
  width: number;
  height: number;
  /** The y of the baseline value; null without a baseline. */
  baselineY: number | null;
  /** The lowest and highest value drawn (with the baseline), for axis labels. */
  lo: number;
  hi: number;
  /** The first and last instant drawn. */
  from: number;
  to: number;
  /** Each curve's points ("x,y x,y …"; "" when empty), colours in {@link CURVE_COLORS} order. */
  lines: Array<{ color: string; points: string }>;
}

export interface CurveLayout {
  width?: number;
  height?: number;
  /** A value drawn as a dashed line and kept in range (0 for P&L); null for none. */
  baseline?: number | null;
  /** Hold each value until the next point (a step curve) instead of joining points by straight lines. */
  step?: boolean;
}

/** Several curves on one time axis and one value axis; null when no curve has a point. */
export function overlayGeometry(curves: ReadonlyArray<readonly CurvePoint[]>, layout: CurveLayout = {}): CurveGeometry | null {
  const width = layout.width ?? 720;
  const height = layout.height ?? 240;
  const baseline = layout.baseline === undefined ? 0 : layout.baseline;
  const pad = 8;
  const pts = curves.flat();
  if (pts.length === 0) return null;
  const values = [...(baseline === null ? [] : [baseline]), ...pts.map((p) => Number(p.value))];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const t0 = Math.min(...pts.map((p) => p.time));
  const t1 = Math.max(...pts.map((p) => p.time));
  const x = (t: number) => (pad + ((width - 2 * pad) * (t - t0)) / (t1 - t0 || 1)).toFixed(1);
  const y = (v: number) => (pad + (height - 2 * pad) * (1 - (v - lo) / (hi - lo || 1))).toFixed(1);
  const line = (c: readonly CurvePoint[]): string => {
    const out: string[] = [];
    c.forEach((p, i) => {
      if (layout.step && i > 0) out.push(`${x(p.time)},${y(Number(c[i - 1].value))}`);
      out.push(`${x(p.time)},${y(Number(p.value))}`);
    });
    return out.join(' ');
  };
  return {
    width,
    height,
    baselineY: baseline === null ? null : Number(y(baseline)),
    lo,
    hi,
    from: t0,
    to: t1,
    lines: curves.map((c, i) => ({ color: CURVE_COLORS[i % CURVE_COLORS.length], points: line(c) })),
  };
}
