/**
 * `optimise`: searches a strategy's parameters over candle CSVs (grid, random or tpe) and writes every
 * evaluation as JSON lines; `--shard i/n` evaluates only candidates k with k mod n = i − 1, so a large
 * sweep runs as n independent jobs whose files `merge` combines into the unsharded file, byte for byte.
 */
import { canonicalJson, type BacktestRequest } from '../../core/backtest/request';
import { formatMetric } from '../../core/metrics';
import {
  OptimisationSession,
  evaluateRequest,
  parseShard,
  resultsText,
  runSession,
  shardIndices,
  type EvalContext,
  type Evaluation,
  type OptimisationSummary,
} from '../../core/robustness';
import type { Strategy, StrategyParams } from '../../core/strategy/types';
import { optional, parseArgs, required } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import { timeFlag, withStrategyErrors } from '../inputs';
import { BACKTEST_FLAGS, backtestInputs } from './backtest';
import type { Command } from './command';
import { SEARCH_FLAGS, SEARCH_USAGE, optimiserFlags, withSearchErrors } from './search-flags';
import { ColumnMemo } from '../../core/indicators/column-memo';

const FLAGS = { ...BACKTEST_FLAGS, ...SEARCH_FLAGS, shard: { type: 'string' }, 'holdout-from': { type: 'string' }, summary: { type: 'string' } } as const;

const USAGE = `Usage: candlelab optimise --candles <csv> [--candles <csv> …] --timeframe <tf> --strategy <s>
         --space <space.json> [--method grid|random|tpe] [--evaluations N] [--seed 1]
         [--objective sharpe] [--weights …] [--min-trades N] [--max-dd P] [--holdout-from <ISO>]
         [--shard i/n] --out <results.jsonl> [--summary <summary.json>]
         (and the settings flags of backtest: --initial --fee --slippage --sizing --max-open --from --to --symbol)

Backtests every parameter set the search proposes over the candles (one portfolio, as backtest does)
and writes the results as JSON lines: a header with the run's configuration, then one line per
evaluation (index, varied parameters, score, metrics, daily returns) in index order.

${SEARCH_USAGE}
  --holdout-from first bar of a hold-out period: searched only before it, the best parameters are then
                 backtested on it once and reported apart (whole runs only)
  --shard        i/n: evaluate only candidates k with k mod n = i − 1 (grid and random); combine the n
                 files with merge — the merged file equals the unsharded run's byte for byte
  --out          the results file (JSON lines)
  --summary      also write the best result, hold-out, PBO, Deflated Sharpe Ratio and stability (JSON)

Same flags and seed, same bytes. Exit code 0 on success, 1 on bad input (nothing written).`;

/** The plain-data summary written by --summary (daily returns left out). */
export function summaryJson(s: OptimisationSummary, evals: readonly Evaluation[]): string {
  const strip = (e: Evaluation | null) => (e === null ? null : { index: e.index, params: e.params, score: e.score, error: e.error, metrics: e.metrics });
  const ranked = [...evals].filter((e) => e.score !== null).sort((a, b) => b.score! - a.score! || a.index - b.index);
  return canonicalJson({
    total: s.total,
    evaluated: s.evaluated,
    best: strip(s.best),
    holdout: strip(s.holdout),
    overfitting: s.overfitting,
    stability: { ratio: s.stability.ratio, verdict: s.stability.verdict, text: s.stability.text, neighbours: s.stability.neighbours },
    top: ranked.slice(0, 10).map(strip),
  });
}

/** What identifies a run in its results header (no file paths: shards may run anywhere). */
export function runDescription(req: BacktestRequest, rest: Record<string, unknown>): Record<string, unknown> {
  return {
    strategy: { name: req.strategy.name, params: req.strategy.params ?? {} },
    config: req.config,
    series: req.series.map((s) => ({ symbol: s.symbol, timeframe: s.timeframe, candles: s.candles.time.length, first: s.candles.time[0], last: s.candles.time[s.candles.time.length - 1] })),
    ...rest,
  };
}

