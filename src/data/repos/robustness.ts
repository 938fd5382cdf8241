import type { Table, UpdateSpec } from 'dexie';
import type { CandlelabDb } from '../db';
import { DataError, guard } from '../errors';
import { newId } from '../ids';
import { JOB_STATUSES, type JobStatus, type MetricRecord } from '../records/common';
import type { MonteCarloRunRecord, OptimisationEvaluation, OptimisationRunRecord, RunState, WalkForwardProgressWindow, WalkForwardRunRecord } from '../records/robustness';
import { requireInRange, requireOneOf, requireString } from '../validate';
import { getExisting, listJobs, updateExisting } from './common';

/** A new run: everything but the lifecycle fields, which start PENDING / 0 / null. */
export type RunInput<T extends RunState> = Omit<T, 'id' | 'status' | 'progress' | 'createdAt' | 'finishedAt' | 'error'>;

/** The lifecycle and result fields a worker updates while a run progresses. */
export type RunPatch<T extends RunState> = Partial<Omit<T, 'id' | 'createdAt'>>;

function createRun<T extends RunState>(table: Table<T, string>, prefix: string, input: RunInput<T>, now: number): Promise<T> {
  requireString('name', input.name);
  const run = { ...input, id: newId(prefix), status: 'PENDING', progress: 0, createdAt: now, finishedAt: null, error: null } as T;
  return table.add(run).then(() => run);
}

function updateRun<T extends RunState>(table: Table<T, string>, id: string, patch: RunPatch<T>, what: string): Promise<void> {
  if (patch.status !== undefined) requireOneOf('status', patch.status, JOB_STATUSES);
  if (patch.progress !== undefined) requireInRange('progress', patch.progress, 0, 1);
  return updateExisting(table, id, patch as unknown as UpdateSpec<T>, what);
}

export async function createMonteCarloRun(db: CandlelabDb, input: RunInput<MonteCarloRunRecord>, now = Date.now()): Promise<MonteCarloRunRecord> {
  requireString('sourceBacktestId', input.sourceBacktestId);
  return guard(db, () => createRun(db.monteCarloRuns, 'mc', input, now));
}
export async function getMonteCarloRun(db: CandlelabDb, id: string): Promise<MonteCarloRunRecord | undefined> {
  return guard(db, () => db.monteCarloRuns.get(id));
}
export async function updateMonteCarloRun(db: CandlelabDb, id: string, patch: RunPatch<MonteCarloRunRecord>): Promise<void> {
  return guard(db, () => updateRun(db.monteCarloRuns, id, patch, 'Monte Carlo run'));
}
/** Runs newest first; only those of one source backtest when given. */
export async function listMonteCarloRuns(db: CandlelabDb, opts: { status?: JobStatus; sourceBacktestId?: string } = {}): Promise<MonteCarloRunRecord[]> {
  return guard(db, async () => {
    if (opts.sourceBacktestId === undefined) return listJobs(db.monteCarloRuns, opts.status, true);
    const runs = await db.monteCarloRuns.where('sourceBacktestId').equals(opts.sourceBacktestId).toArray();
    return runs.filter((r) => opts.status === undefined || r.status === opts.status).sort((a, b) => b.createdAt - a.createdAt);
  });
}
export async function deleteMonteCarloRun(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () => db.monteCarloRuns.delete(id));
}

export async function createWalkForwardRun(db: CandlelabDb, input: RunInput<WalkForwardRunRecord>, now = Date.now()): Promise<WalkForwardRunRecord> {
  return guard(db, () => createRun(db.walkForwardRuns, 'wf', input, now));
}
export async function getWalkForwardRun(db: CandlelabDb, id: string): Promise<WalkForwardRunRecord | undefined> {
  return guard(db, () => db.walkForwardRuns.get(id));
}
export async function updateWalkForwardRun(db: CandlelabDb, id: string, patch: RunPatch<WalkForwardRunRecord>): Promise<void> {
  return guard(db, () => updateRun(db.walkForwardRuns, id, patch, 'walk-forward run'));
}
/** Runs newest first; only those in `status` when given. */
export async function listWalkForwardRuns(db: CandlelabDb, status?: JobStatus): Promise<WalkForwardRunRecord[]> {
  return guard(db, () => listJobs(db.walkForwardRuns, status, true));
}
export async function deleteWalkForwardRun(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () => db.walkForwardRuns.delete(id));
}

