/**
 * Robustness tasks of the compute workers, thin adapters over `src/core/robustness`:
 * - `robustnessEvaluate`: backtests a batch of evaluation requests of an optimisation or a
 *   walk-forward run on candles read from the database (kept per worker for the next batch);
 * - `monteCarloInput`: a completed backtest's trades as Monte Carlo input, read from the database;
 * - `monteCarloChunk`: runs [first, first + count) of a simulation (buffers transferred back);
 * - `monteCarloSummary`: percentiles, histograms and fan of the merged chunks.
 * Cancellation goes through the task context's checkpoint between evaluations and between runs.
 */
import type { BacktestConfig } from '../../src/core/backtest/config';
import { resolveRequestStrategy, type BacktestRequest, type BacktestStrategySpec } from '../../src/core/backtest/request';
import type { Timeframe } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import {
  OptimisationSession,
  WalkForwardSession,
  evaluateRequest,
  overfittingOf,
  monteCarloInputFromTrades,
  MonteCarloSimulation,
  summariseMonteCarlo,
  validateMonteCarloInput,
  type Constraints,
  type EvalOutcome,
  type Evaluation,
  type OptimisationRunConfig,
  type OptimisationSummary,
  type Overfitting,
  type StoredWindow,
  type WalkForwardConfig,
  type WalkForwardSummary,
  type EvalRequest,
  type MonteCarloChunk,
  type MonteCarloConfig,
  type MonteCarloInput,
  type MonteCarloSummary,
  type Objective,
} from '../../src/core/robustness';
import { getBacktestJob, getBacktestResult } from '../../src/data';
import { defineTask, transferResult, type TaskContext } from '../bridge';
import type { BacktestJobConfig } from '../../src/core/backtest/job';
import { readJobCandles } from './backtest-job';
import { workerDb as computeDb } from '../data/db-connection';
import { ColumnMemo } from '../../src/core/indicators/column-memo';

/** The market, strategy and settings every evaluation of a run shares. */
export interface RobustnessData {
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  strategy: BacktestStrategySpec;
  config: BacktestConfig;
}

export interface EvaluateArgs {
  data: RobustnessData;
  objective: Objective;
  constraints: Constraints;
  requests: EvalRequest[];
  /**
   * The symbols' candles, when the caller has them (benchmarks, Node): used and kept for the next
   * batches of the same symbols; otherwise they are read from the database.
   */
  candles?: CandleColumns[];
}

/** The candles of the last run's symbols, and the strategy columns computed on them since. */
let cached: { key: string; candles: CandleColumns[]; memo: ColumnMemo } | null = null;

/** Every stored candle of the run's symbols (one set kept per worker). */
async function candlesOf(data: RobustnessData, ctx: Pick<TaskContext, 'checkpoint'>): Promise<CandleColumns[]> {
  const key = JSON.stringify([data.exchange, data.symbols, data.timeframe]);
  if (cached?.key === key) return cached.candles;
  const db = await computeDb();
  const cfg = { exchange: data.exchange, symbols: data.symbols, timeframe: data.timeframe, to: null } as unknown as BacktestJobConfig;
  const candles = await readJobCandles(db, cfg, ctx);
  cached = { key, candles, memo: new ColumnMemo() };
  return candles;
}

/**
 * Evaluates `args.requests` in order with `candles` (checkpoint between evaluations); `memo`
 * keeps the strategy's columns on these candles for the next evaluations.
 */
export async function evaluateBatch(args: EvaluateArgs, candles: CandleColumns[], ctx: Pick<TaskContext, 'checkpoint' | 'progress'>, memo?: ColumnMemo): Promise<EvalOutcome[]> {
  const base: BacktestRequest = {
    config: args.data.config,
    strategy: args.data.strategy,
    series: args.data.symbols.map((symbol, i) => ({ symbol, timeframe: args.data.timeframe, candles: candles[i] })),
  };
  const out: EvalOutcome[] = [];
  for (let i = 0; i < args.requests.length; i++) {
    await ctx.checkpoint();
    out.push(evaluateRequest({ base, objective: args.objective, constraints: args.constraints, ...(memo ? { memo } : {}) }, args.requests[i]));
    ctx.progress({ done: i + 1, total: args.requests.length, phase: 'evaluate' });
  }
  return out;
}

