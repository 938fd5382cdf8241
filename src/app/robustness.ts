/**
 * What the Robustness page reads: the runs of every kind (kept current from the database), one run
 * in full, the completed backtests a run can start from, and the exports (CSV, JSON).
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import {
  createBacktestJobs,
  getBacktestJob,
  deleteMonteCarloRun,
  deleteOptimisationRun,
  deleteWalkForwardRun,
  getMonteCarloRun,
  getOptimisationRun,
  getWalkForwardRun,
  listBacktestJobs,
  observeQuery,
  type MonteCarloRunHead,
  type MonteCarloRunRecord,
  type OptimisationRunHead,
  type RunState,
  type WalkForwardRunHead,
  type OptimisationRunRecord,
  type WalkForwardRunRecord,
} from '../data';
import { readJobConfig, type BacktestJobConfig } from '../core/backtest/job';
import { rerunConfig } from './backtest-batch';
import { resumeQueue } from './backtest-queue';
import { database, reportWriteError } from './db-service';
import { downloadText } from './download';
import { dataWorker } from './worker-pools';
import type { OptimisationRunSettings, RunKind } from './robustness-runner';

export type { MonteCarloRunRecord, OptimisationRunRecord, WalkForwardRunRecord } from '../data';

/** A run as the list shows it: its lifecycle, kind, source backtest and one line of outcome. */
export interface RunView extends RunState {
  kind: RunKind;
  sourceSeq: number | null;
  /** One line of the outcome, when completed. */
  headline: string | null;
}

/** The list fields of any run record. */
function view(r: RunState & { config?: Record<string, unknown> }, kind: RunKind, headline: string | null): RunView {
  return {
    id: r.id,
    kind,
    name: r.name,
    status: r.status,
    progress: r.progress,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    error: r.error,
    sourceSeq: num(r.config?.sourceSeq),
    headline: r.status === 'COMPLETED' ? headline : null,
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function pct(v: number | null, digits = 1): string {
  return v === null ? '—' : `${(v * 100).toFixed(digits)} %`;
}

function mcView(r: MonteCarloRunHead): RunView {
  return view(r, 'montecarlo', `Risk of ruin ${pct(r.riskOfRuin)} · own drawdown exceeded in ${pct(r.drawdownExceeded ?? null)}`);
}

function optView(r: OptimisationRunHead): RunView {
  const o = r.overfitting ?? {};
  const best = r.best?.score;
  return view(r, 'optimisation', `${r.evaluationCount.toLocaleString('en-US')} sets · best ${r.objective} ${best === null || best === undefined ? '—' : best.toFixed(2)} · PBO ${pct(num(o.pbo), 0)}`);
}

function wfView(r: WalkForwardRunHead): RunView {
  const roi = num(r.summary?.metrics?.roiPct);
  const eff = num(r.summary?.efficiency);
  return view(r, 'walkforward', `${r.windowCount} windows · OOS ROI ${roi === null ? '—' : `${roi.toFixed(2)} %`} · efficiency ${eff === null ? '—' : `${(eff * 100).toFixed(0)} %`}`);
}

/**
 * `read` run one call at a time: each `ask` during a call makes one more call after it, so the
 * newest result is the last one handed to `take`; nothing is handed over after `stop`.
 */
function serialReads<T>(read: () => Promise<T>, take: (v: T) => void): { ask(): void; stop(): void } {
  let live = true;
  let reading = false;
  let again = false;
  const ask = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const v = await read();
        if (live) take(v);
      } while (again && live);
    } catch (e) {
      reportWriteError(e);
    } finally {
      reading = false;
    }
  };
  return {
    ask: () => void ask(),
    stop: () => {
      live = false;
    },
  };
}

/**
 * Every run, newest first, kept current. Call inside a component. The main thread watches only the
 * runs' keys (a query that reads no record); on a change the data worker reads the runs and hands
 * over what the list shows.
 */
