/**
 * Trade analysis: counts by status, a sample of trades with their stop and target distances, the
 * averages per direction, the typical move of the timeframe, the stop/target diagnosis with
 * concrete setting changes, the closed trades' results and the strategy's parameters.
 */
import type { CandleColumns } from '../candles/types';
import { timeframeMs } from '../candles/timeframe';
import { computeTradeMetrics, isInfiniteProfitFactor, type Metrics } from '../metrics';
import { DIRECTIONS } from '../metrics/breakdowns';
import type { Direction } from '../strategy/types';
import { mean, median } from '../util/stats';
import { diagnose, type Finding } from './diagnosis';
import { levelParameters, type LevelParameters } from './levels';
import { atrPeriodOf, tradeContexts, type TradeContext } from './market-context';
import { countByStatus, selectTrades, symbolsOf, type TradeQuery } from './query';
import type { AnalysisSource, AnalysisStrategy } from './source';
import { isClosed, levelDistances, tradeResult, type AnalysisStatus, type AnalysisTrade } from './trade';

/** One row of the sample table. */
export interface SampleRow {
  id: string;
  symbol: string;
  direction: Direction;
  status: AnalysisStatus;
  entryTime: number;
  entryPrice: number;
  target: number | null;
  stop: number | null;
  targetPct: number | null;
  stopPct: number | null;
  rewardRisk: number | null;
  exitReason: string | null;
  pnl: number | null;
}

/** Average planned distances of one direction's trades in the sample. */
export interface DirectionLevels {
  direction: Direction;
  trades: number;
  avgTargetPct: number | null;
  avgStopPct: number | null;
  /** avgTargetPct / avgStopPct. */
  rewardRisk: number | null;
}

/** The typical move of the timeframe and how far the trades went. */
export interface TypicalMove {
  /** Trades of the sample the candles cover. */
  tradesWithCandles: number;
  medianAtrPct: number | null;
  medianMfePct: number | null;
  medianMaePct: number | null;
}

export interface TradeAnalysis {
  source: string;
  /** Every symbol the source traded (what the symbol filter offers). */
  symbols: string[];
  query: TradeQuery;
  /** The window's first and last time (opened at or after `from`); null when every day counts. */
  from: number | null;
  to: number | null;
  /** Trades of the window and symbol by status (before the status filter and the sample size). */
  counts: Record<AnalysisStatus, number>;
  /** Trades that pass every filter, and how many of them are in the sample. */
  matching: number;
  sampleSize: number;
  sample: SampleRow[];
  byDirection: DirectionLevels[];
  typicalMove: TypicalMove;
  diagnosis: Finding[];
  /** Results of the closed trades of the sample (the one metrics implementation). */
  closed: {
    trades: number;
    winRate: number | null;
    profitFactor: number | null;
    /** True when the profit factor is infinite (profit and no loss). */
    profitFactorInfinite: boolean;
    totalPnl: number | null;
    metrics: Metrics;
  };
  strategy: AnalysisStrategy | null;
  levels: LevelParameters;
  /** The timeframe the early-stop rule counted bars in; null when unknown. */
  timeframe: string | null;
}

function sampleRow(t: AnalysisTrade): SampleRow {
  const d = levelDistances(t);
  return {
    id: t.id,
    symbol: t.symbol,
    direction: t.direction,
    status: t.status,
    entryTime: t.entryTime,
    entryPrice: t.entryPrice,
    target: t.target,
    stop: t.stop,
    targetPct: d.targetPct,
    stopPct: d.stopPct,
    rewardRisk: d.rewardRisk,
    exitReason: t.exitReason,
    pnl: t.pnl,
  };
}

function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Average planned target and stop distances of each direction. */
export function directionLevels(trades: readonly AnalysisTrade[]): DirectionLevels[] {
  return DIRECTIONS.map((direction) => {
    const own = trades.filter((t) => t.direction === direction).map(levelDistances);
    const avgTargetPct = orNull(mean(own.map((d) => d.targetPct).filter((x): x is number => x !== null)));
    const avgStopPct = orNull(mean(own.map((d) => d.stopPct).filter((x): x is number => x !== null)));
    return {
      direction,
      trades: own.length,
      avgTargetPct,
      avgStopPct,
      rewardRisk: avgTargetPct !== null && avgStopPct !== null && avgStopPct > 0 ? avgTargetPct / avgStopPct : null,
    };
  });
}

/**
 * The trade analysis of `source` under `query`. `candlesOf(symbol)` gives the candles of the
 * source's timeframe for the ATR and the excursions (omit it, or return undefined, when none are
 * stored: the rules that need them say so).
 */
export function analyseTrades(
  source: AnalysisSource,
  query: TradeQuery,
  candlesOf?: (symbol: string) => CandleColumns | undefined,
): TradeAnalysis {
  const sel = selectTrades(source.trades, query);
  const sample = sel.sample;
  const params = source.strategy?.params ?? null;
  const contexts: TradeContext[] | null = candlesOf ? tradeContexts(sample, candlesOf, atrPeriodOf(params)) : null;
  const levels = levelParameters(params, source.account);
  const barMs = source.timeframe === null ? null : timeframeMs(source.timeframe);
  const closed = sample.filter(isClosed);
  const metrics = computeTradeMetrics(closed.map(tradeResult), source.initialCapital);
  const known = (pick: (c: TradeContext) => number | null) =>
    (contexts ?? []).map(pick).filter((x): x is number => x !== null && Number.isFinite(x));
  return {
    source: source.label,
    symbols: symbolsOf(source.trades),
    query: { ...query },
    from: sel.from,
    to: sel.to,
    counts: countByStatus(sel.inWindow),
    matching: sel.matching,
    sampleSize: sample.length,
    sample: sample.map(sampleRow),
    byDirection: directionLevels(sample),
    typicalMove: {
      tradesWithCandles: known((c) => c.atrPct).length,
      medianAtrPct: orNull(median(known((c) => c.atrPct))),
      medianMfePct: orNull(median(known((c) => c.mfePct))),
      medianMaePct: orNull(median(known((c) => c.maePct))),
    },
    diagnosis: diagnose({ trades: sample, contexts, barMs, levels }),
    closed: {
      trades: closed.length,
      winRate: metrics.winRate,
      profitFactor: metrics.profitFactor,
      profitFactorInfinite: isInfiniteProfitFactor(metrics),
      totalPnl: metrics.totalPnl,
      metrics,
    },
    strategy: source.strategy,
    levels,
    timeframe: source.timeframe,
  };
}