/** Runs a Monte Carlo chunk, checking for cancellation every 256 runs. */
async function chunkWithCheckpoints(input: MonteCarloInput, config: MonteCarloConfig, first: number, count: number, ctx: Pick<TaskContext, 'checkpoint' | 'progress'>): Promise<MonteCarloChunk> {
  const sim = new MonteCarloSimulation(input, config, first, count);
  for (let finished = count === 0; !finished; ) {
    await ctx.checkpoint();
    finished = sim.run(256);
    ctx.progress({ done: sim.done, total: count, phase: 'simulate' });
  }
  return sim.chunk();
}

export const robustnessTasks = {
  robustnessEvaluate: defineTask(async (args: EvaluateArgs, ctx): Promise<EvalOutcome[]> => {
    if (args.candles !== undefined) {
      cached = { key: JSON.stringify([args.data.exchange, args.data.symbols, args.data.timeframe]), candles: args.candles, memo: new ColumnMemo() };
      return evaluateBatch(args, args.candles, ctx, cached.memo);
    }
    const candles = await candlesOf(args.data, ctx);
    return evaluateBatch(args, candles, ctx, cached!.memo);
  }),

  monteCarloInput: defineTask(async (args: { jobId: string }): Promise<MonteCarloInput> => {
    const db = await computeDb();
    const job = await getBacktestJob(db, args.jobId);
    const result = await getBacktestResult(db, args.jobId);
    if (!job || !result) throw new RangeError(`source: backtest ${JSON.stringify(args.jobId)} has no stored result`);
    const eq = result.equity.time;
    const span = eq.length > 1 ? eq[eq.length - 1] - eq[0] : null;
    const capital = (job.config.backtest as BacktestConfig | undefined)?.initialCapital;
    if (typeof capital !== 'number') throw new RangeError(`source: backtest #${job.seq} has no initial capital in its settings`);
    const input = monteCarloInputFromTrades(result.trades, capital, span);
    validateMonteCarloInput(input, `backtest #${job.seq}`);
    return transferResult(input);
  }),

  monteCarloChunk: defineTask(async (args: { input: MonteCarloInput; config: MonteCarloConfig; first: number; count: number }, ctx): Promise<MonteCarloChunk> =>
    transferResult(await chunkWithCheckpoints(args.input, args.config, args.first, args.count, ctx)),
  ),

  monteCarloSummary: defineTask((args: { input: MonteCarloInput; config: MonteCarloConfig; chunks: MonteCarloChunk[] }): MonteCarloSummary =>
    summariseMonteCarlo(args.input, args.config, args.chunks),
  ),
};

/** Arguments of `optimisationSummary`. */
export interface OptimisationSummaryArgs {
  strategy: BacktestStrategySpec;
  run: OptimisationRunConfig;
  evaluations: Evaluation[];
  holdout: Evaluation | null;
}

/** Arguments of `walkForwardSummary`. */
export interface WalkForwardSummaryArgs {
  strategy: BacktestStrategySpec;
  config: WalkForwardConfig;
  initialCapital: number;
  stored: StoredWindow[];
}

/** A walk-forward summary with each window's overfitting statistics. */
export interface WalkForwardReport extends WalkForwardSummary {
  overfitting: Overfitting[];
}

export const robustnessSummaryTasks = {
  /** The best result, hold-out, PBO, DSR and stability of an optimisation's evaluations (CSCV is too heavy for the page). */
  optimisationSummary: defineTask((args: OptimisationSummaryArgs): OptimisationSummary => {
    const strategy = resolveRequestStrategy(args.strategy).strategy;
    return new OptimisationSession(strategy, args.run, args.evaluations, args.holdout).summary();
  }),

  walkForwardSummary: defineTask((args: WalkForwardSummaryArgs): WalkForwardReport => {
    const strategy = resolveRequestStrategy(args.strategy).strategy;
    const s = new WalkForwardSession(strategy, args.config, args.initialCapital, args.stored);
    return { ...s.summary(), overfitting: args.stored.map((w) => overfittingOf(w.evaluations)) };
  }),
};
