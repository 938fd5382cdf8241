/** `bias-check`: lookahead / repainting check of a strategy on a candle file. */
import { biasCheck, type BiasReport } from '../../core/bias/bias-check';
import { canonicalJson } from '../../core/backtest/request';
import { numberFlag, optional, parseArgs, required, type FlagSpecs } from '../args';
import { CliError, EXIT_DIFFERENCES, EXIT_OK, type Context } from '../io';
import { loadCandles } from '../candles';
import { showTime, strategyFlag, symbolFromFileName, timeframeFlag, unmatchedSignals, withStrategyErrors } from '../inputs';
import type { Command } from './command';

const FLAGS: FlagSpecs = {
  candles: { type: 'string' },
  timeframe: { type: 'string' },
  strategy: { type: 'string' },
  signals: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  symbol: { type: 'string' },
  json: { type: 'boolean' },
  'skip-bad-rows': { type: 'boolean' },
};

const USAGE = `Usage: candlelab bias-check --candles <file> --timeframe <tf> --strategy <name|scripted|config.json>
         [--signals <csv>] [--samples 20] [--seed 1] [--symbol <S>] [--skip-bad-rows] [--json]

Runs the strategy on the full history and again on histories cut after sampled bars, and compares
every signal both runs saw: a signal that appears only with later bars is lookahead, one that
disappears or changes is repainting. Prints the report (as JSON with --json).

  --samples  truncation points to check (default 20)
  --seed     seed of the point sampling (default 1)

The candle file is read and checked as by "backtest" (any supported format; a file with
unreadable or invalid rows is refused unless --skip-bad-rows).

Exit code 0 when clean, 2 when differences were found, 1 on bad input.`;

function formatReport(r: BiasReport, title: string): string {
  let text = `${title}\n`;
  text += `checked ${r.checkedPoints} truncation points, ${r.signalsCompared} signal comparisons\n`;
  if (r.clean) return `${text}clean: no signal appeared, disappeared or changed\n`;
  text += `NOT CLEAN: ${r.differenceCount} differences\n`;
  for (const d of r.differences.slice(0, 20)) {
    const what = d.kind === 'CHANGES' ? `CHANGES (${d.fields.join(', ')})` : d.kind;
    text += `  bar ${d.barIndex} (${showTime(d.time)}) with bars 0..${d.checkedAt}: ${what}\n`;
  }
  if (r.differenceCount > 20) text += `  … ${r.differenceCount - 20} more (see --json)\n`;
  return text;
}

export const biasCheckCommand: Command = {
  name: 'bias-check',
  summary: 'check a strategy for lookahead and repainting',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'bias-check');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const file = required(args, 'candles');
    const tf = timeframeFlag(args);
    const samples = numberFlag(args, 'samples', 20, { integer: true, min: 1, max: 100_000 });
    const seed = numberFlag(args, 'seed', 1, { integer: true, min: 0, max: 2 ** 32 - 1 });
    const strategyFlagResult = strategyFlag(ctx, args);
    const { resolved } = strategyFlagResult;
    const symbol = optional(args, 'symbol')?.trim() ?? symbolFromFileName(file);
    if (symbol === null || symbol === '') {
      throw new CliError(`--candles ${file}: cannot tell the symbol from the file name (expected <exchange>_<SYMBOL>_<tf>.csv); pass --symbol`);
    }
    const { candles } = loadCandles(ctx, 'candles', file, { timeframe: tf, skipBadRows: args.switches.has('skip-bad-rows'), warn: (t) => ctx.warn(t) });
    const { spec } = strategyFlagResult;
    if (spec.script !== undefined) {
      const warning = unmatchedSignals(spec.script, optional(args, 'signals') ?? '', [{ symbol, candles }]);
      if (warning !== null) ctx.warn(warning);
    }
    const report = withStrategyErrors(required(args, 'strategy'), resolved, () =>
      biasCheck(resolved.strategy, { symbol, timeframe: tf, candles }, resolved.params, { samples, seed }),
    );
    if (args.switches.has('json')) ctx.out(canonicalJson(report));
    else ctx.out(formatReport(report, `bias check of ${resolved.report.name} on ${symbol} ${tf} (${candles.time.length} candles)`));
    return report.clean ? EXIT_OK : EXIT_DIFFERENCES;
  },
};
