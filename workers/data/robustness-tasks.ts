/**
 * Robustness tasks of the data worker: a running optimisation or walk-forward saves what it
 * recorded since its last save, so the stored run grows without the main thread cloning or
 * writing the whole record; a page following a run reads it here, trimmed to what it shows.
 * Thin: the work is the data layer's functions.
 */
import {
  appendOptimisationEvaluations,
  appendWalkForwardProgress,
  getOptimisationRunView,
  getWalkForwardRunView,
  listRobustnessRunHeads,
  type OptimisationEvaluation,
  type OptimisationRunRecord,
  type RunPatch,
  type WalkForwardProgressPatch,
  type WalkForwardProgressWindow,
} from '../../src/data';
import { defineTask } from '../bridge';
import { workerDb } from './db-connection';

export interface OptimisationSaveArgs {
  id: string;
  evaluations: OptimisationEvaluation[];
  patch?: Omit<RunPatch<OptimisationRunRecord>, 'evaluations'>;
}

export interface WalkForwardSaveArgs {
  id: string;
  windows: Array<{ window: number } & Partial<WalkForwardProgressWindow>>;
  patch?: WalkForwardProgressPatch;
}

export const robustnessDataTasks = {
  /** New evaluations of a running optimisation (and its progress or result), one transaction. */
  saveOptimisationProgress: defineTask(async (args: OptimisationSaveArgs) => appendOptimisationEvaluations(await workerDb(), args.id, args.evaluations, args.patch)),
  /** New per-window results of a running walk-forward (and its progress), one transaction. */
  saveWalkForwardProgress: defineTask(async (args: WalkForwardSaveArgs) => appendWalkForwardProgress(await workerDb(), args.id, args.windows, args.patch)),
  /** An optimisation as its page shows it (read and trimmed here, not on the main thread). */
  readOptimisationRunView: defineTask(async (args: { id: string }) => getOptimisationRunView(await workerDb(), args.id)),
  /** A walk-forward as its page shows it (read and trimmed here, not on the main thread). */
  readWalkForwardRunView: defineTask(async (args: { id: string }) => getWalkForwardRunView(await workerDb(), args.id)),
  /** Every run as a list of runs shows it (read and trimmed here, not on the main thread). */
  listRobustnessRuns: defineTask(async (_args: Record<string, never>) => listRobustnessRunHeads(await workerDb())),
};
