/**
 * The volatility-grouped report of a selection of completed backtests.
 *
 * Each backtest is placed in a group by the annualised realised volatility (in %) of its
 * symbol over its own period (`annualisedVolatility` in `./volatility`); a backtest of several
 * symbols (a portfolio) is placed by the mean of its symbols' volatilities, `annualisedVol` of its
 * entry, while each symbol is still classed on its own in the row's `symbolGroups` and the
 * per-symbol `symbols` bars. The group of a volatility `v` is {@link volatilityGroup}'s:
 * `LOW` when `v < low`, `MEDIUM` when `low <= v <= high`, `HIGH` when `v > high`, so a value exactly on
 * a threshold belongs to MEDIUM. The thresholds are percentages with `0 < low < high`
 * ({@link validateReportThresholds}). A backtest whose volatility is unknown (`null`: too few
 * candles) is listed in `unclassified`.
 *
 * # Summaries (per group, and `overall` across every entry including the unclassified ones)
 * - `backtests`: count; `totalTrades`: sum of `totalTrades`.
 * - `avgWinRate`: mean of the backtests' win rates (fractions 0..1), over the backtests that have
 *   a win rate (at least one trade); every backtest weighs the same, whatever its trade count.
 * - `profitFactor`: the pooled ratio `Σ grossProfit / Σ grossLoss` over the group's backtests,
 *   not the mean of their profit factors. A mean would be undefined as soon as one backtest has
 *   no losing trade (an infinite profit factor) and would let a backtest with two trades weigh as
 *   much as one with two hundred; the pooled ratio is the profit factor of all the group's trades
 *   taken together. When `Σ grossLoss` is 0 it is `null`, with `profitFactorInfinite` set when
 *   `Σ grossProfit > 0` (shown "∞"), as docs/metrics.md does for one backtest.
 * - `roiPct`, `sharpe`: means over the backtests where the value is defined.
 * - `maxDrawdownPct`: the mean and the worst (largest) of the backtests' max drawdowns.
 * - `configurations`: the distinct strategy settings (strategy, stop and target ATR multipliers,
 *   ADX threshold, minimum confidence) with how many backtests used each, most used first
 *   (ties: the one whose first backtest has the lower `seq`).
 * - `bestByProfitFactor`: the row with the highest profit factor, an infinite one ranking above
 *   every finite one; rows without a profit factor (no trade, or neither profit nor loss) are not
 *   candidates. `bestByWinRate`: the row with the highest win rate; rows without trades are not
 *   candidates. Ties go to the lower `seq`. `null` when no row is a candidate.
 *
 * Rows are in ascending `seq` order. The same entries and thresholds always give the same report.
 */
import { csvCell } from '../util/csv-cell';
import {
  volatilityGroup,
  validateVolatilityThresholds,
  DEFAULT_VOLATILITY_THRESHOLDS,
  VOLATILITY_GROUPS,
  type VolatilityGroup,
  type VolatilityThresholds,
} from './volatility';

export { DEFAULT_VOLATILITY_THRESHOLDS, VOLATILITY_GROUPS, type VolatilityGroup, type VolatilityThresholds };

/** The strategy settings the report shows for each group. `null` where the strategy has no such parameter. */
export interface VolatilityReportConfig {
  /** The preset or strategy name as run (e.g. `BALANCED`, `HMA_SMA`). */
  strategy: string;
  /** Stop distance in ATRs (`sl_atr_multiplier`). */
  stopAtrMult: number | null;
  /** Target distance in ATRs (`tp_atr_multiplier`). */
  targetAtrMult: number | null;
  /** Minimum ADX for a signal (`adx_threshold`). */
  adxThreshold: number | null;
  /** Minimum signal confidence 0..1 (`min_confidence`). */
  minConfidence: number | null;
}

/** The metrics of docs/metrics.md the report reads. */
export const VOLATILITY_REPORT_METRICS = [
  'totalTrades',
  'winRate',
  'grossProfit',
  'grossLoss',
  'profitFactor',
  'roiPct',
  'sharpe',
  'maxDrawdownPct',
] as const;
export type VolatilityReportMetricKey = (typeof VOLATILITY_REPORT_METRICS)[number];
/** A backtest's metrics as stored (`null` = undefined; a missing key counts as `null`). */
export type VolatilityReportMetrics = Partial<Record<VolatilityReportMetricKey, number | null>>;

