/**
 * An optimisation as a resumable sequence of candidates: the caller asks for the next batch,
 * evaluates it anywhere (this thread, a worker pool, separate processes) and records the results.
 * Candidate `k` depends only on the configuration and, for the model-based search, on the results
 * of the candidates before its batch, so the same configuration proposes the same candidates
 * whatever evaluated them and in whatever order, and an optimisation restarted with the
 * evaluations it had stored continues exactly where it stopped.
 *
 * - `grid`: candidate k is grid point k; the whole space is evaluated.
 * - `random`: the seeded {@link RandomStream}; `evaluations` points, never more than the space holds.
 * - `tpe`: the first `startup` candidates (a fifth of the budget, at least 10) come from the random
 *   stream; then batches of {@link TPE_BATCH} candidates, each proposed from every result before
 *   its batch with seed `mixSeed(seed, k)`.
 */
import { mixSeed } from '../../util/rng';
import type { Strategy } from '../../strategy/types';
import type { Candidate, Evaluation } from '../evaluation';
import { compareScores, validateObjective, type Constraints, type Objective } from '../objective';
import { pointKey, resolveSpace, spaceSize, type ParamDim, type ParamSpace } from '../param-space';
import { gridCandidate, gridSize } from './grid';
import { RandomStream } from './random';
import { proposeTpe } from './tpe';

export type OptimiserMethod = 'grid' | 'random' | 'tpe';
export const OPTIMISER_METHODS: readonly OptimiserMethod[] = ['grid', 'random', 'tpe'];
/** Most evaluations a random or model-based search may ask for. */
export const MAX_EVALUATIONS = 100_000;
/** Candidates the model-based search proposes from the same history. */
export const TPE_BATCH = 8;
/** Candidates handed out at once by grid and random search. */
export const OPEN_BATCH = 64;

export interface OptimiserConfig {
  method: OptimiserMethod;
  space: ParamSpace;
  /** random / tpe: how many candidates to evaluate (grid evaluates the whole space; null there). */
  evaluations: number | null;
  seed: number;
  objective: Objective;
  constraints: Constraints;
}

/** Throws naming the field and value unless the configuration is valid for `strategy`; returns the dimensions and the candidate count. */
export function checkOptimiserConfig(strategy: Strategy, c: OptimiserConfig): { dims: ParamDim[]; total: number; size: number } {
  if (!(OPTIMISER_METHODS as readonly string[]).includes(c.method)) {
    throw new RangeError(`method: ${JSON.stringify(c.method)} is not one of ${OPTIMISER_METHODS.join(', ')}`);
  }
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) throw new RangeError(`seed: ${String(c.seed)} must be an integer from 0 to 4294967295`);
  validateObjective(c.objective, c.constraints);
  const dims = resolveSpace(strategy, c.space);
  if (c.method === 'grid') {
    const total = gridSize(dims);
    return { dims, total, size: total };
  }
  const size = spaceSize(dims);
  const n = c.evaluations;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_EVALUATIONS) {
    throw new RangeError(`evaluations: ${String(n)} must be an integer from 1 to ${MAX_EVALUATIONS.toLocaleString('en-US')}`);
  }
  if (n > size) throw new RangeError(`evaluations: ${n} is more than the ${size.toLocaleString('en-US')} points the space holds`);
  return { dims, total: n, size };
}

/** Candidates drawn at random before the model-based search starts. */
export function tpeStartup(total: number): number {
  return Math.min(total, Math.max(10, Math.ceil(total / 5)));
}

export class Optimiser {
  readonly dims: ParamDim[];
  /** Candidates the optimisation evaluates in all. */
  readonly total: number;
  private readonly size: number;
  private readonly random: RandomStream | null;
  private readonly done = new Map<number, Evaluation>();
  private readonly proposed = new Map<number, Candidate>();
  private readonly out = new Set<number>();

  constructor(
    strategy: Strategy,
    readonly config: OptimiserConfig,
    done: readonly Evaluation[] = [],
  ) {
    const { dims, total, size } = checkOptimiserConfig(strategy, config);
    this.dims = dims;
    this.total = total;
    this.size = size;
    this.random = config.method === 'grid' ? null : new RandomStream(dims, config.seed, size);
    this.record(done);
  }

