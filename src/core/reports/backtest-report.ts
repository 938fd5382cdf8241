/**
 * The report of one completed backtest as its page shows it, built where the result is read (a
 * worker), so the page receives a few transferred buffers instead of thousands of objects. In two
 * parts: first what the page shows at once (metrics, the trades as columns, the equity points),
 * then what it shows below the trades (breakdowns computed from the trades, entries by weekday and
 * hour, each trade's reasons as one line).
 */
import type { EquityColumns } from '../backtest/equity';
import { jobInitialCapital, readJobConfig, type BacktestJobResult } from '../backtest/job';
import { tradeColumns, type TradeColumns } from '../backtest/trade-columns';
import type { Trade } from '../backtest/trade';
import { breakdownsToRecord, computeBreakdowns, formatValue, utcHour, utcWeekday, type BreakdownRecord, type MetricRecord } from '../metrics';
import type { CandleColumns } from '../candles/types';
import type { Reason } from '../strategy/types';
import { reportAdditions, type ReportAdditions } from './report-additions';

/** Entries by UTC weekday (0 = Monday) and hour: `count[d * 24 + h]`, `pnl[d * 24 + h]`. */
export interface EntryHeat {
  count: Int32Array;
  pnl: Float64Array;
  maxCount: number;
  maxAbsPnl: number;
}

/** Counts and net pnl of the trades by weekday and hour of their entry (UTC). */
export function entryHeat(trades: readonly Trade[]): EntryHeat {
  const count = new Int32Array(7 * 24);
  const pnl = new Float64Array(7 * 24);
  for (const t of trades) {
    const k = utcWeekday(t.entryTime) * 24 + utcHour(t.entryTime);
    count[k]++;
    pnl[k] += t.pnl;
  }
  let maxCount = 0;
  let maxAbsPnl = 0;
  for (let k = 0; k < count.length; k++) {
    if (count[k] > maxCount) maxCount = count[k];
    if (Math.abs(pnl[k]) > maxAbsPnl) maxAbsPnl = Math.abs(pnl[k]);
  }
  return { count, pnl, maxCount, maxAbsPnl };
}

/** A reason's value as shown: numbers to four significant digits (thousands grouped with two decimals). */
function reasonValue(v: Reason['value']): string {
  if (typeof v !== 'number') return String(v);
  return Math.abs(v) >= 1000 ? formatValue('money', v) : String(Number(v.toPrecision(4)));
}

/** A trade's reasons in one line: `RSI(14) 41.23 ✓ · ADX(14) 18.5 ✗`. */
export function reasonsLine(reasons: readonly Reason[]): string {
  return reasons.map((r) => `${r.condition}${r.value === null ? '' : ` ${reasonValue(r.value)}`} ${r.pass ? '✓' : '✗'}`).join(' · ');
}

/**
 * The initial capital of a run: the one its configuration says it ran with; for a configuration
 * that cannot be read, final equity minus net profit (both stored metrics); else null.
 */
export function initialCapitalOf(metrics: MetricRecord, config: unknown): number | null {
  try {
    return jobInitialCapital(readJobConfig(config));
  } catch {
    const fe = metrics.finalEquity;
    const pnl = metrics.totalPnl;
    return typeof fe === 'number' && typeof pnl === 'number' && fe - pnl > 0 ? fe - pnl : null;
  }
}

/** What the report page shows first of a completed backtest: its figures, trades and equity. */
export interface BacktestReportView {
  initialCapital: number | null;
  metrics: MetricRecord;
  trades: TradeColumns;
  /** Per-bar equity points. */
  equity: EquityColumns;
}

/** What the report shows below its trades: breakdowns, entries by weekday and hour, each trade's reasons. */
export interface BacktestReportDetails {
  /** Computed from the trades (empty when the initial capital is unknown). */
  breakdowns: BreakdownRecord;
  heat: EntryHeat;
  /** Each trade's reasons as one line ({@link reasonsLine}). */
  reasons: string[];
  /** Returns by period, worst drawdowns, MAE / MFE, durations and the buy-and-hold benchmark. */
  additions: ReportAdditions;
}

/** The report view of a completed job from its configuration snapshot and stored result. */
export function backtestReportView(config: unknown, result: BacktestJobResult): BacktestReportView {
  return {
    initialCapital: initialCapitalOf(result.metrics, config),
    metrics: { ...result.metrics },
    trades: tradeColumns(result.trades),
    equity: { time: Float64Array.from(result.equity.time), value: Float64Array.from(result.equity.value) },
  };
}

/**
 * The report's details of a completed job from its configuration snapshot, stored result and the
 * stored candles of its symbols (`candlesOf`; MAE / MFE and the benchmark need them).
 */
export function backtestReportDetails(
  config: unknown,
  result: BacktestJobResult,
  candlesOf: (symbol: string) => CandleColumns | undefined = () => undefined,
): BacktestReportDetails {
  const initialCapital = initialCapitalOf(result.metrics, config);
  return {
    breakdowns: initialCapital === null ? {} : breakdownsToRecord(computeBreakdowns(result.trades, initialCapital)),
    heat: entryHeat(result.trades),
    reasons: result.trades.map((t) => reasonsLine(t.reasons)),
    additions: reportAdditions({ config, result, candlesOf }),
  };
}