/** One symbol of a backtest with its annualised volatility (%) over the backtest's period. */
export interface SymbolVolatility {
  symbol: string;
  annualisedVol: number | null;
}

/** One completed backtest, as the report reads it. */
export interface VolatilityReportEntry {
  /** The job number users see (`#12`); unique within a report. */
  seq: number;
  name: string;
  /** The backtest's symbols (one, or several for a portfolio backtest). */
  symbols: string[];
  timeframe: string;
  /** First and last bar open time of the backtest (UTC ms), the window the volatility is measured on. */
  period: { from: number; to: number };
  config: VolatilityReportConfig;
  metrics: VolatilityReportMetrics;
  /** Annualised realised volatility in % (the mean over the symbols for several), or null when unknown. */
  annualisedVol: number | null;
  /** Each symbol's volatility, for a backtest of several symbols; when absent the single symbol has `annualisedVol`. */
  symbolVols?: SymbolVolatility[];
}

/** A symbol's volatility and group, as one row of a backtest. */
export interface ClassifiedSymbol {
  symbol: string;
  annualisedVol: number | null;
  group: VolatilityGroup | null;
}

/** One backtest in the report. */
export interface VolatilityReportRow {
  seq: number;
  name: string;
  symbols: string[];
  timeframe: string;
  period: { from: number; to: number };
  config: VolatilityReportConfig;
  metrics: Record<VolatilityReportMetricKey, number | null>;
  /** True when the profit factor is infinite (profit and no loss); `metrics.profitFactor` is then null. */
  profitFactorInfinite: boolean;
  annualisedVol: number | null;
  /** The backtest's group, null when its volatility is unknown. */
  group: VolatilityGroup | null;
  /** Each symbol classed on its own (one element for a single-symbol backtest). */
  symbolGroups: ClassifiedSymbol[];
}

/** One distinct configuration of a group and the backtests that used it. */
export interface ConfigurationCount {
  config: VolatilityReportConfig;
  count: number;
  seqs: number[];
}

/** The summary of a group of backtests (see the module comment for each figure). */
export interface VolatilityGroupSummary {
  configurations: ConfigurationCount[];
  backtests: number;
  totalTrades: number;
  avgWinRate: number | null;
  grossProfit: number;
  grossLoss: number;
  profitFactor: number | null;
  profitFactorInfinite: boolean;
  roiPct: number | null;
  sharpe: number | null;
  maxDrawdownPct: { mean: number | null; worst: number | null };
  rows: VolatilityReportRow[];
  bestByProfitFactor: VolatilityReportRow | null;
  bestByWinRate: VolatilityReportRow | null;
}

/** One bar of the "volatility per symbol" chart: a symbol over one window. */
export interface SymbolVolatilityBar {
  symbol: string;
  timeframe: string;
  period: { from: number; to: number };
  annualisedVol: number | null;
  group: VolatilityGroup | null;
  /** The backtests that include this symbol over this window, ascending. */
  seqs: number[];
}

export interface VolatilityReport {
  thresholds: VolatilityThresholds;
  groups: Record<VolatilityGroup, VolatilityGroupSummary>;
  /** Every entry, classified or not. */
  overall: VolatilityGroupSummary;
  /** Backtests whose volatility is unknown. */
  unclassified: VolatilityReportRow[];
  /** Distinct (symbol, timeframe, period) with their volatility, lowest first (unknown last; ties by symbol, then period). */
  symbols: SymbolVolatilityBar[];
}

