/**
 * Performance analysis: trade statistics (the one metrics implementation), signal statistics, the
 * strategy's configuration, recommendations and a step-by-step action plan that names the tool
 * acting on each step. Below {@link MIN_PERFORMANCE_TRADES} closed trades it asks for more trades
 * instead of judging.
 */
import { computeTradeMetrics, type Metrics } from '../metrics';
import { CONFIDENCE_LEVELS, DIRECTIONS } from '../metrics/breakdowns';
import { formatValue } from '../metrics/format';
import { normaliseSymbol } from '../strategy/scripted';
import { confidenceLevel, type ConfidenceLevel, type Direction } from '../strategy/types';
import { levelParameters } from './levels';
import { countByStatus, selectTrades, symbolsOf, type TradeQuery } from './query';
import type { AnalysisSignal, AnalysisSource, AnalysisStrategy } from './source';
import { isClosed, tradeResult, type AnalysisStatus, type AnalysisTrade, type ClosedAnalysisTrade } from './trade';

/** Closed trades needed before the results are judged. */
export const MIN_PERFORMANCE_TRADES = 30;
/** A win rate this far above the break-even win rate (1 / (1 + reward/risk)) is good; within it, marginal. */
export const WIN_RATE_MARGIN = 0.05;
/** Reward/risk (average win / |average loss|) below this is poor; from it to {@link GOOD_REWARD_RISK} acceptable. */
export const POOR_REWARD_RISK = 1;
export const GOOD_REWARD_RISK = 1.5;
/** Trades of each direction needed before the directions are compared. */
export const MIN_DIRECTION_TRADES = 5;
/** One direction holding at least this share of the closed trades is a one-sided book. */
export const DIRECTION_SHARE_MAX = 0.8;
/** Rows of the lists. */
export const TOP_SYMBOLS = 5;
export const LAST_CLOSED = 20;
export const TOP_SIGNAL_SYMBOLS = 10;
export const LAST_SIGNALS = 10;

export interface SymbolResult {
  symbol: string;
  trades: number;
  totalPnl: number;
  winRate: number | null;
}

export interface ClosedRow {
  id: string;
  symbol: string;
  direction: Direction;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  exitReason: string | null;
  pnl: number;
  pnlPct: number | null;
}

export interface SignalStats {
  total: number;
  bullish: number;
  bearish: number;
  topSymbols: Array<{ symbol: string; count: number }>;
  last: Array<AnalysisSignal & { level: ConfidenceLevel }>;
  byLevel: Array<{ level: ConfidenceLevel; count: number }>;
}

export type Assessment = 'good' | 'warn' | 'bad';

export interface PerformanceRecommendation {
  topic: 'sample' | 'win-rate' | 'reward-risk' | 'direction';
  assessment: Assessment;
  text: string;
}

/** The tool that acts on a step of the action plan. */
export type PlanTool = 'optimiser' | 'walk-forward' | 'monte-carlo' | 'preset-editor' | 'backtests' | 'paper';

export interface PlanStep {
  step: number;
  text: string;
  tool: PlanTool;
}

export interface PerformanceAnalysis {
  source: string;
  /** Every symbol the source traded (what the symbol filter offers). */
  symbols: string[];
  query: TradeQuery;
  from: number | null;
  to: number | null;
  counts: { total: number } & Record<AnalysisStatus, number>;
  /** Metrics of the closed trades of the selection. */
  metrics: Metrics;
  byDirection: Array<{ direction: Direction; metrics: Metrics }>;
  topSymbols: SymbolResult[];
  lastClosed: ClosedRow[];
  /** Null when the source keeps no signals. */
  signals: SignalStats | null;
  strategy: AnalysisStrategy | null;
  /** False below {@link MIN_PERFORMANCE_TRADES} closed trades: then the only recommendation asks for more. */
  enoughTrades: boolean;
  recommendations: PerformanceRecommendation[];
  actionPlan: PlanStep[];
}

const fraction = (x: number | null) => formatValue('fraction-pct', x);
const money = (x: number | null) => formatValue('money', x);
const ratio = (x: number | null) => formatValue('ratio', x);

function symbolResults(closed: readonly ClosedAnalysisTrade[], initialCapital: number): SymbolResult[] {
  const groups = new Map<string, ClosedAnalysisTrade[]>();
  for (const t of closed) {
    const list = groups.get(t.symbol);
    if (list) list.push(t);
    else groups.set(t.symbol, [t]);
  }
  return [...groups].map(([symbol, list]) => {
    const m = computeTradeMetrics(list.map(tradeResult), initialCapital);
    return { symbol, trades: list.length, totalPnl: m.totalPnl ?? 0, winRate: m.winRate };
  });
}

