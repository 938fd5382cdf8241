/**
 * A backtest as plain data: the request a form, a worker or the CLI sends, the report it gets
 * back, and the canonical JSON of that report.
 *
 * # Windowing
 *
 * `from` and `to` (UTC ms, both inclusive, either optional) bound the open times of the bars that
 * TRADE. Each series is cut after `to` (nothing later is ever given to the strategy), the strategy
 * is prepared on every candle up to `to` (so indicators warm up on the history before `from`), and
 * the backtest then runs on the bars whose open time is in [from, to] only, reading the signals the
 * prepared strategy gives on those bars. Signals fired on bars before `from` are ignored (no
 * position is carried into the window), the equity curve starts at the first bar of the window with
 * the initial capital, and a position still open on the last bar of the window closes there
 * (`END`). Higher-timeframe candles (`other`) are cut the same way: only those closed by the close
 * of the series' last bar in the window are given.
 *
 * # Report
 *
 * `equity` holds the per-bar points `[t_i, E_i]` of docs/metrics.md: the open time of each time
 * step of the run and the equity at its close. The curve's first point `[t_0, C0]` is NOT stored:
 * `t_0` is the open time of the first bar (`equity[0][0]`) and `C0` is `config.initialCapital`, so
 * `runMetrics` (recompute-metrics.ts) puts it back. `summary.barsInMarket` is the exposure numerator.
 *
 * The canonical JSON writer, the candle spacing check and the metric recompute live in their own
 * files and are also exported here, where the command line imports them from.
 */
import { parseTimeframe, nextOpenTime, type Timeframe } from '../candles/timeframe';
import { type CandleColumns } from '../candles/types';
import { lowerBound, upperBound } from '../util/binary-search';
import { isInfiniteProfitFactor, type Metrics } from '../metrics';
import { createScriptedStrategy, parseScriptedSignals, SCRIPTED_ID, type PreparedScript } from '../strategy/scripted';
import { resolveStrategy } from '../strategy/registry';
import { validateParams } from '../strategy/params';
import type { PreparedStrategy, Strategy, StrategyInput, StrategyParams } from '../strategy/types';
import { canonicalJson } from './canonical-json';
import { checkCandleSpacing } from './candle-spacing';
import { candleRange, closedBy } from './candle-views';
import { validateBacktestConfig, type BacktestConfig } from './config';
import { runBacktest, type BacktestHooks, type BacktestSeries, type SkippedSignal } from './engine';
import { copyTrade, type Trade } from './trade';
import type { ColumnMemo } from '../indicators/column-memo';

export { canonicalJson } from './canonical-json';
export { checkCandleSpacing } from './candle-spacing';
export { recomputeMetrics } from './recompute-metrics';

/** Which strategy to run. */
export interface BacktestStrategySpec {
  /** A preset (BALANCED, AGGRESSIVE, CONSERVATIVE, SCALPER, SWING) or a strategy id (SIGNAL_ENGINE, HMA_SMA, SCRIPTED); any case. */
  name: string;
  /** Parameters overriding the preset's (or the strategy's defaults); checked against the schema. */
  params?: StrategyParams;
  /** SCRIPTED only: the signal script (CSV text `time,symbol,direction,stopPct,targetPct[,confidence]`). */
  script?: string;
}

/** One symbol's candles. */
export interface BacktestRequestSeries {
  symbol: string;
  timeframe: Timeframe;
  /** Every stored candle (ascending open times); the history before `from` warms the strategy up. */
  candles: CandleColumns;
  /** Candles of other timeframes of the same symbol, for strategies that read them. */
  other?: Partial<Record<Timeframe, CandleColumns>>;
  /** Lower-timeframe candles telling whether the stop or the target came first (see the engine). */
  lower?: CandleColumns;
  /** The exchange's minimum order notional for this symbol, when known. */
  minOrder?: number;
}

/** Everything a backtest needs, as structured-cloneable data. */
export interface BacktestRequest {
  config: BacktestConfig;
  strategy: BacktestStrategySpec;
  series: BacktestRequestSeries[];
  /** First open time (UTC ms, inclusive) of the bars that trade. */
  from?: number;
  /** Last open time (UTC ms, inclusive) of the bars that trade. */
  to?: number;
}

/** The strategy as it ran. */
export interface ReportStrategy {
  /** The requested name, trimmed and upper-cased. */
  name: string;
  /** The strategy's id (a preset runs SIGNAL_ENGINE). */
  id: string;
  preset: string | null;
  /** The complete, validated parameter set. */
  params: StrategyParams;
  /** SCRIPTED: rows in the script; otherwise null. */
  scriptRows: number | null;
}

/** One series of the run. */
export interface ReportSeries {
  symbol: string;
  timeframe: Timeframe;
  /** Candles given to the strategy (every candle up to `to`). */
  candles: number;
  /** Candles in the trading window. */
  bars: number;
  /** Open times of the first and last bar of the window. */
  start: number;
  end: number;
  /** SCRIPTED: rows for this symbol timed within [start, end] that name no bar's open time; otherwise null. */
  unmatchedSignals: number | null;
}

