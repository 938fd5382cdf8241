/**
 * What the report and compare pages show: trade table ordering and filtering (on the trades as
 * columns), metric tones, the best value of a row, breakdown rows, the drawdown curve and the
 * configuration as labelled rows. Pure functions.
 */
import { strategyOfConfig } from '../../../core/backtest/result-file';
import { DIRECTION_CODES, type TradeColumns, type TradeNumberField } from '../../../core/backtest/trade-columns';
import { EXIT_REASONS } from '../../../core/backtest/trade';
import {
  CONFIDENCE_LEVELS,
  DIRECTIONS,
  formatMetric,
  isInfiniteProfitFactor,
  type BreakdownRecord,
  type MetricDefinition,
  type MetricKey,
  type MetricRecord,
} from '../../../core/metrics';
import { confidenceLevel } from '../../../core/strategy/types';
import { formatDateTime } from '../../../core/util/format-time';

export { initialCapitalOf } from '../../../core/reports/backtest-report';

/** A sortable column of the trades table: the trade's number, a field, or its duration. */
export type TradeSortKey = 'index' | 'symbol' | 'direction' | 'exitReason' | 'duration' | Exclude<TradeNumberField, 'signalTime' | 'stop' | 'target'>;

export interface TradeFilter {
  /** Empty = any. */
  direction: string;
  symbol: string;
  exitReason: string;
}

export const NO_FILTER: TradeFilter = { direction: '', symbol: '', exitReason: '' };

/** Height of one row of the trades table in px (fixed, so the virtual list places every row without measuring). */
export const TRADE_ROW_HEIGHT = 44;

/** Exit reason codes by the alphabetical rank of their names, so sorting by reason sorts by name. */
const EXIT_REASON_RANK = Uint8Array.from(EXIT_REASONS.map((r) => [...EXIT_REASONS].sort().indexOf(r)));

/** The sort key of every trade for a column (codes and ranks for the text columns: their order is the names' order). */
function sortKeys(c: TradeColumns, key: TradeSortKey): ArrayLike<number> {
  switch (key) {
    case 'index':
      return Float64Array.from({ length: c.length }, (_, i) => i);
    case 'duration':
      return c.exitTime.map((t, i) => t - c.entryTime[i]);
    case 'symbol':
      return c.symbol;
    case 'direction':
      return c.direction;
    case 'exitReason':
      return c.exitReason.map((r) => EXIT_REASON_RANK[r]);
    default:
      return c[key];
  }
}

/**
 * Positions of the trades passing `filter`, ordered by `key` (`dir` 1 ascending, -1 descending);
 * ties keep the stored order. Typed arrays throughout: 10,000 trades sort in a few milliseconds.
 */
export function tradeOrder(c: TradeColumns, filter: TradeFilter, key: TradeSortKey, dir: 1 | -1): Uint32Array {
  const direction = filter.direction === '' ? -1 : DIRECTION_CODES.indexOf(filter.direction as (typeof DIRECTION_CODES)[number]);
  const symbol = filter.symbol === '' ? -1 : c.symbols.indexOf(filter.symbol);
  const reason = filter.exitReason === '' ? -1 : EXIT_REASONS.indexOf(filter.exitReason as (typeof EXIT_REASONS)[number]);
  if ((filter.direction !== '' && direction < 0) || (filter.symbol !== '' && symbol < 0) || (filter.exitReason !== '' && reason < 0)) {
    return new Uint32Array(0);
  }
  const idx = new Uint32Array(c.length);
  let n = 0;
  for (let i = 0; i < c.length; i++) {
    if (direction >= 0 && c.direction[i] !== direction) continue;
    if (symbol >= 0 && c.symbol[i] !== symbol) continue;
    if (reason >= 0 && c.exitReason[i] !== reason) continue;
    idx[n++] = i;
  }
  const out = idx.subarray(0, n);
  if (key === 'index') return dir === 1 ? out : out.reverse();
  const v = sortKeys(c, key);
  return out.sort((a, b) => {
    const d = v[a] - v[b];
    return d === 0 ? a - b : d * dir;
  });
}

/** How a metric's value reads: good, bad or neutral. */
export type Tone = 'good' | 'bad' | 'neutral';

/** The value at which a metric turns from bad to good (metrics without one are not coloured). */
const BREAK_EVEN: Partial<Record<MetricKey, number>> = {
  totalPnl: 0,
  roiPct: 0,
  cagrPct: 0,
  expectancy: 0,
  sharpe: 0,
  sortino: 0,
  calmar: 0,
  sqn: 0,
  kelly: 0,
  profitFactor: 1,
  payoffRatio: 1,
  winRate: 0.5,
};

/**
 * The tone of a metric's value: for metrics with a break-even point (net profit, returns, ratios
 * around 0; profit factor and payoff ratio around 1; win rate around 50 %; final equity around the
 * initial capital), above it is good and below bad, in the direction `better` gives; max drawdown
 * is good below 10 % and bad above 25 %. Everything else is neutral.
 */
