/**
 * The analytics dashboard over a range of days: realised P&L per UTC day and cumulated, entries
 * and results by hour of day and weekday, trades by symbol, the best symbols, win rate and Sharpe,
 * and the trades behind it (for the CSV export).
 */
import { computeMetrics, computeTradeMetrics, type Metrics } from '../metrics';
import { utcHour, utcWeekday, WEEKDAY_LABELS } from '../metrics/breakdowns';
import { csvCell } from '../util/csv-cell';
import { rankSymbols, type SymbolResult } from './performance';
import { DAY_MS } from './query';
import type { AnalysisSource } from './source';
import { isClosed, latestTime, tradeResult, type AnalysisTrade, type ClosedAnalysisTrade } from './trade';

/** Days shown unless another range is chosen. */
export const DEFAULT_DASHBOARD_DAYS = 30;
export const DASHBOARD_TOP_SYMBOLS = 10;
export const DASHBOARD_TOP_PERFORMERS = 5;

/** The range: the last `days` UTC days up to the source's latest trade, or explicit days. */
export interface DashboardRange {
  /** Number of days ending with the day of the latest trade; null = from the first trade. */
  days: number | null;
  /** Explicit first and last UTC day (midnight, UTC ms), overriding `days`. */
  from?: number;
  to?: number;
}

export interface DayPoint {
  /** Midnight UTC of the day. */
  day: number;
  /** Realised P&L of the trades closed that day. */
  pnl: number;
  closed: number;
  /** Realised P&L from the range's first day to the end of this day. */
  cumulative: number;
}

export interface PatternBucket {
  key: number;
  label: string;
  /** Trades opened in this hour / weekday. */
  entries: number;
  /** Of those, the closed ones, their P&L and win rate. */
  closed: number;
  pnl: number;
  winRate: number | null;
}

export interface Dashboard {
  source: string;
  /** First and last day of the range (midnight UTC); null when the source has no trade. */
  from: number | null;
  to: number | null;
  days: DayPoint[];
  hourly: PatternBucket[];
  weekday: PatternBucket[];
  /** Trades opened in the range by symbol, most first (at most {@link DASHBOARD_TOP_SYMBOLS}), with their share of all entries. */
  symbols: Array<{ symbol: string; trades: number; share: number }>;
  /** Symbols by realised P&L in the range, best first. */
  topPerformers: SymbolResult[];
  /**
   * Metrics of the trades closed in the range, with the equity-curve ones (Sharpe, drawdown) on the
   * realised curve: the capital at the range's start (initial capital plus the P&L closed before),
   * then one point per exit.
   */
  metrics: Metrics;
  /** Capital at the start of the range. */
  startCapital: number;
  /** Trades opened or closed in the range, by entry time. */
  trades: AnalysisTrade[];
}

function midnight(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS;
}

/** The range's first and last day (midnight UTC), or null when there is no trade. */
export function dashboardDays(trades: readonly AnalysisTrade[], range: DashboardRange): { from: number; to: number } | null {
  if (range.from !== undefined && range.to !== undefined) {
    if (!Number.isFinite(range.from) || !Number.isFinite(range.to) || range.to < range.from) {
      throw new RangeError(`to: ${String(range.to)} is before from ${String(range.from)}`);
    }
    return { from: midnight(range.from), to: midnight(range.to) };
  }
  if (range.days !== null && !(Number.isInteger(range.days) && range.days >= 1)) throw new RangeError(`days: ${String(range.days)} is not a whole number of days ≥ 1`);
  const last = latestTime(trades);
  if (last === null) return null;
  const to = midnight(last);
  if (range.days !== null) return { from: to - (range.days - 1) * DAY_MS, to };
  const first = Math.min(...trades.map((t) => t.entryTime));
  return { from: midnight(first), to };
}

function buckets(
  keys: readonly number[],
  labels: readonly string[],
  opened: readonly AnalysisTrade[],
  keyOf: (t: number) => number,
  initialCapital: number,
): PatternBucket[] {
  return keys.map((key, i) => {
    const own = opened.filter((t) => keyOf(t.entryTime) === key);
    const closed = own.filter(isClosed);
    const m = computeTradeMetrics(closed.map(tradeResult), initialCapital);
    return { key, label: labels[i], entries: own.length, closed: closed.length, pnl: m.totalPnl ?? 0, winRate: m.winRate };
  });
}

