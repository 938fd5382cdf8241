/**
 * A queued backtest job as the compute worker runs it: the job's configuration snapshot, the
 * request built from it and the stored candles, and the result written back in one transaction.
 *
 * # Configuration snapshot (`BacktestJobRecord.config`)
 *
 * {@link BacktestJobConfig}: the market (`exchange`, `symbols` — one symbol, or several run as one
 * portfolio — and `timeframe`), the strategy as asked (`strategy` name, `params` overriding the
 * preset's, `script` for SCRIPTED), the trading window (`from`, `to`: inclusive open times, null
 * for the series' first or last candle) and the engine settings (`backtest`). When the job
 * completes, `report` is added: the settings and the complete parameter set the run used, and its
 * summary (window, bars, headline metrics), so a list can show results without reading them and
 * "run again" reproduces the run.
 *
 * # Candles
 *
 * Each symbol's series gets every stored candle up to `to` (the history before `from` warms the
 * strategy up), read from the database in the worker. Higher timeframes are not read: strategies
 * that use them resample the base series.
 */
import type { BacktestConfig } from '../../src/core/backtest/config';
import { validateBacktestConfig } from '../../src/core/backtest/config';
import {
  runBacktestRequest,
  type BacktestReport,
  type BacktestRequest,
  type BacktestSummary,
  type ReportStrategy,
} from '../../src/core/backtest/request';
import { isTimeframe, type Timeframe } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import { computeBreakdowns, type Breakdowns } from '../../src/core/metrics';
import type { StrategyParams } from '../../src/core/strategy/types';
import { isCancellation } from '../../src/core/util/cancel';
import { formatDateTime } from '../../src/core/util/format-time';
import {
  cancelBacktestJobs,
  completeRunningBacktestJob,
  failBacktestJob,
  getBacktestJob,
  readCandles,
  startBacktestJob,
  type BacktestConfigSnapshot,
  type BacktestResultRecord,
  type CandlelabDb,
  type JobStatus,
  type MetricValues,
} from '../../src/data';
import type { TaskContext } from '../bridge';

/** What a job's configuration snapshot holds (see the file's doc comment). */
export interface BacktestJobConfig extends BacktestConfigSnapshot {
  exchange: string;
  /** One symbol, or several traded as one portfolio. */
  symbols: string[];
  timeframe: Timeframe;
  /** Preset or strategy id as chosen (BALANCED … SWING, HMA_SMA, SCRIPTED). */
  strategy: string;
  /** Parameters overriding the preset's (or the strategy's defaults). */
  params: StrategyParams;
  /** SCRIPTED only: the signals CSV. */
  script?: string;
  /** First open time (UTC ms, inclusive) of the bars that trade; null = from the first candle. */
  from: number | null;
  /** Last open time (UTC ms, inclusive) of the bars that trade; null = to the last candle. */
  to: number | null;
  /** Capital, costs, sizing and portfolio rules. */
  backtest: BacktestConfig;
  /** Set when the job completed: how it actually ran. */
  report?: BacktestJobReport;
}

/** How a completed job ran: the report's settings, strategy (complete parameters) and summary. */
export interface BacktestJobReport {
  config: BacktestConfig;
  strategy: ReportStrategy;
  summary: BacktestSummary;
}

/** What the worker task returns: the job's outcome and headline numbers, never its trades. */
export interface BacktestJobOutcome {
  jobId: string;
  /** The job's status after the run (COMPLETED, FAILED; or the status found when it was no longer RUNNING). */
  status: JobStatus;
  error: string | null;
  trades: number | null;
  roiPct: number | null;
  winRate: number | null;
  profitFactor: number | null;
  maxDrawdownPct: number | null;
  /** Time spent in the worker, in ms. */
  ms: number;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function bound(v: unknown, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`config.${field}: ${show(v)} is not a time in UTC ms`);
  return v;
}

/**
 * Reads a job's configuration snapshot as a {@link BacktestJobConfig}, checking its shape; throws
 * naming the field and the value. (The strategy and its parameters are checked when the run starts.)
 */
