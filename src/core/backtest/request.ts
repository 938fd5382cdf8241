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
 * {@link recomputeMetrics} puts it back. `summary.barsInMarket` is the exposure numerator.
 */
import { parseTimeframe, nextOpenTime, isTimeframe, timeframeMs, TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import { type CandleColumns } from '../candles/types';
import { lowerBound, partitionPoint, upperBound } from '../util/binary-search';
import { computeMetrics, type Metrics } from '../metrics';
import { createScriptedStrategy, parseScriptedSignals, SCRIPTED_ID, type PreparedScript } from '../strategy/scripted';
import { resolveStrategy } from '../strategy/registry';
import { validateParams } from '../strategy/params';
import type { PreparedStrategy, Strategy, StrategyInput, StrategyParams } from '../strategy/types';
import { validateBacktestConfig, type BacktestConfig } from './config';
import { runBacktest, type BacktestHooks, type BacktestSeries, type SkippedSignal } from './engine';
import { copyTrade, type Trade } from './trade';

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
  profitFactor: number | null;
  maxDrawdownPct: number | null;
  sharpe: number | null;
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

const STEP_NAMES: ReadonlyArray<readonly [number, string]> = TIMEFRAMES.filter((tf) => tf !== '1M').map(
  (tf) => [timeframeMs(tf), tf] as const,
);

/** A step in ms as a timeframe name when it is one, else in ms. */
function describeStep(ms: number): string {
  const named = STEP_NAMES.find(([v]) => v === ms);
  return named ? `${named[1]} (${ms} ms)` : `${ms} ms`;
}

/**
 * Throws unless the most common step between consecutive open times is one candle of `tf` (for
 * 1M: one calendar month). Series of fewer than two candles pass. Ties go to `tf`.
 */
export function checkCandleSpacing(time: ArrayLike<number>, tf: Timeframe, field = 'timeframe'): void {
  const n = time.length;
  if (n < 2) return;
  let match = 0;
  const counts = new Map<number, number>();
  for (let i = 1; i < n; i++) {
    const prev = time[i - 1];
    const t = time[i];
    if (t === nextOpenTime(prev, tf)) match++;
    else counts.set(t - prev, (counts.get(t - prev) ?? 0) + 1);
  }
  let best = 0;
  let bestStep = 0;
  for (const [step, c] of counts) {
    if (c > best || (c === best && step < bestStep)) {
      best = c;
      bestStep = step;
    }
  }
  if (best > match) {
    throw new RangeError(
      `${field}: "${tf}" does not match the candles: their most common step is ${describeStep(bestStep)} (${best} of ${n - 1} steps), one ${tf} step occurs ${match} times`,
    );
  }
}

/** The first `end` candles as views (no copy). */
function head(c: CandleColumns, end: number): CandleColumns {
  if (end === c.time.length) return c;
  return {
    time: c.time.subarray(0, end),
    open: c.open.subarray(0, end),
    high: c.high.subarray(0, end),
    low: c.low.subarray(0, end),
    close: c.close.subarray(0, end),
    volume: c.volume.subarray(0, end),
  };
}

/** Candles [start, end) as views (no copy). */
function range(c: CandleColumns, start: number, end: number): CandleColumns {
  if (start === 0) return head(c, end);
  return {
    time: c.time.subarray(start, end),
    open: c.open.subarray(start, end),
    high: c.high.subarray(start, end),
    low: c.low.subarray(start, end),
    close: c.close.subarray(start, end),
    volume: c.volume.subarray(start, end),
  };
}

/** Higher-timeframe candles closed by `limit` (a close time). */
function otherUpTo(other: BacktestRequestSeries['other'], limit: number): StrategyInput['other'] {
  if (!other) return undefined;
  const out: Partial<Record<Timeframe, CandleColumns>> = {};
  for (const key of Object.keys(other)) {
    if (!isTimeframe(key)) throw new RangeError(`other: "${key}" is not a timeframe`);
    const c = other[key];
    if (!c) continue;
    out[key] = head(c, partitionPoint(0, c.time.length, (i) => nextOpenTime(c.time[i], key) <= limit));
  }
  return out;
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


/**
 * Runs a backtest request (see the file's doc comment for the window): validates the config, the
 * strategy and its parameters, checks every series (timeframe, candle spacing, enough candles for
 * the warm-up, at least one bar in the window), prepares the strategy on each series' history,
 * runs the portfolio and returns the report. Throws naming the field and the value; a cancelled
 * run throws a `CancelledError` (`src/core/util/cancel.ts`).
 */
export function runBacktestRequest(req: BacktestRequest, hooks: BacktestHooks = {}): BacktestReport {
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
    const history = head(c, end);
    const input: StrategyInput = {
      symbol: s.symbol,
      timeframe: tf,
      candles: history,
      other: otherUpTo(s.other, nextOpenTime(history.time[end - 1], tf)),
    };
    const prepared = strategy.prepare(input, params);
    const script = strat.report.id === SCRIPTED_ID ? (prepared as PreparedScript) : null;
    const series: BacktestSeries = {
      symbol: s.symbol,
      timeframe: tf,
      candles: range(c, start, end),
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
      trades: res.trades.length,
      skippedSignals: res.skipped.length,
      finalEquity: m.finalEquity,
      roiPct: m.roiPct,
      winRate: m.winRate,
      profitFactor: m.profitFactor,
      maxDrawdownPct: m.maxDrawdownPct,
      sharpe: m.sharpe,
    },
  };
}

function jsonPrimitive(v: unknown, path: string): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
    case 'boolean':
    case 'string':
      return JSON.stringify(v);
    case 'undefined':
      return undefined;
    default:
      throw new TypeError(`${path}: a ${typeof v} cannot be written as JSON`);
  }
}

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object';
}

