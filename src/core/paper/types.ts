/**
 * The paper ledger's records as plain data: trades and the bot's decision log ("thoughts").
 * The data layer stores exactly these shapes.
 */
import type { ExitReason } from '../backtest/trade';
import type { Timeframe } from '../candles/timeframe';
import type { ConfidenceLevel, Direction } from '../strategy/types';
import type { DecimalString } from './money';

/** The `account` of SYSTEM trades and decisions (those not tied to a paper account). */
export const SYSTEM_ACCOUNT = 'SYSTEM';

export type TradeStatus = 'OPEN' | 'CLOSED' | 'CANCELLED';
export const TRADE_STATUSES: readonly TradeStatus[] = ['OPEN', 'CLOSED', 'CANCELLED'];

/** Why a paper trade closed: the fill model's reasons, or MANUAL (closed by hand or by an account reset). */
export type PaperExitReason = ExitReason | 'MANUAL';

export type TradeMode = 'MANUAL' | 'AUTOMATIC';

/** A paper trade. Every price, amount and P&L is a decimal string (ledger precision). */
export interface PaperTrade {
  id: string;
  /** Paper account id, or SYSTEM_ACCOUNT for the fixed-size trade opened for every signal. */
  account: string;
  signalId: string | null;
  /** Bot session that opened it; null for manual trades. */
  session: string | null;
  symbol: string;
  /** Timeframe of the bot that opened it; null for manual trades. */
  timeframe: Timeframe | null;
  direction: Direction;
  status: TradeStatus;
  /** Open time (UTC ms) of the bar whose open filled the entry (manual trades: when opened). */
  entryTime: number;
  entryPrice: DecimalString;
  quantity: DecimalString;
  /** The notional spent at entry (quantity × entry price), in quote currency; a short's collateral. */
  positionSize: DecimalString;
  stopPrice: DecimalString | null;
  targetPrice: DecimalString | null;
  exitTime: number | null;
  exitPrice: DecimalString | null;
  exitReason: PaperExitReason | null;
  /** The entry fee while open; entry + exit fee once closed. */
  fees: DecimalString;
  profitLoss: DecimalString | null;
  profitLossPct: DecimalString | null;
  mode: TradeMode;
  /** Open time of the bar that fired the signal; null for manual trades. */
  signalTime: number | null;
  /** The signal's confidence (0..1); null for manual trades. */
  confidence: number | null;
  updatedAt: number;
}

export type Decision = 'BUY' | 'SELL' | 'HOLD' | 'SKIP' | 'STOP_LOSS' | 'TAKE_PROFIT';
export const DECISIONS: readonly Decision[] = ['BUY', 'SELL', 'HOLD', 'SKIP', 'STOP_LOSS', 'TAKE_PROFIT'];

/** Longest `reasoning` text kept, in characters. */
export const MAX_REASONING_LENGTH = 500;

/** What the bot saw when it decided. */
export interface MarketSnapshot {
  price: number;
  /** Indicator or condition name → value at the decision. */
  indicators: Record<string, number | null>;
  [key: string]: unknown;
}

/** One of the bot's "thoughts": what it decided for a symbol on a candle, and why. */
export interface BotDecision {
  id: string;
  /** UTC ms */
  time: number;
  /** Paper account id, or `SYSTEM_ACCOUNT`. */
  account: string;
  symbol: string;
  timeframe: Timeframe;
  decision: Decision;
  /** 0..1 */
  confidence: number;
  level: ConfidenceLevel;
  /** 0..100 */
  riskScore: number;
  /** 0..100 */
  opportunityScore: number;
  /** At most MAX_REASONING_LENGTH characters. */
  reasoning: string;
  keyFactors: string[];
  snapshot: MarketSnapshot;
  strategy: string;
  preset: string | null;
  session: string | null;
  signalId: string | null;
}
