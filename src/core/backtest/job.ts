/**
 * A backtest job: the configuration a queued job (and a result file) holds, its reader, the
 * request it runs and what a completed run stores. The compute worker, the app's queue, the result
 * file and the command line all read a job through this module.
 *
 * # Configuration snapshot
 *
 * {@link BacktestJobConfig}: the market (`exchange`, `symbols` — one symbol, or several run as one
 * portfolio — and `timeframe`), the strategy as asked (`strategy` name, `params` overriding the
 * preset's, `script` for SCRIPTED), the trading window (`from`, `to`: inclusive open times, null
 * for the series' first or last candle) and the engine settings (`backtest`). When the job
 * completes, `report` is added ({@link jobReport}): the settings and the complete parameter set the
 * run used, and its summary (window, bars, bars in the market, headline metrics), so a list can
 * show results without reading them and "run again" reproduces the run.
 *
 * A snapshot as stored ({@link BacktestConfigSnapshot}) may hold any JSON besides the named
 * fields; {@link readJobConfig} checks it and throws a {@link JobConfigError} naming the field.
 *
 * # Result
 *
 * A completed run stores {@link BacktestJobResult}: the trades, the per-bar equity points as
 * columns and the metrics ({@link jobResult}). Breakdowns are not stored: every view computes them
 * from the trades.
 */
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import type { MetricRecord } from '../metrics';
import type { StrategyParams } from '../strategy/types';
import { validateBacktestConfig, type BacktestConfig } from './config';
import { equityColumns, type EquityColumns } from './equity';
import type { BacktestReport, BacktestRequest, BacktestSummary, ReportStrategy } from './request';
import type { Trade } from './trade';

/** A job's configuration as stored: the named fields are what list screens show; any other JSON is kept. */
export interface BacktestConfigSnapshot {
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  strategy: string;
  [key: string]: unknown;
}

/** What a job's configuration holds (see the file's doc comment). */
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

/** What a completed job stores besides its configuration. */
export interface BacktestJobResult {
  trades: Trade[];
  /** Per-bar points `[open time, equity at the close]` as columns (the `[t_0, C0]` point is not stored). */
  equity: EquityColumns;
  /** Every metric of docs/metrics.md. */
  metrics: MetricRecord;
}

/** A configuration that cannot be read: `field` is the path of the bad field (`config.symbols[2]`). */
export class JobConfigError extends RangeError {
  override name = 'JobConfigError';
  readonly field: string;
  readonly problem: string;

