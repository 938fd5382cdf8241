/**
 * The backtest result file: one completed backtest as a self-contained JSON document that the app
 * exports and imports, and a CSV of its trades.
 *
 * # Format `candlelab.backtest-result`, version 1
 *
 * Canonical JSON ({@link canonicalJson}: keys sorted, two-space indent, one line per equity
 * point, trade reason and other small object inside an array), so the same result always gives
 * the same bytes and an exported file imported and exported again is byte-identical.
 *
 * ```text
 * {
 *   "breakdowns": { "<breakdown>": { "<group>": { "<metric>": number | null, … }, … }, … },
 *   "equity": [[<UTC ms>, <equity>], …],            // the stored equity curve, times non-decreasing
 *   "format": "candlelab.backtest-result",
 *   "job": {
 *     "config": { "exchange": string, "symbols": [string, …], "timeframe": "1h", "strategy": string, … },
 *     "name": string
 *   },
 *   "metrics": { "<metric of docs/metrics.md>": number | null, … },  // every metric present
 *   "strategy": { "id", "name", "params", "preset", "scriptRows" } | null,
 *   "trades": [ { <every field of Trade> }, … ],
 *   "version": 1
 * }
 * ```
 *
 * - `job.config` is the job's configuration snapshot as it was submitted (any JSON object with at
 *   least `exchange`, `symbols`, `timeframe` and `strategy`); importing it gives a job with the same
 *   configuration, so it can be run again.
 * - `strategy` is the strategy of the configuration with its complete parameter set
 *   ({@link strategyOfConfig}: as the run recorded it, or resolved); null when the configuration
 *   names no known strategy.
 * - `metrics` and `breakdowns` are stored as computed; the trade counts and sums of `metrics`
 *   must agree with `trades`.
 * - Job numbers, ids, batches and times are not part of the file: they belong to the database the
 *   job lives in. An import creates a new COMPLETED job with the next number.
 *
 * {@link validateResultFile} checks every field and throws a {@link ResultFileError} naming the
 * first bad one (`trades[12].exitReason: "STOP" is not one of TP, SL, SIGNAL, TIMEOUT, END`). A
 * backtest report written by the command line (`npm run cli -- backtest`) is a different format
 * and is refused with a message saying so.
 */
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import { computeTradeMetrics, METRIC_DEFINITIONS, type Breakdowns, type Metrics } from '../metrics';
import { normaliseSymbol } from '../strategy/scripted';
import { confidenceLevel, type Reason, type StrategyParams } from '../strategy/types';
import { csvCell } from '../util/csv-cell';
import { canonicalJson, resolveRequestStrategy, type ReportStrategy } from './request';
import { copyTrade, EXIT_REASONS, type Trade } from './trade';

export const RESULT_FILE_FORMAT = 'candlelab.backtest-result';
export const RESULT_FILE_VERSION = 1;
/** The `code` of every {@link ResultFileError}. */
export const RESULT_FILE_INVALID = 'RESULT_FILE_INVALID';

/** Metric name → value (null where undefined). */
export type MetricRecord = Record<string, number | null>;
/** Breakdown name (`direction`, `symbol`, …) → group key → metrics of the group's trades. */
export type BreakdownRecord = Record<string, Record<string, MetricRecord>>;

/** The configuration snapshot of a job: the named fields are required, any other JSON is kept. */
export interface ResultFileConfig {
  exchange: string;
  symbols: string[];
  timeframe: Timeframe;
  strategy: string;
  [key: string]: unknown;
}

export interface ResultFile {
  format: typeof RESULT_FILE_FORMAT;
  version: typeof RESULT_FILE_VERSION;
  job: { name: string; config: ResultFileConfig };
  strategy: ReportStrategy | null;
  trades: Trade[];
  equity: Array<[number, number]>;
  metrics: MetricRecord;
  breakdowns: BreakdownRecord;
}

