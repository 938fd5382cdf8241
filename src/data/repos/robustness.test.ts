import { afterEach, describe, expect, it } from 'vitest';
import type { CandlelabDb } from '../db';
import { DataError } from '../errors';
import { memoryDb } from '../testing/memory-db';
import type { OptimisationEvaluation } from '../records/robustness';
import {
  appendOptimisationEvaluations,
  appendWalkForwardProgress,
  createOptimisationRun,
  createWalkForwardRun,
  getOptimisationRun,
  getOptimisationRunView,
  getWalkForwardRun,
  getWalkForwardRunView,
  listRobustnessRunHeads,
  createMonteCarloRun,
  updateOptimisationRun,
} from './robustness';

let db: CandlelabDb;
afterEach(() => db?.close());

function ev(index: number, score: number): OptimisationEvaluation {
  return { index, params: { period: 10 + index }, metrics: { sharpe: score }, score, error: null, returns: [index / 100, -index / 200] };
}

async function optimisation(evaluations: OptimisationEvaluation[] = []) {
  return createOptimisationRun(
    db,
    { name: 'opt', strategy: 'rsi', space: {}, method: 'grid', objective: 'sharpe', constraints: {}, evaluations, best: null, overfitting: null, holdout: null },
    1,
  );
}

describe('appendOptimisationEvaluations', () => {
  it('adds only the new evaluations, in index order, with the patch, and keeps what was stored', async () => {
    db = await memoryDb();
    const run = await optimisation([ev(0, 1)]);
    expect(await appendOptimisationEvaluations(db, run.id, [ev(3, 4), ev(1, 2)], { status: 'RUNNING', progress: 0.5 })).toBe(3);
    // A repeated index keeps the stored evaluation; the new one lands between the stored ones.
    expect(await appendOptimisationEvaluations(db, run.id, [{ ...ev(1, 99) }, ev(2, 3)], { progress: 0.8 })).toBe(4);
    const r = await getOptimisationRun(db, run.id);
    expect(r?.evaluations).toEqual([ev(0, 1), ev(1, 2), ev(2, 3), ev(3, 4)]);
    expect(r).toMatchObject({ status: 'RUNNING', progress: 0.8, name: 'opt', createdAt: 1 });
  });

  it('applies a final patch with no new evaluations and leaves the evaluations as stored', async () => {
    db = await memoryDb();
    const run = await optimisation([ev(0, 1), ev(1, 2)]);
    await appendOptimisationEvaluations(db, run.id, [], { status: 'COMPLETED', progress: 1, finishedAt: 5, best: ev(1, 2) });
    expect(await getOptimisationRun(db, run.id)).toMatchObject({ status: 'COMPLETED', progress: 1, finishedAt: 5, best: ev(1, 2), evaluations: [ev(0, 1), ev(1, 2)] });
  });

  it('refuses a bad index, a bad progress or an unknown run, naming it, and changes nothing', async () => {
    db = await memoryDb();
    const run = await optimisation([ev(0, 1)]);
    await updateOptimisationRun(db, run.id, { progress: 0.1 });
    await expect(appendOptimisationEvaluations(db, run.id, [ev(1, 2), { ...ev(2, 3), index: 1.5 }], { progress: 0.2 })).rejects.toThrow('evaluations[1].index: 1.5 is not an integer');
    await expect(appendOptimisationEvaluations(db, run.id, [ev(1, 2)], { progress: 2 })).rejects.toThrow(/progress/);
    const missing = await appendOptimisationEvaluations(db, 'opt_missing', [ev(1, 2)]).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DataError);
    expect((missing as DataError).code).toBe('NOT_FOUND');
    expect(await getOptimisationRun(db, run.id)).toMatchObject({ progress: 0.1, evaluations: [ev(0, 1)] });
  });
});

describe('appendWalkForwardProgress', () => {
  it('grows each window by its new evaluations and out-of-sample result, then clears the state when the run ends', async () => {
    db = await memoryDb();
    const run = await createWalkForwardRun(db, { name: 'wf', config: {}, windows: [], summary: null }, 1);
    const detail = { equity: [[1, 100] as [number, number]], trades: [], barsInMarket: 3, bars: 10 };
    await appendWalkForwardProgress(db, run.id, [{ window: 1, evaluations: [ev(1, 2), ev(0, 1)] }], { status: 'RUNNING', progress: 0.2 });
    await appendWalkForwardProgress(db, run.id, [
      { window: 0, evaluations: [ev(0, 5)] },
      { window: 1, evaluations: [ev(2, 3), ev(0, 9)], oos: ev(2, 1), oosDetail: detail },
    ]);
    const r = await getWalkForwardRun(db, run.id);
    expect(r?.progressState).toEqual({
      windows: [
        { evaluations: [ev(0, 5)], oos: null, oosDetail: null },
        { evaluations: [ev(0, 1), ev(1, 2), ev(2, 3)], oos: ev(2, 1), oosDetail: detail },
      ],
    });
    expect(r).toMatchObject({ status: 'RUNNING', progress: 0.2 });
    await appendWalkForwardProgress(db, run.id, [], { status: 'COMPLETED', progress: 1, progressState: null });
    expect(await getWalkForwardRun(db, run.id)).toMatchObject({ status: 'COMPLETED', progress: 1, progressState: null });
  });

  it('refuses a window that is not a window number, naming it', async () => {
    db = await memoryDb();
    const run = await createWalkForwardRun(db, { name: 'wf', config: {}, windows: [], summary: null }, 1);
    await expect(appendWalkForwardProgress(db, run.id, [{ window: -1, evaluations: [ev(0, 1)] }])).rejects.toThrow('windows[0].window: -1 is not a window number');
    expect((await getWalkForwardRun(db, run.id))?.progressState).toBeUndefined();
  });
});