export async function createOptimisationRun(db: CandlelabDb, input: RunInput<OptimisationRunRecord>, now = Date.now()): Promise<OptimisationRunRecord> {
  requireString('strategy', input.strategy);
  return guard(db, () => createRun(db.optimisationRuns, 'opt', input, now));
}
export async function getOptimisationRun(db: CandlelabDb, id: string): Promise<OptimisationRunRecord | undefined> {
  return guard(db, () => db.optimisationRuns.get(id));
}
export async function updateOptimisationRun(db: CandlelabDb, id: string, patch: RunPatch<OptimisationRunRecord>): Promise<void> {
  return guard(db, () => updateRun(db.optimisationRuns, id, patch, 'optimisation run'));
}
/** Runs newest first; only those of one strategy when given. */
export async function listOptimisationRuns(db: CandlelabDb, opts: { status?: JobStatus; strategy?: string } = {}): Promise<OptimisationRunRecord[]> {
  return guard(db, async () => {
    if (opts.strategy === undefined) return listJobs(db.optimisationRuns, opts.status, true);
    const runs = await db.optimisationRuns.where('strategy').equals(opts.strategy).toArray();
    return runs.filter((r) => opts.status === undefined || r.status === opts.status).sort((a, b) => b.createdAt - a.createdAt);
  });
}
export async function deleteOptimisationRun(db: CandlelabDb, id: string): Promise<void> {
  return guard(db, () => db.optimisationRuns.delete(id));
}

/**
 * `stored` with `added` merged in, in index order; an index already stored keeps its stored
 * evaluation (an evaluation never changes once recorded). Throws naming the field when an added
 * evaluation has no integer index.
 */
function mergeEvaluations(stored: readonly OptimisationEvaluation[], added: readonly OptimisationEvaluation[], field: string): OptimisationEvaluation[] {
  const byIndex = new Map<number, OptimisationEvaluation>();
  for (const e of stored) byIndex.set(e.index ?? 0, e);
  for (const [i, e] of added.entries()) {
    if (!Number.isInteger(e.index)) throw new DataError('INVALID', `${field}[${i}].index: ${JSON.stringify(e.index)} is not an integer`);
    if (!byIndex.has(e.index!)) byIndex.set(e.index!, e);
  }
  return [...byIndex.values()].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}

/**
 * Adds the evaluations a running optimisation recorded since its last save to run `id`, with
 * `patch` (progress, hold-out, and at the end the result), in one transaction: only the new
 * evaluations cross from the caller, the stored ones are read and written here. Returns how many
 * evaluations the run holds.
 */
export async function appendOptimisationEvaluations(db: CandlelabDb, id: string, added: readonly OptimisationEvaluation[], patch: Omit<RunPatch<OptimisationRunRecord>, 'evaluations'> = {}): Promise<number> {
  if (patch.status !== undefined) requireOneOf('status', patch.status, JOB_STATUSES);
  if (patch.progress !== undefined) requireInRange('progress', patch.progress, 0, 1);
  return guard(db, () =>
    db.transaction('rw', db.optimisationRuns, async () => {
      const run = await getExisting(db.optimisationRuns, id, 'optimisation run');
      const evaluations = added.length > 0 ? mergeEvaluations(run.evaluations, added, 'evaluations') : run.evaluations;
      await db.optimisationRuns.put({ ...run, ...patch, evaluations });
      return evaluations.length;
    }),
  );
}

/** The fields a walk-forward save changes besides its resumable state, which only `progressState: null` (the run ended) clears. */
export type WalkForwardProgressPatch = Omit<RunPatch<WalkForwardRunRecord>, 'progressState'> & { progressState?: null };

/**
 * Adds what a running walk-forward recorded since its last save to the resumable state of run
 * `id` (per window: new in-sample evaluations, and the out-of-sample result once there is one),
 * with `patch` (progress; at the end the result and `progressState: null`), in one transaction.
 */
