/** `analyze-trades`: the trade analysis with its stop/target diagnosis over a result file or a paper ledger. */
import { canonicalJson } from '../../core/backtest/request';
import { DEFAULT_SAMPLE_SIZE } from '../../core/analysis/query';
import { analyseTrades } from '../../core/analysis/trade-analysis';
import { ANALYSIS_FLAGS, ANALYSIS_FLAGS_HELP, candleFlags, queryFlags, readSource } from '../analysis-input';
import { formatTradeAnalysis } from '../analysis-text';
import { parseArgs } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import type { Command } from './command';

const FLAGS = { ...ANALYSIS_FLAGS, candles: { type: 'string', repeat: true } } as const;

const USAGE = `Usage: candlelab analyze-trades --trades <result.json | ledger.json> [--book account|system]
         [--status ALL] [--days N] [--symbol S] [--limit ${DEFAULT_SAMPLE_SIZE}] [--candles <csv> …] [--json]

Counts the trades by status, lists a sample with each trade's stop and target distance and
reward/risk, averages them per direction, and diagnoses the stops and targets (targets too far
or too close for the timeframe's typical move, stops hit within the first bars, reward/risk below
1), each problem with the setting to change and a suggested range; then the closed trades' win
rate, profit factor and P&L, and the strategy's parameters. The rules are in docs/analysis.md;
the Analysis screen of the app runs the same engine.

${ANALYSIS_FLAGS_HELP}
  --candles the candles of a traded symbol on the trades' timeframe (<exchange>_<SYMBOL>_<tf>.csv),
            repeat for several symbols: measures the ATR at each entry and how far each trade went
            (MFE / MAE), which the target rules compare with

Exit code 0 on success, 1 on bad input (the message names the flag and the value).`;

export const analyzeTradesCommand: Command = {
  name: 'analyze-trades',
  summary: 'trade analysis with the stop/target diagnosis of a result or ledger',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'analyze-trades');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const source = readSource(ctx, args);
    const query = queryFlags(args, DEFAULT_SAMPLE_SIZE);
    const candlesOf = candleFlags(ctx, args, source);
    let analysis;
    try {
      analysis = analyseTrades(source, query, candlesOf);
    } catch (e) {
      throw new CliError(messageOf(e));
    }
    ctx.out(args.switches.has('json') ? canonicalJson(analysis) : formatTradeAnalysis(analysis));
    return EXIT_OK;
  },
};
