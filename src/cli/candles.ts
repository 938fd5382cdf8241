/**
 * How every command reads candle files: streamed in pieces through `CandleFileReader` (any
 * supported format) and cleaned by `cleanCandles`, the same hygiene as the app's import and the
 * exchange downloads. Problems are listed by line with the field and value, the first
 * {@link LIST_LIMIT} of them, and counted in full.
 */
import { CandleFileReader, type CandleFileFormat } from '../core/candles/formats';
import { cleanCandles, type HygieneReport, type RowProblem } from '../core/candles/hygiene';
import { inferTimeframe } from '../core/candles/infer-timeframe';
import type { Timeframe } from '../core/candles/timeframe';
import type { CandleColumns } from '../core/candles/types';
import { CliError, messageOf, type Context } from './io';

/** Problems and gaps listed (the rest are counted). */
export const LIST_LIMIT = 100;
/** Problems quoted in an error message or warning. */
const QUOTED = 10;

export interface CandleFile {
  format: CandleFileFormat;
  timeframe: Timeframe;
  /** Whether the timeframe came from the data (none was given). */
  inferred: boolean;
  /** The hygiene report, its lists cut at {@link LIST_LIMIT}. */
  hygiene: HygieneReport;
  /** Unreadable lines and invalid rows together, by ascending line: the first {@link LIST_LIMIT}. */
  problems: RowProblem[];
  /** Every unreadable line and invalid row. */
  problemCount: number;
}

/** The first `limit` of two line-ordered lists, merged in line order. */
function mergeByLine(a: readonly RowProblem[], b: readonly RowProblem[], limit: number): RowProblem[] {
  const out: RowProblem[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i].line <= b[j].line)) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

function iso(t: number): string {
  return Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t);
}

/**
 * Refuses a standard file whose open times are in seconds or microseconds (the format's open time
 * is UTC ms): read as ms they would be a date before 1973 or after 5138.
 */
function checkTimeUnit(where: string, format: CandleFileFormat, time: Float64Array, line: Int32Array): void {
  if (format !== 'standard' || time.length === 0) return;
  const t = time[0];
  if (t >= 1e11 && t < 1e14) return;
  const unit = Math.abs(t) < 1e11 ? { name: 'seconds', ms: t * 1000 } : { name: 'microseconds', ms: t / 1000 };
  throw new CliError(
    `${where}: line ${line[0]}: timestamp ${t} is not an open time in UTC milliseconds (as ms it is ${iso(t)}); ` +
      `it looks like ${unit.name} (${iso(unit.ms)}). The standard format's timestamp is UTC ms: convert the column first`,
  );
}

/**
 * Reads and cleans the candle file `path` of flag `flag` on `timeframe`, or, without it, on the
 * timeframe of the most common step between its rows. Errors (unreadable file, unknown format,
 * open times in seconds or µs, no timeframe; with `mustMatch`, a timeframe that is not the rows'
 * most common step) name the flag and the path.
 */
export function readCandleFile(ctx: Context, flag: string, path: string, timeframe?: Timeframe, mustMatch = false): CandleFile {
  const where = `--${flag} ${path}`;
  const reader = new CandleFileReader({ maxRowErrors: LIST_LIMIT });
  ctx.readPieces(flag, path, (piece) => reader.push(piece));
  let parsed;
  try {
    parsed = reader.end();
  } catch (e) {
    throw new CliError(`${where}: ${messageOf(e)}`);
  }
  checkTimeUnit(where, parsed.format, parsed.rows.time, parsed.rows.line);
  let tf = timeframe;
  const inferred = tf === undefined;
  if (tf === undefined) {
    const guess = inferTimeframe(parsed.rows.time);
    if (guess === null) throw new CliError(`--timeframe: missing, and the rows of ${path} show no known timeframe step; pass --timeframe`);
    tf = guess;
  } else if (mustMatch) {
    const step = inferTimeframe(parsed.rows.time);
    if (step !== null && step !== tf) {
      throw new CliError(`--timeframe: "${tf}" does not match the candles: their most common step is ${step} (in ${path})`);
    }
  }
  const hygiene = cleanCandles(parsed.rows, tf, { listLimit: LIST_LIMIT });
  return {
    format: parsed.format,
    timeframe: tf,
    inferred,
    hygiene,
    problems: mergeByLine(parsed.rowErrors, hygiene.invalid, LIST_LIMIT),
    problemCount: parsed.rowErrorCount + hygiene.invalidCount,
  };
}

/** `line N: reason` lines for the first problems of `f`, with a count of the rest. */
export function listProblems(f: CandleFile, max = QUOTED, indent = '  '): string {
  let text = '';
  for (const p of f.problems.slice(0, max)) text += `${indent}line ${p.line}: ${p.reason}\n`;
  const shown = Math.min(max, f.problems.length);
  if (f.problemCount > shown) text += `${indent}… ${f.problemCount - shown} more\n`;
  return text;
}

/** What a command that runs on candles does with bad rows. */
export interface StrictRead {
  /** The timeframe the candles must have (checked against their spacing); inferred when absent. */
  timeframe?: Timeframe;
  /** Leave invalid and unreadable rows out (reported by `warn`) instead of refusing the file. */
  skipBadRows: boolean;
  /** Receives one warning line per file with skipped rows or dropped duplicates. */
  warn(text: string): void;
}

/**
 * The candles of a file for a command that computes on them (backtest, indicator, bias-check):
 * read and cleaned as {@link readCandleFile}; a file with any unreadable or invalid row is refused
 * with the rows named by line, field and value, unless `skipBadRows`; a `--timeframe` that does
 * not match the rows' most common step, or a file without a valid candle, is refused.
 * Duplicate open times keep the last row, as on import, and are reported.
 */
export function loadCandles(ctx: Context, flag: string, path: string, opts: StrictRead): { candles: CandleColumns; file: CandleFile } {
  const where = `--${flag} ${path}`;
  const f = readCandleFile(ctx, flag, path, opts.timeframe, true);
  if (f.problemCount > 0 && !opts.skipBadRows) {
    throw new CliError(
      `${where}: ${f.problemCount} bad rows (unreadable or invalid candles); fix them, or pass --skip-bad-rows to leave them out:\n${listProblems(f)}`.trimEnd(),
    );
  }
  const candles = f.hygiene.candles;
  if (candles.time.length === 0) throw new CliError(`${where}: no valid candle in the file`);
  if (f.problemCount > 0) {
    opts.warn(`${where}: skipped ${f.problemCount} bad rows (--skip-bad-rows):\n${listProblems(f)}`);
  }
  if (f.hygiene.duplicates > 0) {
    opts.warn(`${where}: ${f.hygiene.duplicates} rows repeat an earlier open time; the last row of each open time is used\n`);
  }
  return { candles, file: f };
}