describe('run views', () => {
  it('an optimisation view has every evaluation without its daily returns; the stored run keeps them', async () => {
    db = await memoryDb();
    const run = await optimisation([ev(0, 1), ev(1, 2)]);
    await appendOptimisationEvaluations(db, run.id, [], { best: ev(1, 2), holdout: ev(1, 3) });
    const { returns: _r0, ...bare0 } = ev(0, 1);
    const { returns: _r1, ...bare1 } = ev(1, 2);
    const { returns: _h, ...bareHoldout } = ev(1, 3);
    const view = await getOptimisationRunView(db, run.id);
    expect(view).toMatchObject({ id: run.id, name: 'opt', evaluations: [bare0, bare1], best: bare1, holdout: bareHoldout });
    expect(view?.evaluations.some((e) => 'returns' in e)).toBe(false);
    expect((await getOptimisationRun(db, run.id))?.evaluations).toEqual([ev(0, 1), ev(1, 2)]);
    expect(await getOptimisationRunView(db, 'opt_missing')).toBeUndefined();
  });

  it('a walk-forward view leaves out the resumable state', async () => {
    db = await memoryDb();
    const run = await createWalkForwardRun(db, { name: 'wf', config: { a: 1 }, windows: [], summary: null }, 1);
    await appendWalkForwardProgress(db, run.id, [{ window: 0, evaluations: [ev(0, 1)] }], { progress: 0.3 });
    const view = await getWalkForwardRunView(db, run.id);
    expect(view).toMatchObject({ id: run.id, name: 'wf', config: { a: 1 }, progress: 0.3 });
    expect(view && 'progressState' in view).toBe(false);
    expect((await getWalkForwardRun(db, run.id))?.progressState?.windows).toHaveLength(1);
  });
});

describe('listRobustnessRunHeads', () => {
  it('lists every run newest first per kind without its heavy fields, counting evaluations and windows', async () => {
    db = await memoryDb();
    const mc = await createMonteCarloRun(db, { name: 'mc', sourceBacktestId: 'bt_1', method: 'reshuffle', runs: 10, seed: 1, summary: null, distributions: [{ metric: 'roi', edges: [0, 1], counts: [3] }], riskOfRuin: 0.1, fan: { step: Float64Array.from([0]), bands: {} } }, 1);
    const older = await optimisation([ev(0, 1)]);
    const newer = await createOptimisationRun(db, { name: 'opt2', strategy: 'rsi', space: {}, method: 'grid', objective: 'sharpe', constraints: {}, evaluations: [ev(0, 1), ev(1, 2), ev(2, 3)], best: ev(2, 3), overfitting: null, holdout: null }, 5);
    const wf = await createWalkForwardRun(db, { name: 'wf', config: {}, windows: [], summary: { efficiency: 0.5, equity: { time: Float64Array.from([1, 2]), value: Float64Array.from([100, 110]) }, metrics: { roiPct: 10 } } }, 2);
    await appendWalkForwardProgress(db, wf.id, [{ window: 0, evaluations: [ev(0, 1)] }]);
    const heads = await listRobustnessRunHeads(db);
    expect(heads.optimisation.map((h) => [h.id, h.evaluationCount, h.best?.score])).toEqual([
      [newer.id, 3, 3],
      [older.id, 1, undefined],
    ]);
    expect(heads.optimisation.some((h) => 'evaluations' in h)).toBe(false);
    expect(heads.walkForward).toEqual([expect.objectContaining({ id: wf.id, windowCount: 0, summary: { efficiency: 0.5, metrics: { roiPct: 10 } } })]);
    expect('progressState' in heads.walkForward[0]).toBe(false);
    expect(heads.monteCarlo).toEqual([expect.objectContaining({ id: mc.id, riskOfRuin: 0.1 })]);
    expect('fan' in heads.monteCarlo[0] || 'distributions' in heads.monteCarlo[0]).toBe(false);
  });
});
