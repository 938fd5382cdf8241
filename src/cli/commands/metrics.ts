/** `metrics`: recomputes the metrics of a backtest report from its trades and equity. */
import { canonicalJson, recomputeMetrics } from '../../core/backtest/request';
import { optional, parseArgs, parseNumberFlag, required, type FlagSpecs } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import type { Command } from './command';

const FLAGS: FlagSpecs = {
  trades: { type: 'string' },
  initial: { type: 'string' },
};

const USAGE = `Usage: candlelab metrics --trades <result.json> [--initial <capital>]

Reads a report written by "backtest" and recomputes every metric of docs/metrics.md from its
"trades", its per-bar "equity" points (the first point [t0, initial capital] is put back) and
"summary.barsInMarket"; prints them as JSON. The initial capital is the report's
config.initialCapital unless --initial is given (then ROI, final equity and CAGR use it; the
equity points stay as recorded).`;

export const metricsCommand: Command = {
  name: 'metrics',
  summary: "recompute a result's metrics from its trades and equity",
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'metrics');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const file = required(args, 'trades');
    const initialText = optional(args, 'initial');
    const initial = initialText === undefined ? undefined : parseNumberFlag('initial', initialText, { min: 100, max: 1_000_000 });
    const text = ctx.readText('trades', file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new CliError(`--trades ${file}: not valid JSON (${messageOf(e)})`);
    }
    let metrics;
    try {
      metrics = recomputeMetrics(json, initial);
    } catch (e) {
      throw new CliError(`--trades ${file}: ${messageOf(e)}`);
    }
    ctx.out(canonicalJson(metrics));
    return EXIT_OK;
  },
};
