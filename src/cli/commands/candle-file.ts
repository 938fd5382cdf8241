/** Reading a candle file of any supported format through the hygiene pass (for `check` and `convert`). */
import { parseCandleFile, type CandleFileFormat } from '../../core/candles/formats';
import { cleanCandles, type HygieneReport, type RowProblem } from '../../core/candles/hygiene';
import { parseTimeframe, type Timeframe } from '../../core/candles/timeframe';
import { optional, type ParsedArgs } from '../args';
import { CliError, messageOf, type Context } from '../io';
import { inferTimeframe } from '../inputs';

export interface CheckedFile {
  format: CandleFileFormat;
  timeframe: Timeframe;
  /** Whether the timeframe came from the data (no --timeframe). */
  inferred: boolean;
  hygiene: HygieneReport;
  /** Unreadable lines and invalid rows, by ascending line. */
  invalid: RowProblem[];
}

/**
 * Reads `path` (flag `flag`), detects its format, and cleans its rows on the timeframe of
 * `--timeframe`, or the one of the most common step between its rows.
 */
export function readCandleFile(ctx: Context, args: ParsedArgs, flag: string, path: string): CheckedFile {
  const tfText = optional(args, 'timeframe');
  let given: Timeframe | undefined;
  if (tfText !== undefined) {
    try {
      given = parseTimeframe(tfText, '--timeframe');
    } catch (e) {
      throw new CliError(messageOf(e));
    }
  }
  const text = ctx.readText(flag, path);
  let parsed;
  try {
    parsed = parseCandleFile(text);
  } catch (e) {
    throw new CliError(`--${flag} ${path}: ${messageOf(e)}`);
  }
  let timeframe: Timeframe;
  let inferred = false;
  if (given !== undefined) timeframe = given;
  else {
    const guess = inferTimeframe(parsed.rows.time);
    if (guess === null) throw new CliError(`--timeframe: missing, and the rows of ${path} show no known timeframe step; pass --timeframe`);
    timeframe = guess;
    inferred = true;
  }
  const hygiene = cleanCandles(parsed.rows, timeframe);
  const invalid = [...parsed.rowErrors, ...hygiene.invalid].sort((a, b) => a.line - b.line);
  return { format: parsed.format, timeframe, inferred, hygiene, invalid };
}