/** The headline of a run. */
export interface BacktestSummary {
  series: ReportSeries[];
  /** The requested window, null when open. */
  from: number | null;
  to: number | null;
  /** Open times of the first and last time step of the run. */
  start: number;
  end: number;
  /** Time steps of the run (= `equity.length`). */
  bars: number;
  /** Time steps with at least one open position. */
  barsInMarket: number;
  trades: number;
  skippedSignals: number;
  finalEquity: number | null;
  roiPct: number | null;
  winRate: number | null;
  /** Null when undefined, and when infinite: see `profitFactorInfinite`. */
  profitFactor: number | null;
  /** True when there is profit and no losing trade (`isInfiniteProfitFactor`): shown as ∞. */
  profitFactorInfinite: boolean;
  maxDrawdownPct: number | null;
  sharpe: number | null;
}

/** The headline figures of a summary, taken from the run's metrics. */
export type SummaryHeadline = Pick<
  BacktestSummary,
  'trades' | 'finalEquity' | 'roiPct' | 'winRate' | 'profitFactor' | 'profitFactorInfinite' | 'maxDrawdownPct' | 'sharpe'
>;

/** The headline of a summary from the run's metrics: the one place the summary's figures come from. */
export function summaryHeadline(m: Metrics): SummaryHeadline {
  return {
    trades: m.totalTrades ?? 0,
    finalEquity: m.finalEquity,
    roiPct: m.roiPct,
    winRate: m.winRate,
    profitFactor: m.profitFactor,
    profitFactorInfinite: isInfiniteProfitFactor(m),
    maxDrawdownPct: m.maxDrawdownPct,
    sharpe: m.sharpe,
  };
}

/** The result of {@link runBacktestRequest}: plain data only (no typed arrays, Dates or Maps). */
export interface BacktestReport {
  config: BacktestConfig;
  strategy: ReportStrategy;
  trades: Trade[];
  /** Per-bar points `[open time, equity at the close]`; the `[t_0, C0]` point is not included. */
  equity: Array<[number, number]>;
  metrics: Metrics;
  skipped: SkippedSignal[];
  summary: BacktestSummary;
}