export function createRunList(): { runs: RunView[]; loaded: boolean } {
  const [state, setState] = createStore<{ runs: RunView[]; loaded: boolean }>({ runs: [], loaded: false });
  const db = database();
  const reads = serialReads(
    () => dataWorker().run('listRobustnessRuns', {}),
    (h) => {
      const runs = [...h.monteCarlo.map(mcView), ...h.optimisation.map(optView), ...h.walkForward.map(wfView)].sort((a, b) => b.createdAt - a.createdAt);
      setState('runs', reconcile(runs, { key: 'id' }));
      setState('loaded', true);
    },
  );
  const sub = observeQuery(() => Promise.all([db.monteCarloRuns.toCollection().primaryKeys(), db.optimisationRuns.toCollection().primaryKeys(), db.walkForwardRuns.toCollection().primaryKeys()])).subscribe(() => reads.ask());
  onCleanup(() => {
    reads.stop();
    sub.unsubscribe();
  });
  return state;
}

export type RunRecord =
  | { kind: 'montecarlo'; record: MonteCarloRunRecord }
  | { kind: 'optimisation'; record: OptimisationRunRecord }
  | { kind: 'walkforward'; record: WalkForwardRunRecord };

/** The kind of a run id (`mc_…`, `opt_…`, `wf_…`), or null. */
export function kindOf(id: string): RunKind | null {
  if (id.startsWith('mc')) return 'montecarlo';
  if (id.startsWith('opt')) return 'optimisation';
  if (id.startsWith('wf')) return 'walkforward';
  return null;
}

/**
 * Run `id()` as its page shows it, kept current; undefined while loading, null when there is none.
 * An optimisation or walk-forward that is running changes every second: the main thread only
 * watches its key (a query that reads no record) and, on each change, the data worker reads the
 * run and trims it to what the page shows (no daily returns, no resumable state), one read at a
 * time, the newest last.
 */
export function createRunRecord(id: Accessor<string | null>): Accessor<RunRecord | null | undefined> {
  const [rec, setRec] = createSignal<RunRecord | null | undefined>(undefined);
  createEffect(() => {
    const i = id();
    setRec(undefined);
    if (i === null) {
      setRec(null);
      return;
    }
    const kind = kindOf(i);
    const db = database();
    if (kind === 'montecarlo') {
      const sub = observeQuery(async (): Promise<RunRecord | null> => {
        const r = await getMonteCarloRun(db, i);
        return r ? { kind, record: r } : null;
      }).subscribe((r) => setRec(r));
      onCleanup(() => sub.unsubscribe());
      return;
    }
    if (kind === null) {
      setRec(null);
      return;
    }
    const reads = serialReads(
      async (): Promise<RunRecord | null> => {
        if (kind === 'optimisation') {
          const record = await dataWorker().run('readOptimisationRunView', { id: i });
          return record ? { kind, record } : null;
        }
        const record = await dataWorker().run('readWalkForwardRunView', { id: i });
        return record ? { kind, record } : null;
      },
      (r) => setRec(r),
    );
    const table = kind === 'optimisation' ? db.optimisationRuns : db.walkForwardRuns;
    const sub = observeQuery(() => table.where('id').equals(i).primaryKeys()).subscribe(() => reads.ask());
    onCleanup(() => {
      reads.stop();
      sub.unsubscribe();
    });
  });
  return rec;
}

/** A completed backtest a run can start from. */
export interface SourceOption {
  id: string;
  seq: number;
  name: string;
  config: BacktestJobConfig;
  trades: number | null;
}

/**
 * Completed backtests, newest first, kept current. Call inside a component. An unchanged backtest
 * keeps its object when the list is read again (reconciled by id), so a form built on one (its
 * chosen source, the fields it filled in) is not reset when another backtest is queued or ends.
 */
export function createSourceOptions(): Accessor<SourceOption[] | undefined> {
  const [state, setState] = createStore<{ list: SourceOption[] | undefined }>({ list: undefined });
  const sub = observeQuery(async () => {
    const jobs = await listBacktestJobs(database(), { status: 'COMPLETED', newestFirst: true });
    const out: SourceOption[] = [];
    for (const j of jobs) {
      try {
        const config = readJobConfig(j.config);
        out.push({ id: j.id, seq: j.seq, name: j.name, config, trades: config.report?.summary.trades ?? null });
      } catch {
        // A job whose settings cannot be read cannot be a source.
      }
    }
    return out;
  }).subscribe((v) => setState('list', reconcile(v, { key: 'id' })));
  onCleanup(() => sub.unsubscribe());
  return () => state.list;
}