export function metricTone(def: MetricDefinition, value: number | null, metrics: MetricRecord, initialCapital: number | null): Tone {
  if (def.better === 'none') return 'neutral';
  if (def.key === 'profitFactor' && value === null && isInfiniteProfitFactor(metrics)) return 'good';
  if (value === null) return 'neutral';
  if (def.key === 'maxDrawdownPct') return value < 10 ? 'good' : value > 25 ? 'bad' : 'neutral';
  const even = def.key === 'finalEquity' ? initialCapital : BREAK_EVEN[def.key];
  if (even === undefined || even === null) return 'neutral';
  if (value === even) return 'neutral';
  const above = value > even;
  return (def.better === 'higher') === above ? 'good' : 'bad';
}

/** A metric's value for ranking: an infinite profit factor is +∞; undefined is null. */
export function rankValue(key: MetricKey, metrics: MetricRecord): number | null {
  const v = metrics[key];
  if (key === 'profitFactor' && v === null && isInfiniteProfitFactor(metrics)) return Infinity;
  return typeof v === 'number' && !Number.isNaN(v) ? v : null;
}

/**
 * Which columns hold the best value of a row: the highest (or lowest) for a metric whose `better`
 * is higher (lower); all tied columns count; none for `better: none`, or when fewer than two
 * columns have a value or all values are equal.
 */
export function bestColumns(def: MetricDefinition, values: ReadonlyArray<number | null>): boolean[] {
  const out = values.map(() => false);
  if (def.better === 'none') return out;
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) return out;
  const best = def.better === 'higher' ? Math.max(...present) : Math.min(...present);
  const worst = def.better === 'higher' ? Math.min(...present) : Math.max(...present);
  if (best === worst) return out;
  values.forEach((v, i) => (out[i] = v === best));
  return out;
}

/** One row of a breakdown table. */
export interface BreakdownRow {
  key: string;
  label: string;
  trades: number;
  winRate: string;
  pnl: string;
  pnlValue: number | null;
  profitFactor: string;
}

/** The breakdowns shown (direction, symbol, exit reason, confidence level) with their titles. */
export const BREAKDOWN_TABLES: ReadonlyArray<{ name: 'direction' | 'symbol' | 'exitReason' | 'confidence'; title: string }> = [
  { name: 'direction', title: 'By direction' },
  { name: 'symbol', title: 'By symbol' },
  { name: 'exitReason', title: 'By exit reason' },
  { name: 'confidence', title: 'By confidence level' },
];

const EXIT_LABELS: Record<string, string> = { TP: 'Target (TP)', SL: 'Stop (SL)', SIGNAL: 'Opposite signal', TIMEOUT: 'Time limit', END: 'End of test' };
const CONFIDENCE_LABELS: Record<string, string> = {
  VERY_HIGH: 'Very high (≥ 0.9)',
  HIGH: 'High (≥ 0.75)',
  MEDIUM: 'Medium (≥ 0.6)',
  LOW: 'Low (≥ 0.4)',
  VERY_LOW: 'Very low (< 0.4)',
};

/** Rows of one breakdown table: fixed categories in their canonical order, then any other group. */
export function breakdownRows(breakdowns: BreakdownRecord, name: string): BreakdownRow[] {
  const groups = breakdowns[name] ?? {};
  const canonical: readonly string[] =
    name === 'direction' ? DIRECTIONS : name === 'exitReason' ? EXIT_REASONS : name === 'confidence' ? CONFIDENCE_LEVELS : [];
  const keys = [...canonical.filter((k) => groups[k] !== undefined), ...Object.keys(groups).filter((k) => !canonical.includes(k)).sort()];
  return keys.map((key) => {
    const m = groups[key];
    const label = name === 'exitReason' ? (EXIT_LABELS[key] ?? key) : name === 'confidence' ? (CONFIDENCE_LABELS[key] ?? key) : key;
    return {
      key,
      label,
      trades: m.totalTrades ?? 0,
      winRate: formatMetric('winRate', m.winRate ?? null),
      pnl: formatMetric('totalPnl', m.totalPnl ?? null),
      pnlValue: m.totalPnl ?? null,
      profitFactor: formatMetric('profitFactor', m.profitFactor ?? null, m),
    };
  });
}

/** The drawdown below the running peak at each point, in percent (≤ 0). */
export function drawdownPct(value: ArrayLike<number>, initialCapital: number | null): Float64Array {
  const out = new Float64Array(value.length);
  let peak = initialCapital ?? -Infinity;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (v > peak) peak = v;
    out[i] = peak > 0 ? ((v - peak) / peak) * 100 : 0;
  }
  return out;
}

/** A labelled line of the configuration panel. */
export interface ConfigRow {
  label: string;
  value: string;
}

