/**
 * The results table of a batch of backtests: one row per job with the parameters that vary across
 * the batch and every metric; filters (symbol, timeframe, strategy, status, metric thresholds),
 * sorting and the table as CSV.
 */
import { METRIC_DEFINITIONS, type MetricKey, type MetricRecord } from '../metrics';
import type { ParamValue } from '../strategy/types';
import { csvCell } from '../util/csv-cell';

export type BatchRowStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** One job of the table. */
export interface BatchRow {
  id: string;
  seq: number;
  name: string;
  status: BatchRowStatus;
  symbols: string[];
  timeframe: string;
  strategy: string;
  /** The complete parameter set it ran (or was asked to run) with. */
  params: Record<string, ParamValue>;
  /** Every metric of a completed job; null for the others. */
  metrics: MetricRecord | null;
  error: string | null;
}

/** A metric threshold: `metric ≥ value` or `metric ≤ value`. */
export interface MetricThreshold {
  key: MetricKey;
  op: '>=' | '<=';
  value: number;
}

export interface BatchFilter {
  /** Empty = any. */
  symbol: string;
  timeframe: string;
  strategy: string;
  status: string;
  thresholds: MetricThreshold[];
}

export const NO_BATCH_FILTER: BatchFilter = { symbol: '', timeframe: '', strategy: '', status: '', thresholds: [] };

/** A sortable column: the job number, a parameter (`param:<key>`) or a metric (`metric:<key>`). */
export type BatchSortKey = 'seq' | 'name' | 'status' | 'symbols' | 'timeframe' | 'strategy' | `param:${string}` | `metric:${string}`;

function same(a: ParamValue | undefined, b: ParamValue | undefined): boolean {
  return a === b;
}

/** Parameter keys whose value is not the same in every row, in first-seen order. */
export function variedParams(rows: readonly BatchRow[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r.params)) {
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
    }
  }
  return keys.filter((k) => rows.some((r) => !same(r.params[k], rows[0].params[k])));
}

/** Distinct values of a text column, sorted (filter choices). */
export function batchChoices(rows: readonly BatchRow[], field: 'symbol' | 'timeframe' | 'strategy' | 'status'): string[] {
  const set = new Set<string>();
  for (const r of rows) {
    if (field === 'symbol') r.symbols.forEach((s) => set.add(s));
    else set.add(r[field]);
  }
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The rows that pass the filter. A threshold keeps only rows whose metric is known and on the
 * right side (so a threshold leaves out jobs without results).
 */
export function filterBatchRows(rows: readonly BatchRow[], f: BatchFilter): BatchRow[] {
  return rows.filter((r) => {
    if (f.symbol !== '' && !r.symbols.includes(f.symbol)) return false;
    if (f.timeframe !== '' && r.timeframe !== f.timeframe) return false;
    if (f.strategy !== '' && r.strategy !== f.strategy) return false;
    if (f.status !== '' && r.status !== f.status) return false;
    for (const t of f.thresholds) {
      const v = r.metrics?.[t.key];
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (t.op === '>=' ? !(v >= t.value) : !(v <= t.value)) return false;
    }
    return true;
  });
}

/** A row's value in a column (numbers for numbers, text otherwise, null when unknown). */
export function batchCell(r: BatchRow, key: BatchSortKey): number | string | null {
  if (key === 'seq') return r.seq;
  if (key === 'symbols') return r.symbols.join(', ');
  if (key === 'name' || key === 'status' || key === 'timeframe' || key === 'strategy') return r[key];
  if (key.startsWith('param:')) {
    const v = r.params[key.slice(6)];
    return v === undefined ? null : typeof v === 'number' ? v : String(v);
  }
  const v = r.metrics?.[key.slice(7)];
  return typeof v === 'number' && !Number.isNaN(v) ? v : null;
}

/** Rows sorted by a column (`dir` 1 ascending, -1 descending); unknown values last either way, ties by job number. */
export function sortBatchRows(rows: readonly BatchRow[], key: BatchSortKey, dir: 1 | -1): BatchRow[] {
  return [...rows].sort((a, b) => {
    const x = batchCell(a, key);
    const y = batchCell(b, key);
    if (x === null || y === null) return x === y ? a.seq - b.seq : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
    return c !== 0 ? c * dir : a.seq - b.seq;
  });
}

/**
 * The table as CSV (RFC 4180 quoting, `\n` line ends): job number, name, status, symbols,
 * timeframe, strategy, the varied parameters and every metric (numbers exact, empty when unknown).
 */
export function batchTableCsv(rows: readonly BatchRow[], params: readonly string[]): string {
  const header = ['seq', 'name', 'status', 'symbols', 'timeframe', 'strategy', ...params, ...METRIC_DEFINITIONS.map((d) => d.key)];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rows) {
    const cells = [
      String(r.seq),
      r.name,
      r.status,
      r.symbols.join(' '),
      r.timeframe,
      r.strategy,
      ...params.map((k) => (r.params[k] === undefined ? '' : String(r.params[k]))),
      ...METRIC_DEFINITIONS.map((d) => {
        const v = r.metrics?.[d.key];
        return typeof v === 'number' ? String(v) : '';
      }),
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