/** The dashboard of `source` over `range`. */
export function buildDashboard(source: AnalysisSource, range: DashboardRange = { days: DEFAULT_DASHBOARD_DAYS }): Dashboard {
  const span = dashboardDays(source.trades, range);
  const c0 = source.initialCapital;
  const empty = computeTradeMetrics([], c0);
  if (span === null) {
    return { source: source.label, from: null, to: null, days: [], hourly: [], weekday: [], symbols: [], topPerformers: [], metrics: empty, startCapital: c0, trades: [] };
  }
  const start = span.from;
  const end = span.to + DAY_MS;
  const inRange = (t: number | null) => t !== null && t >= start && t < end;
  const closedIn: ClosedAnalysisTrade[] = source.trades
    .filter(isClosed)
    .filter((t) => inRange(t.exitTime))
    .sort((a, b) => a.exitTime - b.exitTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const opened = source.trades.filter((t) => inRange(t.entryTime));
  const before = source.trades.filter(isClosed).filter((t) => t.exitTime < start);
  const startCapital = c0 + before.reduce((s, t) => s + t.pnl, 0);

  const days: DayPoint[] = [];
  let cumulative = 0;
  let k = 0;
  for (let d = start; d < end; d += DAY_MS) {
    let pnl = 0;
    let n = 0;
    while (k < closedIn.length && closedIn[k].exitTime < d + DAY_MS) {
      pnl += closedIn[k].pnl;
      n++;
      k++;
    }
    cumulative += pnl;
    days.push({ day: d, pnl, closed: n, cumulative });
  }

  const hours = Array.from({ length: 24 }, (_, h) => h);
  const weekdays = Array.from({ length: 7 }, (_, d) => d);
  const counts = new Map<string, number>();
  for (const t of opened) counts.set(t.symbol, (counts.get(t.symbol) ?? 0) + 1);

  let metrics: Metrics;
  if (startCapital > 0) {
    const time = [start];
    const value = [startCapital];
    let equity = startCapital;
    for (const t of closedIn) {
      equity += t.pnl;
      time.push(t.exitTime);
      value.push(equity);
    }
    metrics = computeMetrics({ initialCapital: startCapital, trades: closedIn.map(tradeResult), equityTime: time, equityValue: value, barsInMarket: 0, totalBars: 0 });
  } else {
    metrics = computeTradeMetrics(closedIn.map(tradeResult), c0);
  }

  return {
    source: source.label,
    from: span.from,
    to: span.to,
    days,
    hourly: buckets(hours, hours.map((h) => `${String(h).padStart(2, '0')}:00`), opened, utcHour, c0),
    weekday: buckets(weekdays, WEEKDAY_LABELS, opened, utcWeekday, c0),
    symbols: [...counts]
      .map(([symbol, trades]) => ({ symbol, trades, share: trades / opened.length }))
      .sort((a, b) => b.trades - a.trades || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .slice(0, DASHBOARD_TOP_SYMBOLS),
    topPerformers: rankSymbols(closedIn, c0, DASHBOARD_TOP_PERFORMERS),
    metrics,
    startCapital,
    trades: source.trades
      .filter((t) => inRange(t.entryTime) || inRange(t.exitTime))
      .sort((a, b) => a.entryTime - b.entryTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** The columns of {@link analysisTradesCsv}. */
export const ANALYSIS_TRADES_CSV_COLUMNS = [
  'id', 'symbol', 'direction', 'status', 'entryTime', 'entryPrice', 'quantity', 'stop', 'target',
  'exitTime', 'exitPrice', 'exitReason', 'fees', 'pnl', 'pnlPct', 'confidence',
] as const;

function iso(t: number | null): string {
  return t === null ? '' : new Date(t).toISOString();
}

function cell(v: number | null): string {
  return v === null ? '' : String(v);
}

/**
 * Trades as CSV (RFC 4180 quoting, `\n` line ends, a header row), one row per trade in the given
 * order: times as ISO 8601 UTC, numbers as JavaScript prints them, empty cells where a trade has
 * no value (an open trade's exit, a trade without a stop).
 */
export function analysisTradesCsv(trades: readonly AnalysisTrade[]): string {
  const lines: string[] = [ANALYSIS_TRADES_CSV_COLUMNS.join(',')];
  for (const t of trades) {
    lines.push(
      [
        t.id,
        t.symbol,
        t.direction,
        t.status,
        iso(t.entryTime),
        cell(t.entryPrice),
        cell(t.quantity),
        cell(t.stop),
        cell(t.target),
        iso(t.exitTime),
        cell(t.exitPrice),
        t.exitReason ?? '',
        cell(t.fees),
        cell(t.pnl),
        cell(t.pnlPct),
        cell(t.confidence),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