function metric(m: VolatilityReportMetrics, key: VolatilityReportMetricKey): number | null {
  const v = m[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function checkEntry(e: VolatilityReportEntry, i: number): void {
  const at = `entries[${i}]`;
  if (e === null || typeof e !== 'object') throw new TypeError(`${at}: ${String(e)} is not an entry`);
  if (typeof e.seq !== 'number' || !Number.isSafeInteger(e.seq) || e.seq < 1) {
    throw new RangeError(`${at}.seq: ${String(e.seq)} is not a positive integer`);
  }
  if (!Array.isArray(e.symbols) || e.symbols.length === 0 || e.symbols.some((s) => typeof s !== 'string' || s === '')) {
    throw new RangeError(`${at}.symbols: ${JSON.stringify(e.symbols)} is not a non-empty list of symbols`);
  }
  if (e.annualisedVol !== null && (typeof e.annualisedVol !== 'number' || !Number.isFinite(e.annualisedVol) || e.annualisedVol < 0)) {
    throw new RangeError(`${at}.annualisedVol: ${String(e.annualisedVol)} is not a volatility (a number ≥ 0, or null)`);
  }
  if (e.symbolVols !== undefined) {
    if (!Array.isArray(e.symbolVols)) throw new TypeError(`${at}.symbolVols: ${String(e.symbolVols)} is not a list`);
    e.symbolVols.forEach((s, j) => {
      const v = s?.annualisedVol;
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
        throw new RangeError(`${at}.symbolVols[${j}].annualisedVol: ${String(v)} is not a volatility (a number ≥ 0, or null)`);
      }
    });
  }
  if (!e.period || !Number.isFinite(e.period.from) || !Number.isFinite(e.period.to) || e.period.from > e.period.to) {
    throw new RangeError(`${at}.period: ${JSON.stringify(e.period)} is not { from, to } with from ≤ to`);
  }
  if (!e.config || typeof e.config !== 'object') throw new TypeError(`${at}.config: ${String(e.config)} is not a configuration`);
  if (!e.metrics || typeof e.metrics !== 'object') throw new TypeError(`${at}.metrics: ${String(e.metrics)} is not a metrics object`);
}

function toRow(e: VolatilityReportEntry, thresholds: VolatilityThresholds): VolatilityReportRow {
  const metrics = {} as Record<VolatilityReportMetricKey, number | null>;
  for (const k of VOLATILITY_REPORT_METRICS) metrics[k] = metric(e.metrics, k);
  const profitFactorInfinite =
    metrics.profitFactor === null && metrics.grossLoss === 0 && metrics.grossProfit !== null && metrics.grossProfit > 0;
  const classify = (v: number | null) => (v === null ? null : volatilityGroup(v, thresholds));
  const perSymbol: SymbolVolatility[] =
    e.symbolVols ?? (e.symbols.length === 1 ? [{ symbol: e.symbols[0], annualisedVol: e.annualisedVol }] : e.symbols.map((symbol) => ({ symbol, annualisedVol: null })));
  return {
    seq: e.seq,
    name: e.name,
    symbols: [...e.symbols],
    timeframe: e.timeframe,
    period: { from: e.period.from, to: e.period.to },
    config: { ...e.config },
    metrics,
    profitFactorInfinite,
    annualisedVol: e.annualisedVol,
    group: classify(e.annualisedVol),
    symbolGroups: perSymbol.map((s) => ({ symbol: s.symbol, annualisedVol: s.annualisedVol, group: classify(s.annualisedVol) })),
  };
}

function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function defined(rows: readonly VolatilityReportRow[], key: VolatilityReportMetricKey): number[] {
  const out: number[] = [];
  for (const r of rows) {
    const v = r.metrics[key];
    if (v !== null) out.push(v);
  }
  return out;
}

/** The identity of a configuration (its fields in a fixed order). */
function configKey(c: VolatilityReportConfig): string {
  return JSON.stringify([c.strategy, c.stopAtrMult, c.targetAtrMult, c.adxThreshold, c.minConfidence]);
}

function configurations(rows: readonly VolatilityReportRow[]): ConfigurationCount[] {
  const byKey = new Map<string, ConfigurationCount>();
  for (const r of rows) {
    const key = configKey(r.config);
    const c = byKey.get(key);
    if (c) {
      c.count++;
      c.seqs.push(r.seq);
    } else {
      byKey.set(key, { config: { ...r.config }, count: 1, seqs: [r.seq] });
    }
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || a.seqs[0] - b.seqs[0]);
}

/** The row with the highest `score` (null scores are not candidates); ties go to the lower seq (rows are ascending). */
function best(rows: readonly VolatilityReportRow[], score: (r: VolatilityReportRow) => number | null): VolatilityReportRow | null {
  let top: VolatilityReportRow | null = null;
  let topScore = -Infinity;
  for (const r of rows) {
    const s = score(r);
    if (s === null) continue;
    if (top === null || s > topScore) {
      top = r;
      topScore = s;
    }
  }
  return top;
}

function summarise(rows: VolatilityReportRow[]): VolatilityGroupSummary {
  let totalTrades = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const r of rows) {
    totalTrades += r.metrics.totalTrades ?? 0;
    grossProfit += r.metrics.grossProfit ?? 0;
    grossLoss += r.metrics.grossLoss ?? 0;
  }
  const drawdowns = defined(rows, 'maxDrawdownPct');
  return {
    configurations: configurations(rows),
    backtests: rows.length,
    totalTrades,
    avgWinRate: mean(defined(rows, 'winRate')),
    grossProfit,
    grossLoss,
    profitFactor: grossLoss > 0 ? grossProfit / grossLoss : null,
    profitFactorInfinite: grossLoss === 0 && grossProfit > 0,
    roiPct: mean(defined(rows, 'roiPct')),
    sharpe: mean(defined(rows, 'sharpe')),
    maxDrawdownPct: { mean: mean(drawdowns), worst: drawdowns.length > 0 ? Math.max(...drawdowns) : null },
    rows,
    bestByProfitFactor: best(rows, (r) => (r.profitFactorInfinite ? Infinity : r.metrics.profitFactor)),
    bestByWinRate: best(rows, (r) => ((r.metrics.totalTrades ?? 0) > 0 ? r.metrics.winRate : null)),
  };
}