export function readJobConfig(snapshot: BacktestConfigSnapshot): BacktestJobConfig {
  if (!isPlainObject(snapshot)) throw new TypeError(`config: ${show(snapshot)} is not an object`);
  const s = snapshot as Record<string, unknown>;
  if (typeof s.exchange !== 'string' || s.exchange === '') throw new RangeError(`config.exchange: ${show(s.exchange)} is not an exchange id`);
  if (!Array.isArray(s.symbols) || s.symbols.length === 0) throw new RangeError(`config.symbols: ${show(s.symbols)} is not a non-empty list of symbols`);
  s.symbols.forEach((sym, i) => {
    if (typeof sym !== 'string' || sym === '') throw new RangeError(`config.symbols[${i}]: ${show(sym)} is not a symbol`);
  });
  if (new Set(s.symbols).size !== s.symbols.length) throw new RangeError(`config.symbols: ${show(s.symbols)} names a symbol twice`);
  if (!isTimeframe(s.timeframe)) throw new RangeError(`config.timeframe: ${show(s.timeframe)} is not a timeframe`);
  if (typeof s.strategy !== 'string' || s.strategy.trim() === '') throw new RangeError(`config.strategy: ${show(s.strategy)} is not a strategy name`);
  const params = s.params ?? {};
  if (!isPlainObject(params)) throw new TypeError(`config.params: ${show(params)} is not an object of parameters`);
  if (s.script !== undefined && typeof s.script !== 'string') throw new TypeError(`config.script: ${show(s.script)} is not text`);
  const from = bound(s.from, 'from');
  const to = bound(s.to, 'to');
  if (from !== null && to !== null && from > to) throw new RangeError(`config.from: ${from} is after config.to ${to}`);
  if (!isPlainObject(s.backtest)) throw new TypeError(`config.backtest: ${show(s.backtest)} is not the backtest settings`);
  validateBacktestConfig(s.backtest as unknown as BacktestConfig);
  return snapshot as BacktestJobConfig;
}

/** The backtest request of a job, given each symbol's candles (in `config.symbols` order). */
export function jobRequest(config: BacktestJobConfig, candles: readonly CandleColumns[]): BacktestRequest {
  const req: BacktestRequest = {
    config: config.backtest,
    strategy: { name: config.strategy, params: config.params },
    series: config.symbols.map((symbol, i) => ({ symbol, timeframe: config.timeframe, candles: candles[i] })),
  };
  if (config.script !== undefined) req.strategy.script = config.script;
  if (config.from !== null) req.from = config.from;
  if (config.to !== null) req.to = config.to;
  return req;
}

/** Breakdowns as stored: breakdown name → group key (`LONG`, `BTC/USDT`, `TP`, `HIGH`, `0`…`23`, …) → metrics. */
export function breakdownRecord(b: Breakdowns): Record<string, Record<string, MetricValues>> {
  const out: Record<string, Record<string, MetricValues>> = {};
  for (const [name, groups] of Object.entries(b) as Array<[string, Array<{ key: string | number; metrics: object }>]>) {
    const byKey: Record<string, MetricValues> = {};
    for (const g of groups) byKey[String(g.key)] = { ...(g.metrics as MetricValues) };
    out[name] = byKey;
  }
  return out;
}

/** The stored result of a report: trades, the per-bar equity points as columns, metrics, breakdowns. */
export function resultRecord(jobId: string, report: BacktestReport, now: number): BacktestResultRecord {
  const n = report.equity.length;
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = report.equity[i][0];
    value[i] = report.equity[i][1];
  }
  return {
    jobId,
    trades: report.trades,
    equity: { time, value },
    metrics: { ...report.metrics } as MetricValues,
    breakdowns: breakdownRecord(computeBreakdowns(report.trades, report.config.initialCapital)),
    createdAt: now,
  };
}

