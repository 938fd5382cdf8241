/** `convert`: any supported candle file → the standard CSV, after the hygiene pass. */
import { formatStandardCsvRows, STANDARD_CSV_HEADER } from '../../core/candles/csv-writer';
import { parseArgs, required, type FlagSpecs } from '../args';
import { listProblems, readCandleFile } from '../candles';
import { CliError, EXIT_OK, type Context } from '../io';
import { optionalTimeframeFlag } from '../inputs';
import type { Command } from './command';

const FLAGS: FlagSpecs = { in: { type: 'string' }, out: { type: 'string' }, timeframe: { type: 'string' } };

/** Rows formatted per write. */
const SLICE_ROWS = 65_536;

const USAGE = `Usage: candlelab convert --in <file> --out <csv> [--timeframe <tf>]

Reads a candle file in any supported format (standard CSV, Binance kline dump, TradingView export),
cleans it as "check" does (invalid rows dropped, duplicate open times reduced to the last row,
ascending order) and writes the standard CSV "timestamp,open,high,low,close,volume" (UTC ms open
time, plain decimals, the same writer as the app's export). Prints how many candles were written
and what was dropped, with the first dropped rows by line. Without --timeframe the timeframe of the
most common step between rows is used. Gaps are reported, not filled. Exit code 1, and no file
written, when the input holds no valid candle.`;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert a candle file to the standard CSV',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'convert');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const input = required(args, 'in');
    const out = required(args, 'out');
    const f = readCandleFile(ctx, 'in', input, optionalTimeframeFlag(args));
    const c = f.hygiene.candles;
    const n = c.time.length;
    if (n === 0) {
      throw new CliError(`--in ${input}: no valid candle to write (${f.problemCount} bad rows); nothing written to ${out}\n${listProblems(f)}`.trimEnd());
    }
    ctx.writePieces('out', out, (write) => {
      write(`${STANDARD_CSV_HEADER}\n`);
      for (let i = 0; i < n; i += SLICE_ROWS) write(formatStandardCsvRows(c, i, Math.min(n, i + SLICE_ROWS)));
    });
    const h = f.hygiene;
    let text =
      `converted ${input} (${f.format}, ${f.timeframe}${f.inferred ? ' from the data' : ''}) → ${out}: ` +
      `${n} candles written, ${h.duplicates} duplicates dropped, ${f.problemCount} invalid rows skipped, ` +
      `${h.gapCount} gaps (${h.missing} candles missing)\n`;
    text += listProblems(f);
    ctx.out(text);
    return EXIT_OK;
  },
};
