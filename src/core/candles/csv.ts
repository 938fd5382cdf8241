import { parseCandleFile } from './formats';
import type { CandleColumns } from './types';

/**
 * Reads a file that must be exactly a standard candle CSV (`timestamp,open,high,low,close,volume`,
 * UTC ms), as tools and tests do with files the project wrote itself: {@link parseCandleFile},
 * refusing any other format and any unreadable row (the error names the line and field). The rows
 * come back in file order, not validated: candles from users go through `cleanCandles` instead.
 */
export function parseStandardCsv(text: string): CandleColumns {
  const parsed = parseCandleFile(text);
  if (parsed.format !== 'standard') {
    throw new SyntaxError(`header: a ${parsed.format} file, not the standard "timestamp,open,high,low,close,volume"`);
  }
  const bad = parsed.rowErrors[0];
  if (bad !== undefined) throw new SyntaxError(`line ${bad.line}: ${bad.reason}`);
  const { time, open, high, low, close, volume } = parsed.rows;
  return { time, open, high, low, close, volume };
}