export async function appendWalkForwardProgress(
  db: CandlelabDb,
  id: string,
  added: ReadonlyArray<{ window: number } & Partial<WalkForwardProgressWindow>>,
  patch: WalkForwardProgressPatch = {},
): Promise<void> {
  if (patch.status !== undefined) requireOneOf('status', patch.status, JOB_STATUSES);
  if (patch.progress !== undefined) requireInRange('progress', patch.progress, 0, 1);
  for (const [i, a] of added.entries()) {
    if (!Number.isInteger(a.window) || a.window < 0) throw new DataError('INVALID', `windows[${i}].window: ${JSON.stringify(a.window)} is not a window number`);
  }
  return guard(db, () =>
    db.transaction('rw', db.walkForwardRuns, async () => {
      const run = await getExisting(db.walkForwardRuns, id, 'walk-forward run');
      const windows = [...(run.progressState?.windows ?? [])];
      for (const [i, a] of added.entries()) {
        while (windows.length <= a.window) windows.push({ evaluations: [], oos: null, oosDetail: null });
        const w = windows[a.window];
        windows[a.window] = {
          evaluations: a.evaluations && a.evaluations.length > 0 ? mergeEvaluations(w.evaluations, a.evaluations, `windows[${i}].evaluations`) : w.evaluations,
          oos: a.oos ?? w.oos,
          oosDetail: a.oosDetail ?? w.oosDetail,
        };
      }
      await db.walkForwardRuns.put({ ...run, ...patch, progressState: patch.progressState === null ? null : { windows } });
    }),
  );
}

function withoutReturns(e: OptimisationEvaluation): OptimisationEvaluation {
  const { returns: _returns, ...rest } = e;
  return rest;
}

/**
 * Optimisation `id` as a page shows it: every evaluation without its daily returns (which only
 * the overfitting statistics read), so a page that follows a running sweep receives a fraction of
 * the stored record.
 */
export async function getOptimisationRunView(db: CandlelabDb, id: string): Promise<OptimisationRunRecord | undefined> {
  const run = await getOptimisationRun(db, id);
  if (!run) return undefined;
  return { ...run, evaluations: run.evaluations.map(withoutReturns), best: run.best ? withoutReturns(run.best) : null, holdout: run.holdout ? withoutReturns(run.holdout) : run.holdout };
}

/** Walk-forward `id` as a page shows it: without the resumable state of a running run. */
export async function getWalkForwardRunView(db: CandlelabDb, id: string): Promise<WalkForwardRunRecord | undefined> {
  const run = await getWalkForwardRun(db, id);
  if (!run) return undefined;
  const { progressState: _state, ...rest } = run;
  return rest;
}

/** An optimisation as a list of runs shows it: everything but its evaluations, which it counts. */
export type OptimisationRunHead = Omit<OptimisationRunRecord, 'evaluations'> & { evaluationCount: number };

/** A walk-forward as a list of runs shows it: no windows (counted), curve or resumable state. */
export type WalkForwardRunHead = Omit<WalkForwardRunRecord, 'windows' | 'summary' | 'progressState'> & {
  windowCount: number;
  summary: { efficiency: number | null; metrics: MetricRecord } | null;
};

/** A Monte Carlo run as a list of runs shows it: no fan or histograms. */
export type MonteCarloRunHead = Omit<MonteCarloRunRecord, 'fan' | 'distributions'>;

/**
 * Every robustness run, newest first per kind, trimmed to what a list of runs shows, so the list
 * can be read where the records are large (a worker) and handed over small.
 */
export async function listRobustnessRunHeads(db: CandlelabDb): Promise<{ monteCarlo: MonteCarloRunHead[]; optimisation: OptimisationRunHead[]; walkForward: WalkForwardRunHead[] }> {
  const [mc, opt, wf] = await Promise.all([listMonteCarloRuns(db), listOptimisationRuns(db), listWalkForwardRuns(db)]);
  return {
    monteCarlo: mc.map(({ fan: _fan, distributions: _distributions, ...head }) => head),
    optimisation: opt.map(({ evaluations, ...head }) => ({ ...head, evaluationCount: evaluations.length })),
    walkForward: wf.map(({ windows, summary, progressState: _state, ...head }) => ({
      ...head,
      windowCount: windows.length,
      summary: summary ? { efficiency: summary.efficiency, metrics: summary.metrics } : null,
    })),
  };
}
