import { isTimeframe, type Timeframe } from '../../src/core/candles/timeframe';
import { strategyOfConfig } from '../../src/core/backtest/result-file';
import { annualisedVolatility } from '../../src/core/reports/volatility';
import {
  VOLATILITY_REPORT_METRICS,
  type SymbolVolatility,
  type VolatilityReportConfig,
  type VolatilityReportEntry,
  type VolatilityReportMetrics,
} from '../../src/core/reports/volatility-report';
import {
  getBacktestJobBySeq,
  getBacktestResult,
  readCandles,
  type BacktestConfigSnapshot,
  type BacktestJobRecord,
  type BacktestResultRecord,
  type CandlelabDb,
  type JobStatus,
} from '../../src/data';
import { defineTask, type TaskContext } from '../bridge';
import { workerDb } from '../data/db-connection';

/** What {@link collectVolatilityEntries} reads: job numbers, in any order (duplicates are read once). */
export interface VolatilityEntriesArgs {
  seqs: number[];
}

/** A selected job that is not in the report, and why. */
export interface SkippedBacktest {
  seq: number;
  /** The job's status, or `MISSING` when no job has this number. */
  status: JobStatus | 'MISSING';
  name: string | null;
  reason: string;
}

export interface VolatilityEntriesResult {
  /** One entry per completed job, ascending by seq. */
  entries: VolatilityReportEntry[];
  /** The other selected numbers, ascending. */
  skipped: SkippedBacktest[];
}

/** Most job numbers one call reads. */
export const MAX_VOLATILITY_SEQS = 10_000;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The `report` a completed job's snapshot carries (how it actually ran), when present. */
function runReport(config: BacktestConfigSnapshot): { params: Record<string, unknown> | null; name: string | null; start: number | null; end: number | null } {
  const r = isObject(config.report) ? config.report : {};
  const strategy = isObject(r.strategy) ? r.strategy : {};
  const summary = isObject(r.summary) ? r.summary : {};
  return {
    params: isObject(strategy.params) ? strategy.params : null,
    name: typeof strategy.name === 'string' ? strategy.name : null,
    start: num(summary.start),
    end: num(summary.end),
  };
}

/**
 * The settings the volatility report shows, from a job's configuration snapshot: the strategy
 * (preset or id, upper-cased) and, from its complete parameter set, `sl_atr_multiplier`,
 * `tp_atr_multiplier`, `adx_threshold` and `min_confidence`; null where the strategy has no such
 * parameter. The complete set is the one the run reported (`report.strategy.params` of a completed
 * job); without it, the preset's parameters with the job's overrides (`params`).
 */
export function reportConfigOf(config: BacktestConfigSnapshot): VolatilityReportConfig {
  const ran = runReport(config);
  const resolved = ran.params === null ? strategyOfConfig(config) : null;
  const raw = config.params;
  const params: Record<string, unknown> = ran.params ?? resolved?.params ?? (isObject(raw) ? raw : {});
  return {
    strategy: ran.name ?? resolved?.name ?? String(config.strategy).trim().toUpperCase(),
    stopAtrMult: num(params.sl_atr_multiplier),
    targetAtrMult: num(params.tp_atr_multiplier),
    adxThreshold: num(params.adx_threshold),
    minConfidence: num(params.min_confidence),
  };
}

/**
 * The period a backtest traded over, in bar open times (UTC ms, both inclusive): each end is the
 * configuration's `from` / `to` when set; an open end (null or absent) is the first / last bar the
 * run covered (`report.summary.start` / `end` of a completed job, else the first / last time of
 * the stored equity curve). Null when it cannot be told.
 */
export function periodOf(config: BacktestConfigSnapshot, equityTime: ArrayLike<number>): { from: number; to: number } | null {
  const ran = runReport(config);
  const n = equityTime.length;
  const from = num(config.from) ?? ran.start ?? (n > 0 ? equityTime[0] : null);
  const to = num(config.to) ?? ran.end ?? (n > 0 ? equityTime[n - 1] : null);
  if (from === null || to === null || from > to) return null;
  return { from, to };
}

