/** `check`: validates a candle file (any supported format) and lists duplicates, invalid rows and gaps. */
import { parseArgs, required, type FlagSpecs } from '../args';
import { LIST_LIMIT, listProblems, readCandleFile } from '../candles';
import { EXIT_ERROR, EXIT_OK, type Context } from '../io';
import { optionalTimeframeFlag, showTime } from '../inputs';
import type { Command } from './command';

const FLAGS: FlagSpecs = { candles: { type: 'string' }, timeframe: { type: 'string' }, json: { type: 'boolean' } };

/** Problems and gaps listed in the readable report. */
const SHOWN = 20;

const USAGE = `Usage: candlelab check --candles <file> [--timeframe <tf>] [--json]

Reads a candle file in any supported format (standard CSV, Binance kline dump, TradingView export),
validates every row (numbers, positive prices, high/low consistent with open/close, volume ≥ 0,
open time on the timeframe grid), drops duplicate open times (the last row wins) and lists the
gaps. Without --timeframe the timeframe of the most common step between rows is used. The file is
read in pieces, so any size works in bounded memory.

With --json prints
  {"rows": <valid unique candles>, "duplicates": <n>,
   "invalid": [{"line": <1-based line in the file>, "reason": "…"}],   (the first ${LIST_LIMIT})
   "invalidCount": <every unreadable or invalid row>,
   "gaps": [{"from": <open time of the first missing candle>, "to": <open time of the last missing candle>, "missing": <n>}],   (the first ${LIST_LIMIT})
   "gapCount": <every gap>, "missing": <candles missing in all gaps>,
   "first": <ms>, "last": <ms>}
("first"/"last" are null when no row is valid). Without --json the first ${SHOWN} of each are shown.
Exit code 0 when every row is a valid candle, 1 when the file cannot be read or any row is
unreadable or invalid (the report is printed all the same).`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate a candle file: duplicates, invalid rows, gaps',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'check');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const file = required(args, 'candles');
    const f = readCandleFile(ctx, 'candles', file, optionalTimeframeFlag(args));
    const h = f.hygiene;
    const c = h.candles;
    const n = c.time.length;
    const first = n > 0 ? c.time[0] : null;
    const last = n > 0 ? c.time[n - 1] : null;
    const code = f.problemCount > 0 ? EXIT_ERROR : EXIT_OK;
    if (args.switches.has('json')) {
      const json = {
        rows: n,
        duplicates: h.duplicates,
        invalid: f.problems.map((p) => ({ line: p.line, reason: p.reason })),
        invalidCount: f.problemCount,
        gaps: h.gaps.map((g) => ({ from: g.from, to: g.to, missing: g.missing })),
        gapCount: h.gapCount,
        missing: h.missing,
        first,
        last,
      };
      ctx.out(`${JSON.stringify(json)}\n`);
      return code;
    }
    let text = `${file}: ${f.format} format, timeframe ${f.timeframe}${f.inferred ? ' (from the data)' : ''}\n`;
    text += `rows          ${n} valid unique candles${n > 0 ? `, ${showTime(first as number)} → ${showTime(last as number)} UTC` : ''}\n`;
    text += `duplicates    ${h.duplicates}\n`;
    text += `invalid rows  ${f.problemCount}\n`;
    text += listProblems(f, SHOWN);
    text += `gaps          ${h.gapCount}${h.gapCount ? ` (${h.missing} candles missing)` : ''}\n`;
    for (const g of h.gaps.slice(0, SHOWN)) {
      text += `  ${showTime(g.from)}${g.to !== g.from ? ` → ${showTime(g.to)}` : ''} (${g.missing} missing)\n`;
    }
    if (h.gapCount > SHOWN) text += `  … ${h.gapCount - SHOWN} more\n`;
    ctx.out(text);
    return code;
  },
};
