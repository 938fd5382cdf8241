/**
 * The evaluation protocol shared by optimisations and walk-forward runs: a session hands out
 * batches of {@link EvalRequest}s, something evaluates them (this thread with
 * {@link evaluateRequest}, or workers), and the session records the {@link EvalOutcome}s. The same
 * session runs synchronously on Node ({@link runSession}) and asynchronously on a worker pool.
 */
import type { BacktestRequest } from '../backtest/request';
import type { Trade } from '../backtest/trade';
import { backtestCandidate, dailyReturns, type Candidate, type EvalRange, type Evaluation } from './evaluation';
import { scoreOf, type Constraints, type Objective } from './objective';
import type { ColumnMemo } from '../indicators/column-memo';

export interface EvalRequest {
  /** Names the request within its session. */
  key: string;
  candidate: Candidate;
  range: EvalRange;
  /** Also return the equity curve and trades ({@link EvalDetail}). */
  detail: boolean;
}

/** The curve and trades of an evaluation (for stitching and hold-out reports). */
export interface EvalDetail {
  equity: Array<[number, number]>;
  trades: Trade[];
  barsInMarket: number;
  bars: number;
}

export interface EvalOutcome {
  key: string;
  evaluation: Evaluation;
  detail: EvalDetail | null;
}

export interface EvalSession {
  nextBatch(): EvalRequest[];
  record(outcomes: readonly EvalOutcome[]): void;
  finished(): boolean;
  /** Evaluations done and in all (the total may grow as later stages are known). */
  progress(): { done: number; total: number };
}

/** What every evaluation of a session shares: the base request, the objective and the constraints. */
export interface EvalContext {
  base: BacktestRequest;
  objective: Objective;
  constraints: Constraints;
  /** Columns kept across the evaluations of this context (its candles do not change meanwhile). */
  memo?: ColumnMemo;
}

/**
 * Evaluates one request (see `evaluateCandidate` for what a refused parameter set gives).
 */
export function evaluateRequest(ctx: EvalContext, req: EvalRequest): EvalOutcome {
  const { candidate, range } = req;
  try {
    const report = backtestCandidate(ctx.base, candidate.params, range, ctx.memo);
    return {
      key: req.key,
      evaluation: {
        index: candidate.index,
        params: { ...candidate.params },
        metrics: report.metrics,
        score: scoreOf(report.metrics, ctx.objective, ctx.constraints),
        error: null,
        returns: dailyReturns(report.equity, report.config.initialCapital),
      },
      detail: req.detail ? { equity: report.equity, trades: report.trades, barsInMarket: report.summary.barsInMarket, bars: report.summary.bars } : null,
    };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const key = /^([a-z0-9_]+): /.exec(msg)?.[1];
    if (key === undefined || !Object.prototype.hasOwnProperty.call(candidate.params, key)) throw e;
    return {
      key: req.key,
      evaluation: { index: candidate.index, params: { ...candidate.params }, metrics: null, score: null, error: msg, returns: [] },
      detail: null,
    };
  }
}

/**
 * Most requests sent to a worker in one message: enough to pay for the message (each ends with a
 * round trip for its last progress update and one for its result, while the worker waits), few
 * enough to spread the work.
 */
export const MAX_REQUESTS_PER_MESSAGE = 16;

/**
 * `batch` cut into consecutive parts for `slots` worker slots: as even as possible, at most
 * {@link MAX_REQUESTS_PER_MESSAGE} requests each (so a small batch still reaches every slot).
 */
export function splitBatch<T>(batch: readonly T[], slots: number): T[][] {
  const per = Math.max(1, Math.min(MAX_REQUESTS_PER_MESSAGE, Math.ceil(batch.length / Math.max(1, slots))));
  const out: T[][] = [];
  for (let i = 0; i < batch.length; i += per) out.push(batch.slice(i, i + per));
  return out;
}

/** Runs a session to the end in this thread; `onProgress` after every batch. */
export function runSession(session: EvalSession, evaluate: (req: EvalRequest) => EvalOutcome, onProgress?: (done: number, total: number) => void): void {
  while (!session.finished()) {
    const batch = session.nextBatch();
    if (batch.length === 0) throw new Error('session: no request to evaluate but not finished');
    session.record(batch.map(evaluate));
    const p = session.progress();
    onProgress?.(p.done, p.total);
  }
}