/** What {@link buildResultFile} reads: a job's name and configuration and its stored result. */
export interface ResultFileInput {
  name: string;
  config: ResultFileConfig;
  trades: readonly Trade[];
  equity: { time: ArrayLike<number>; value: ArrayLike<number> };
  metrics: MetricRecord;
  breakdowns: BreakdownRecord;
}

/** A refused result file: `field` is the path of the first bad field (`trades[3].pnl`, `format`, `file`). */
export class ResultFileError extends Error {
  override name = 'ResultFileError';
  readonly code = RESULT_FILE_INVALID;
  readonly field: string;
  /** `{ field }`, carried across the worker boundary with the code and message. */
  readonly details: { field: string };

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
    this.details = { field };
  }
}

function fail(field: string, problem: string): never {
  throw new ResultFileError(field, problem);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A value for a message: strings quoted, long texts cut. */
function show(v: unknown): string {
  if (v === undefined) return 'missing';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return String(v);
}

const has = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function checkKeys(o: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${path}${path ? '.' : ''}${k}`, `is not a field of ${path || 'a result file'} (expected ${allowed.join(', ')})`);
  }
  for (const k of allowed) {
    if (!has(o, k)) fail(`${path}${path ? '.' : ''}${k}`, 'missing');
  }
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${show(v)} is not a finite number`);
  return v;
}

function positive(v: unknown, field: string): number {
  const x = finite(v, field);
  if (x <= 0) fail(field, `${x} is not a positive number`);
  return x;
}

function nonNegative(v: unknown, field: string): number {
  const x = finite(v, field);
  if (x < 0) fail(field, `${x} is negative`);
  return x;
}

function time(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(field, `${show(v)} is not a time in UTC ms`);
  return v;
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(field, `${show(v)} is not a non-empty string`);
  return v;
}

function metricValue(v: unknown, field: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${show(v)} is not a number or null`);
  return v;
}

const TRADE_FIELDS = [
  'symbol', 'direction', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity', 'fees', 'pnl', 'pnlPct',
  'exitReason', 'confidence', 'stop', 'target', 'signalTime', 'reasons',
] as const;
const REASON_FIELDS = ['condition', 'value', 'threshold', 'pass'] as const;

function reason(v: unknown, field: string): Reason {
  if (!isObject(v)) fail(field, `${show(v)} is not a reason { condition, value, threshold, pass }`);
  checkKeys(v, field, REASON_FIELDS);
  const condition = v.condition;
  if (typeof condition !== 'string') fail(`${field}.condition`, `${show(condition)} is not a string`);
  const value = v.value;
  if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
    fail(`${field}.value`, `${show(value)} is not a number, string, boolean or null`);
  }
  const threshold = v.threshold;
  if (threshold !== null && typeof threshold !== 'string' && !(typeof threshold === 'number' && Number.isFinite(threshold))) {
    fail(`${field}.threshold`, `${show(threshold)} is not a number, string or null`);
  }
  if (typeof v.pass !== 'boolean') fail(`${field}.pass`, `${show(v.pass)} is not true or false`);
  return { condition, value, threshold, pass: v.pass };
}

/** A checked copy of one trade (only the fields of {@link Trade}). */
function trade(v: unknown, i: number, symbols: ReadonlySet<string>): Trade {
  const f = `trades[${i}]`;
  if (!isObject(v)) fail(f, `${show(v)} is not a trade object`);
  checkKeys(v, f, TRADE_FIELDS);
  const symbol = text(v.symbol, `${f}.symbol`);
  if (!symbols.has(normaliseSymbol(symbol))) fail(`${f}.symbol`, `${show(symbol)} is not one of the job's symbols`);
  const direction = v.direction;
  if (direction !== 'LONG' && direction !== 'SHORT') fail(`${f}.direction`, `${show(direction)} is not LONG or SHORT`);
  const entryTime = time(v.entryTime, `${f}.entryTime`);
  const exitTime = time(v.exitTime, `${f}.exitTime`);
  if (exitTime < entryTime) fail(`${f}.exitTime`, `${exitTime} is before the entry time ${entryTime}`);
  const signalTime = time(v.signalTime, `${f}.signalTime`);
  if (signalTime > entryTime) fail(`${f}.signalTime`, `${signalTime} is after the entry time ${entryTime}`);
  const exitReason = v.exitReason;
  if (typeof exitReason !== 'string' || !(EXIT_REASONS as readonly string[]).includes(exitReason)) {
    fail(`${f}.exitReason`, `${show(exitReason)} is not one of ${EXIT_REASONS.join(', ')}`);
  }
  const confidence = finite(v.confidence, `${f}.confidence`);
  if (confidence < 0 || confidence > 1) fail(`${f}.confidence`, `${confidence} is not between 0 and 1`);
  if (!Array.isArray(v.reasons)) fail(`${f}.reasons`, `${show(v.reasons)} is not an array`);
  return {
    symbol,
    direction,
    entryTime,
    entryPrice: positive(v.entryPrice, `${f}.entryPrice`),
    exitTime,
    exitPrice: positive(v.exitPrice, `${f}.exitPrice`),
    quantity: positive(v.quantity, `${f}.quantity`),
    fees: nonNegative(v.fees, `${f}.fees`),
    pnl: finite(v.pnl, `${f}.pnl`),
    pnlPct: finite(v.pnlPct, `${f}.pnlPct`),
    exitReason: exitReason as Trade['exitReason'],
    confidence,
    stop: nonNegative(v.stop, `${f}.stop`),
    target: nonNegative(v.target, `${f}.target`),
    signalTime,
    reasons: v.reasons.map((r, k) => reason(r, `${f}.reasons[${k}]`)),
  };
}

