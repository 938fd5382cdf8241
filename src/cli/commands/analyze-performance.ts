/** `analyze-performance`: the performance analysis with recommendations and an action plan. */
import { canonicalJson } from '../../core/backtest/request';
import { analysePerformance } from '../../core/analysis/performance';
import { ANALYSIS_FLAGS, ANALYSIS_FLAGS_HELP, queryFlags, readSource } from '../analysis-input';
import { formatPerformance } from '../analysis-text';
import { parseArgs } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import type { Command } from './command';

const USAGE = `Usage: candlelab analyze-performance --trades <result.json | ledger.json> [--book account|system]
         [--status ALL] [--days N] [--symbol S] [--limit all] [--json]

Trade statistics (wins, losses, win rate, average and largest win and loss, profit factor,
reward/risk, expectancy, by direction, top 5 symbols, last 20 closed trades), signal statistics
(bullish/bearish, top 10 symbols, last 10 signals, count per confidence level), the strategy's
configuration, recommendations (win rate against the break-even win rate of the reward/risk,
reward/risk, directional bias) and a step-by-step action plan naming the tool for each step.
Below 30 closed trades it asks for more trades instead of judging. docs/analysis.md has the rules.

${ANALYSIS_FLAGS_HELP}

Exit code 0 on success, 1 on bad input (the message names the flag and the value).`;

export const analyzePerformanceCommand: Command = {
  name: 'analyze-performance',
  summary: 'performance analysis, recommendations and an action plan',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, ANALYSIS_FLAGS, 'analyze-performance');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const source = readSource(ctx, args);
    const query = queryFlags(args, null);
    let analysis;
    try {
      analysis = analysePerformance(source, query);
    } catch (e) {
      throw new CliError(messageOf(e));
    }
    ctx.out(args.switches.has('json') ? canonicalJson(analysis) : formatPerformance(analysis));
    return EXIT_OK;
  },
};
