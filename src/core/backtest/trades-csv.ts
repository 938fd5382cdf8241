/** The trades of a result as CSV: one row per trade, every field, for spreadsheets. */
import { confidenceLevel, type Reason } from '../strategy/types';
import { csvCell } from '../util/csv-cell';
import type { Trade } from './trade';

/** A reason in one short phrase: `condition value (threshold T) pass|fail`. */
export function summariseReason(r: Reason): string {
  const value = r.value === null ? '' : ` ${String(r.value)}`;
  const threshold = r.threshold === null ? '' : ` (threshold ${String(r.threshold)})`;
  return `${r.condition}${value}${threshold} ${r.pass ? 'pass' : 'fail'}`;
}

/** The columns of {@link tradesCsv}. */
export const TRADES_CSV_COLUMNS = [
  'trade', 'symbol', 'direction', 'signalTime', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'durationMs',
  'quantity', 'fees', 'pnl', 'pnlPct', 'exitReason', 'confidence', 'confidenceLevel', 'stop', 'target',
  'reasonsPassed', 'reasonsTotal', 'reasons',
] as const;

function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * The trades as CSV (RFC 4180 quoting, `\n` line ends, a header row): one row per trade in the
 * stored order, numbered from 1 like the report's table; times as ISO 8601 UTC, numbers as
 * JavaScript prints them (exact), `durationMs` = exit − entry, the confidence with its level, and
 * the reasons as the count passed, the count checked and a `; `-separated summary ({@link summariseReason}).
 */
export function tradesCsv(trades: readonly Trade[]): string {
  const lines: string[] = [TRADES_CSV_COLUMNS.join(',')];
  trades.forEach((t, i) => {
    const passed = t.reasons.reduce((n, r) => n + (r.pass ? 1 : 0), 0);
    const cells = [
      String(i + 1),
      t.symbol,
      t.direction,
      iso(t.signalTime),
      iso(t.entryTime),
      String(t.entryPrice),
      iso(t.exitTime),
      String(t.exitPrice),
      String(t.exitTime - t.entryTime),
      String(t.quantity),
      String(t.fees),
      String(t.pnl),
      String(t.pnlPct),
      t.exitReason,
      String(t.confidence),
      confidenceLevel(t.confidence),
      String(t.stop),
      String(t.target),
      String(passed),
      String(t.reasons.length),
      t.reasons.map(summariseReason).join('; '),
    ];
    lines.push(cells.map(csvCell).join(','));
  });
  return `${lines.join('\n')}\n`;
}
