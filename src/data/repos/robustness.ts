import type { Table, UpdateSpec } from 'dexie';
import type { CandlelabDb } from '../db';
import { guard } from '../errors';
import { newId } from '../ids';
import { JOB_STATUSES, type JobStatus } from '../records/common';
import type { MonteCarloRunRecord, OptimisationRunRecord, RunState, WalkForwardRunRecord } from '../records/robustness';
import { requireInRange, requireOneOf, requireString } from '../validate';
import { listJobs, updateExisting } from './common';

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
