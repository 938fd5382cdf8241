/**
 * Paper trades as CSV: the one writer of a trade list, used by the trade-history export and by the
 * Trades section of a session's CSV. One row per trade in the order given; money, prices and
 * quantities are the ledger's decimal strings written as stored; times are ISO 8601 UTC; every cell
 * is escaped by `csvCell` (RFC 4180).
 */
import { csvCell } from '../util/csv-cell';
import type { PaperTrade } from './types';

/** The columns of a trade row, in order. */
export const TRADE_CSV_COLUMNS = [
  'id', 'symbol', 'direction', 'mode', 'status', 'signalTime', 'entryTime', 'entryPrice', 'quantity', 'positionSize',
  'stopPrice', 'targetPrice', 'exitTime', 'exitPrice', 'exitReason', 'fees', 'profitLoss', 'profitLossPct', 'confidence',
] as const;

/** An instant as an ISO 8601 UTC cell; empty for none. */
export function isoCell(t: number | null): string {
  return t === null ? '' : new Date(t).toISOString();
}

/** One CSV line from its cells (escaped). */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

/** A trade's cells, in {@link TRADE_CSV_COLUMNS} order (unescaped). */
export function tradeCsvCells(t: PaperTrade): string[] {
  return [
    t.id, t.symbol, t.direction, t.mode, t.status, isoCell(t.signalTime), isoCell(t.entryTime), t.entryPrice, t.quantity,
    t.positionSize, t.stopPrice ?? '', t.targetPrice ?? '', isoCell(t.exitTime), t.exitPrice ?? '', t.exitReason ?? '',
    t.fees, t.profitLoss ?? '', t.profitLossPct ?? '', t.confidence === null ? '' : String(t.confidence),
  ];
}

/** The trades as a CSV file: the header row, then one row per trade in the order given; ends with a line break. */
export function tradesCsv(trades: readonly PaperTrade[]): string {
  return `${[csvRow(TRADE_CSV_COLUMNS), ...trades.map((t) => csvRow(tradeCsvCells(t)))].join('\n')}\n`;
}