/** Checks a configuration snapshot (the required fields; the rest is kept as it is). */
function config(v: unknown, field: string): ResultFileConfig {
  if (!isObject(v)) fail(field, `${show(v)} is not a configuration object`);
  text(v.exchange, `${field}.exchange`);
  const symbols = v.symbols;
  if (!Array.isArray(symbols) || symbols.length === 0) fail(`${field}.symbols`, `${show(symbols)} is not a non-empty list of symbols`);
  symbols.forEach((s, k) => text(s, `${field}.symbols[${k}]`));
  if (!isTimeframe(v.timeframe)) fail(`${field}.timeframe`, `${show(v.timeframe)} is not one of ${TIMEFRAMES.join(' ')}`);
  text(v.strategy, `${field}.strategy`);
  if (has(v, 'params') && v.params !== undefined) {
    if (!isObject(v.params)) fail(`${field}.params`, `${show(v.params)} is not an object of parameters`);
    for (const [k, p] of Object.entries(v.params)) {
      if (typeof p !== 'string' && typeof p !== 'boolean' && !(typeof p === 'number' && Number.isFinite(p))) {
        fail(`${field}.params.${k}`, `${show(p)} is not a number, boolean or string`);
      }
    }
  }
  return v as ResultFileConfig;
}

function storedStrategy(v: unknown): ReportStrategy | null {
  if (!isObject(v) || typeof v.name !== 'string' || typeof v.id !== 'string' || !isObject(v.params)) return null;
  if (v.preset !== null && typeof v.preset !== 'string') return null;
  if (v.scriptRows !== null && typeof v.scriptRows !== 'number') return null;
  return { name: v.name, id: v.id, preset: v.preset, params: { ...(v.params as StrategyParams) }, scriptRows: v.scriptRows };
}

/**
 * The strategy of a job configuration with its complete parameter set: the one the run recorded
 * (`report.strategy`, added when a queued job completes) when present, otherwise the one the
 * configuration names (`strategy`, `params`, and for SCRIPTED `script`) resolved and validated;
 * null when it names no known strategy or its parameters are invalid.
 */
