/**
 * The one writer of the standard candle CSV (`timestamp,open,high,low,close,volume`, open time in
 * UTC ms, one `\n`-terminated line per candle). The app's export and the command line's `convert`
 * both write through it; `parseCandleFile` (formats.ts) reads it back.
 */
import { formatPlainDecimal } from './decimal-format';
import type { CandleColumns } from './types';

/** Header of the standard candle file format. */
export const STANDARD_CSV_HEADER = 'timestamp,open,high,low,close,volume';

/**
 * Rows `[from, to)` of `c` in the standard format, one `\n`-terminated line per candle, every
 * number through {@link formatPlainDecimal} (plain decimals, never an exponent: `0.00000095`, not
 * `9.5e-7`). No header: write {@link STANDARD_CSV_HEADER} and a `\n` first. Writing a long series
 * slice by slice gives the same text as one call.
 */
export function formatStandardCsvRows(c: CandleColumns, from = 0, to = c.time.length): string {
  const { time, open, high, low, close, volume } = c;
  const lines: string[] = new Array<string>(Math.max(0, to - from));
  for (let i = from, k = 0; i < to; i++, k++) {
    lines[k] =
      `${formatPlainDecimal(time[i])},${formatPlainDecimal(open[i])},${formatPlainDecimal(high[i])},` +
      `${formatPlainDecimal(low[i])},${formatPlainDecimal(close[i])},${formatPlainDecimal(volume[i])}\n`;
  }
  return lines.join('');
}