  /** Candidate `k` of a grid or random search (they do not depend on results); throws for tpe past its startup. */
  candidateAt(k: number): Candidate {
    if (!Number.isInteger(k) || k < 0 || k >= this.total) throw new RangeError(`index: ${k} is outside 0..${this.total - 1}`);
    if (this.config.method === 'grid') return { index: k, params: gridCandidate(this.dims, k) };
    if (this.config.method === 'tpe' && k >= tpeStartup(this.total)) {
      throw new RangeError(`index: ${k} of a tpe search depends on earlier results`);
    }
    return { index: k, params: { ...this.random!.at(k) } };
  }

  /** Records results (any order; a repeated index keeps the first). */
  record(evals: readonly Evaluation[]): void {
    for (const e of evals) {
      if (!Number.isInteger(e.index) || e.index < 0 || e.index >= this.total) throw new RangeError(`evaluations: index ${e.index} is outside 0..${this.total - 1}`);
      if (!this.done.has(e.index)) this.done.set(e.index, e);
      this.out.delete(e.index);
    }
  }

  /** Candidates handed out by {@link nextBatch} and not yet recorded (they are handed out again after {@link release}). */
  release(): void {
    this.out.clear();
  }

  get doneCount(): number {
    return this.done.size;
  }

  finished(): boolean {
    return this.done.size >= this.total;
  }

  /**
   * The next candidates to evaluate: not done and not handed out. Empty when finished, or (tpe)
   * while the results its next batch is proposed from are still out.
   */
  nextBatch(): Candidate[] {
    const out: Candidate[] = [];
    if (this.config.method !== 'tpe') {
      for (let k = 0; k < this.total && out.length < OPEN_BATCH; k++) {
        if (this.done.has(k) || this.out.has(k)) continue;
        out.push(this.candidateAt(k));
      }
    } else {
      const startup = tpeStartup(this.total);
      let start = 0;
      let end = startup;
      while (start < this.total) {
        const pending: number[] = [];
        for (let k = start; k < end; k++) if (!this.done.has(k)) pending.push(k);
        if (pending.length > 0) {
          for (let k = 0; k < start; k++) if (!this.done.has(k)) return [];
          for (const k of pending) if (!this.out.has(k)) out.push(this.proposeAt(k, start, end));
          break;
        }
        start = end;
        end = Math.min(this.total, end + TPE_BATCH);
      }
    }
    for (const c of out) this.out.add(c.index);
    return out;
  }

  private proposeAt(k: number, batchStart: number, batchEnd: number): Candidate {
    const cached = this.proposed.get(k);
    if (cached) return cached;
    if (batchStart === 0) return this.candidateAt(k);
    const history = [];
    const taken = new Set<string>();
    for (let i = 0; i < batchStart; i++) {
      const e = this.done.get(i)!;
      history.push({ params: e.params, score: e.score });
      taken.add(pointKey(this.dims, e.params));
    }
    for (let i = batchStart; i < batchEnd; i++) {
      const c = i < k ? this.proposed.get(i) ?? this.proposeAt(i, batchStart, batchEnd) : undefined;
      if (c) taken.add(pointKey(this.dims, c.params));
    }
    const c: Candidate = { index: k, params: proposeTpe(this.dims, history, mixSeed(this.config.seed, k), taken, this.size) };
    this.proposed.set(k, c);
    return c;
  }

  /** Every recorded evaluation, by index. */
  evaluations(): Evaluation[] {
    return [...this.done.values()].sort((a, b) => a.index - b.index);
  }

  /** The best evaluation (highest score, then lowest index), or null when none scored. */
  best(): Evaluation | null {
    const ranked = this.evaluations().sort(compareScores);
    return ranked.length > 0 && ranked[0].score !== null ? ranked[0] : null;
  }
}

/** The indices of shard `i` of `n` (1-based i): every k in 0..total−1 with k mod n = i − 1. */
export function shardIndices(total: number, i: number, n: number): number[] {
  const out: number[] = [];
  for (let k = i - 1; k < total; k += n) out.push(k);
  return out;
}

/** Parses `i/n` (1 ≤ i ≤ n); throws naming the field. */
export function parseShard(text: string, field = 'shard'): { i: number; n: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) throw new RangeError(`${field}: "${text}" is not i/n with 1 ≤ i ≤ n (e.g. 2/4)`);
  return { i, n };
}


