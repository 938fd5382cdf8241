/**
 * What an analysis reads: the trades of one source (a backtest, a paper account, the SYSTEM
 * trades), its capital, the strategy that made them, and the signals it saw.
 */
import type { Trade } from '../backtest/trade';
import type { Timeframe } from '../candles/timeframe';
import type { Direction, StrategyParams } from '../strategy/types';
import type { AccountLevels } from './levels';
import { fromBacktestTrade, type AnalysisTrade } from './trade';

/** A signal as the signal statistics read it. */
export interface AnalysisSignal {
  /** Open time of the bar that fired it (UTC ms). */
  time: number;
  symbol: string;
  direction: Direction;
  confidence: number;
}

/** The strategy behind a source's trades. */
export interface AnalysisStrategy {
  /** As the user chose it: a preset name or a strategy id. */
  name: string;
  preset: string | null;
  params: StrategyParams;
}

export interface AnalysisSource {
  /** What the user picked, e.g. `Backtest #3 BTC balanced` or `Paper account Main`. */
  label: string;
  trades: AnalysisTrade[];
  /** Capital the P&L is measured against (a backtest's initial capital, an account's initial balance). */
  initialCapital: number;
  strategy: AnalysisStrategy | null;
  /** The paper account's default stop and target (null for a backtest). */
  account: AccountLevels | null;
  /** Timeframe of the trades' candles; null when unknown. */
  timeframe: Timeframe | null;
  /** The signals of the source (null when it keeps none). */
  signals: AnalysisSignal[] | null;
}

/** The signal each backtest trade was opened on (a backtest keeps no other signals). */
export function signalsOfTrades(trades: readonly AnalysisTrade[]): AnalysisSignal[] {
  const out: AnalysisSignal[] = [];
  for (const t of trades) {
    if (t.signalTime !== null && t.confidence !== null) out.push({ time: t.signalTime, symbol: t.symbol, direction: t.direction, confidence: t.confidence });
  }
  return out;
}

/** A backtest's trades as a source. */
export function backtestSource(input: {
  label: string;
  trades: readonly Trade[];
  initialCapital: number;
  strategy: AnalysisStrategy | null;
  timeframe: Timeframe | null;
}): AnalysisSource {
  const trades = input.trades.map(fromBacktestTrade);
  return {
    label: input.label,
    trades,
    initialCapital: input.initialCapital,
    strategy: input.strategy,
    account: null,
    timeframe: input.timeframe,
    signals: signalsOfTrades(trades),
  };
}