function symbolBars(rows: readonly VolatilityReportRow[]): SymbolVolatilityBar[] {
  const byKey = new Map<string, SymbolVolatilityBar>();
  for (const r of rows) {
    for (const s of r.symbolGroups) {
      const key = JSON.stringify([s.symbol, r.timeframe, r.period.from, r.period.to]);
      const bar = byKey.get(key);
      if (bar) {
        if (!bar.seqs.includes(r.seq)) bar.seqs.push(r.seq);
      } else {
        byKey.set(key, {
          symbol: s.symbol,
          timeframe: r.timeframe,
          period: { from: r.period.from, to: r.period.to },
          annualisedVol: s.annualisedVol,
          group: s.group,
          seqs: [r.seq],
        });
      }
    }
  }
  const vol = (b: SymbolVolatilityBar) => (b.annualisedVol === null ? Infinity : b.annualisedVol);
  return [...byKey.values()].sort(
    (a, b) =>
      vol(a) - vol(b) ||
      (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0) ||
      a.period.from - b.period.from ||
      a.period.to - b.period.to ||
      (a.timeframe < b.timeframe ? -1 : a.timeframe > b.timeframe ? 1 : 0),
  );
}

/**
 * Throws naming the field and value unless `0 < low < high` (finite percentages): the report's
 * thresholds must leave each of the three groups a range of its own.
 */
export function validateReportThresholds(t: VolatilityThresholds): void {
  if (t === null || typeof t !== 'object') throw new RangeError(`thresholds: ${String(t)} is not { low, high }`);
  for (const k of ['low', 'high'] as const) {
    const v = t[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`thresholds.${k}: ${String(v)} is not a percentage`);
  }
  if (!(t.low > 0)) throw new RangeError(`thresholds.low: ${t.low} must be greater than 0`);
  if (!(t.high > t.low)) throw new RangeError(`thresholds.high: ${t.high} must be greater than thresholds.low (${t.low})`);
  validateVolatilityThresholds(t);
}

/**
 * Builds the report (see the module comment). Throws naming the field and value when the
 * thresholds are not `0 < low < high` or an entry is malformed (a `seq` given twice included).
 */
