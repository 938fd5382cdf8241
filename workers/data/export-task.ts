import { formatStandardCsvRows, STANDARD_CSV_HEADER } from '../../src/core/candles/csv-writer';
import { isTimeframe, type Timeframe } from '../../src/core/candles/timeframe';
import { getSeries, readCandles, type CandlelabDb } from '../../src/data';
import { WorkerTaskError, type TaskContext } from '../bridge';

export interface ExportCandlesArgs {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

export interface ExportResult {
  /** `<exchange>_<symbol without separators>_<timeframe>.csv`, e.g. `binance_BTCUSDT_1h.csv` (import reads it back). */
  fileName: string;
  /** The series in the standard format. */
  text: string;
  /** Candles written. */
  candles: number;
}

/** Error code: the series to export is not stored. */
export const SERIES_NOT_FOUND = 'SERIES_NOT_FOUND';

/** Rows formatted between progress reports and cancel checks. */
const EXPORT_SLICE_ROWS = 65_536;

/** The download name of a series: only letters, digits, `.` and `-` survive in each part. */
export function exportFileName(key: ExportCandlesArgs): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '');
  return `${clean(key.exchange) || 'candles'}_${clean(key.symbol) || 'series'}_${key.timeframe}.csv`;
}

/**
 * Writes a stored series in the standard format (`timestamp,open,high,low,close,volume`, open time
 * in UTC ms, ascending, `\n` line ends, a final newline), every number in plain decimal notation
 * (`formatPlainDecimal`: the shortest digits that read back exactly, never an exponent), so
 * importing the result restores the same candles bit for bit. Progress counts rows; cancelling
 * stops between slices. An unknown series fails with code `SERIES_NOT_FOUND`.
 */
export async function exportCandles(db: CandlelabDb, args: ExportCandlesArgs, ctx: TaskContext): Promise<ExportResult> {
  if (args === null || typeof args !== 'object') throw new TypeError(`args: ${String(args)} is not an object`);
  if (typeof args.exchange !== 'string' || args.exchange === '') throw new TypeError(`exchange: ${JSON.stringify(args.exchange)} is not an exchange id`);
  if (typeof args.symbol !== 'string' || args.symbol === '') throw new TypeError(`symbol: ${JSON.stringify(args.symbol)} is not a symbol`);
  if (!isTimeframe(args.timeframe)) throw new RangeError(`timeframe: ${JSON.stringify(args.timeframe)} is not a timeframe`);
  const key = { exchange: args.exchange, symbol: args.symbol, timeframe: args.timeframe };
  const series = await getSeries(db, key);
  if (series === undefined) {
    throw new WorkerTaskError(SERIES_NOT_FOUND, `series ${key.exchange} ${key.symbol} ${key.timeframe}: not stored on this device`);
  }
  ctx.progress({ done: 0, total: series.count, phase: 'read', message: 'Reading candles' });
  const candles = await readCandles(db, key);
  const n = candles.time.length;
  const parts: string[] = [`${STANDARD_CSV_HEADER}\n`];
  for (let i = 0; i < n; i += EXPORT_SLICE_ROWS) {
    ctx.progress({ done: i, total: n, phase: 'format', message: `Writing ${i.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} candles` });
    await ctx.checkpoint();
    parts.push(formatStandardCsvRows(candles, i, Math.min(n, i + EXPORT_SLICE_ROWS)));
  }
  ctx.progress({ done: n, total: n, phase: 'done', message: `${n.toLocaleString('en-US')} candles` });
  return { fileName: exportFileName(key), text: parts.join(''), candles: n };
}