export function strategyOfConfig(cfg: { strategy: string; [key: string]: unknown }): ReportStrategy | null {
  const recorded = isObject(cfg.report) ? storedStrategy(cfg.report.strategy) : null;
  if (recorded !== null) return recorded;
  try {
    const spec: { name: string; params?: StrategyParams; script?: string } = { name: cfg.strategy };
    if (isObject(cfg.params)) spec.params = cfg.params as StrategyParams;
    if (typeof cfg.script === 'string') spec.script = cfg.script;
    const r = resolveRequestStrategy(spec).report;
    return { name: r.name, id: r.id, preset: r.preset, params: { ...r.params }, scriptRows: r.scriptRows };
  } catch {
    return null;
  }
}

function strategySection(v: unknown, cfg: ResultFileConfig): ReportStrategy | null {
  if (v === null) return null;
  const f = 'strategy';
  if (!isObject(v)) fail(f, `${show(v)} is not a strategy object or null`);
  checkKeys(v, f, ['id', 'name', 'params', 'preset', 'scriptRows']);
  const name = text(v.name, `${f}.name`);
  if (name !== cfg.strategy.trim().toUpperCase()) {
    fail(`${f}.name`, `${show(name)} does not match job.config.strategy ${show(cfg.strategy)}`);
  }
  const id = text(v.id, `${f}.id`);
  if (v.preset !== null && typeof v.preset !== 'string') fail(`${f}.preset`, `${show(v.preset)} is not a string or null`);
  if (v.scriptRows !== null && !(typeof v.scriptRows === 'number' && Number.isInteger(v.scriptRows) && v.scriptRows >= 0)) {
    fail(`${f}.scriptRows`, `${show(v.scriptRows)} is not a count or null`);
  }
  if (!isObject(v.params)) fail(`${f}.params`, `${show(v.params)} is not an object of parameters`);
  const params: StrategyParams = {};
  for (const [k, p] of Object.entries(v.params)) {
    if (typeof p !== 'string' && typeof p !== 'boolean' && !(typeof p === 'number' && Number.isFinite(p))) {
      fail(`${f}.params.${k}`, `${show(p)} is not a number, boolean or string`);
    }
    params[k] = p;
  }
  return { name, id, preset: v.preset as string | null, params, scriptRows: v.scriptRows as number | null };
}

function equity(v: unknown): Array<[number, number]> {
  if (!Array.isArray(v) || v.length === 0) fail('equity', `${show(v)} is not a non-empty list of [time, equity] points`);
  const out = new Array<[number, number]>(v.length);
  let prev = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const p: unknown = v[i];
    if (!Array.isArray(p) || p.length !== 2) fail(`equity[${i}]`, `${show(p)} is not a [time, equity] pair`);
    const t = time(p[0], `equity[${i}][0]`);
    if (t < prev) fail(`equity[${i}][0]`, `${t} is before the previous point's time ${prev}`);
    prev = t;
    out[i] = [t, finite(p[1], `equity[${i}][1]`)];
  }
  return out;
}

function metricsRecord(v: unknown, field: string, requireAll: boolean): MetricRecord {
  if (!isObject(v)) fail(field, `${show(v)} is not an object of metrics`);
  const out: MetricRecord = {};
  if (requireAll) {
    for (const d of METRIC_DEFINITIONS) if (!has(v, d.key)) fail(`${field}.${d.key}`, 'missing');
  }
  for (const [k, x] of Object.entries(v)) out[k] = metricValue(x, `${field}.${k}`);
  return out;
}

function breakdowns(v: unknown): BreakdownRecord {
  if (!isObject(v)) fail('breakdowns', `${show(v)} is not an object of breakdowns`);
  const out: BreakdownRecord = {};
  for (const [name, groups] of Object.entries(v)) {
    if (!isObject(groups)) fail(`breakdowns.${name}`, `${show(groups)} is not an object of groups`);
    const g: Record<string, MetricRecord> = {};
    for (const [key, m] of Object.entries(groups)) g[key] = metricsRecord(m, `breakdowns.${name}.${key}`, false);
    out[name] = g;
  }
  return out;
}

/** Trade counts and sums of `metrics` that must follow from the trades. */
const TRADE_CHECKED: ReadonlyArray<keyof Metrics> = [
  'totalTrades', 'wins', 'losses', 'breakeven', 'grossProfit', 'grossLoss', 'totalPnl', 'totalFees',
];

