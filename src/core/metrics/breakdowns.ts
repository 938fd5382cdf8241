import type { ExitReason, Trade } from '../backtest/trade';
import { EXIT_REASONS } from '../backtest/trade';
import type { ConfidenceLevel, Direction } from '../strategy/types';
import { confidenceLevel } from '../strategy/types';
import { checkCapital, checkTrade, computeTradeMetrics } from './compute';
import type { BreakdownRecord, MetricRecord, Metrics } from './types';

/** One group of a breakdown: the trades sharing `key`, and their trade-based metrics. */
export interface BreakdownGroup<K extends string | number = string | number> {
  key: K;
  label: string;
  /** Metrics of the group's trades, from `computeTradeMetrics` (equity-curve fields and exposure are null). */
  metrics: Metrics;
}

/**
 * Trade-based metrics of subsets of the trades. Every group of a fixed category is present, in
 * canonical order, even with no trade (`totalTrades` 0); `symbol` lists the symbols that occur,
 * sorted. Times are the trades' entry times, in UTC.
 */
export interface Breakdowns {
  /** LONG, SHORT. */
  direction: BreakdownGroup<Direction>[];
  /** Symbols in ascending code-unit order. */
  symbol: BreakdownGroup<string>[];
  /** TP, SL, SIGNAL, TIMEOUT, END. */
  exitReason: BreakdownGroup<ExitReason>[];
  /** VERY_HIGH, HIGH, MEDIUM, LOW, VERY_LOW (`confidenceLevel` of the trade's confidence). */
  confidence: BreakdownGroup<ConfidenceLevel>[];
  /** Hour of day of the entry, 0..23. */
  hour: BreakdownGroup<number>[];
  /** Weekday of the entry, 0 = Monday … 6 = Sunday (ISO weekday minus one). */
  weekday: BreakdownGroup<number>[];
  /** Month of the entry, 1 = January … 12 = December. */
  month: BreakdownGroup<number>[];
}

export const DIRECTIONS: readonly Direction[] = ['LONG', 'SHORT'];
export const CONFIDENCE_LEVELS: readonly ConfidenceLevel[] = ['VERY_HIGH', 'HIGH', 'MEDIUM', 'LOW', 'VERY_LOW'];
export const WEEKDAY_LABELS: readonly string[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const MONTH_LABELS: readonly string[] = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** UTC hour of day (0..23) of a time in ms. */
export function utcHour(t: number): number {
  return Math.floor((((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
}

/** UTC weekday of a time in ms, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function utcWeekday(t: number): number {
  const day = Math.floor(t / DAY_MS);
  return (((day + 3) % 7) + 7) % 7;
}

/** UTC month of a time in ms, 1..12. */
export function utcMonth(t: number): number {
  return new Date(t).getUTCMonth() + 1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function groupsOf<K extends string | number>(
  trades: readonly Trade[],
  initialCapital: number,
  keys: readonly K[],
  labels: readonly string[],
  keyOf: (t: Trade) => K,
): BreakdownGroup<K>[] {
  const buckets = new Map<K, Trade[]>();
  for (const k of keys) buckets.set(k, []);
  for (const t of trades) {
    const k = keyOf(t);
    const b = buckets.get(k);
    if (b) b.push(t);
    else buckets.set(k, [t]);
  }
  const out: BreakdownGroup<K>[] = [];
  let i = 0;
  for (const [key, list] of buckets) {
    out.push({ key, label: i < labels.length ? labels[i] : String(key), metrics: computeTradeMetrics(list, initialCapital) });
    i++;
  }
  return out;
}

/**
 * Trade-based metrics by direction, symbol, exit reason, confidence level, and hour of day, weekday
 * and month of the entry (UTC). The fields that need an equity curve (drawdowns, CAGR, Sharpe,
 * Sortino, Calmar) and `exposurePct` are null in every group; `roiPct` and `finalEquity` are the
 * group's contribution (`totalPnl / C0 * 100`, `C0 + totalPnl`). Within a group, streaks follow
 * exit-time order. A direction or exit reason outside the fixed lists gets a group of its own after them.
 */
export function computeBreakdowns(trades: readonly Trade[], initialCapital: number): Breakdowns {
  checkCapital(initialCapital);
  for (let i = 0; i < trades.length; i++) checkTrade(trades[i], i);
  const symbols = [...new Set(trades.map((t) => t.symbol))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const weekdays = Array.from({ length: 7 }, (_, d) => d);
  const months = Array.from({ length: 12 }, (_, m) => m + 1);
  return {
    direction: groupsOf(trades, initialCapital, DIRECTIONS, DIRECTIONS, (t) => t.direction),
    symbol: groupsOf(trades, initialCapital, symbols, symbols, (t) => t.symbol),
    exitReason: groupsOf(trades, initialCapital, EXIT_REASONS, EXIT_REASONS, (t) => t.exitReason),
    confidence: groupsOf(trades, initialCapital, CONFIDENCE_LEVELS, CONFIDENCE_LEVELS, (t) => confidenceLevel(t.confidence)),
    hour: groupsOf(trades, initialCapital, hours, hours.map((h) => `${pad2(h)}:00`), (t) => utcHour(t.entryTime)),
    weekday: groupsOf(trades, initialCapital, weekdays, WEEKDAY_LABELS, (t) => utcWeekday(t.entryTime)),
    month: groupsOf(trades, initialCapital, months, MONTH_LABELS, (t) => utcMonth(t.entryTime)),
  };
}

/** Breakdowns in their stored form: breakdown → group key as text (`LONG`, `BTC/USDT`, `TP`, `HIGH`, `0`…`23`) → metrics. */
export function breakdownsToRecord(b: Breakdowns): BreakdownRecord {
  const out: BreakdownRecord = {};
  for (const [name, groups] of Object.entries(b) as Array<[string, BreakdownGroup[]]>) {
    const byKey: Record<string, MetricRecord> = {};
    for (const g of groups) byKey[String(g.key)] = { ...g.metrics };
    out[name] = byKey;
  }
  return out;
}
