/**
 * Trades as columns: one typed array per numeric field and small codes for the text fields, so a
 * report of many trades crosses from a worker to the page as transferred buffers. Measured in
 * Chromium on 10,000 trades: a structured clone of the `Trade` objects takes 200–470 ms (80–100 ms
 * without their reasons), the columns about 15 ms.
 */
import { EXIT_REASONS, type ExitReason, type Trade } from './trade';
import type { Direction } from '../strategy/types';

/** The numeric fields of {@link Trade}, one `Float64Array` each in {@link TradeColumns}. */
export const TRADE_NUMBER_FIELDS = [
  'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity', 'fees', 'pnl', 'pnlPct', 'confidence', 'stop', 'target', 'signalTime',
] as const;
export type TradeNumberField = (typeof TRADE_NUMBER_FIELDS)[number];

/** Directions by their code in {@link TradeColumns.direction}. */
export const DIRECTION_CODES: readonly Direction[] = ['LONG', 'SHORT'];

/** Trade `i` across every column is one trade (reasons aside). */
export type TradeColumns = Record<TradeNumberField, Float64Array> & {
  length: number;
  /** The symbols that occur, in code-unit order; `symbol[i]` indexes it. */
  symbols: string[];
  symbol: Uint16Array;
  /** Index into {@link DIRECTION_CODES}. */
  direction: Uint8Array;
  /** Index into `EXIT_REASONS`. */
  exitReason: Uint8Array;
};

/** The trades as columns (in the same order). */
export function tradeColumns(trades: readonly Trade[]): TradeColumns {
  const n = trades.length;
  const symbols = [...new Set(trades.map((t) => t.symbol))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const symbolIndex = new Map(symbols.map((s, i) => [s, i] as const));
  const f = () => new Float64Array(n);
  const c: TradeColumns = {
    length: n,
    symbols,
    symbol: new Uint16Array(n),
    direction: new Uint8Array(n),
    exitReason: new Uint8Array(n),
    entryTime: f(),
    entryPrice: f(),
    exitTime: f(),
    exitPrice: f(),
    quantity: f(),
    fees: f(),
    pnl: f(),
    pnlPct: f(),
    confidence: f(),
    stop: f(),
    target: f(),
    signalTime: f(),
  };
  // One assignment per field (not a loop over field names): this runs on every report opened.
  for (let i = 0; i < n; i++) {
    const t = trades[i];
    c.entryTime[i] = t.entryTime;
    c.entryPrice[i] = t.entryPrice;
    c.exitTime[i] = t.exitTime;
    c.exitPrice[i] = t.exitPrice;
    c.quantity[i] = t.quantity;
    c.fees[i] = t.fees;
    c.pnl[i] = t.pnl;
    c.pnlPct[i] = t.pnlPct;
    c.confidence[i] = t.confidence;
    c.stop[i] = t.stop;
    c.target[i] = t.target;
    c.signalTime[i] = t.signalTime;
    c.symbol[i] = symbolIndex.get(t.symbol)!;
    c.direction[i] = t.direction === 'SHORT' ? 1 : 0;
    const r = EXIT_REASONS.indexOf(t.exitReason);
    if (r < 0) throw new RangeError(`trades[${i}].exitReason: "${t.exitReason}" is not one of ${EXIT_REASONS.join(', ')}`);
    c.exitReason[i] = r;
  }
  return c;
}

/** The text fields of trade `i`. */
export function tradeLabels(c: TradeColumns, i: number): { symbol: string; direction: Direction; exitReason: ExitReason } {
  return { symbol: c.symbols[c.symbol[i]], direction: DIRECTION_CODES[c.direction[i]], exitReason: EXIT_REASONS[c.exitReason[i]] };
}
