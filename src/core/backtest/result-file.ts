/**
 * The backtest result file: one completed backtest as a self-contained JSON document that the app
 * exports and imports.
 *
 * # Format `candlelab.backtest-result`, version 1
 *
 * Canonical JSON (`canonicalJson`: keys sorted, two-space indent, one line per equity point, trade
 * reason and other small object inside an array), so the same result always gives the same bytes
 * and an exported file imported and exported again is byte-identical.
 *
 * ```text
 * {
 *   "breakdowns": { "<breakdown>": { "<group>": { "<metric>": number | null, … }, … }, … },
 *   "equity": [[<UTC ms>, <equity>], …],            // the per-bar equity points, times non-decreasing
 *   "format": "candlelab.backtest-result",
 *   "job": {
 *     "config": { "exchange", "symbols", "timeframe", "strategy", "params", "from", "to", "backtest", "report", … },
 *     "name": string
 *   },
 *   "metrics": { "<metric of docs/metrics.md>": number | null, … },  // every metric, no other
 *   "strategy": { "id", "name", "params", "preset", "scriptRows" } | null,
 *   "trades": [ { <every field of Trade> }, … ],
 *   "version": 1
 * }
 * ```
 *
 * - `job.config` is the job's configuration (`BacktestJobConfig`, read by `readJobConfig`) with the
 *   `report` its run added: the settings, the complete parameter set and the summary (bars, bars in
 *   the market, headline figures). Importing it gives a job with the same configuration, so it can
 *   be run again.
 * - `strategy` is the strategy of the configuration with its complete parameter set
 *   ({@link strategyOfConfig}); null when the configuration names no known strategy.
 * - `metrics`, `breakdowns` and the summary's headline figures are derived data: on import they are
 *   recomputed with the engine's metrics from `trades`, `equity`, the initial capital and the bars
 *   in the market, and a file whose stored figures disagree is refused naming the figure, the value
 *   it states and the recomputed one. The last equity point must be the initial capital plus the
 *   trades' net profit.
 * - Job numbers, ids, batches and times are not part of the file: they belong to the database the
 *   job lives in. An import creates a new COMPLETED job with the next number.
 *
 * {@link validateResultFile} checks every field and throws a {@link ResultFileError} naming the
 * first bad one (`trades[12].exitReason: "STOP" is not one of TP, SL, SIGNAL, TIMEOUT, END`). A
 * backtest report written by the command line (`npm run cli -- backtest`) is a different format
 * and is refused with a message saying so.
 */
import {
  breakdownsToRecord,
  computeBreakdowns,
  METRIC_DEFINITIONS,
  metricDefinition,
  type BreakdownRecord,
  type MetricKey,
  type MetricRecord,
  type Metrics,
} from '../metrics';
import { normaliseSymbol } from '../strategy/scripted';
import type { Reason, StrategyParams } from '../strategy/types';
import { canonicalJson } from './canonical-json';
import { equityColumns, equityPoints, type EquityPoint } from './equity';
import { jobInitialCapital, JobConfigError, readJobConfig, showValue, type BacktestJobConfig, type BacktestJobResult } from './job';
import { firstDisagreement, runMetrics, sameMetricValue } from './recompute-metrics';
import { resolveRequestStrategy, summaryHeadline, type ReportStrategy, type SummaryHeadline } from './request';
import { copyTrade, EXIT_REASONS, type Trade } from './trade';

export const RESULT_FILE_FORMAT = 'candlelab.backtest-result';
export const RESULT_FILE_VERSION = 1;
/** The `code` of every {@link ResultFileError}. */
export const RESULT_FILE_INVALID = 'RESULT_FILE_INVALID';

export interface ResultFile {
  format: typeof RESULT_FILE_FORMAT;
  version: typeof RESULT_FILE_VERSION;
  job: { name: string; config: BacktestJobConfig };
  strategy: ReportStrategy | null;
  trades: Trade[];
  equity: EquityPoint[];
  metrics: MetricRecord;
  breakdowns: BreakdownRecord;
}