export function buildVolatilityReport(
  entries: readonly VolatilityReportEntry[],
  thresholds: VolatilityThresholds = DEFAULT_VOLATILITY_THRESHOLDS,
): VolatilityReport {
  validateReportThresholds(thresholds);
  if (!Array.isArray(entries)) throw new TypeError(`entries: ${String(entries)} is not a list`);
  const seen = new Set<number>();
  entries.forEach((e, i) => {
    checkEntry(e, i);
    if (seen.has(e.seq)) throw new RangeError(`entries[${i}].seq: ${e.seq} appears more than once`);
    seen.add(e.seq);
  });
  const t: VolatilityThresholds = { low: thresholds.low, high: thresholds.high };
  const rows = entries.map((e) => toRow(e, t)).sort((a, b) => a.seq - b.seq);
  const grouped: Record<VolatilityGroup, VolatilityReportRow[]> = { LOW: [], MEDIUM: [], HIGH: [] };
  const unclassified: VolatilityReportRow[] = [];
  for (const r of rows) {
    if (r.group === null) unclassified.push(r);
    else grouped[r.group].push(r);
  }
  return {
    thresholds: t,
    groups: { LOW: summarise(grouped.LOW), MEDIUM: summarise(grouped.MEDIUM), HIGH: summarise(grouped.HIGH) },
    overall: summarise(rows),
    unclassified,
    symbols: symbolBars(rows),
  };
}

/** The group column's value for a backtest whose volatility is unknown. */
export const UNCLASSIFIED = 'UNCLASSIFIED';

/**
 * Columns of {@link volatilityReportCsv}, one row per backtest:
 * - `group`: LOW, MEDIUM, HIGH or UNCLASSIFIED (under the report's thresholds)
 * - `seq`, `name`: the job number and name
 * - `symbols`: the symbols, separated by spaces
 * - `timeframe`; `from`, `to`: the period (ISO 8601 UTC)
 * - `annualised_vol_pct`: annualised realised volatility in %, 2 decimals
 * - `strategy`, `stop_atr_mult`, `target_atr_mult`, `adx_threshold`, `min_confidence`: the configuration
 * - `total_trades`; `win_rate_pct` (%, 2 decimals); `profit_factor` (4 decimals, `inf` when infinite);
 *   `roi_pct`, `sharpe`, `max_drawdown_pct` (4 decimals)
 * - `low_threshold_pct`, `high_threshold_pct`: the thresholds the groups were made with
 * An undefined value is an empty cell.
 */
export const VOLATILITY_CSV_COLUMNS = [
  'group',
  'seq',
  'name',
  'symbols',
  'timeframe',
  'from',
  'to',
  'annualised_vol_pct',
  'strategy',
  'stop_atr_mult',
  'target_atr_mult',
  'adx_threshold',
  'min_confidence',
  'total_trades',
  'win_rate_pct',
  'profit_factor',
  'roi_pct',
  'sharpe',
  'max_drawdown_pct',
  'low_threshold_pct',
  'high_threshold_pct',
] as const;

function fixed(v: number | null, decimals: number): string {
  if (v === null) return '';
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

function plain(v: number | null): string {
  return v === null ? '' : String(v);
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

/**
 * The report as one CSV (header + one row per backtest, see {@link VOLATILITY_CSV_COLUMNS}):
 * groups in the order LOW, MEDIUM, HIGH, then the unclassified backtests, each by ascending seq.
 * Lines end with `\n`, the last one included.
 */
export function volatilityReportCsv(report: VolatilityReport): string {
  const lines: string[] = [VOLATILITY_CSV_COLUMNS.join(',')];
  const sections: Array<[string, VolatilityReportRow[]]> = [
    ...VOLATILITY_GROUPS.map((g): [string, VolatilityReportRow[]] => [g, report.groups[g].rows]),
    [UNCLASSIFIED, report.unclassified],
  ];
  for (const [group, rows] of sections) {
    for (const r of rows) {
      const m = r.metrics;
      lines.push(
        [
          group,
          String(r.seq),
          r.name,
          r.symbols.join(' '),
          r.timeframe,
          iso(r.period.from),
          iso(r.period.to),
          fixed(r.annualisedVol, 2),
          r.config.strategy,
          plain(r.config.stopAtrMult),
          plain(r.config.targetAtrMult),
          plain(r.config.adxThreshold),
          plain(r.config.minConfidence),
          plain(m.totalTrades),
          fixed(m.winRate === null ? null : m.winRate * 100, 2),
          r.profitFactorInfinite ? 'inf' : fixed(m.profitFactor, 4),
          fixed(m.roiPct, 4),
          fixed(m.sharpe, 4),
          fixed(m.maxDrawdownPct, 4),
          plain(report.thresholds.low),
          plain(report.thresholds.high),
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}
