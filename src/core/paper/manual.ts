/**
 * What a trader does by hand on an account, through the same ledger and fill model as the bot:
 * open a position at the current price (a market fill: slippage and fee), close one at the current
 * price, and reset the account (every open position closes at its current price, then the cash is
 * set to the new balance and the bot's memory starts over). Bad input throws a RangeError naming
 * the field and the value, and the state passed in is never changed.
 */
import { entryFillPrice, levelFraction, marketExitPrice, stopLevel, targetLevel } from '../backtest/fill-rules';
import type { Direction } from '../strategy/types';
import { checkInitialBalance } from './account';
import { BotStep, type BotContext, type BotStepResult } from './bot';
import { moneyText, pctText, priceText } from './decision-log';
import { openEvent } from './ledger';
import { isDecimalString, Money } from './money';
import { openTradeOf, resetRuntime, symbolRuntime, type BotConfig, type BotState } from './state';

export interface ManualOpen {
  symbol: string;
  direction: Direction;
  /** Notional to spend, in quote currency (decimal string > 0). */
  amount: string;
  /** Current market price. */
  price: number;
  /** When (UTC ms). */
  time: number;
  /** Stop distance in percent of the fill (0 < x < 100), or none. */
  stopPct?: number | null;
  /** Target distance in percent of the fill (> 0), or none. */
  targetPct?: number | null;
}

function positive(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new RangeError(`${field}: ${String(v)} must be a positive number`);
  return v;
}

function time(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${field}: ${String(v)} is not a time in UTC ms`);
  return v;
}

/** Opens a MANUAL position (no risk rules; it must fit the free cash with its fee). */
export function openManualPosition(state: BotState, cfg: BotConfig, o: ManualOpen, ctx: BotContext): BotStepResult {
  if (cfg.system) throw new RangeError(`account: ${cfg.book} takes no manual trades`);
  if (typeof o.symbol !== 'string' || o.symbol.trim() === '') throw new RangeError(`symbol: ${JSON.stringify(o.symbol)} is not a symbol`);
  if (o.direction !== 'LONG' && o.direction !== 'SHORT') throw new RangeError(`direction: ${JSON.stringify(o.direction)} is not LONG or SHORT`);
  if (!isDecimalString(o.amount) || !new Money(o.amount).gt(0)) throw new RangeError(`amount: ${JSON.stringify(o.amount)} must be a positive decimal like "500.00"`);
  positive('price', o.price);
  time('time', o.time);
  const stopPct = o.stopPct ?? 0;
  const targetPct = o.targetPct ?? 0;
  if (o.stopPct != null && (!(Number.isFinite(stopPct) && stopPct > 0 && stopPct < 100))) {
    throw new RangeError(`stopPct: ${String(o.stopPct)} must be greater than 0 and less than 100`);
  }
  if (o.targetPct != null) positive('targetPct', o.targetPct);
  if (o.direction === 'LONG' ? !cfg.settings.allowLong : !cfg.settings.allowShort) {
    throw new RangeError(`direction: ${o.direction} trades are not allowed on this account`);
  }
  const step = new BotStep(state, cfg, ctx);
  const held = openTradeOf(step.st.ledger, o.symbol);
  if (held !== undefined) throw new RangeError(`symbol: ${o.symbol} already has an open ${held.direction} position (${held.id})`);
  const notional = new Money(o.amount);
  const cost = notional.plus(notional.mul(step.feeRate));
  const cash = new Money(step.st.ledger.cash);
  if (cost.gt(cash)) {
    throw new RangeError(`amount: ${o.amount} is more than the free cash ${moneyText(cash)} (with the fee it costs ${moneyText(cost)})`);
  }
  step.rollDay(o.time);
  const d = o.direction === 'LONG' ? 1 : -1;
  const fill = entryFillPrice(o.price, d, step.slip);
  const stopF = levelFraction(stopPct / 100);
  const targetF = levelFraction(targetPct / 100);
  const stop = stopLevel(fill, d, stopF);
  const target = targetLevel(fill, d, targetF);
  const r = symbolRuntime(step.st.runtime, o.symbol);
  if (r.mark === null) r.mark = o.price;
  step.emit(
    openEvent({
      id: step.nextId('tr'),
      account: cfg.book,
      session: null,
      signalId: null,
      signalTime: null,
      confidence: null,
      symbol: o.symbol,
      timeframe: null,
      direction: o.direction,
      mode: 'MANUAL',
      time: o.time,
      fill,
      stop,
      target,
      notional,
      feeRate: step.feeRate,
    }),
  );
  const rt = step.st.runtime;
  if (rt.day !== null) rt.day.trades += 1;
  rt.lastEntryTime = o.time;
  step.decide({
    time: o.time,
    symbol: o.symbol,
    decision: d === 1 ? 'BUY' : 'SELL',
    confidence: 0,
    scores: step.scores(0, stopF, targetF),
    reasoning:
      `Opened ${o.direction} ${o.symbol} by hand at ${priceText(fill)}: ${moneyText(notional)}; ` +
      `stop ${stop > 0 ? `${priceText(stop)} (${pctText(stopF)})` : 'none'}, target ${target > 0 ? `${priceText(target)} (${pctText(targetF)})` : 'none'}.`,
    keyFactors: ['manual trade', `size ${moneyText(notional)}`],
    snapshot: step.snapshot(fill, null, { marketPrice: o.price }),
    strategy: ctx.strategy,
    preset: ctx.preset,
    signalId: null,
  });
  return step.result();
}

/** Closes the open trade `tradeId` at the current `price` (a market fill), reason MANUAL. */
export function closeManualPosition(state: BotState, cfg: BotConfig, tradeId: string, price: number, at: number, ctx: BotContext): BotStepResult {
  positive('price', price);
  time('time', at);
  const step = new BotStep(state, cfg, ctx);
  const t = step.st.ledger.open.find((x) => x.id === tradeId);
  if (t === undefined) throw new RangeError(`trade: ${JSON.stringify(tradeId)} is not an open trade of this account`);
  step.rollDay(at);
  step.close(t, marketExitPrice(price, t.direction === 'LONG' ? 1 : -1, step.slip), 'MANUAL', at, at, 'Closed by hand');
  return step.result();
}

/**
 * Resets the ledger: closes every open trade at `prices[symbol]` (else the symbol's latest mark,
 * else its entry price) as a market fill with reason MANUAL, sets the cash to `balance` (checked
 * like an initial balance), and starts the runtime over (pending signals, day counters, loss
 * streak and pause cleared; the id counter kept).
 */
export function resetLedger(
  state: BotState,
  cfg: BotConfig,
  balance: string,
  prices: Readonly<Record<string, number>>,
  at: number,
  ctx: BotContext,
): BotStepResult {
  checkInitialBalance(balance, 'balance');
  time('time', at);
  for (const [symbol, p] of Object.entries(prices)) positive(`prices.${symbol}`, p);
  const step = new BotStep(state, cfg, ctx);
  step.rollDay(at);
  for (const t of [...step.st.ledger.open].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))) {
    const p = prices[t.symbol] ?? step.st.runtime.symbols[t.symbol]?.mark ?? Number(t.entryPrice);
    step.close(t, marketExitPrice(p, t.direction === 'LONG' ? 1 : -1, step.slip), 'MANUAL', at, at, 'Closed by the account reset');
  }
  step.emit({ type: 'BALANCE', cash: balance, time: at });
  step.st.runtime = resetRuntime(step.st.runtime);
  return step.result();
}
