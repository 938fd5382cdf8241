/**
 * One evaluation of a parameter set: the backtest of the base request with the varied parameters
 * merged over its strategy's, over a time range, through the one backtest entry point
 * (`runBacktestRequest`). It keeps the metrics, the score (objective under constraints) and the
 * daily returns of the equity curve (what the overfitting statistics read).
 */
import { runBacktestRequest, type BacktestReport, type BacktestRequest } from '../backtest/request';
import type { Metrics } from '../metrics';
import type { StrategyParams } from '../strategy/types';
import type { ColumnMemo } from '../indicators/column-memo';

/** Open times (UTC ms, inclusive) of the bars that trade; an open end is the data's. */
export interface EvalRange {
  from: number | null;
  to: number | null;
}

/** A parameter set to evaluate: its place in the search and the varied parameters. */
export interface Candidate {
  index: number;
  params: StrategyParams;
}

export interface Evaluation extends Candidate {
  /** Null when the parameter set could not run (see `error`). */
  metrics: Metrics | null;
  score: number | null;
  error: string | null;
  /** Daily returns of the equity curve (the days of docs/metrics.md's Sharpe ratio). */
  returns: number[];
}

const DAY_MS = 86_400_000;

/**
 * Daily returns of an equity curve given as per-bar points `[t_i, E_i]` after the start value C0:
 * the equity at the last point of each UTC day, C0 before the first; `r_d = E_d / E_{d−1} − 1`.
 * These are the returns docs/metrics.md's Sharpe ratio is computed from.
 */
export function dailyReturns(equity: ReadonlyArray<readonly [number, number]>, initialCapital: number): number[] {
  const out: number[] = [];
  let prev = initialCapital;
  let last = initialCapital;
  let day = equity.length > 0 ? Math.floor(equity[0][0] / DAY_MS) : 0;
  for (const [t, e] of equity) {
    const d = Math.floor(t / DAY_MS);
    if (d !== day) {
      out.push(prev === 0 ? 0 : last / prev - 1);
      prev = last;
      day = d;
    }
    last = e;
  }
  if (equity.length > 0) out.push(prev === 0 ? 0 : last / prev - 1);
  return out;
}

/** The request of one evaluation: the base request with `params` merged over its strategy's and the range set. */
export function evaluationRequest(base: BacktestRequest, params: StrategyParams, range: EvalRange): BacktestRequest {
  const req: BacktestRequest = {
    config: base.config,
    strategy: { ...base.strategy, params: { ...(base.strategy.params ?? {}), ...params } },
    series: base.series,
  };
  if (range.from !== null) req.from = range.from;
  if (range.to !== null) req.to = range.to;
  return req;
}

/**
 * Runs the backtest of one candidate over `range` and returns the report (throws on bad input);
 * `memo` keeps the strategy's columns for the next candidates on the same candles.
 */
export function backtestCandidate(base: BacktestRequest, params: StrategyParams, range: EvalRange, memo?: ColumnMemo): BacktestReport {
  return runBacktestRequest(evaluationRequest(base, params, range), memo === undefined ? {} : { memo });
}
