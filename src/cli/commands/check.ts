/** `check`: validates a candle file (any supported format) and lists duplicates, invalid rows and gaps. */
import { parseArgs, required, type FlagSpecs } from '../args';
import { EXIT_OK, type Context } from '../io';
import { showTime } from '../inputs';
import { readCandleFile } from './candle-file';
import type { Command } from './command';

const FLAGS: FlagSpecs = { candles: { type: 'string' }, timeframe: { type: 'string' }, json: { type: 'boolean' } };

const USAGE = `Usage: npm run cli -- check --candles <file> [--timeframe <tf>] [--json]

Reads a candle file in any supported format (standard CSV, Binance kline dump, TradingView export),
validates every row (numbers, positive prices, high/low consistent with open/close, volume ≥ 0,
open time on the timeframe grid), drops duplicate open times (the last row wins) and lists the
gaps. Without --timeframe the timeframe of the most common step between rows is used.

With --json prints
  {"rows": <valid unique candles>, "duplicates": <n>,
   "invalid": [{"line": <1-based line in the file>, "reason": "…"}],
   "gaps": [{"from": <open time of the first missing candle>, "to": <open time of the last missing candle>, "missing": <n>}],
   "first": <ms>, "last": <ms>}
("first"/"last" are null when no row is valid). Exit code 0 when the file could be read, 1 otherwise.`;

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
    const f = readCandleFile(ctx, args, 'candles', file);
    const c = f.hygiene.candles;
    const n = c.time.length;
    const first = n > 0 ? c.time[0] : null;
    const last = n > 0 ? c.time[n - 1] : null;
    if (args.switches.has('json')) {
      const json = {
        rows: n,
        duplicates: f.hygiene.duplicates,
        invalid: f.invalid.map((p) => ({ line: p.line, reason: p.reason })),
        gaps: f.hygiene.gaps.map((g) => ({ from: g.from, to: g.to, missing: g.missing })),
        first,
        last,
      };
      ctx.out(`${JSON.stringify(json)}\n`);
      return EXIT_OK;
    }
    const missing = f.hygiene.gaps.reduce((s, g) => s + g.missing, 0);
    let text = `${file}: ${f.format} format, timeframe ${f.timeframe}${f.inferred ? ' (from the data)' : ''}\n`;
    text += `rows          ${n} valid unique candles${n > 0 ? `, ${showTime(first as number)} → ${showTime(last as number)} UTC` : ''}\n`;
    text += `duplicates    ${f.hygiene.duplicates}\n`;
    text += `invalid rows  ${f.invalid.length}\n`;
    for (const p of f.invalid.slice(0, 20)) text += `  line ${p.line}: ${p.reason}\n`;
    if (f.invalid.length > 20) text += `  … ${f.invalid.length - 20} more (see --json)\n`;
    text += `gaps          ${f.hygiene.gaps.length}${f.hygiene.gaps.length ? ` (${missing} candles missing)` : ''}\n`;
    for (const g of f.hygiene.gaps.slice(0, 20)) {
      text += `  ${showTime(g.from)}${g.to !== g.from ? ` → ${showTime(g.to)}` : ''} (${g.missing} missing)\n`;
    }
    if (f.hygiene.gaps.length > 20) text += `  … ${f.hygiene.gaps.length - 20} more (see --json)\n`;
    ctx.out(text);
    return EXIT_OK;
  },
};