function checkPlain(v: object, path: string): void {
  if (ArrayBuffer.isView(v)) throw new TypeError(`${path}: a typed array is not plain data (use a number array)`);
  if (Array.isArray(v)) return;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${path}: a ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'non-plain'} object is not plain data`);
  }
}

function write(v: unknown, path: string, indent: string, inArray: boolean, out: string[]): void {
  if (!isContainer(v)) {
    out.push(jsonPrimitive(v, path) ?? 'null');
    return;
  }
  checkPlain(v, path);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push('[]');
      return;
    }
    const leaf = v.every((x) => !isContainer(x));
    out.push(leaf ? '[' : `[\n${inner}`);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(leaf ? ',' : `,\n${inner}`);
      write(v[i], `${path}[${i}]`, inner, true, out);
    }
    out.push(leaf ? ']' : `\n${indent}]`);
    return;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) {
    out.push('{}');
    return;
  }
  const oneLine = inArray && keys.every((k) => !isContainer(obj[k]));
  out.push(oneLine ? '{' : `{\n${inner}`);
  keys.forEach((k, i) => {
    if (i > 0) out.push(oneLine ? ',' : `,\n${inner}`);
    out.push(JSON.stringify(k), oneLine ? ':' : ': ');
    write(obj[k], `${path}.${k}`, inner, false, out);
  });
  out.push(oneLine ? '}' : `\n${indent}}`);
}

/**
 * Canonical JSON of plain data: object keys in code-unit order, numbers as `JSON.stringify` prints
 * them (NaN and ±Infinity as null), undefined object members left out. Indented by two spaces,
 * except that arrays of primitives, and objects of primitives inside arrays, take one line each
 * (an equity point, a reason, a skipped signal). Typed arrays, Dates, Maps and other class
 * instances throw naming their path. Ends with a newline.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', '', false, out);
  out.push('\n');
  return out.join('');
}

/** The report as canonical JSON ({@link canonicalJson}): the same report gives the same bytes everywhere. */
export function serializeReport(report: BacktestReport): string {
  return canonicalJson(report);
}

function field(obj: Record<string, unknown>, key: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) throw new TypeError(`${path}.${key}: missing`);
  return obj[key];
}

/**
 * The metrics of a stored report, recomputed from its `trades`, `equity` and
 * `summary.barsInMarket`. `initialCapital` defaults to the report's `config.initialCapital`; the
 * curve's first point `[equity[0][0], initialCapital]` is put back before computing. Accepts the
 * JSON text or the parsed object; throws naming the missing or malformed field.
 */
export function recomputeMetrics(reportJson: unknown, initialCapital?: number): Metrics {
  const report: unknown = typeof reportJson === 'string' ? JSON.parse(reportJson) : reportJson;
  if (!isPlainObject(report)) throw new TypeError(`report: ${String(report)} is not a JSON object`);
  const trades = field(report, 'trades', 'report');
  if (!Array.isArray(trades)) throw new TypeError('report.trades: is not an array');
  trades.forEach((t, i) => {
    if (!isPlainObject(t)) throw new TypeError(`report.trades[${i}]: ${String(t)} is not a trade object`);
  });
  const equity = field(report, 'equity', 'report');
  if (!Array.isArray(equity) || equity.length === 0) throw new TypeError('report.equity: is not a non-empty array of [time, equity] points');
  let c0 = initialCapital;
  if (c0 === undefined) {
    const cfg = report.config;
    if (!isPlainObject(cfg) || typeof cfg.initialCapital !== 'number') {
      throw new TypeError('report.config.initialCapital: missing (pass the initial capital)');
    }
    c0 = cfg.initialCapital;
  }
  const summary = field(report, 'summary', 'report');
  if (!isPlainObject(summary)) throw new TypeError('report.summary: is not an object');
  const barsInMarket = field(summary, 'barsInMarket', 'report.summary');
  if (typeof barsInMarket !== 'number') throw new TypeError(`report.summary.barsInMarket: ${String(barsInMarket)} is not a number`);
  const n = equity.length;
  const equityTime = new Float64Array(n + 1);
  const equityValue = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p: unknown = equity[i];
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      throw new TypeError(`report.equity[${i}]: ${JSON.stringify(p)} is not a [time, equity] pair of numbers`);
    }
    equityTime[i + 1] = p[0];
    equityValue[i + 1] = p[1];
  }
  equityTime[0] = equityTime[1];
  equityValue[0] = c0;
  return computeMetrics({
    initialCapital: c0,
    trades: trades as Trade[],
    equityTime,
    equityValue,
    barsInMarket,
    totalBars: n,
  });
}