function checkMetricsAgainstTrades(metrics: MetricRecord, trades: readonly Trade[]): void {
  const fromTrades = computeTradeMetrics(trades, 1);
  for (const key of TRADE_CHECKED) {
    const stored = metrics[key];
    const expected = fromTrades[key];
    if (expected === null) continue;
    const tol = 1e-6 * Math.max(1, Math.abs(expected));
    if (stored === null || Math.abs(stored - expected) > tol) {
      fail(`metrics.${key}`, `${show(stored)} does not match the trades (${expected} from ${trades.length} trades)`);
    }
  }
}

const TOP_FIELDS = ['breakdowns', 'equity', 'format', 'job', 'metrics', 'strategy', 'trades', 'version'] as const;

/** What a JSON object that is not a result file appears to be, for the refusal message. */
function describeForeign(v: Record<string, unknown>): string {
  if (has(v, 'summary') && has(v, 'skipped') && has(v, 'trades') && has(v, 'equity') && has(v, 'config')) {
    return 'missing: this is a backtest report written by the command line (npm run cli -- backtest), a different format; export the result from a backtest report page of the app to get a result file';
  }
  return `missing: this JSON is not a Candlelab backtest result file (no "format": "${RESULT_FILE_FORMAT}")`;
}

/**
 * Checks a parsed result file field by field and returns a checked copy. Throws a
 * {@link ResultFileError} naming the first bad field: a foreign format, a newer version, an
 * unknown or missing field, a value of the wrong kind or range, a trade of a symbol the job does not
 * hold, or trade counts and sums in `metrics` that the trades contradict.
 */
export function validateResultFile(value: unknown): ResultFile {
  if (Array.isArray(value)) fail('file', 'is a JSON array, not a Candlelab backtest result file');
  if (!isObject(value)) fail('file', `${show(value)} is not a Candlelab backtest result file (a JSON object)`);
  if (!has(value, 'format')) fail('format', describeForeign(value));
  if (value.format !== RESULT_FILE_FORMAT) fail('format', `${show(value.format)} is not "${RESULT_FILE_FORMAT}" (not a Candlelab backtest result file)`);
  if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1) {
    fail('version', `${show(value.version)} is not a format version`);
  }
  if (value.version > RESULT_FILE_VERSION) {
    fail('version', `${value.version} is newer than this app reads (version ${RESULT_FILE_VERSION}); update Candlelab to import it`);
  }
  checkKeys(value, '', TOP_FIELDS);
  const job = value.job;
  if (!isObject(job)) fail('job', `${show(job)} is not an object { name, config }`);
  checkKeys(job, 'job', ['config', 'name']);
  const name = text(job.name, 'job.name');
  const cfg = config(job.config, 'job.config');
  const strategy = strategySection(value.strategy, cfg);
  if (!Array.isArray(value.trades)) fail('trades', `${show(value.trades)} is not a list of trades`);
  const symbols = new Set(cfg.symbols.map(normaliseSymbol));
  const trades = value.trades.map((t, i) => trade(t, i, symbols));
  const eq = equity(value.equity);
  const metrics = metricsRecord(value.metrics, 'metrics', true);
  checkMetricsAgainstTrades(metrics, trades);
  return {
    format: RESULT_FILE_FORMAT,
    version: RESULT_FILE_VERSION,
    job: { name, config: cfg },
    strategy,
    trades,
    equity: eq,
    metrics,
    breakdowns: breakdowns(value.breakdowns),
  };
}

