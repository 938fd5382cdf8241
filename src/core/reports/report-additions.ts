/**
 * The report additions of docs/metrics.md for one completed backtest, from its configuration,
 * stored result and the candles of its symbols: monthly and yearly returns, the five worst
 * drawdown periods, MAE / MFE per trade, the trade duration histogram and the buy-and-hold
 * benchmark. Built where the result is read (a worker); per-trade figures travel as typed arrays.
 */
import { curveWithInitialPoint } from '../backtest/equity';
import { jobInitialCapital, readJobConfig, type BacktestJobConfig, type BacktestJobResult } from '../backtest/job';
import { timeframeMs } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import { buyAndHold } from './buy-and-hold';
import { worstDrawdowns, type DrawdownPeriod } from './drawdown-periods';
import { tradeExcursion } from './excursions';
import { monthlyReturns, yearlyReturns, type PeriodReturn } from './periodic-returns';
import { durationHistogram, type DurationBin } from './trade-durations';

/** How many drawdown periods the report lists. */
export const WORST_DRAWDOWNS = 5;

/** MAE and MFE of every trade, in trade order; NaN where unknown (no candles, or no stop for R). */
export interface ExcursionColumns {
  maePct: Float64Array;
  mfePct: Float64Array;
  maeR: Float64Array;
  mfeR: Float64Array;
  /** Trades whose candles were not stored (their excursions are NaN). */
  missing: number;
}

/** The buy-and-hold benchmark over the strategy's window. */
export interface BenchmarkView {
  /** Equity at each of the report's per-bar equity times (aligned with `BacktestReportView.equity`). */
  equity: Float64Array;
  returnPct: number;
  maxDrawdownPct: number;
  /** The strategy's `roiPct` minus the benchmark's return; null when the strategy's is unknown. */
  excessReturnPct: number | null;
  bySymbol: Array<{ symbol: string; returnPct: number }>;
}

export interface ReportAdditions {
  monthly: PeriodReturn[];
  yearly: PeriodReturn[];
  worstDrawdowns: DrawdownPeriod[];
  excursions: ExcursionColumns;
  durations: DurationBin[];
  /** Null when a symbol's candles over the window are not stored; `benchmarkError` says which. */
  benchmark: BenchmarkView | null;
  benchmarkError: string | null;
}

/** What {@link reportAdditions} reads. */
export interface ReportAdditionsInput {
  config: unknown;
  result: BacktestJobResult;
  /** A symbol's stored candles of the run's timeframe covering its window, or undefined. */
  candlesOf: (symbol: string) => CandleColumns | undefined;
}

function readable(config: unknown): BacktestJobConfig | null {
  try {
    return readJobConfig(config);
  } catch {
    return null;
  }
}

function excursionColumns(result: BacktestJobResult, candlesOf: ReportAdditionsInput['candlesOf']): ExcursionColumns {
  const n = result.trades.length;
  const out: ExcursionColumns = {
    maePct: new Float64Array(n).fill(NaN),
    mfePct: new Float64Array(n).fill(NaN),
    maeR: new Float64Array(n).fill(NaN),
    mfeR: new Float64Array(n).fill(NaN),
    missing: 0,
  };
  for (let i = 0; i < n; i++) {
    const t = result.trades[i];
    const c = candlesOf(t.symbol);
    if (!c) {
      out.missing++;
      continue;
    }
    const e = tradeExcursion(t, c);
    out.maePct[i] = e.maePct;
    out.mfePct[i] = e.mfePct;
    out.maeR[i] = e.maeR ?? NaN;
    out.mfeR[i] = e.mfeR ?? NaN;
  }
  return out;
}

/**
 * The report additions of a completed backtest. The curve is the stored per-bar equity with
 * `[t_0, C0]` put back; without a readable configuration (an unknown capital or timeframe) the
 * sections that need it are empty.
 */
export function reportAdditions(input: ReportAdditionsInput): ReportAdditions {
  const { result, candlesOf } = input;
  const config = readable(input.config);
  const empty: ReportAdditions = {
    monthly: [],
    yearly: [],
    worstDrawdowns: [],
    excursions: excursionColumns(result, candlesOf),
    durations: [],
    benchmark: null,
    benchmarkError: null,
  };
  if (config === null || result.equity.time.length === 0) {
    return { ...empty, benchmarkError: config === null ? 'the configuration cannot be read' : 'the run has no equity curve' };
  }
  const c0 = jobInitialCapital(config);
  const curve = curveWithInitialPoint(result.equity, c0);
  const out: ReportAdditions = {
    ...empty,
    monthly: monthlyReturns(curve.time, curve.value),
    yearly: yearlyReturns(curve.time, curve.value),
    worstDrawdowns: worstDrawdowns(curve.time, curve.value, WORST_DRAWDOWNS),
    durations: durationHistogram(result.trades, timeframeMs(config.timeframe)),
  };
  const series: Array<{ symbol: string; candles: CandleColumns }> = [];
  for (const symbol of config.symbols) {
    const candles = candlesOf(symbol);
    if (!candles || candles.time.length === 0) {
      return { ...out, benchmarkError: `${symbol} ${config.timeframe} candles over the window are not stored` };
    }
    series.push({ symbol, candles });
  }
  try {
    const bh = buyAndHold({ initialCapital: c0, feeRate: config.backtest.feeRate, series, times: curve.time });
    const roi = result.metrics.roiPct;
    out.benchmark = {
      equity: bh.equity.slice(1),
      returnPct: bh.returnPct,
      maxDrawdownPct: bh.maxDrawdownPct,
      excessReturnPct: typeof roi === 'number' ? roi - bh.returnPct : null,
      bySymbol: bh.bySymbol,
    };
  } catch (e) {
    out.benchmarkError = e instanceof Error ? e.message : String(e);
  }
  return out;
}