/** A strategy resolved from a {@link BacktestStrategySpec}, with validated parameters. */
export interface RequestStrategy {
  strategy: Strategy;
  params: StrategyParams;
  report: ReportStrategy;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Resolves and validates the strategy of a request: the name (preset or strategy id), the
 * parameters merged over the preset's (each checked against the schema), and for SCRIPTED the
 * script (parsed; a script with any other strategy is an error). Throws naming the field and value.
 */
export function resolveRequestStrategy(spec: BacktestStrategySpec): RequestStrategy {
  if (!isPlainObject(spec)) throw new TypeError(`strategy: ${String(spec)} is not { name, params?, script? }`);
  if (typeof spec.name !== 'string') throw new TypeError(`strategy.name: ${String(spec.name)} is not a string`);
  if (spec.params !== undefined && !isPlainObject(spec.params)) {
    throw new TypeError(`strategy.params: ${String(spec.params)} is not an object of parameters`);
  }
  const resolved = resolveStrategy(spec.name);
  const name = spec.name.trim().toUpperCase();
  if (resolved.strategy.id === SCRIPTED_ID) {
    if (typeof spec.script !== 'string') {
      throw new TypeError(`strategy.script: ${spec.script === undefined ? 'missing' : String(spec.script)} (SCRIPTED needs the signal script as CSV text)`);
    }
    const rows = parseScriptedSignals(spec.script);
    const strategy = createScriptedStrategy(rows);
    const params = validateParams(strategy, spec.params ?? {});
    return { strategy, params, report: { name, id: SCRIPTED_ID, preset: null, params, scriptRows: rows.length } };
  }
  if (spec.script !== undefined) {
    throw new RangeError(`strategy.script: given, but ${name} is not SCRIPTED (only SCRIPTED reads a script)`);
  }
  const params = validateParams(resolved.strategy, { ...resolved.params, ...(spec.params ?? {}) });
  return {
    strategy: resolved.strategy,
    params,
    report: { name, id: resolved.strategy.id, preset: resolved.preset ?? null, params, scriptRows: null },
  };
}

/** A prepared strategy read from bar `offset` on: bar `i` of the window is bar `i + offset` of the history. */
function shifted(p: PreparedStrategy, offset: number): PreparedStrategy {
  if (offset === 0) return p;
  return { signalAt: (i: number) => p.signalAt(i + offset) };
}

function checkBound(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${field}: ${String(v)} is not a time in UTC ms`);
  return v;
}

/** The engine's hooks and, for a caller that runs many requests on the same candles, a {@link ColumnMemo} the strategies read their columns through. */
export interface RequestHooks extends BacktestHooks {
  memo?: ColumnMemo;
}

/**
 * Runs a backtest request (see the file's doc comment for the window): validates the config, the
 * strategy and its parameters, checks every series (timeframe, candle spacing, enough candles for
 * the warm-up, at least one bar in the window), prepares the strategy on each series' history,
 * runs the portfolio and returns the report. Throws naming the field and the value; a cancelled
 * run throws a `CancelledError` (`src/core/util/cancel.ts`).
 */
export function runBacktestRequest(req: BacktestRequest, hooks: RequestHooks = {}): BacktestReport {
  if (!isPlainObject(req)) throw new TypeError(`request: ${String(req)} is not an object`);
  const config = req.config;
  validateBacktestConfig(config);
  const from = checkBound(req.from, 'from');
  const to = checkBound(req.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new RangeError(`from: ${from} is after to ${to}`);
  }
  const strat = resolveRequestStrategy(req.strategy);
  const { strategy, params } = strat;
  if (!Array.isArray(req.series) || req.series.length === 0) {
    throw new RangeError(`series: ${Array.isArray(req.series) ? 'empty' : String(req.series)} (at least one series is needed)`);
  }
  const warmup = Math.max(0, Math.floor(strategy.warmup(params)));
  const engineSeries: BacktestSeries[] = [];
  const reportSeries: ReportSeries[] = [];
  req.series.forEach((s, k) => {
    const f = `series[${k}]`;
    if (!isPlainObject(s)) throw new TypeError(`${f}: ${String(s)} is not a series`);
    if (typeof s.symbol !== 'string' || s.symbol === '') throw new RangeError(`${f}.symbol: "${String(s.symbol)}" is not a symbol`);
    const tf = parseTimeframe(s.timeframe as string, `${f}.timeframe`);
    const c = s.candles;
    if (!isPlainObject(c) || !(c.time instanceof Float64Array)) throw new TypeError(`${f}.candles: is not candle columns`);
    checkCandleSpacing(c.time, tf, `${f}.timeframe`);
    const end = to === undefined ? c.time.length : upperBound(c.time, to);
    const start = from === undefined ? 0 : lowerBound(c.time, from);
    if (end < warmup || end === 0) {
      throw new RangeError(
        `${f}.candles: ${s.symbol} has ${end} candles${to === undefined ? '' : ` up to ${to}`}, fewer than the ${warmup} bars ${strat.report.name} needs to warm up`,
      );
    }
    if (start >= end) {
      throw new RangeError(`${f}.candles: ${s.symbol} has no candle in the window [${from ?? '-∞'}, ${to ?? '∞'}]`);
    }
    const history = candleRange(c, 0, end);
    const input: StrategyInput = {
      symbol: s.symbol,
      timeframe: tf,
      candles: history,
      other: closedBy(s.other, nextOpenTime(history.time[end - 1], tf)),
    };
    if (hooks.memo !== undefined) input.memo = hooks.memo.scope(`${k}|${s.symbol}|${tf}|${end}`);
    const prepared = strategy.prepare(input, params);
    const script = strat.report.id === SCRIPTED_ID ? (prepared as PreparedScript) : null;
    const series: BacktestSeries = {
      symbol: s.symbol,
      timeframe: tf,
      candles: candleRange(c, start, end),
      strategy: shifted(prepared, start),
    };
    if (s.lower !== undefined) series.lower = s.lower;
    if (s.minOrder !== undefined) series.minOrder = s.minOrder;
    engineSeries.push(series);
    reportSeries.push({
      symbol: s.symbol,
      timeframe: tf,
      candles: end,
      bars: end - start,
      start: c.time[start],
      end: c.time[end - 1],
      unmatchedSignals: script ? script.unmatched.filter((r) => r.time >= c.time[start] && r.time <= c.time[end - 1]).length : null,
    });
  });

  const res = runBacktest({ config, series: engineSeries }, hooks);
  const n = res.equityTime.length - 1;
  const equity = new Array<[number, number]>(n);
  for (let i = 0; i < n; i++) equity[i] = [res.equityTime[i + 1], res.equityValue[i + 1]];
  const m = res.metrics;
  return {
    config: {
      initialCapital: config.initialCapital,
      feeRate: config.feeRate,
      slippage: config.slippage,
      sizing: { kind: config.sizing.kind, value: config.sizing.value },
      maxOpenTrades: config.maxOpenTrades,
      maxPositionPct: config.maxPositionPct,
      minOrder: config.minOrder,
      allowLong: config.allowLong,
      allowShort: config.allowShort,
      exitOnOpposite: config.exitOnOpposite,
      maxBars: config.maxBars,
    },
    strategy: { ...strat.report, params: { ...strat.report.params } },
    trades: res.trades.map(copyTrade),
    equity,
    metrics: { ...m },
    skipped: res.skipped.map((s) => ({ symbol: s.symbol, time: s.time, direction: s.direction, reason: s.reason })),
    summary: {
      series: reportSeries,
      from: from ?? null,
      to: to ?? null,
      start: equity[0][0],
      end: equity[n - 1][0],
      bars: res.totalBars,
      barsInMarket: res.barsInMarket,
      skippedSignals: res.skipped.length,
      ...summaryHeadline(m),
    },
  };
}

/** The report as canonical JSON ({@link canonicalJson}): the same report gives the same bytes everywhere. */
export function serializeReport(report: BacktestReport): string {
  return canonicalJson(report);
}
