/**
 * Paper trading: the bot as a pure state machine over closed candles, its decimal ledger, account
 * settings and rules, manual trades and resets, catch-up, sessions, and the replay on history that
 * proves it trades as the backtester. docs/paper-trading.md explains the rules and scores.
 */
export type { CircuitBreakerSettings, PaperAccountSettings } from './account';
export { accountSettings, checkAccountSettings, checkInitialBalance, defaultAccountSettings, pickAccountSettings, MAX_ACCOUNT_NAME_LENGTH } from './account';
export type { BotBar, BotSignal, BotTick, BotOpenTick, BotContext, BotStepResult } from './bot';
export { stepBot, openBot } from './bot';
export type { CatchUpSeries, SignalLookup, CatchUpOptions } from './catch-up';
export { catchUp, catchUpTicks } from './catch-up';
export { moneyText, priceText } from './decision-log';
export type { LedgerEvent } from './ledger';
export { applyLedgerEvent } from './ledger';
export type { ManualOpen } from './manual';
export { openManualPosition, closeManualPosition, resetLedger } from './manual';
export type { DecimalString } from './money';
export { Money, money, price, moneyString, isDecimalString, sumMoney } from './money';
export type { PaperReplayInput, PaperReplayResult, PaperReplaySeries, PaperBookResult } from './replay';
export { runPaperReplay, paperTradeAsBacktest, REPLAY_ACCOUNT } from './replay';
export type { ScoreInput } from './scores';
export { opportunityScore, riskScore } from './scores';
export type { BotSession, SessionStatus, SessionEnd, SessionStats } from './session';
export { SESSION_STATUSES, ACTIVE_SESSION_STATUSES, sessionStats, sessionCsv } from './session';
export { TRADE_CSV_COLUMNS, tradeCsvCells, tradesCsv } from './trades-csv';
export { SignalFeed } from './signal-feed';
export type { BotState, BotRuntime, BotConfig, PaperLedger, SymbolRuntime, PendingEntry, DayCounters } from './state';
export { bookKey, newBotState, newRuntime, equityOf, positionValue } from './state';
export type { PaperTrade, PaperExitReason, TradeStatus, TradeMode, BotDecision, Decision, MarketSnapshot } from './types';
export { SYSTEM_ACCOUNT, TRADE_STATUSES, DECISIONS, MAX_REASONING_LENGTH } from './types';
