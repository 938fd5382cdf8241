/**
 * The metrics of a finished run, recomputed from what a report or result file keeps: the trades,
 * the per-bar equity points (the curve's first point `[t_0, C0]` is not kept: `t_0` is the first
 * point's time and `C0` the initial capital, so it is put back), and the bars in the market.
 */
import { computeMetrics, type MetricRecord, type Metrics } from '../metrics';
import type { Trade } from './trade';
import { curveWithInitialPoint } from './equity';

/** What {@link runMetrics} reads. */
export interface RunMetricsInput {
  initialCapital: number;
  trades: readonly Trade[];
  /** Per-bar points: the open time of each time step of the run and the equity at its close. */
  equity: { time: ArrayLike<number>; value: ArrayLike<number> };
  /** Time steps with at least one open position. */
  barsInMarket: number;
}

/** Every metric of docs/metrics.md for a run; throws naming a bad input (see `computeMetrics`). */
export function runMetrics(input: RunMetricsInput): Metrics {
  const curve = curveWithInitialPoint(input.equity, input.initialCapital);
  return computeMetrics({
    initialCapital: input.initialCapital,
    trades: input.trades,
    equityTime: curve.time,
    equityValue: curve.value,
    barsInMarket: input.barsInMarket,
    totalBars: input.equity.time.length,
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function field(obj: Record<string, unknown>, key: string, path: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(obj, key)) throw new TypeError(`${path}.${key}: missing`);
  return obj[key];
}

/**
 * The metrics of a backtest report (`npm run cli -- backtest`), recomputed from its `trades`,
 * `equity` and `summary.barsInMarket`. `initialCapital` defaults to the report's
 * `config.initialCapital`. Accepts the JSON text or the parsed object; throws naming the missing
 * or malformed field.
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
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p: unknown = equity[i];
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
      throw new TypeError(`report.equity[${i}]: ${JSON.stringify(p)} is not a [time, equity] pair of numbers`);
    }
    time[i] = p[0];
    value[i] = p[1];
  }
  return runMetrics({ initialCapital: c0, trades: trades as Trade[], equity: { time, value }, barsInMarket });
}

/**
 * Whether a stored metric value is the recomputed one: both null, or numbers equal within
 * 1e-9 relative (1e-9 absolute near zero), so the last digits of a float summed in another order
 * still agree while any real change does not.
 */
export function sameMetricValue(stored: number | null | undefined, recomputed: number | null): boolean {
  if (stored === null || stored === undefined || recomputed === null) return stored === recomputed;
  return Math.abs(stored - recomputed) <= 1e-9 * Math.max(1, Math.abs(recomputed));
}

/** One metric a stored record gets wrong. */
export interface MetricDisagreement {
  key: string;
  stored: number | null | undefined;
  recomputed: number | null;
}

/** The first of `keys` whose stored value is not the recomputed one, or null when all agree. */
export function firstDisagreement(stored: MetricRecord, recomputed: MetricRecord, keys: readonly string[]): MetricDisagreement | null {
  for (const key of keys) {
    const r = recomputed[key] ?? null;
    if (!sameMetricValue(stored[key], r)) return { key, stored: stored[key], recomputed: r };
  }
  return null;
}