export function bestLine(best: Evaluation | null): string {
  if (best === null) return 'best           none scored (every result broke a constraint or had no value)\n';
  const p = Object.entries(best.params as StrategyParams)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  const m = best.metrics;
  return `best           #${best.index}: ${p}\n               score ${best.score?.toFixed(4)} · ROI ${formatMetric('roiPct', m?.roiPct ?? null)} · Sharpe ${formatMetric('sharpe', m?.sharpe ?? null)} · max DD ${formatMetric('maxDrawdownPct', m?.maxDrawdownPct ?? null)} · trades ${formatMetric('totalTrades', m?.totalTrades ?? null)}\n`;
}

export const optimiseCommand: Command = {
  name: 'optimise',
  summary: 'search strategy parameters (grid, random, tpe), sharded if asked; write JSON lines',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'optimise');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const out = required(args, 'out');
    const { config, from, to, spec, resolved, series } = backtestInputs(args, ctx);
    const optimiser = optimiserFlags(ctx, args);
    const holdoutFrom = timeFlag(args, 'holdout-from') ?? null;
    const shardText = optional(args, 'shard');
    let shard = { i: 1, n: 1 };
    if (shardText !== undefined) {
      try {
        shard = parseShard(shardText, '--shard');
      } catch (e) {
        throw new CliError(messageOf(e));
      }
      if (optimiser.method === 'tpe') throw new CliError(`--shard: ${shardText} with --method tpe (tpe proposes from earlier results and cannot be split; use grid or random)`);
      if (holdoutFrom !== null && shard.n > 1) throw new CliError(`--holdout-from: not with --shard ${shardText} (the hold-out needs the whole search; run it on the merged best)`);
    }
    const base: BacktestRequest = { config, strategy: spec, series };
    const ctxEval: EvalContext = { base, objective: optimiser.objective, constraints: optimiser.constraints, memo: new ColumnMemo() };
    const strategy: Strategy = resolved.strategy;
    const session = withSearchErrors(
      () => new OptimisationSession(strategy, { optimiser, from: from ?? null, to: to ?? null, holdoutFrom }),
    );
    const run = runDescription(base, { from: from ?? null, to: to ?? null, holdoutFrom, optimiser });
    const flag = required(args, 'strategy');
    let evals: Evaluation[];
    if (shard.n === 1) {
      withStrategyErrors(flag, resolved, () => runSession(session, (r) => evaluateRequest(ctxEval, r)));
      evals = session.optimiser.evaluations();
    } else {
      const o = session.optimiser;
      evals = withStrategyErrors(flag, resolved, () =>
        shardIndices(o.total, shard.i, shard.n).map((k) => evaluateRequest(ctxEval, { key: `e${k}`, candidate: o.candidateAt(k), range: session.search, detail: false }).evaluation),
      );
    }
    ctx.writeText('out', out, resultsText(run, session.optimiser.total, shard, evals));
    let text = `${resolved.report.name}: ${optimiser.method} search, ${evals.length} of ${session.optimiser.total} parameter sets${shard.n > 1 ? ` (shard ${shard.i}/${shard.n})` : ''}\n`;
    if (shard.n === 1) {
      const s = session.summary();
      text += bestLine(s.best);
      if (s.holdout) text += `hold-out       ROI ${formatMetric('roiPct', s.holdout.metrics?.roiPct ?? null)} · Sharpe ${formatMetric('sharpe', s.holdout.metrics?.sharpe ?? null)}\n`;
      text += `PBO            ${s.overfitting.pboVerdict.text}\nDSR            ${s.overfitting.dsrVerdict.text}\nstability      ${s.stability.text}\n`;
      const summaryPath = optional(args, 'summary');
      if (summaryPath !== undefined) {
        ctx.writeText('summary', summaryPath, summaryJson(s, evals));
        text += `wrote ${summaryPath}\n`;
      }
    } else if (optional(args, 'summary') !== undefined) {
      throw new CliError('--summary: not with --shard (merge the shards, then pass --summary to merge)');
    }
    ctx.out(`${text}wrote ${out}\n`);
    return EXIT_OK;
  },
};
