/** `convert`: any supported candle file → the standard CSV, after the hygiene pass. */
import { formatStandardCsv } from '../../core/candles/csv';
import { parseArgs, required, type FlagSpecs } from '../args';
import { EXIT_OK, type Context } from '../io';
import { readCandleFile } from './candle-file';
import type { Command } from './command';

const FLAGS: FlagSpecs = { in: { type: 'string' }, out: { type: 'string' }, timeframe: { type: 'string' } };

const USAGE = `Usage: npm run cli -- convert --in <file> --out <csv> [--timeframe <tf>]

Reads a candle file in any supported format (standard CSV, Binance kline dump, TradingView export),
cleans it as "check" does (invalid rows dropped, duplicate open times reduced to the last row,
ascending order) and writes the standard CSV "timestamp,open,high,low,close,volume" (UTC ms open
time). Prints how many candles were written and what was dropped. Without --timeframe the timeframe
of the most common step between rows is used. Gaps are reported, not filled.`;

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
    const f = readCandleFile(ctx, args, 'in', input);
    const c = f.hygiene.candles;
    ctx.writeText('out', out, formatStandardCsv(c));
    const missing = f.hygiene.gaps.reduce((s, g) => s + g.missing, 0);
    ctx.out(
      `converted ${input} (${f.format}, ${f.timeframe}${f.inferred ? ' from the data' : ''}) → ${out}: ` +
        `${c.time.length} candles written, ${f.hygiene.duplicates} duplicates dropped, ${f.invalid.length} invalid rows skipped, ` +
        `${f.hygiene.gaps.length} gaps (${missing} candles missing)\n`,
    );
    return EXIT_OK;
  },
};
