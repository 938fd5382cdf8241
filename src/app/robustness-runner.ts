/**
 * Runs robustness runs (Monte Carlo, optimisation, walk-forward) on the compute pool and keeps
 * their records current.
 *
 * - Every run starts from a completed backtest: its market, strategy, settings and window.
 * - The configuration is checked before anything is stored (an error names the field and the
 *   value); the record is then created and marked RUNNING.
 * - Optimisation and walk-forward: the page holds the session (which proposes candidates) and
 *   hands batches of evaluations to the pool, each worker reading the candles itself. At most once
 *   a second the evaluations recorded since the last save go to the data worker, which appends
 *   them to the stored run in one transaction (the main thread never clones or writes the whole
 *   record), so an interrupted run (a reload, a closed tab) resumes from what was stored: `resumeRobustness` picks up every run left RUNNING, in the
 *   one tab holding the lock `candlelab-robustness`. The overfitting statistics are computed in a
 *   worker at the end.
 * - Monte Carlo: the worker reads the trades; the runs are split over the pool in chunks; the
 *   summary is computed in a worker.
 * - Cancel stops the run's pool tasks and marks it CANCELLED. Cancellation is handled only here
 *   ({@link isCancellation} and the per-run AbortController).
 */
import { createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { BacktestStrategySpec } from '../core/backtest/request';
import { resolveRequestStrategy } from '../core/backtest/request';
import type { Metrics } from '../core/metrics';
import {
  MIN_MONTE_CARLO_TRADES,
  OptimisationSession,
  WalkForwardSession,
  describeObjective,
  monteCarloChunks,
  splitBatch,
  validateMonteCarloConfig,
  type EvalOutcome,
  type EvalRequest,
  type EvalSession,
  type Evaluation,
  type MonteCarloConfig,
  type OptimisationRunConfig,
  type StoredWindow,
  type WalkForwardConfig,
} from '../core/robustness';
import {
  createMonteCarloRun,
  createOptimisationRun,
  createWalkForwardRun,
  getBacktestJob,
  getOptimisationRun,
  getWalkForwardRun,
  listMonteCarloRuns,
  listOptimisationRuns,
  listWalkForwardRuns,
  updateMonteCarloRun,
  updateOptimisationRun,
  updateWalkForwardRun,
  type BacktestJobRecord,
  type OptimisationRunRecord,
  type RunPatch,
  type WalkForwardProgressPatch,
  type MetricRecord,
  type OptimisationEvaluation,
} from '../data';
import { isCancellation } from '../core/util/cancel';
import { readJobConfig, type BacktestJobConfig } from '../core/backtest/job';
import type { RobustnessData } from '../../workers/compute/robustness-tasks';
import type { WalkForwardSaveArgs } from '../../workers/data/robustness-tasks';
import { computePool, computePoolSize, dataWorker } from './worker-pools';
import { database, reportWriteError } from './db-service';

export type RunKind = 'montecarlo' | 'optimisation' | 'walkforward';

/** Progress of a run this tab is running: evaluations (or simulated runs) done, total, and the estimated time left. */
export interface LiveProgress {
  done: number;
  total: number;
  etaMs: number | null;
  phase: string;
}

const [live, setLive] = createStore<Record<string, LiveProgress>>({});
/** Live progress of the runs this tab runs, by run id. */
export { live as liveProgress };

const controllers = new Map<string, AbortController>();
const SAVE_EVERY_MS = 1000;
export const ROBUSTNESS_LOCK = 'candlelab-robustness';

const [runnerRole, setRunnerRole] = createSignal<'idle' | 'runner' | 'observer'>('idle');
export { runnerRole };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A completed backtest as the source of a run. */
export interface RunSource {
  jobId: string;
  seq: number;
  name: string;
  config: BacktestJobConfig;
}

/** The completed backtest `jobId` with its configuration; throws naming it when it cannot be a source. */
export async function sourceOf(jobId: string): Promise<RunSource> {
  const job: BacktestJobRecord | undefined = await getBacktestJob(database(), jobId);
  if (!job) throw new RangeError(`source: backtest ${JSON.stringify(jobId)} does not exist`);
  if (job.status !== 'COMPLETED') throw new RangeError(`source: backtest #${job.seq} is ${job.status}, not completed`);
  return { jobId: job.id, seq: job.seq, name: job.name, config: readJobConfig(job.config) };
}

function dataOf(source: RunSource): RobustnessData {
  const c = source.config;
  return { exchange: c.exchange, symbols: [...c.symbols], timeframe: c.timeframe, strategy: strategySpec(c), config: c.backtest };
}

function strategySpec(c: BacktestJobConfig): BacktestStrategySpec {
  const spec: BacktestStrategySpec = { name: c.strategy, params: { ...(c.params ?? {}) } };
  if (c.script !== undefined) spec.script = c.script;
  return spec;
}

function tracker(id: string, phase: string): (done: number, total: number) => void {
  const t0 = Date.now();
  let d0: number | null = null;
  return (done, total) => {
    if (d0 === null) d0 = done;
    const elapsed = Date.now() - t0;
    const rate = done > d0 ? elapsed / (done - d0) : null;
    setLive(id, { done, total, phase, etaMs: rate === null ? null : rate * Math.max(0, total - done) });
  };
}

function endLive(id: string): void {
  controllers.delete(id);
  setLive(id, undefined!);
}

function toRecordEval(e: Evaluation): OptimisationEvaluation {
  return { index: e.index, params: e.params, metrics: (e.metrics ?? {}) as MetricRecord, score: e.score, error: e.error, returns: e.returns };
}

function fromRecordEval(r: OptimisationEvaluation): Evaluation {
  return {
    index: r.index ?? 0,
    params: r.params,
    metrics: r.error ? null : (r.metrics as unknown as Metrics),
    score: r.score ?? null,
    error: r.error ?? null,
    returns: r.returns ?? [],
  };
}

/** Runs a session to its end on the pool; `onRecord` after every recorded batch. */
async function drive(session: EvalSession, data: RobustnessData, objective: OptimisationRunConfig['optimiser']['objective'], constraints: OptimisationRunConfig['optimiser']['constraints'], signal: AbortSignal, onRecord: () => void): Promise<void> {
  const pool = computePool();
  const slots = computePoolSize() * 2;
  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;
  const launch = (requests: EvalRequest[]) => {
    const p = pool
      .run('robustnessEvaluate', { data, objective, constraints, requests }, { signal })
      .then((outs: EvalOutcome[]) => {
        session.record(outs);
        onRecord();
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  while (!session.finished()) {
    if (failure !== null) break;
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    const batch = inflight.size < slots ? session.nextBatch() : [];
    for (const part of splitBatch(batch, slots)) launch(part);
    if (inflight.size === 0) {
      if (batch.length === 0) throw new Error('the search stopped with nothing left to evaluate');
      continue;
    }
    await Promise.race(inflight);
  }
  await Promise.all(inflight);
  if (failure !== null) throw failure;
}

async function settle(kind: RunKind, id: string, e: unknown): Promise<void> {
  const db = database();
  const patch = isCancellation(e) ? { status: 'CANCELLED' as const, finishedAt: Date.now() } : { status: 'FAILED' as const, error: messageOf(e) || 'the run failed', finishedAt: Date.now() };
  try {
    if (kind === 'montecarlo') await updateMonteCarloRun(db, id, patch);
    else if (kind === 'optimisation') await updateOptimisationRun(db, id, patch);
    else await updateWalkForwardRun(db, id, patch);
  } catch (w) {
    reportWriteError(w);
  }
}

/**
 * Runs `body` as run `id` of `kind`: with its AbortController (cancel), settling the record as
 * FAILED or CANCELLED when it throws, and clearing the live progress at the end.
 */
async function lifecycle(kind: RunKind, id: string, body: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const ac = new AbortController();
  controllers.set(id, ac);
  try {
    await body(ac.signal);
  } catch (e) {
    await settle(kind, id, e);
  } finally {
    endLive(id);
  }
}

/** The source of an optimisation or walk-forward run, as its configuration stores it. */
interface SourceSettings {
  sourceJobId: string;
  sourceSeq: number;
  data: RobustnessData;
}

/**
 * Progress reporting of a session: every call updates the live progress; at most once a second (or
 * when forced) `write` stores the run's state with its progress (0..0.99 until completed).
 */
function saver(track: (done: number, total: number) => void, session: EvalSession, write: (progress: number) => Promise<void>): (force: boolean) => Promise<void> {
  let last = 0;
  return async (force) => {
    const p = session.progress();
    track(p.done, p.total);
    if (!force && Date.now() - last < SAVE_EVERY_MS) return;
    last = Date.now();
    await write(p.total > 0 ? Math.min(0.99, p.done / p.total) : 0);
  };
}

/** Runs the writes given to it one after another, in the order given, so a later save never lands before an earlier one. */
function saves(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const p = tail.then(task, task);
    tail = p.catch(() => undefined);
    return p;
  };
}

// ---------------------------------------------------------------------------------------------
// Monte Carlo

export async function startMonteCarlo(jobId: string, config: MonteCarloConfig, name?: string): Promise<string> {
  validateMonteCarloConfig(config);
  const source = await sourceOf(jobId);
  const trades = source.config.report?.summary.trades ?? null;
  if (trades !== null && trades < MIN_MONTE_CARLO_TRADES) {
    throw new RangeError(`trades: ${trades} in backtest #${source.seq}; Monte Carlo needs at least ${MIN_MONTE_CARLO_TRADES} closed trades`);
  }
  const run = await createMonteCarloRun(database(), {
    name: name ?? `Monte Carlo of #${source.seq} (${config.method}, ${config.runs.toLocaleString('en-US')} runs)`,
    sourceBacktestId: jobId,
    method: config.method,
    runs: config.runs,
    seed: config.seed,
    summary: null,
    distributions: [],
    riskOfRuin: null,
    fan: null,
    config: { ...config, sourceSeq: source.seq },
  });
  void runMonteCarlo(run.id, jobId, config);
  return run.id;
}

function runMonteCarlo(id: string, jobId: string, config: MonteCarloConfig): Promise<void> {
  const db = database();
  const track = tracker(id, 'simulate');
  return lifecycle('montecarlo', id, async (signal) => {
    await updateMonteCarloRun(db, id, { status: 'RUNNING', progress: 0 });
    const pool = computePool();
    const input = await pool.run('monteCarloInput', { jobId }, { signal: signal });
    const parts = monteCarloChunks(config.runs, Math.max(1, computePoolSize()) * 4);
    const done = new Array<number>(parts.length).fill(0);
    track(0, config.runs);
    const chunks = await Promise.all(
      parts.map((p, i) =>
        pool.run('monteCarloChunk', { input, config, ...p }, {
          signal: signal,
          onProgress: (pr) => {
            done[i] = pr.done;
            track(
              done.reduce((a, b) => a + b, 0),
              config.runs,
            );
          },
        }),
      ),
    );
    setLive(id, 'phase', 'summarise');
    const s = await pool.run('monteCarloSummary', { input, config, chunks }, { signal: signal });
    const bands: Record<string, Float64Array> = {};
    for (const [k, v] of Object.entries(s.fan.bands)) bands[k] = Float64Array.from(v);
    bands.baseline = Float64Array.from(s.fan.baseline);
    await updateMonteCarloRun(db, id, {
      status: 'COMPLETED',
      progress: 1,
      finishedAt: Date.now(),
      summary: s.percentiles,
      distributions: s.histograms,
      riskOfRuin: s.riskOfRuin,
      fan: { step: Float64Array.from(s.fan.steps), bands },
      baseline: s.baseline,
      drawdownExceeded: s.drawdownExceeded,
      trades: s.trades,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Optimisation

/** What an optimisation stores as its configuration. */
export interface OptimisationRunSettings extends SourceSettings {
  run: OptimisationRunConfig;
}

export async function startOptimisation(jobId: string, run: OptimisationRunConfig, name?: string): Promise<string> {
  const source = await sourceOf(jobId);
  const data = dataOf(source);
  const strategy = resolveRequestStrategy(data.strategy).strategy;
  const session = new OptimisationSession(strategy, run);
  const settings: OptimisationRunSettings = { sourceJobId: jobId, sourceSeq: source.seq, data, run };
  const rec = await createOptimisationRun(database(), {
    name: name ?? `Optimise #${source.seq} ${data.strategy.name} (${run.optimiser.method}, ${session.optimiser.total.toLocaleString('en-US')} sets)`,
    strategy: strategy.id,
    space: run.optimiser.space,
    method: run.optimiser.method,
    objective: describeObjective(run.optimiser.objective),
    constraints: { ...run.optimiser.constraints },
    evaluations: [],
    best: null,
    overfitting: null,
    config: settings as unknown as Record<string, unknown>,
    holdout: null,
  });
  void runOptimisation(rec.id, settings, [], null);
  return rec.id;
}

function runOptimisation(id: string, settings: OptimisationRunSettings, done: Evaluation[], holdout: Evaluation | null): Promise<void> {
  const track = tracker(id, 'evaluate');
  return lifecycle('optimisation', id, async (signal) => {
    const strategy = resolveRequestStrategy(settings.data.strategy).strategy;
    const session = new OptimisationSession(strategy, settings.run, done, holdout);
    const saved = new Set(done.map((e) => e.index));
    let savedHoldout = holdout;
    const write = saves();
    // Only what was recorded since the last save crosses to the data worker, which appends it to
    // the stored run in one transaction.
    const persist = (patch: Omit<RunPatch<OptimisationRunRecord>, 'evaluations'>) => {
      const added = session.optimiser.evaluations().filter((e) => !saved.has(e.index));
      for (const e of added) saved.add(e.index);
      const h = session.holdoutResult().evaluation;
      const withHoldout = h !== savedHoldout && patch.holdout === undefined && h ? { ...patch, holdout: toRecordEval(h) } : patch;
      savedHoldout = h;
      return write(() => dataWorker().run('saveOptimisationProgress', { id, evaluations: added.map(toRecordEval), patch: withHoldout }));
    };
    await persist({ status: 'RUNNING' });
    const save = saver(track, session, (progress) => persist({ progress }).then(() => undefined));
    const o = settings.run.optimiser;
    await drive(session, settings.data, o.objective, o.constraints, signal, () => void save(false).catch(reportWriteError));
    setLive(id, 'phase', 'overfitting statistics');
    const s = await computePool().run(
      'optimisationSummary',
      { strategy: settings.data.strategy, run: settings.run, evaluations: session.optimiser.evaluations(), holdout: session.holdoutResult().evaluation },
      { signal: signal },
    );
    await persist({
      status: 'COMPLETED',
      progress: 1,
      finishedAt: Date.now(),
      best: s.best ? toRecordEval(s.best) : null,
      holdout: s.holdout ? toRecordEval(s.holdout) : null,
      overfitting: {
        pbo: s.overfitting.pbo?.pbo ?? null,
        pboCombinations: s.overfitting.pbo?.combinations ?? null,
        pboSlope: s.overfitting.pbo?.slope ?? null,
        probabilityOfLoss: s.overfitting.pbo?.probabilityOfLoss ?? null,
        dsr: s.overfitting.dsr?.dsr ?? null,
        sr0: s.overfitting.dsr?.sr0 ?? null,
        trials: s.overfitting.trials,
        stability: s.stability.ratio,
      },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Walk-forward

export interface WalkForwardRunSettings extends SourceSettings {
  walkForward: WalkForwardConfig;
}

export async function startWalkForward(jobId: string, walkForward: WalkForwardConfig, name?: string): Promise<string> {
  const source = await sourceOf(jobId);
  const data = dataOf(source);
  const strategy = resolveRequestStrategy(data.strategy).strategy;
  const session = new WalkForwardSession(strategy, walkForward, data.config.initialCapital);
  const settings: WalkForwardRunSettings = { sourceJobId: jobId, sourceSeq: source.seq, data, walkForward };
  const rec = await createWalkForwardRun(database(), {
    name: name ?? `Walk-forward #${source.seq} ${data.strategy.name} (${session.windows.length} ${walkForward.mode} windows)`,
    config: settings as unknown as Record<string, unknown>,
    windows: [],
    summary: null,
  });
  void runWalkForward(rec.id, settings, []);
  return rec.id;
}

function runWalkForward(id: string, settings: WalkForwardRunSettings, stored: StoredWindow[]): Promise<void> {
  const track = tracker(id, 'evaluate');
  return lifecycle('walkforward', id, async (signal) => {
    const strategy = resolveRequestStrategy(settings.data.strategy).strategy;
    const session = new WalkForwardSession(strategy, settings.walkForward, settings.data.config.initialCapital, stored);
    const saved = stored.map((w) => ({ indices: new Set(w.evaluations.map((e) => e.index)), oos: w.oos !== null }));
    const write = saves();
    // Per window, only what was recorded since the last save crosses to the data worker.
    const persist = (patch: WalkForwardProgressPatch) => {
      const windows: WalkForwardSaveArgs['windows'] = [];
      session.stored().forEach((w, i) => {
        const s = (saved[i] ??= { indices: new Set(), oos: false });
        const added = w.evaluations.filter((e) => !s.indices.has(e.index));
        for (const e of added) s.indices.add(e.index);
        const oos = !s.oos && w.oos !== null;
        s.oos ||= oos;
        if (added.length > 0 || oos) windows.push({ window: i, evaluations: added.map(toRecordEval), ...(oos ? { oos: toRecordEval(w.oos!), oosDetail: w.oosDetail } : {}) });
      });
      return write(() => dataWorker().run('saveWalkForwardProgress', { id, windows, patch }));
    };
    await persist({ status: 'RUNNING' });
    const save = saver(track, session, (progress) => persist({ progress }));
    const o = settings.walkForward.optimiser;
    await drive(session, settings.data, o.objective, o.constraints, signal, () => void save(false).catch(reportWriteError));
    setLive(id, 'phase', 'stitching and overfitting statistics');
    const s = await computePool().run(
      'walkForwardSummary',
      { strategy: settings.data.strategy, config: settings.walkForward, initialCapital: settings.data.config.initialCapital, stored: session.stored() },
      { signal: signal },
    );
    const eq = s.stitched?.equity ?? [];
    await write(() =>
      dataWorker().run('saveWalkForwardProgress', {
        id,
        windows: [],
        patch: {
          status: 'COMPLETED',
          progress: 1,
          finishedAt: Date.now(),
          windows: s.windows.map((w, i) => ({
            inSample: w.inSample,
            outOfSample: w.outOfSample,
            params: w.params ?? {},
            inSampleMetrics: (w.inSampleMetrics ?? {}) as MetricRecord,
            outOfSampleMetrics: (w.outOfSampleMetrics ?? {}) as MetricRecord,
            evaluations: w.evaluations,
            efficiency: w.efficiency,
            overfitting: {
              pbo: s.overfitting[i]?.pbo?.pbo ?? null,
              dsr: s.overfitting[i]?.dsr?.dsr ?? null,
              trials: s.overfitting[i]?.trials ?? null,
            },
          })),
          summary: s.stitched
            ? { efficiency: s.efficiency, equity: { time: Float64Array.from(eq, (p) => p[0]), value: Float64Array.from(eq, (p) => p[1]) }, metrics: s.stitched.metrics as unknown as MetricRecord }
            : { efficiency: s.efficiency, equity: { time: new Float64Array(0), value: new Float64Array(0) }, metrics: {} },
          drift: s.drift,
          progressState: null,
        },
      }),
    );
  });
}

// ---------------------------------------------------------------------------------------------

/** Cancels a run this tab runs (its tasks stop), or marks a run of another tab CANCELLED. */
export async function cancelRun(kind: RunKind, id: string): Promise<void> {
  const ac = controllers.get(id);
  if (ac) {
    ac.abort();
    return;
  }
  await settle(kind, id, new DOMException('cancelled', 'AbortError'));
}

/** True while this tab runs `id`. */
export function isRunningHere(id: string): boolean {
  return controllers.has(id);
}

let resumed = false;

/**
 * Resumes every run a closed or reloaded tab left PENDING or RUNNING (idempotent), in the tab that
 * holds the robustness lock: optimisations and walk-forward runs continue from their stored
 * evaluations; Monte Carlo runs start again (same seed, same result).
 */
export function resumeRobustness(): void {
  if (resumed) return;
  try {
    database();
  } catch {
    return;
  }
  resumed = true;
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (!locks || typeof locks.request !== 'function') {
    void resumeAll();
    return;
  }
  setRunnerRole('observer');
  locks
    .request(ROBUSTNESS_LOCK, async () => {
      setRunnerRole('runner');
      await resumeAll();
      await new Promise<never>(() => {});
    })
    .catch(reportWriteError);
}

async function resumeAll(): Promise<void> {
  const db = database();
  try {
    for (const status of ['RUNNING', 'PENDING'] as const) {
      for (const r of await listOptimisationRuns(db, { status })) {
        if (controllers.has(r.id)) continue;
        const full = await getOptimisationRun(db, r.id);
        const settings = full?.config as unknown as OptimisationRunSettings | undefined;
        if (!full || !settings?.run) continue;
        void runOptimisation(r.id, settings, full.evaluations.map(fromRecordEval), full.holdout ? fromRecordEval(full.holdout) : null);
      }
      for (const r of await listWalkForwardRuns(db, status)) {
        if (controllers.has(r.id)) continue;
        const full = await getWalkForwardRun(db, r.id);
        const settings = full?.config as unknown as WalkForwardRunSettings | undefined;
        if (!full || !settings?.walkForward) continue;
        const stored: StoredWindow[] = (full.progressState?.windows ?? []).map((w) => ({
          evaluations: w.evaluations.map(fromRecordEval),
          oos: w.oos ? fromRecordEval(w.oos) : null,
          oosDetail: w.oosDetail,
        }));
        void runWalkForward(r.id, settings, stored);
      }
      for (const r of await listMonteCarloRuns(db, { status })) {
        if (controllers.has(r.id)) continue;
        const config = r.config as unknown as MonteCarloConfig | undefined;
        if (!config?.method) continue;
        void runMonteCarlo(r.id, r.sourceBacktestId, config);
      }
    }
  } catch (e) {
    reportWriteError(e);
  }
}

export { fromRecordEval };
