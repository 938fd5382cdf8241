/**
 * The paper bot on history: the account's bot and the SYSTEM trades replayed over candle series
 * with a simulated clock (the candles' times), through `catchUp` and `stepBot` — the code the app
 * runs live. Positions still open at a symbol's last bar close there (`END`), as in a backtest, so
 * the two can be compared trade for trade (the CLI's `paper` command).
 */
import { resolveRequestStrategy, checkCandleSpacing, type BacktestStrategySpec, type ReportStrategy } from '../backtest/request';
import type { Trade } from '../backtest/trade';
import type { Timeframe } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import { checkAccountSettings, checkInitialBalance, type PaperAccountSettings } from './account';
import type { BotContext } from './bot';
import { catchUp, type CatchUpSeries, type SignalLookup } from './catch-up';
import { Money, moneyString, sumMoney, type DecimalString } from './money';
import { SignalFeed } from './signal-feed';
import { bookKey, newBotState, type BotConfig } from './state';
import { SYSTEM_ACCOUNT, type BotDecision, type PaperTrade } from './types';

/** The book id of the account in a replay. */
export const REPLAY_ACCOUNT = 'PAPER';

export interface PaperReplaySeries {
  symbol: string;
  timeframe: Timeframe;
  candles: CandleColumns;
}

export interface PaperReplayInput {
  series: readonly PaperReplaySeries[];
  strategy: BacktestStrategySpec;
  settings: PaperAccountSettings;
  initialBalance: DecimalString;
}

/** One book's result. */
export interface PaperBookResult {
  trades: PaperTrade[];
  decisions: BotDecision[];
  /** Σ profitLoss of the closed trades. */
  totalPnl: DecimalString;
}

export interface PaperReplayResult {
  strategy: ReportStrategy;
  settings: PaperAccountSettings;
  initialBalance: DecimalString;
  /** The account's cash at the end (every position closed): initial balance + total P&L. */
  finalBalance: DecimalString;
  account: PaperBookResult;
  system: PaperBookResult;
}

/** Closed trades of a book in closing order. */
function closedTrades(events: ReturnType<typeof catchUp>['events']): PaperTrade[] {
  const out: PaperTrade[] = [];
  for (const e of events) if (e.type === 'CLOSE') out.push(e.trade);
  return out;
}

function book(trades: PaperTrade[], decisions: BotDecision[]): PaperBookResult {
  return { trades, decisions, totalPnl: moneyString(sumMoney(trades.map((t) => t.profitLoss ?? '0'))) };
}

/**
 * Replays the account (with `settings`) and the SYSTEM book over `series` (one timeframe, one
 * portfolio). Throws naming the field for bad settings, balance, strategy or series.
 */
export function runPaperReplay(input: PaperReplayInput): PaperReplayResult {
  checkAccountSettings(input.settings);
  checkInitialBalance(input.initialBalance);
  const resolved = resolveRequestStrategy(input.strategy);
  if (!Array.isArray(input.series) || input.series.length === 0) throw new RangeError('series: empty (at least one series is needed)');
  const tf = input.series[0].timeframe;
  const warmup = Math.max(0, Math.floor(resolved.strategy.warmup(resolved.params)));
  const seen = new Set<string>();
  input.series.forEach((s, k) => {
    const f = `series[${k}]`;
    if (typeof s.symbol !== 'string' || s.symbol === '') throw new RangeError(`${f}.symbol: ${JSON.stringify(s.symbol)} is not a symbol`);
    if (seen.has(s.symbol)) throw new RangeError(`${f}.symbol: ${s.symbol} appears in more than one series`);
    seen.add(s.symbol);
    if (s.timeframe !== tf) throw new RangeError(`${f}.timeframe: ${s.timeframe} differs from ${tf} (the bot watches one timeframe)`);
    checkCandleSpacing(s.candles.time, tf, `${f}.timeframe`);
    if (s.candles.time.length < warmup || s.candles.time.length === 0) {
      throw new RangeError(`${f}.candles: ${s.symbol} has ${s.candles.time.length} candles, fewer than the ${warmup} bars ${resolved.report.name} needs to warm up`);
    }
  });
  const feed = new SignalFeed(resolved.strategy, resolved.params, tf);
  const bySymbol = new Map(input.series.map((s) => [s.symbol, s.candles]));
  const lookup: SignalLookup = (symbol, index) => {
    const signal = feed.signalAt(symbol, bySymbol.get(symbol) as CandleColumns, index);
    return signal === null ? null : { signal, id: null };
  };
  const series: CatchUpSeries[] = input.series.map((s) => ({ symbol: s.symbol, candles: s.candles }));
  const ctx: BotContext = { session: null, trading: true, strategy: resolved.report.id, preset: resolved.report.preset };
  const accountCfg: BotConfig = { book: REPLAY_ACCOUNT, timeframe: tf, settings: input.settings, system: false };
  const systemCfg: BotConfig = { book: SYSTEM_ACCOUNT, timeframe: tf, settings: input.settings, system: true };
  const acc = catchUp(newBotState(bookKey(accountCfg), input.initialBalance), accountCfg, series, lookup, ctx, { closeAtEnd: true });
  const sys = catchUp(newBotState(bookKey(systemCfg), '0'), systemCfg, series, lookup, ctx, { closeAtEnd: true });
  return {
    strategy: resolved.report,
    settings: input.settings,
    initialBalance: input.initialBalance,
    finalBalance: moneyString(new Money(acc.state.ledger.cash)),
    account: book(closedTrades(acc.events), acc.decisions),
    system: book(closedTrades(sys.events), sys.decisions),
  };
}

/**
 * A closed paper trade in the backtester's shape (numbers from its decimals), for comparisons and
 * reports. Manual exits have no backtest reason: they are refused.
 */
export function paperTradeAsBacktest(t: PaperTrade): Trade {
  if (t.status !== 'CLOSED' || t.exitTime === null || t.exitPrice === null || t.profitLoss === null || t.profitLossPct === null) {
    throw new RangeError(`trade: ${t.id} is not closed`);
  }
  if (t.exitReason === null || t.exitReason === 'MANUAL') throw new RangeError(`trade: ${t.id} closed by hand has no backtest exit reason`);
  return {
    symbol: t.symbol,
    direction: t.direction,
    entryTime: t.entryTime,
    entryPrice: Number(t.entryPrice),
    exitTime: t.exitTime,
    exitPrice: Number(t.exitPrice),
    quantity: Number(t.quantity),
    fees: Number(t.fees),
    pnl: Number(t.profitLoss),
    pnlPct: Number(t.profitLossPct),
    exitReason: t.exitReason,
    confidence: t.confidence ?? 0,
    stop: t.stopPrice === null ? 0 : Number(t.stopPrice),
    target: t.targetPrice === null ? 0 : Number(t.targetPrice),
    signalTime: t.signalTime ?? t.entryTime,
    reasons: [],
  };
}