/** What {@link buildResultFile} reads: a completed job's name, configuration and stored result. */
export interface ResultFileInput extends BacktestJobResult {
  name: string;
  config: BacktestJobConfig;
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
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${showValue(v)} is not a finite number`);
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
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(field, `${showValue(v)} is not a time in UTC ms`);
  return v;
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') fail(field, `${showValue(v)} is not a non-empty string`);
  return v;
}

function metricValue(v: unknown, field: string): number | null {
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, `${showValue(v)} is not a number or null`);
  return v;
}

const TRADE_FIELDS = [
  'symbol', 'direction', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'quantity', 'fees', 'pnl', 'pnlPct',
  'exitReason', 'confidence', 'stop', 'target', 'signalTime', 'reasons',
] as const;
const REASON_FIELDS = ['condition', 'value', 'threshold', 'pass'] as const;

function reason(v: unknown, field: string): Reason {
  if (!isObject(v)) fail(field, `${showValue(v)} is not a reason { condition, value, threshold, pass }`);
  checkKeys(v, field, REASON_FIELDS);
  const condition = v.condition;
  if (typeof condition !== 'string') fail(`${field}.condition`, `${showValue(condition)} is not a string`);
  const value = v.value;
  if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
    fail(`${field}.value`, `${showValue(value)} is not a number, string, boolean or null`);
  }
  const threshold = v.threshold;
  if (threshold !== null && typeof threshold !== 'string' && !(typeof threshold === 'number' && Number.isFinite(threshold))) {
    fail(`${field}.threshold`, `${showValue(threshold)} is not a number, string or null`);
  }
  if (typeof v.pass !== 'boolean') fail(`${field}.pass`, `${showValue(v.pass)} is not true or false`);
  return { condition, value, threshold, pass: v.pass };
}

/** A checked copy of one trade (only the fields of {@link Trade}). */
function trade(v: unknown, i: number, symbols: ReadonlySet<string>): Trade {
  const f = `trades[${i}]`;
  if (!isObject(v)) fail(f, `${showValue(v)} is not a trade object`);
  checkKeys(v, f, TRADE_FIELDS);
  const symbol = text(v.symbol, `${f}.symbol`);
  if (!symbols.has(normaliseSymbol(symbol))) fail(`${f}.symbol`, `${showValue(symbol)} is not one of the job's symbols`);
  const direction = v.direction;
  if (direction !== 'LONG' && direction !== 'SHORT') fail(`${f}.direction`, `${showValue(direction)} is not LONG or SHORT`);
  const entryTime = time(v.entryTime, `${f}.entryTime`);
  const exitTime = time(v.exitTime, `${f}.exitTime`);
  if (exitTime < entryTime) fail(`${f}.exitTime`, `${exitTime} is before the entry time ${entryTime}`);
  const signalTime = time(v.signalTime, `${f}.signalTime`);
  if (signalTime > entryTime) fail(`${f}.signalTime`, `${signalTime} is after the entry time ${entryTime}`);
  const exitReason = v.exitReason;
  if (typeof exitReason !== 'string' || !(EXIT_REASONS as readonly string[]).includes(exitReason)) {
    fail(`${f}.exitReason`, `${showValue(exitReason)} is not one of ${EXIT_REASONS.join(', ')}`);
  }
  const confidence = finite(v.confidence, `${f}.confidence`);
  if (confidence < 0 || confidence > 1) fail(`${f}.confidence`, `${confidence} is not between 0 and 1`);
  if (!Array.isArray(v.reasons)) fail(`${f}.reasons`, `${showValue(v.reasons)} is not an array`);
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

/** The job's configuration, read by the job module's reader; a completed run's `report` is required. */
function jobConfig(v: unknown): BacktestJobConfig {
  let cfg: BacktestJobConfig;
  try {
    cfg = readJobConfig(v, 'job.config');
  } catch (e) {
    if (e instanceof JobConfigError) fail(e.field, e.problem);
    throw e;
  }
  if (cfg.report === undefined) {
    fail('job.config.report', "missing (the run's settings and summary, needed to recompute the metrics)");
  }
  return cfg;
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

/** The `strategy` section: well formed, and the strategy of the configuration (as {@link strategyOfConfig} gives it). */
function strategySection(v: unknown, cfg: BacktestJobConfig): ReportStrategy | null {
  const expected = strategyOfConfig(cfg);
  const f = 'strategy';
  if (v === null) {
    if (expected !== null) fail(f, `null, but job.config runs ${expected.name}`);
    return null;
  }
  if (!isObject(v)) fail(f, `${showValue(v)} is not a strategy object or null`);
  checkKeys(v, f, ['id', 'name', 'params', 'preset', 'scriptRows']);
  const name = text(v.name, `${f}.name`);
  if (name !== cfg.strategy.trim().toUpperCase()) {
    fail(`${f}.name`, `${showValue(name)} does not match job.config.strategy ${showValue(cfg.strategy)}`);
  }
  const id = text(v.id, `${f}.id`);
  if (v.preset !== null && typeof v.preset !== 'string') fail(`${f}.preset`, `${showValue(v.preset)} is not a string or null`);
  if (v.scriptRows !== null && !(typeof v.scriptRows === 'number' && Number.isInteger(v.scriptRows) && v.scriptRows >= 0)) {
    fail(`${f}.scriptRows`, `${showValue(v.scriptRows)} is not a count or null`);
  }
  if (!isObject(v.params)) fail(`${f}.params`, `${showValue(v.params)} is not an object of parameters`);
  const params: StrategyParams = {};
  for (const [k, p] of Object.entries(v.params)) {
    if (typeof p !== 'string' && typeof p !== 'boolean' && !(typeof p === 'number' && Number.isFinite(p))) {
      fail(`${f}.params.${k}`, `${showValue(p)} is not a number, boolean or string`);
    }
    params[k] = p;
  }
  const section: ReportStrategy = { name, id, preset: v.preset as string | null, params, scriptRows: v.scriptRows as number | null };
  if (expected === null) fail(f, `names ${name}, but job.config names no strategy this app knows`);
  const whose = 'the strategy job.config ran';
  if (id !== expected.id) fail(`${f}.id`, `${showValue(id)} is not the id of ${whose} (${showValue(expected.id)})`);
  if (section.preset !== expected.preset) fail(`${f}.preset`, `${showValue(section.preset)} is not the preset of ${whose} (${showValue(expected.preset)})`);
  if (section.scriptRows !== expected.scriptRows) fail(`${f}.scriptRows`, `${showValue(section.scriptRows)} is not ${whose}'s (${showValue(expected.scriptRows)})`);
  for (const k of new Set([...Object.keys(params), ...Object.keys(expected.params)])) {
    if (params[k] !== expected.params[k]) fail(`${f}.params.${k}`, `${showValue(params[k])} is not the value ${whose} used (${showValue(expected.params[k])})`);
  }
  return section;
}

function equity(v: unknown): EquityPoint[] {
  if (!Array.isArray(v) || v.length === 0) fail('equity', `${showValue(v)} is not a non-empty list of [time, equity] points`);
  const out = new Array<EquityPoint>(v.length);
  let prev = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const p: unknown = v[i];
    if (!Array.isArray(p) || p.length !== 2) fail(`equity[${i}]`, `${showValue(p)} is not a [time, equity] pair`);
    const t = time(p[0], `equity[${i}][0]`);
    if (t < prev) fail(`equity[${i}][0]`, `${t} is before the previous point's time ${prev}`);
    prev = t;
    out[i] = [t, finite(p[1], `equity[${i}][1]`)];
  }
  return out;
}

function metricsRecord(v: unknown, field: string): MetricRecord {
  if (!isObject(v)) fail(field, `${showValue(v)} is not an object of metrics`);
  const out: MetricRecord = {};
  for (const d of METRIC_DEFINITIONS) if (!has(v, d.key)) fail(`${field}.${d.key}`, 'missing');
  for (const [k, x] of Object.entries(v)) {
    if (!METRIC_KEYS.has(k)) fail(`${field}.${k}`, 'is not a metric of docs/metrics.md');
    out[k] = metricValue(x, `${field}.${k}`);
  }
  return out;
}

function breakdowns(v: unknown): BreakdownRecord {
  if (!isObject(v)) fail('breakdowns', `${showValue(v)} is not an object of breakdowns`);
  const out: BreakdownRecord = {};
  for (const [name, groups] of Object.entries(v)) {
    if (!isObject(groups)) fail(`breakdowns.${name}`, `${showValue(groups)} is not an object of groups`);
    const g: Record<string, MetricRecord> = {};
    for (const [key, m] of Object.entries(groups)) g[key] = metricsRecord(m, `breakdowns.${name}.${key}`);
    out[name] = g;
  }
  return out;
}

const METRIC_KEYS: ReadonlySet<string> = new Set(METRIC_DEFINITIONS.map((d) => d.key));

/** Metrics that need the equity curve or the bar counts; the others follow from the trades alone. */
const CURVE_METRICS: ReadonlySet<MetricKey> = new Set<MetricKey>([
  'maxDrawdownPct', 'maxDrawdown', 'maxDrawdownDurationMs', 'cagrPct', 'sharpe', 'sortino', 'calmar', 'exposurePct',
]);
const TRADE_METRIC_KEYS = METRIC_DEFINITIONS.map((d) => d.key).filter((k) => !CURVE_METRICS.has(k));
const CURVE_METRIC_KEYS = METRIC_DEFINITIONS.map((d) => d.key).filter((k) => CURVE_METRICS.has(k));
const HEADLINE_KEYS: ReadonlyArray<keyof SummaryHeadline> = [
  'trades', 'finalEquity', 'roiPct', 'winRate', 'profitFactor', 'profitFactorInfinite', 'maxDrawdownPct', 'sharpe',
];

/** A number for a message: at most ten significant digits. */
function num(v: number | null | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  return String(Number(v.toPrecision(10)));
}

function disagrees(field: string, label: string, stored: number | null | undefined, recomputed: number | null): never {
  fail(field, `${num(stored)} does not match the trades and equity, which give ${num(recomputed)} (${label})`);
}

/**
 * Recomputes the file's derived figures with the engine and refuses the first that disagrees:
 * the trade-based metrics, then the last equity point against the initial capital plus the net
 * profit, then the curve metrics, the breakdowns and the summary's headline. Returns the
 * recomputed metrics, breakdowns and headline.
 */
function recomputed(
  cfg: BacktestJobConfig,
  trades: readonly Trade[],
  eq: readonly EquityPoint[],
  metrics: MetricRecord,
  stored: BreakdownRecord,
): { metrics: Metrics; breakdowns: BreakdownRecord; headline: SummaryHeadline } {
  const summary = cfg.report!.summary;
  const n = eq.length;
  if (summary.bars !== n) fail('job.config.report.summary.bars', `${summary.bars} is not the ${n} points of equity`);
  if (summary.start !== eq[0][0]) fail('job.config.report.summary.start', `${summary.start} is not the first equity point's time ${eq[0][0]}`);
  if (summary.end !== eq[n - 1][0]) fail('job.config.report.summary.end', `${summary.end} is not the last equity point's time ${eq[n - 1][0]}`);
  const c0 = jobInitialCapital(cfg);
  let m: Metrics;
  try {
    m = runMetrics({ initialCapital: c0, trades, equity: equityColumns(eq), barsInMarket: summary.barsInMarket });
  } catch (e) {
    fail('equity', `its metrics cannot be computed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const label = (k: string) => metricDefinition(k as MetricKey).label;
  const byTrades = firstDisagreement(metrics, { ...m }, TRADE_METRIC_KEYS);
  if (byTrades) disagrees(`metrics.${byTrades.key}`, label(byTrades.key), byTrades.stored, byTrades.recomputed);
  const last = eq[n - 1][1];
  const expected = c0 + (m.totalPnl ?? 0);
  if (Math.abs(last - expected) > 1e-6 * Math.max(1, c0)) {
    fail(`equity[${n - 1}][1]`, `${num(last)} is not the initial capital plus the trades' net profit (${num(c0)} + ${num(m.totalPnl)} = ${num(expected)})`);
  }
  const byCurve = firstDisagreement(metrics, { ...m }, CURVE_METRIC_KEYS);
  if (byCurve) disagrees(`metrics.${byCurve.key}`, label(byCurve.key), byCurve.stored, byCurve.recomputed);

  const b = breakdownsToRecord(computeBreakdowns(trades, c0));
  for (const name of Object.keys(stored)) if (!(name in b)) fail(`breakdowns.${name}`, `is not a breakdown (expected ${Object.keys(b).join(', ')})`);
  for (const [name, groups] of Object.entries(b)) {
    const s = stored[name];
    if (s === undefined) fail(`breakdowns.${name}`, 'missing');
    for (const key of Object.keys(s)) if (!(key in groups)) fail(`breakdowns.${name}.${key}`, `is not a group of the trades' ${name} breakdown`);
    for (const [key, gm] of Object.entries(groups)) {
      if (s[key] === undefined) fail(`breakdowns.${name}.${key}`, 'missing');
      const d = firstDisagreement(s[key], gm, Object.keys(gm));
      if (d) disagrees(`breakdowns.${name}.${key}.${d.key}`, `${label(d.key)} of ${name} ${key}`, d.stored, d.recomputed);
    }
  }

  const headline = summaryHeadline(m);
  for (const k of HEADLINE_KEYS) {
    const field = `job.config.report.summary.${k}`;
    const want = headline[k];
    const got: unknown = summary[k];
    if (typeof want === 'boolean') {
      if (got !== undefined && got !== want) fail(field, `${showValue(got)} does not match the trades and equity, which give ${want}`);
    } else if (typeof got !== 'number' && got !== null) {
      fail(field, `${showValue(got)} is not a number or null`);
    } else if (!sameMetricValue(got, want)) {
      disagrees(field, k === 'trades' ? 'Trades' : label(k), got, want);
    }
  }
  return { metrics: m, breakdowns: b, headline };
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
 * Checks a parsed result file field by field and recomputes its derived figures, returning a
 * checked copy that holds the recomputed metrics, breakdowns and summary headline. Throws a
 * {@link ResultFileError} naming the first bad field: a foreign format, a newer version, an unknown
 * or missing field, a value of the wrong kind or range, a trade of a symbol the job does not hold,
 * or a stored figure the trades and equity contradict (naming the figure, the stored value and the
 * recomputed one).
 */
export function validateResultFile(value: unknown): ResultFile {
  if (Array.isArray(value)) fail('file', 'is a JSON array, not a Candlelab backtest result file');
  if (!isObject(value)) fail('file', `${showValue(value)} is not a Candlelab backtest result file (a JSON object)`);
  if (!has(value, 'format')) fail('format', describeForeign(value));
  if (value.format !== RESULT_FILE_FORMAT) fail('format', `${showValue(value.format)} is not "${RESULT_FILE_FORMAT}" (not a Candlelab backtest result file)`);
  if (typeof value.version !== 'number' || !Number.isInteger(value.version) || value.version < 1) {
    fail('version', `${showValue(value.version)} is not a format version`);
  }
  if (value.version > RESULT_FILE_VERSION) {
    fail('version', `${value.version} is newer than this app reads (version ${RESULT_FILE_VERSION}); update Candlelab to import it`);
  }
  checkKeys(value, '', TOP_FIELDS);
  const job = value.job;
  if (!isObject(job)) fail('job', `${showValue(job)} is not an object { name, config }`);
  checkKeys(job, 'job', ['config', 'name']);
  const name = text(job.name, 'job.name');
  const cfg = jobConfig(job.config);
  const strategy = strategySection(value.strategy, cfg);
  if (!Array.isArray(value.trades)) fail('trades', `${showValue(value.trades)} is not a list of trades`);
  const symbols = new Set(cfg.symbols.map(normaliseSymbol));
  const trades = value.trades.map((t, i) => trade(t, i, symbols));
  const eq = equity(value.equity);
  const metrics = metricsRecord(value.metrics, 'metrics');
  const derived = recomputed(cfg, trades, eq, metrics, breakdowns(value.breakdowns));
  const report = cfg.report!;
  const config: BacktestJobConfig = { ...cfg, report: { ...report, summary: { ...report.summary, ...derived.headline } } };
  return {
    format: RESULT_FILE_FORMAT,
    version: RESULT_FILE_VERSION,
    job: { name, config },
    strategy,
    trades,
    equity: eq,
    metrics: { ...derived.metrics },
    breakdowns: derived.breakdowns,
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

/**
 * A result file from a completed job's name, configuration and stored result (copied; `strategy`
 * resolved from the configuration, breakdowns computed from the trades).
 */
export function buildResultFile(input: ResultFileInput): ResultFile {
  return {
    format: RESULT_FILE_FORMAT,
    version: RESULT_FILE_VERSION,
    job: { name: input.name, config: input.config },
    strategy: strategyOfConfig(input.config),
    trades: input.trades.map(copyTrade),
    equity: equityPoints(input.equity),
    metrics: { ...input.metrics },
    breakdowns: breakdownsToRecord(computeBreakdowns(input.trades, jobInitialCapital(input.config))),
  };
}

/** What an imported file stores as its job's result. */
export function resultOfFile(file: ResultFile): BacktestJobResult {
  return { trades: file.trades, equity: equityColumns(file.equity), metrics: file.metrics };
}

/** The file's canonical JSON text. */
export function serializeResultFile(file: ResultFile): string {
  return canonicalJson(file);
}
