/**
 * An optimisation run: the optimiser over the optimisation range, then, when a hold-out period is
 * set, the best parameters once over the hold-out (bars the search never saw), reported apart.
 *
 * Ranges: the run covers [from, to] (open times, inclusive; null = the data's end). With
 * `holdoutFrom`, the search runs on [from, holdoutFrom − 1 ms] and the hold-out is
 * [holdoutFrom, to]. Request keys: `e<k>` for candidate k, `holdout` for the hold-out.
 */
import type { Strategy, StrategyParams } from '../strategy/types';
import { overfittingOf, stabilityOf, type Overfitting, type Stability } from './analysis';
import type { EvalRange, Evaluation } from './evaluation';
import { Optimiser, type OptimiserConfig } from './optimiser/optimiser';
import type { EvalDetail, EvalOutcome, EvalRequest, EvalSession } from './session';

export interface OptimisationRunConfig {
  optimiser: OptimiserConfig;
  from: number | null;
  to: number | null;
  /** First open time of the hold-out period (excluded from the search), or null. */
  holdoutFrom: number | null;
}

export interface OptimisationSummary {
  total: number;
  evaluated: number;
  best: Evaluation | null;
  /** The best parameters over the hold-out period, when there is one. */
  holdout: Evaluation | null;
  overfitting: Overfitting;
  stability: Stability;
}

/** Checks the ranges; returns the search range and the hold-out range (or null). */
export function optimisationRanges(c: OptimisationRunConfig): { search: EvalRange; holdout: EvalRange | null } {
  if (c.from !== null && c.to !== null && c.from > c.to) throw new RangeError(`from: ${new Date(c.from).toISOString()} is after to ${new Date(c.to).toISOString()}`);
  if (c.holdoutFrom === null) return { search: { from: c.from, to: c.to }, holdout: null };
  if (!Number.isFinite(c.holdoutFrom)) throw new RangeError(`holdoutFrom: ${String(c.holdoutFrom)} is not a time`);
  if ((c.from !== null && c.holdoutFrom <= c.from) || (c.to !== null && c.holdoutFrom > c.to)) {
    throw new RangeError(`holdoutFrom: ${new Date(c.holdoutFrom).toISOString()} must fall after from and not after to`);
  }
  return { search: { from: c.from, to: c.holdoutFrom - 1 }, holdout: { from: c.holdoutFrom, to: c.to } };
}

export class OptimisationSession implements EvalSession {
  readonly optimiser: Optimiser;
  readonly search: EvalRange;
  readonly holdoutRange: EvalRange | null;
  private holdout: Evaluation | null = null;
  private holdoutDetail: EvalDetail | null = null;
  private holdoutOut = false;

  constructor(
    strategy: Strategy,
    readonly config: OptimisationRunConfig,
    done: readonly Evaluation[] = [],
    holdout: Evaluation | null = null,
  ) {
    const r = optimisationRanges(config);
    this.search = r.search;
    this.holdoutRange = r.holdout;
    this.optimiser = new Optimiser(strategy, config.optimiser, done);
    this.holdout = holdout;
  }

  nextBatch(): EvalRequest[] {
    if (!this.optimiser.finished()) {
      return this.optimiser.nextBatch().map((c) => ({ key: `e${c.index}`, candidate: c, range: this.search, detail: false }));
    }
    const best = this.optimiser.best();
    if (this.holdoutRange === null || this.holdout !== null || this.holdoutOut || best === null) return [];
    this.holdoutOut = true;
    return [{ key: 'holdout', candidate: { index: best.index, params: best.params }, range: this.holdoutRange, detail: true }];
  }

  record(outcomes: readonly EvalOutcome[]): void {
    const evals: Evaluation[] = [];
    for (const o of outcomes) {
      if (o.key === 'holdout') {
        this.holdout = o.evaluation;
        this.holdoutDetail = o.detail;
        this.holdoutOut = false;
      } else evals.push(o.evaluation);
    }
    this.optimiser.record(evals);
  }

  /** Hands out again what was handed out and not recorded (after a lost worker). */
  release(): void {
    this.optimiser.release();
    this.holdoutOut = false;
  }

  private needsHoldout(): boolean {
    return this.holdoutRange !== null && this.optimiser.best() !== null;
  }

  finished(): boolean {
    return this.optimiser.finished() && (!this.needsHoldout() || this.holdout !== null);
  }

  progress(): { done: number; total: number } {
    const extra = this.holdoutRange !== null ? 1 : 0;
    return { done: this.optimiser.doneCount + (this.holdout !== null ? 1 : 0), total: this.optimiser.total + extra };
  }

  holdoutResult(): { evaluation: Evaluation | null; detail: EvalDetail | null } {
    return { evaluation: this.holdout, detail: this.holdoutDetail };
  }

  summary(): OptimisationSummary {
    const evals = this.optimiser.evaluations();
    const best = this.optimiser.best();
    return {
      total: this.optimiser.total,
      evaluated: evals.length,
      best,
      holdout: this.holdout,
      overfitting: overfittingOf(evals),
      stability: stabilityOf(this.optimiser.dims, evals, best),
    };
  }
}

/** The full parameter set of an evaluation: the base parameters with the varied ones over them. */
export function fullParams(base: StrategyParams | undefined, varied: StrategyParams): StrategyParams {
  return { ...(base ?? {}), ...varied };
}