/** Reads each symbol's candles up to `to` (inclusive); throws naming a symbol with none stored. */
export async function readJobCandles(db: CandlelabDb, config: BacktestJobConfig, ctx?: Pick<TaskContext, 'checkpoint'>): Promise<CandleColumns[]> {
  const out: CandleColumns[] = [];
  for (const symbol of config.symbols) {
    const c = await readCandles(db, { exchange: config.exchange, symbol, timeframe: config.timeframe }, undefined, config.to === null ? undefined : config.to + 1);
    if (c.time.length === 0) {
      throw new RangeError(
        `config.symbols: ${show(symbol)} has no stored ${config.exchange} ${config.timeframe} candles${config.to === null ? '' : ` up to ${formatDateTime(config.to)}`}`,
      );
    }
    out.push(c);
    await ctx?.checkpoint();
  }
  return out;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Share of the progress bar given to reading candles, and to storing the result. */
const READ_SHARE = 0.05;
const STORE_SHARE = 0.05;
const STEPS = 1000;

/**
 * Runs job `jobId`: with `start`, first moves it from PENDING to RUNNING (so a job waiting for a
 * free worker counts as PENDING until it really starts); otherwise the queue has marked it
 * RUNNING. Then reads its configuration and candles,
 * runs the backtest with progress and cancellation, computes the breakdowns, and stores the
 * result with status COMPLETED (and the run's `report` in the configuration) in one transaction.
 * A run that fails marks the job FAILED with the error message (naming the field and value) and
 * resolves with that outcome; a cancelled run marks it CANCELLED and rethrows the cancellation.
 * A job no longer RUNNING (cancelled or requeued meanwhile) is left as it is. Every write happens
 * only while the job is still RUNNING.
 */
export async function executeBacktestJob(
  db: CandlelabDb,
  jobId: string,
  ctx: Pick<TaskContext, 'progress' | 'signal' | 'checkpoint'>,
  clock: () => number = Date.now,
  start = false,
): Promise<BacktestJobOutcome> {
  if (typeof jobId !== 'string' || jobId === '') throw new TypeError(`jobId: ${show(jobId)} is not a job id`);
  const t0 = clock();
  const outcome = (status: JobStatus, error: string | null, report?: BacktestReport): BacktestJobOutcome => ({
    jobId,
    status,
    error,
    trades: report ? report.trades.length : null,
    roiPct: report?.metrics.roiPct ?? null,
    winRate: report?.metrics.winRate ?? null,
    profitFactor: report?.metrics.profitFactor ?? null,
    maxDrawdownPct: report?.metrics.maxDrawdownPct ?? null,
    ms: clock() - t0,
  });
  if (start) await startBacktestJob(db, jobId, clock());
  const job = await getBacktestJob(db, jobId);
  if (job === undefined) throw new RangeError(`jobId: ${show(jobId)} is not a stored backtest job`);
  if (job.status !== 'RUNNING') return outcome(job.status, job.error);
  const step = (fraction: number, phase: string) =>
    ctx.progress({ done: Math.min(STEPS, Math.round(fraction * STEPS)), total: STEPS, phase });
  try {
    step(0, 'read');
    const config = readJobConfig(job.config);
    const candles = await readJobCandles(db, config, ctx);
    step(READ_SHARE, 'backtest');
    const report = runBacktestRequest(jobRequest(config, candles), {
      onProgress: (done, total) => step(READ_SHARE + (1 - READ_SHARE - STORE_SHARE) * (total > 0 ? done / total : 1), 'backtest'),
      signal: ctx.signal,
    });
    await ctx.checkpoint();
    step(1 - STORE_SHARE, 'store');
    const result = resultRecord(jobId, report, clock());
    const jobReport: BacktestJobReport = { config: report.config, strategy: report.strategy, summary: report.summary };
    const stored = await completeRunningBacktestJob(db, result, { report: jobReport }, clock());
    step(1, 'done');
    if (!stored) {
      const now = await getBacktestJob(db, jobId);
      return outcome(now?.status ?? 'CANCELLED', now?.error ?? null);
    }
    return outcome('COMPLETED', null, report);
  } catch (e) {
    if (isCancellation(e)) {
      await cancelBacktestJobs(db, [jobId], clock());
      throw e;
    }
    const message = messageOf(e);
    await failBacktestJob(db, jobId, message, clock());
    const now = await getBacktestJob(db, jobId);
    return outcome(now?.status ?? 'FAILED', now?.error ?? message);
  }
}