function pickMetrics(stored: Record<string, number | null>): VolatilityReportMetrics {
  const out: VolatilityReportMetrics = {};
  for (const k of VOLATILITY_REPORT_METRICS) {
    const v = stored[k];
    out[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return out;
}

function skippedReason(status: JobStatus): string {
  switch (status) {
    case 'PENDING':
      return 'not run yet';
    case 'RUNNING':
      return 'still running';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return 'not completed';
  }
}

/**
 * Builds the volatility report's entries for the jobs numbered `seqs`: for each COMPLETED job,
 * its configuration, the report's metrics, and the annualised realised volatility (%) of each of
 * its symbols over its period (`annualisedVolatility` on the stored candles of the job's exchange,
 * symbol and timeframe). A job of several symbols gets the mean of its symbols' volatilities (over
 * those that could be measured; null when none could). A symbol whose candles over the period are
 * not stored (or too few) has a null volatility. Jobs that are not COMPLETED, or not found, are
 * returned in `skipped` with their status. Reports progress per job and stops when cancelled.
 */
export async function collectVolatilityEntries(db: CandlelabDb, args: VolatilityEntriesArgs, ctx: TaskContext): Promise<VolatilityEntriesResult> {
  if (args === null || typeof args !== 'object' || !Array.isArray(args.seqs)) {
    throw new TypeError(`seqs: ${String(args?.seqs)} is not a list of job numbers`);
  }
  args.seqs.forEach((s, i) => {
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 1) throw new RangeError(`seqs[${i}]: ${String(s)} is not a job number`);
  });
  const seqs = [...new Set(args.seqs)].sort((a, b) => a - b);
  if (seqs.length > MAX_VOLATILITY_SEQS) throw new RangeError(`seqs: ${seqs.length} job numbers, more than the ${MAX_VOLATILITY_SEQS} allowed`);

  const entries: VolatilityReportEntry[] = [];
  const skipped: SkippedBacktest[] = [];
  /** Volatility per (exchange, symbol, timeframe, from, to): jobs of one batch share windows. */
  const vols = new Map<string, number | null>();
  const total = seqs.length;
  ctx.progress({ done: 0, total, phase: 'volatility' });
  for (let i = 0; i < total; i++) {
    await ctx.checkpoint();
    const seq = seqs[i];
    const job: BacktestJobRecord | undefined = await getBacktestJobBySeq(db, seq);
    if (!job) {
      skipped.push({ seq, status: 'MISSING', name: null, reason: 'no backtest has this number' });
    } else if (job.status !== 'COMPLETED') {
      skipped.push({ seq, status: job.status, name: job.name, reason: skippedReason(job.status) });
    } else {
      const result: BacktestResultRecord | undefined = await getBacktestResult(db, job.id);
      const period = result ? periodOf(job.config, result.equity.time) : null;
      if (!result || !period) {
        skipped.push({ seq, status: job.status, name: job.name, reason: result ? 'its period is unknown' : 'its result is not stored' });
      } else {
        const cfg = job.config;
        const tf: Timeframe | null = isTimeframe(cfg.timeframe) ? cfg.timeframe : null;
        const symbols = Array.isArray(cfg.symbols) ? cfg.symbols.filter((s): s is string => typeof s === 'string' && s !== '') : [];
        const symbolVols: SymbolVolatility[] = [];
        for (const symbol of symbols) {
          let v: number | null = null;
          if (tf !== null) {
            const key = JSON.stringify([cfg.exchange, symbol, tf, period.from, period.to]);
            if (vols.has(key)) v = vols.get(key)!;
            else {
              const candles = await readCandles(db, { exchange: String(cfg.exchange), symbol, timeframe: tf }, period.from, period.to + 1);
              v = annualisedVolatility(candles, tf, period.from, period.to);
              vols.set(key, v);
            }
          }
          symbolVols.push({ symbol, annualisedVol: v });
        }
        const measured = symbolVols.filter((s) => s.annualisedVol !== null).map((s) => s.annualisedVol as number);
        const annualisedVol = measured.length === 0 ? null : measured.reduce((a, b) => a + b, 0) / measured.length;
        if (symbols.length === 0) {
          skipped.push({ seq, status: job.status, name: job.name, reason: 'its configuration names no symbol' });
        } else {
          entries.push({
            seq,
            name: job.name,
            symbols,
            timeframe: String(cfg.timeframe),
            period,
            config: reportConfigOf(cfg),
            metrics: pickMetrics(result.metrics),
            annualisedVol,
            ...(symbols.length > 1 ? { symbolVols } : {}),
          });
        }
      }
    }
    ctx.progress({ done: i + 1, total, phase: 'volatility', message: `Backtest #${seq}` });
  }
  return { entries, skipped };
}

/**
 * Compute-worker tasks of the volatility report: reading the jobs, their results and the candles
 * of their periods, and measuring volatility, all happen in the worker.
 */
export const volatilityTasks = {
  volatilityReportEntries: defineTask(async (args: VolatilityEntriesArgs, ctx) => collectVolatilityEntries(await workerDb(), args, ctx)),
};

export type VolatilityTasks = typeof volatilityTasks;