const SETTING_LABELS: ReadonlyArray<[string, string, (v: unknown) => string]> = [
  ['initialCapital', 'Initial capital', (v) => fmtNumber(v)],
  ['feeRate', 'Fee per fill', (v) => fmtPercentOfFraction(v)],
  ['slippage', 'Slippage', (v) => fmtPercentOfFraction(v)],
  ['sizing', 'Position sizing', (v) => fmtSizing(v)],
  ['maxOpenTrades', 'Max open trades', (v) => fmtNumber(v)],
  ['maxPositionPct', 'Max position size', (v) => (typeof v === 'number' ? `${v} % of equity` : String(v))],
  ['minOrder', 'Min order', (v) => fmtNumber(v)],
  ['allowLong', 'Long trades', (v) => fmtBool(v)],
  ['allowShort', 'Short trades', (v) => fmtBool(v)],
  ['exitOnOpposite', 'Exit on opposite signal', (v) => fmtBool(v)],
  ['maxBars', 'Time limit', (v) => (v === 0 ? 'none' : typeof v === 'number' ? `${v} bars` : String(v))],
];

function fmtNumber(v: unknown): string {
  return typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 8 }) : String(v);
}

function fmtPercentOfFraction(v: unknown): string {
  return typeof v === 'number' ? `${Number((v * 100).toPrecision(12))} %` : String(v);
}

function fmtBool(v: unknown): string {
  return v === true ? 'yes' : v === false ? 'no' : String(v);
}

function fmtSizing(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  const s = v as { kind?: unknown; value?: unknown };
  if (s.kind === 'fixed') return `fixed ${fmtNumber(s.value)} per trade`;
  if (s.kind === 'equity') return `${fmtNumber(s.value)} % of equity per trade`;
  if (s.kind === 'risk') return `risk ${fmtNumber(s.value)} % of equity at the stop`;
  return JSON.stringify(v);
}

function fmtTime(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? formatDateTime(v) : '';
}

function fmtValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The sections of the configuration panel: market, strategy (every parameter) and engine settings. */
export interface ConfigView {
  market: ConfigRow[];
  strategy: ConfigRow[];
  params: ConfigRow[];
  settings: ConfigRow[];
}

/**
 * The configuration a job ran with, as labelled rows: market and window, the strategy with its
 * complete parameter set (as the run recorded it, or resolved), and the engine settings (as the
 * run recorded them, or as submitted). Unknown fields are listed as they are.
 */
export function describeConfig(config: Record<string, unknown>): ConfigView {
  const report = (config.report ?? {}) as { config?: Record<string, unknown>; summary?: { start?: unknown; end?: unknown } };
  const market: ConfigRow[] = [
    { label: 'Exchange', value: fmtValue(config.exchange) },
    { label: Array.isArray(config.symbols) && config.symbols.length > 1 ? 'Symbols (one portfolio)' : 'Symbol', value: Array.isArray(config.symbols) ? config.symbols.join(', ') : fmtValue(config.symbols) },
    { label: 'Timeframe', value: fmtValue(config.timeframe) },
    { label: 'From', value: fmtTime(config.from) || 'first stored candle' },
    { label: 'To', value: fmtTime(config.to) || 'last stored candle' },
  ];
  if (report.summary && typeof report.summary.start === 'number') {
    market.push({ label: 'Bars traded', value: `${fmtTime(report.summary.start)} → ${fmtTime(report.summary.end)}` });
  }
  const strategyName = typeof config.strategy === 'string' ? config.strategy : '';
  const resolved = strategyName ? strategyOfConfig({ ...config, strategy: strategyName }) : null;
  const strategy: ConfigRow[] = [{ label: 'Strategy', value: strategyName || '—' }];
  if (resolved) {
    if (resolved.preset) strategy.push({ label: 'Preset', value: resolved.preset });
    strategy.push({ label: 'Engine', value: resolved.id });
    if (resolved.scriptRows !== null) strategy.push({ label: 'Script rows', value: String(resolved.scriptRows) });
  }
  const paramSource = resolved?.params ?? ((config.params ?? {}) as Record<string, unknown>);
  const params = Object.keys(paramSource)
    .sort()
    .map((k) => ({ label: k, value: fmtValue(paramSource[k]) }));
  const engine = (report.config ?? config.backtest ?? {}) as Record<string, unknown>;
  const settings: ConfigRow[] = [];
  for (const [key, label, fmt] of SETTING_LABELS) if (engine[key] !== undefined) settings.push({ label, value: fmt(engine[key]) });
  for (const key of Object.keys(engine).sort()) {
    if (!SETTING_LABELS.some(([k]) => k === key)) settings.push({ label: key, value: fmtValue(engine[key]) });
  }
  const known = new Set(['exchange', 'symbols', 'timeframe', 'from', 'to', 'strategy', 'params', 'script', 'backtest', 'report']);
  for (const key of Object.keys(config).sort()) {
    if (!known.has(key) && config[key] !== undefined) settings.push({ label: key, value: fmtValue(config[key]) });
  }
  return { market, strategy, params, settings };
}

/** A trade's confidence as shown: `0.82 · HIGH`. */
export function confidenceText(c: number): string {
  return `${Number(c.toFixed(2))} · ${confidenceLevel(c).replace('_', ' ')}`;
}