/** Parses and checks result file text (see {@link validateResultFile}); text that is not JSON is refused naming `file`. */
export function parseResultFile(textContent: string): ResultFile {
  let value: unknown;
  try {
    value = JSON.parse(textContent);
  } catch (e) {
    fail('file', `is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return validateResultFile(value);
}


/** A result file from a job's name and configuration and its stored result (copied; `strategy` resolved from the configuration). */
export function buildResultFile(input: ResultFileInput): ResultFile {
  const n = input.equity.time.length;
  if (input.equity.value.length !== n) {
    throw new RangeError(`equity.value: length ${input.equity.value.length} differs from equity.time length ${n}`);
  }
  const eq = new Array<[number, number]>(n);
  for (let i = 0; i < n; i++) eq[i] = [input.equity.time[i], input.equity.value[i]];
  return {
    format: RESULT_FILE_FORMAT,
    version: RESULT_FILE_VERSION,
    job: { name: input.name, config: input.config },
    strategy: strategyOfConfig(input.config),
    trades: input.trades.map(copyTrade),
    equity: eq,
    metrics: { ...input.metrics },
    breakdowns: Object.fromEntries(
      Object.entries(input.breakdowns).map(([k, groups]) => [k, Object.fromEntries(Object.entries(groups).map(([g, m]) => [g, { ...m }]))]),
    ),
  };
}

/** The file's canonical JSON text. */
export function serializeResultFile(file: ResultFile): string {
  return canonicalJson(file);
}

/** The breakdowns of `computeBreakdowns` in the stored form: breakdown → group key (as text) → metrics. */
export function breakdownsToRecord(b: Breakdowns): BreakdownRecord {
  const out: BreakdownRecord = {};
  for (const [name, groups] of Object.entries(b) as Array<[string, Breakdowns[keyof Breakdowns]]>) {
    const g: Record<string, MetricRecord> = {};
    for (const group of groups) g[String(group.key)] = { ...group.metrics } as unknown as MetricRecord;
    out[name] = g;
  }
  return out;
}

/** A file name part from free text: lower case letters, digits and dashes, at most 40 characters. */
export function fileSlug(s: string): string {
  const slug = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'backtest' : slug;
}

/** A reason in one short phrase: `condition value (threshold T) pass|fail`. */
export function summariseReason(r: Reason): string {
  const value = r.value === null ? '' : ` ${String(r.value)}`;
  const threshold = r.threshold === null ? '' : ` (threshold ${String(r.threshold)})`;
  return `${r.condition}${value}${threshold} ${r.pass ? 'pass' : 'fail'}`;
}

/** The columns of {@link tradesCsv}. */
export const TRADES_CSV_COLUMNS = [
  'trade', 'symbol', 'direction', 'signalTime', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'durationMs',
  'quantity', 'fees', 'pnl', 'pnlPct', 'exitReason', 'confidence', 'confidenceLevel', 'stop', 'target',
  'reasonsPassed', 'reasonsTotal', 'reasons',
] as const;

function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * The trades as CSV (RFC 4180 quoting, `\n` line ends, a header row): one row per trade in the
 * stored order, numbered from 1 like the report's table; times as ISO 8601 UTC, numbers as
 * JavaScript prints them (exact), `durationMs` = exit − entry, the confidence with its level, and
 * the reasons as the count passed, the count checked and a `; `-separated summary ({@link summariseReason}).
 */
export function tradesCsv(trades: readonly Trade[]): string {
  const lines: string[] = [TRADES_CSV_COLUMNS.join(',')];
  trades.forEach((t, i) => {
    const passed = t.reasons.reduce((n, r) => n + (r.pass ? 1 : 0), 0);
    const cells = [
      String(i + 1),
      t.symbol,
      t.direction,
      iso(t.signalTime),
      iso(t.entryTime),
      String(t.entryPrice),
      iso(t.exitTime),
      String(t.exitPrice),
      String(t.exitTime - t.entryTime),
      String(t.quantity),
      String(t.fees),
      String(t.pnl),
      String(t.pnlPct),
      t.exitReason,
      String(t.confidence),
      confidenceLevel(t.confidence),
      String(t.stop),
      String(t.target),
      String(passed),
      String(t.reasons.length),
      t.reasons.map(summariseReason).join('; '),
    ];
    lines.push(cells.map(csvCell).join(','));
  });
  return `${lines.join('\n')}\n`;
}
