/** The job list of the Backtests page: each job's view and the queue's state, kept current from the database. */
import { createEffect, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { BacktestJobConfig } from '../core/backtest/job';
import type { Timeframe } from '../core/candles/timeframe';
import { formatMetric } from '../core/metrics';
import { observeQuery, readBacktestQueue, type BacktestJobRecord, type JobStatus } from '../data';
import { database } from './db-service';

export type { JobStatus } from '../data';

/** Headline numbers of a completed job, from the summary stored with it. */
export interface JobHeadline {
  trades: number;
  roiPct: number | null;
  winRate: number | null;
  /** Null when undefined; see `profitFactorInfinite`. */
  profitFactor: number | null;
  /** True when there was profit and no losing trade (shown as ∞). */
  profitFactorInfinite: boolean;
  maxDrawdownPct: number | null;
}

/** A job as the Backtests page lists it (without its configuration's bulk, such as a script). */
export interface BacktestJobView extends Pick<BacktestJobRecord, 'id' | 'seq' | 'name' | 'batch' | 'status' | 'progress' | 'createdAt' | 'startedAt' | 'finishedAt' | 'error'> {
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  strategy: string;
  from: number | null;
  to: number | null;
  headline: JobHeadline | null;
}

/** The headline as the list shows it, in the metrics' own formats (an infinite profit factor is "∞"). */
export interface HeadlineText {
  trades: string;
  roiPct: string;
  winRate: string;
  profitFactor: string;
  maxDrawdownPct: string;
}

export function headlineText(h: JobHeadline): HeadlineText {
  return {
    trades: formatMetric('totalTrades', h.trades),
    roiPct: formatMetric('roiPct', h.roiPct),
    winRate: formatMetric('winRate', h.winRate),
    profitFactor: formatMetric('profitFactor', h.profitFactorInfinite ? Infinity : h.profitFactor),
    maxDrawdownPct: formatMetric('maxDrawdownPct', h.maxDrawdownPct),
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * A job as the list shows it. The headline of a completed job is its run summary's, whose
 * `profitFactorInfinite` is the engine's rule (`isInfiniteProfitFactor`) applied when the run
 * completed or the file was imported.
 */
export function backtestJobView(j: BacktestJobRecord): BacktestJobView {
  const c = j.config as Partial<BacktestJobConfig>;
  const summary = c.report?.summary;
  let headline: JobHeadline | null = null;
  if (j.status === 'COMPLETED' && summary) {
    headline = {
      trades: num(summary.trades) ?? 0,
      roiPct: num(summary.roiPct),
      winRate: num(summary.winRate),
      profitFactor: num(summary.profitFactor),
      profitFactorInfinite: summary.profitFactorInfinite === true,
      maxDrawdownPct: num(summary.maxDrawdownPct),
    };
  }
  return {
    id: j.id,
    seq: j.seq,
    name: j.name,
    batch: j.batch,
    status: j.status,
    progress: j.progress,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    error: j.error,
    exchange: String(c.exchange ?? ''),
    symbols: Array.isArray(c.symbols) ? c.symbols.map(String) : [],
    timeframe: c.timeframe as Timeframe,
    strategy: String(c.strategy ?? ''),
    from: num(c.from),
    to: num(c.to),
    headline,
  };
}

/** What the monitor and the job list show. */
export interface QueueState {
  /** False until the first read. */
  loaded: boolean;
  counts: Record<JobStatus, number>;
  total: number;
  /** The current page of jobs, newest first. */
  rows: BacktestJobView[];
  /** The RUNNING jobs, oldest first. */
  running: BacktestJobView[];
  /** Time of the last change seen (UTC ms). */
  updatedAt: number;
}

const NO_COUNTS: Record<JobStatus, number> = { PENDING: 0, RUNNING: 0, COMPLETED: 0, FAILED: 0, CANCELLED: 0 };

/**
 * The queue as the page shows it, kept current from the database (changes made by any tab or
 * worker): counts by status, the RUNNING jobs, and page `page()` of the job list (newest first,
 * `pageSize` rows). Rows keep their identity across updates, so only changed cells re-render.
 * Call inside a component.
 */
export function createQueueState(page: Accessor<number>, pageSize: number): QueueState {
  const [state, setState] = createStore<QueueState>({
    loaded: false,
    counts: { ...NO_COUNTS },
    total: 0,
    rows: [],
    running: [],
    updatedAt: 0,
  });
  createEffect(() => {
    const p = page();
    const db = database();
    const sub = observeQuery(async () => {
      const q = await readBacktestQueue(db, p * pageSize, pageSize);
      return { counts: q.counts, rows: q.page.map(backtestJobView), running: q.running.map(backtestJobView).sort((a, b) => a.seq - b.seq) };
    }).subscribe((v) => {
      const total = Object.values(v.counts).reduce((a, b) => a + b, 0);
      setState({ loaded: true, counts: v.counts, total, updatedAt: Date.now() });
      setState('rows', reconcile(v.rows, { key: 'id' }));
      setState('running', reconcile(v.running, { key: 'id' }));
    });
    onCleanup(() => sub.unsubscribe());
  });
  return state;
}