/** Symbols by total P&L, best first (ties by symbol). */
export function rankSymbols(closed: readonly ClosedAnalysisTrade[], initialCapital: number, n: number): SymbolResult[] {
  return symbolResults(closed, initialCapital)
    .sort((a, b) => b.totalPnl - a.totalPnl || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .slice(0, n);
}

/** Signal statistics of the signals in the query's window and symbol. */
export function signalStats(signals: readonly AnalysisSignal[], from: number | null, symbol: string | null): SignalStats {
  const want = symbol === null ? null : normaliseSymbol(symbol);
  const list = signals
    .filter((s) => (from === null || s.time >= from) && (want === null || normaliseSymbol(s.symbol) === want))
    .sort((a, b) => b.time - a.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const bySymbol = new Map<string, number>();
  for (const s of list) bySymbol.set(s.symbol, (bySymbol.get(s.symbol) ?? 0) + 1);
  const byLevel = new Map<ConfidenceLevel, number>(CONFIDENCE_LEVELS.map((l) => [l, 0]));
  for (const s of list) byLevel.set(confidenceLevel(s.confidence), (byLevel.get(confidenceLevel(s.confidence)) ?? 0) + 1);
  return {
    total: list.length,
    bullish: list.filter((s) => s.direction === 'LONG').length,
    bearish: list.filter((s) => s.direction === 'SHORT').length,
    topSymbols: [...bySymbol]
      .map(([s, count]) => ({ symbol: s, count }))
      .sort((a, b) => b.count - a.count || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
      .slice(0, TOP_SIGNAL_SYMBOLS),
    last: list.slice(0, LAST_SIGNALS).map((s) => ({ ...s, level: confidenceLevel(s.confidence) })),
    byLevel: CONFIDENCE_LEVELS.map((level) => ({ level, count: byLevel.get(level) ?? 0 })),
  };
}

function recommendations(
  m: Metrics,
  byDirection: Array<{ direction: Direction; metrics: Metrics }>,
): PerformanceRecommendation[] {
  const out: PerformanceRecommendation[] = [];
  const wr = m.winRate as number;
  const payoff = m.payoffRatio;
  if (payoff !== null) {
    const breakeven = 1 / (1 + payoff);
    const margin = wr - breakeven;
    out.push({
      topic: 'win-rate',
      assessment: margin >= WIN_RATE_MARGIN ? 'good' : margin > -WIN_RATE_MARGIN ? 'warn' : 'bad',
      text:
        margin >= WIN_RATE_MARGIN
          ? `Win rate ${fraction(wr)} is well above the ${fraction(breakeven)} this reward/risk (${ratio(payoff)}) needs to break even.`
          : margin > -WIN_RATE_MARGIN
            ? `Win rate ${fraction(wr)} is close to the ${fraction(breakeven)} this reward/risk (${ratio(payoff)}) needs to break even: a small change in the market turns it into a loss.`
            : `Win rate ${fraction(wr)} is below the ${fraction(breakeven)} this reward/risk (${ratio(payoff)}) needs to break even: the strategy loses money as it stands.`,
    });
    out.push({
      topic: 'reward-risk',
      assessment: payoff >= GOOD_REWARD_RISK ? 'good' : payoff >= POOR_REWARD_RISK ? 'warn' : 'bad',
      text:
        payoff >= GOOD_REWARD_RISK
          ? `Reward/risk ${ratio(payoff)}: the average win (${money(m.avgWin)}) is well above the average loss (${money(m.avgLoss)}).`
          : payoff >= POOR_REWARD_RISK
            ? `Reward/risk ${ratio(payoff)}: the average win (${money(m.avgWin)}) only just covers the average loss (${money(m.avgLoss)}); aim for ${ratio(GOOD_REWARD_RISK)} or more.`
            : `Reward/risk ${ratio(payoff)}: the average win (${money(m.avgWin)}) is smaller than the average loss (${money(m.avgLoss)}). Widen targets or tighten stops.`,
    });
  } else {
    out.push({
      topic: 'win-rate',
      assessment: (m.wins ?? 0) > 0 ? 'good' : 'bad',
      text: (m.wins ?? 0) > 0 ? `Every closed trade won (${fraction(wr)}): no losing trade to measure the risk against yet.` : `No closed trade won (${fraction(wr)}).`,
    });
  }
  const [long, short] = DIRECTIONS.map((d) => byDirection.find((x) => x.direction === d)!.metrics);
  const nl = long.totalTrades ?? 0;
  const ns = short.totalTrades ?? 0;
  const total = nl + ns;
  if (nl >= MIN_DIRECTION_TRADES && ns >= MIN_DIRECTION_TRADES && ((long.totalPnl ?? 0) < 0) !== ((short.totalPnl ?? 0) < 0)) {
    const [loser, winner] = (long.totalPnl ?? 0) < 0 ? (['LONG', 'SHORT'] as const) : (['SHORT', 'LONG'] as const);
    const lm = loser === 'LONG' ? long : short;
    const wm = loser === 'LONG' ? short : long;
    out.push({
      topic: 'direction',
      assessment: 'bad',
      text: `${loser} trades lost ${money(lm.totalPnl)} (win rate ${fraction(lm.winRate)}) while ${winner} trades made ${money(wm.totalPnl)} (win rate ${fraction(wm.winRate)}): trade ${winner} only, or tighten the ${loser} filters.`,
    });
  } else if (total > 0 && Math.max(nl, ns) / total >= DIRECTION_SHARE_MAX) {
    const side = nl >= ns ? 'LONG' : 'SHORT';
    out.push({
      topic: 'direction',
      assessment: 'warn',
      text: `${fraction(Math.max(nl, ns) / total)} of the closed trades are ${side}: the results rest on one market direction; test the strategy on a period that moved the other way.`,
    });
  } else if ((long.totalPnl ?? 0) < 0 && (short.totalPnl ?? 0) < 0) {
    out.push({
      topic: 'direction',
      assessment: 'warn',
      text: `Both directions lose: LONG ${nl} trades (${money(long.totalPnl)}), SHORT ${ns} trades (${money(short.totalPnl)}); the problem is not one side of the market.`,
    });
  } else {
    out.push({
      topic: 'direction',
      assessment: 'good',
      text: `Both directions contribute: LONG ${nl} trades (${money(long.totalPnl)}), SHORT ${ns} trades (${money(short.totalPnl)}).`,
    });
  }
  return out;
}

function actionPlan(recs: readonly PerformanceRecommendation[], source: AnalysisSource, enough: boolean, closed: number): PlanStep[] {
  const steps: Array<Omit<PlanStep, 'step'>> = [];
  if (!enough) {
    steps.push({
      text: `Collect at least ${MIN_PERFORMANCE_TRADES} closed trades (${closed} so far): run a backtest over a longer period, or keep the bot paper-trading.`,
      tool: source.account === null ? 'backtests' : 'paper',
    });
    return steps.map((s, i) => ({ ...s, step: i + 1 }));
  }
  const levels = levelParameters(source.strategy?.params ?? null, source.account);
  const names = [levels.stop.key, levels.target.key].filter((k): k is string => k !== null);
  const bad = (topic: PerformanceRecommendation['topic']) => recs.some((r) => r.topic === topic && r.assessment !== 'good');
  if (bad('reward-risk') || bad('win-rate')) {
    steps.push({
      text: `Tune the stop and the target: run the optimiser over ${names.length > 0 ? names.join(' and ') : 'the stop and target settings'}, with profit factor as the objective and at least ${MIN_PERFORMANCE_TRADES} trades as a constraint.`,
      tool: 'optimiser',
    });
  }
  if (recs.some((r) => r.topic === 'direction' && r.assessment === 'bad')) {
    steps.push({ text: 'Backtest the losing direction switched off and compare the two reports.', tool: 'backtests' });
  }
  steps.push({
    text: 'Check the parameters on data they were not tuned on: run a walk-forward analysis and keep them only if the out-of-sample results hold.',
    tool: 'walk-forward',
  });
  steps.push({ text: 'Measure the luck in the result: run a Monte Carlo simulation of the trades and read the 5th-percentile drawdown.', tool: 'monte-carlo' });
  steps.push({ text: 'Save the parameters that passed into the preset, so the bot and new backtests use them.', tool: 'preset-editor' });
  steps.push({ text: `Paper-trade the updated preset until it has ${MIN_PERFORMANCE_TRADES} closed trades, then run this analysis again.`, tool: 'paper' });
  return steps.map((s, i) => ({ ...s, step: i + 1 }));
}

/** The performance analysis of `source` under `query`. */
export function analysePerformance(source: AnalysisSource, query: TradeQuery): PerformanceAnalysis {
  const sel = selectTrades(source.trades, query);
  const trades: AnalysisTrade[] = sel.sample;
  const closed = trades.filter(isClosed);
  const metrics = computeTradeMetrics(closed.map(tradeResult), source.initialCapital);
  const byDirection = DIRECTIONS.map((direction) => ({
    direction,
    metrics: computeTradeMetrics(closed.filter((t) => t.direction === direction).map(tradeResult), source.initialCapital),
  }));
  const enough = closed.length >= MIN_PERFORMANCE_TRADES;
  const recs: PerformanceRecommendation[] = enough
    ? recommendations(metrics, byDirection)
    : [
        {
          topic: 'sample',
          assessment: 'warn',
          text: `Collect at least ${MIN_PERFORMANCE_TRADES} closed trades before judging the strategy: ${closed.length} so far is too few to tell skill from luck.`,
        },
      ];
  const lastClosed = [...closed]
    .sort((a, b) => b.exitTime - a.exitTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, LAST_CLOSED)
    .map((t) => ({
      id: t.id,
      symbol: t.symbol,
      direction: t.direction,
      entryTime: t.entryTime,
      exitTime: t.exitTime,
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      exitReason: t.exitReason,
      pnl: t.pnl,
      pnlPct: t.pnlPct,
    }));
  const counts = countByStatus(trades);
  return {
    source: source.label,
    symbols: symbolsOf(source.trades),
    query: { ...query },
    from: sel.from,
    to: sel.to,
    counts: { total: trades.length, ...counts },
    metrics,
    byDirection,
    topSymbols: rankSymbols(closed, source.initialCapital, TOP_SYMBOLS),
    lastClosed,
    signals: source.signals === null ? null : signalStats(source.signals, sel.from, query.symbol),
    strategy: source.strategy,
    enoughTrades: enough,
    recommendations: recs,
    actionPlan: actionPlan(recs, source, enough, closed.length),
  };
}