export async function deleteRun(kind: RunKind, id: string): Promise<void> {
  try {
    const db = database();
    if (kind === 'montecarlo') await deleteMonteCarloRun(db, id);
    else if (kind === 'optimisation') await deleteOptimisationRun(db, id);
    else await deleteWalkForwardRun(db, id);
  } catch (e) {
    reportWriteError(e);
  }
}

/** Plain JSON of a record: typed arrays as number arrays. */
function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

function fileBase(r: RunRecord): string {
  return `candlelab-${r.kind}-${r.record.id}`;
}

/** The run as stored, in full (a page shows a trimmed copy), as JSON. */
export async function exportRunJson(r: RunRecord): Promise<void> {
  const db = database();
  const full = r.kind === 'optimisation' ? await getOptimisationRun(db, r.record.id) : r.kind === 'walkforward' ? await getWalkForwardRun(db, r.record.id) : r.record;
  downloadText(`${fileBase(r)}.json`, `${JSON.stringify(plain(full ?? r.record), null, 2)}\n`, 'application/json');
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The run's main table as CSV: evaluations (optimisation), windows (walk-forward) or percentiles (Monte Carlo). */
export function runCsv(r: RunRecord): string {
  const rows: unknown[][] = [];
  if (r.kind === 'optimisation') {
    const keys = Object.keys(r.record.space);
    const metrics = ['roiPct', 'sharpe', 'sqn', 'profitFactor', 'calmar', 'maxDrawdownPct', 'totalTrades', 'winRate'];
    rows.push(['index', ...keys, 'score', ...metrics, 'error']);
    for (const e of r.record.evaluations) rows.push([e.index, ...keys.map((k) => e.params[k]), e.score, ...metrics.map((m) => e.metrics[m]), e.error]);
  } else if (r.kind === 'walkforward') {
    const keys = Object.keys(r.record.windows[0]?.params ?? {});
    rows.push(['window', 'is_from', 'is_to', 'oos_from', 'oos_to', ...keys, 'is_roi_pct', 'oos_roi_pct', 'is_sharpe', 'oos_sharpe', 'oos_trades', 'efficiency', 'pbo']);
    r.record.windows.forEach((w, i) =>
      rows.push([
        i + 1,
        new Date(w.inSample.from).toISOString(),
        new Date(w.inSample.to).toISOString(),
        new Date(w.outOfSample.from).toISOString(),
        new Date(w.outOfSample.to).toISOString(),
        ...keys.map((k) => w.params[k]),
        w.inSampleMetrics.roiPct,
        w.outOfSampleMetrics.roiPct,
        w.inSampleMetrics.sharpe,
        w.outOfSampleMetrics.sharpe,
        w.outOfSampleMetrics.totalTrades,
        w.efficiency,
        w.overfitting?.pbo,
      ]),
    );
  } else {
    rows.push(['metric', 'p5', 'p25', 'p50', 'p75', 'p95', 'backtest']);
    for (const [metric, p] of Object.entries(r.record.summary ?? {})) rows.push([metric, p.p5, p.p25, p.p50, p.p75, p.p95, r.record.baseline?.[metric]]);
    rows.push(['riskOfRuin', r.record.riskOfRuin]);
    rows.push(['drawdownExceeded', r.record.drawdownExceeded]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

export function exportRunCsv(r: RunRecord): void {
  downloadText(`${fileBase(r)}.csv`, runCsv(r));
}

/**
 * Queues a backtest of the optimisation's source with its best parameters over the source's own
 * window (the full report, and a source for Monte Carlo); returns the new backtest's number.
 */
export async function backtestBest(runId: string): Promise<number> {
  const db = database();
  const run = await getOptimisationRun(db, runId);
  if (!run || !run.best) throw new RangeError(`run: ${runId} has no best result`);
  const settings = run.config as unknown as OptimisationRunSettings;
  const job = await getBacktestJob(db, settings.sourceJobId);
  if (!job) throw new RangeError(`source: backtest #${settings.sourceSeq} no longer exists`);
  const base = rerunConfig(readJobConfig(job.config));
  const config = { ...base, params: { ...base.params, ...run.best.params } };
  const [created] = await createBacktestJobs(db, [{ name: `${job.name} · best of ${run.name}`, config }], null);
  resumeQueue();
  return created.seq;
}