  constructor(field: string, problem: string, message = `${field}: ${problem}`) {
    super(message);
    this.field = field;
    this.problem = problem;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A value for a message: strings quoted and long texts cut, containers named, `missing` for undefined. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

function fail(field: string, problem: string): never {
  throw new JobConfigError(field, problem);
}

function text(v: unknown, field: string, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(field, `${showValue(v)} is not ${what}`);
  return v;
}

function bound(v: unknown, field: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${showValue(v)} is not a time in UTC ms`);
  return v;
}

function params(v: unknown, field: string): StrategyParams {
  if (!isPlainObject(v)) fail(field, `${showValue(v)} is not an object of parameters`);
  for (const [k, p] of Object.entries(v)) {
    if (typeof p !== 'string' && typeof p !== 'boolean' && !(typeof p === 'number' && Number.isFinite(p))) {
      fail(`${field}.${k}`, `${showValue(p)} is not a number, boolean or string`);
    }
  }
  return v as StrategyParams;
}

/** Engine settings, checked by `validateBacktestConfig`; its message is kept, the field gets the full path. */
function settings(v: unknown, field: string): BacktestConfig {
  if (!isPlainObject(v)) fail(field, `${showValue(v)} is not the backtest settings`);
  try {
    validateBacktestConfig(v as unknown as BacktestConfig);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const colon = message.indexOf(': ');
    const key = colon > 0 && /^[\w.]+$/.test(message.slice(0, colon)) ? message.slice(0, colon) : '';
    throw new JobConfigError(key === '' ? field : `${field}.${key}`, colon > 0 ? message.slice(colon + 2) : message, message);
  }
  return v as unknown as BacktestConfig;
}

function count(v: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) fail(field, `${showValue(v)} is not a count from 0 to ${max}`);
  return v;
}

function numberOrNull(v: unknown, field: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${showValue(v)} is not a number or null`);
  return v;
}

function time(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(field, `${showValue(v)} is not a time in UTC ms`);
  return v;
}

const HEADLINE_FIELDS = ['finalEquity', 'roiPct', 'winRate', 'profitFactor', 'maxDrawdownPct', 'sharpe'] as const;

/** A completed job's `report`: its settings, strategy and summary, checked. */
function jobReportOf(v: unknown, field: string): BacktestJobReport {
  if (!isPlainObject(v)) fail(field, `${showValue(v)} is not a run report { config, strategy, summary }`);
  settings(v.config, `${field}.config`);
  const st = v.strategy;
  if (!isPlainObject(st)) fail(`${field}.strategy`, `${showValue(st)} is not a strategy { name, id, preset, params, scriptRows }`);
  text(st.name, `${field}.strategy.name`, 'a strategy name');
  text(st.id, `${field}.strategy.id`, 'a strategy id');
  if (st.preset !== null && typeof st.preset !== 'string') fail(`${field}.strategy.preset`, `${showValue(st.preset)} is not a preset name or null`);
  if (st.scriptRows !== null && !(typeof st.scriptRows === 'number' && Number.isSafeInteger(st.scriptRows) && st.scriptRows >= 0)) {
    fail(`${field}.strategy.scriptRows`, `${showValue(st.scriptRows)} is not a count or null`);
  }
  params(st.params, `${field}.strategy.params`);
  const s = v.summary;
  const f = `${field}.summary`;
  if (!isPlainObject(s)) fail(f, `${showValue(s)} is not a run summary`);
  if (!Array.isArray(s.series)) fail(`${f}.series`, `${showValue(s.series)} is not a list of series`);
  bound(s.from, `${f}.from`);
  bound(s.to, `${f}.to`);
  const start = time(s.start, `${f}.start`);
  const end = time(s.end, `${f}.end`);
  if (end < start) fail(`${f}.end`, `${end} is before the start ${start}`);
  const bars = count(s.bars, `${f}.bars`);
  if (bars < 1) fail(`${f}.bars`, '0 (a run has at least one bar)');
  count(s.barsInMarket, `${f}.barsInMarket`, bars);
  count(s.trades, `${f}.trades`);
  count(s.skippedSignals, `${f}.skippedSignals`);
  for (const k of HEADLINE_FIELDS) numberOrNull(s[k], `${f}.${k}`);
  if (s.profitFactorInfinite !== undefined && typeof s.profitFactorInfinite !== 'boolean') {
    fail(`${f}.profitFactorInfinite`, `${showValue(s.profitFactorInfinite)} is not true or false`);
  }
  return v as unknown as BacktestJobReport;
}

/**
 * Reads a job's configuration snapshot as a {@link BacktestJobConfig}, checking every field (and
 * the run's `report` when there is one); throws a {@link JobConfigError} naming the field (under
 * `path`) and the value. The strategy's parameters are checked against its schema when the run
 * starts. Returns the snapshot itself, unchanged.
 */
export function readJobConfig(snapshot: unknown, path = 'config'): BacktestJobConfig {
  if (!isPlainObject(snapshot)) fail(path, `${showValue(snapshot)} is not a configuration object`);
  const s = snapshot;
  text(s.exchange, `${path}.exchange`, 'an exchange id');
  const symbols = s.symbols;
  if (!Array.isArray(symbols) || symbols.length === 0) fail(`${path}.symbols`, `${showValue(symbols)} is not a non-empty list of symbols`);
  symbols.forEach((sym, i) => text(sym, `${path}.symbols[${i}]`, 'a symbol'));
  const twice = symbols.find((sym, i) => symbols.indexOf(sym) !== i);
  if (twice !== undefined) fail(`${path}.symbols`, `${showValue(twice)} is named twice`);
  if (!isTimeframe(s.timeframe)) fail(`${path}.timeframe`, `${showValue(s.timeframe)} is not one of ${TIMEFRAMES.join(' ')}`);
  text(s.strategy, `${path}.strategy`, 'a strategy name');
  if (s.params !== undefined) params(s.params, `${path}.params`);
  if (s.script !== undefined && typeof s.script !== 'string') fail(`${path}.script`, `${showValue(s.script)} is not text`);
  const from = bound(s.from, `${path}.from`);
  const to = bound(s.to, `${path}.to`);
  if (from !== null && to !== null && from > to) fail(`${path}.from`, `${from} is after ${path}.to ${to}`);
  settings(s.backtest, `${path}.backtest`);
  if (s.report !== undefined) jobReportOf(s.report, `${path}.report`);
  return snapshot as BacktestJobConfig;
}

/** The initial capital a job ran with (its run's settings when it completed, else the submitted ones). */
export function jobInitialCapital(config: BacktestJobConfig): number {
  return (config.report?.config ?? config.backtest).initialCapital;
}

/** The backtest request of a job, given each symbol's candles (in `config.symbols` order). */
export function jobRequest(config: BacktestJobConfig, candles: readonly CandleColumns[]): BacktestRequest {
  const req: BacktestRequest = {
    config: config.backtest,
    strategy: { name: config.strategy, params: config.params ?? {} },
    series: config.symbols.map((symbol, i) => ({ symbol, timeframe: config.timeframe, candles: candles[i] })),
  };
  if (config.script !== undefined) req.strategy.script = config.script;
  if (config.from !== null && config.from !== undefined) req.from = config.from;
  if (config.to !== null && config.to !== undefined) req.to = config.to;
  return req;
}

/** What a completed run adds to its job's configuration: how it ran. */
export function jobReport(report: BacktestReport): BacktestJobReport {
  return { config: report.config, strategy: report.strategy, summary: report.summary };
}

/** What a completed run stores: its trades, equity points as columns and metrics. */
export function jobResult(report: BacktestReport): BacktestJobResult {
  return { trades: report.trades, equity: equityColumns(report.equity), metrics: { ...report.metrics } };
}
