/**
 * The paper ledger: events and how they change cash and open trades, in decimal.
 *
 * - `OPEN` — a trade opens: cash falls by its notional (`positionSize`) and its entry fee.
 * - `CLOSE` — a trade closes: cash rises by `positionSize + gross − exit fee` (for a long that is
 *   `qty × exit − exit fee`; for a short, its collateral plus its gain). Over a round trip cash
 *   therefore changes by the trade's `profitLoss`, so at every moment
 *   `cash = initial balance + Σ closed P&L − Σ open (positionSize + entry fee)` (up to the
 *   28-digit rounding of each addition).
 * - `BALANCE` — an account reset sets the cash.
 *
 * Prices come from the fill rules (`backtest/fill-rules.ts`) as numbers and enter as the decimal of
 * their shortest text; quantities, fees, P&L and balances are computed in `Money` only.
 */
import type { Timeframe } from '../candles/timeframe';
import type { Direction } from '../strategy/types';
import { feeOf, grossOf, Money, moneyString, pnlPctOf, price, type DecimalString } from './money';
import type { PaperLedger } from './state';
import type { PaperExitReason, PaperTrade, TradeMode } from './types';

export type LedgerEvent =
  | { type: 'OPEN'; trade: PaperTrade; cashChange: DecimalString }
  | { type: 'CLOSE'; trade: PaperTrade; cashChange: DecimalString }
  | { type: 'BALANCE'; cash: DecimalString; time: number };

/** The ledger after `ev`; throws when the event does not fit the ledger (a second trade on a symbol, an unknown trade). */
export function applyLedgerEvent(ledger: PaperLedger, ev: LedgerEvent): PaperLedger {
  switch (ev.type) {
    case 'OPEN': {
      if (ledger.open.some((t) => t.symbol === ev.trade.symbol)) {
        throw new RangeError(`symbol: ${ev.trade.symbol} already has an open trade`);
      }
      return { cash: moneyString(new Money(ledger.cash).plus(ev.cashChange)), open: [...ledger.open, ev.trade] };
    }
    case 'CLOSE': {
      const i = ledger.open.findIndex((t) => t.id === ev.trade.id);
      if (i < 0) throw new RangeError(`trade: ${ev.trade.id} is not open`);
      const open = [...ledger.open];
      open.splice(i, 1);
      return { cash: moneyString(new Money(ledger.cash).plus(ev.cashChange)), open };
    }
    case 'BALANCE':
      return { cash: ev.cash, open: ledger.open };
  }
}

/** What a new trade needs besides its money. */
export interface OpenSpec {
  id: string;
  account: string;
  session: string | null;
  signalId: string | null;
  signalTime: number | null;
  confidence: number | null;
  symbol: string;
  timeframe: Timeframe | null;
  direction: Direction;
  mode: TradeMode;
  time: number;
  /** Fill price (slippage applied). */
  fill: number;
  /** Levels (0 = none). */
  stop: number;
  target: number;
  /** Notional to spend. */
  notional: Money;
  feeRate: Money;
}

/** The OPEN event of a trade: `qty = notional / fill`, entry fee `notional × feeRate`. */
export function openEvent(spec: OpenSpec): LedgerEvent & { type: 'OPEN' } {
  const fill = price(spec.fill, 'fill');
  const qty = spec.notional.div(fill);
  const fee = feeOf(spec.notional, spec.feeRate);
  const trade: PaperTrade = {
    id: spec.id,
    account: spec.account,
    signalId: spec.signalId,
    session: spec.session,
    symbol: spec.symbol,
    timeframe: spec.timeframe,
    direction: spec.direction,
    status: 'OPEN',
    entryTime: spec.time,
    entryPrice: moneyString(fill),
    quantity: moneyString(qty),
    positionSize: moneyString(spec.notional),
    stopPrice: spec.stop > 0 ? moneyString(price(spec.stop, 'stop')) : null,
    targetPrice: spec.target > 0 ? moneyString(price(spec.target, 'target')) : null,
    exitTime: null,
    exitPrice: null,
    exitReason: null,
    fees: moneyString(fee),
    profitLoss: null,
    profitLossPct: null,
    mode: spec.mode,
    signalTime: spec.signalTime,
    confidence: spec.confidence,
    updatedAt: spec.time,
  };
  return { type: 'OPEN', trade, cashChange: moneyString(spec.notional.plus(fee).neg()) };
}

/** The CLOSE event of an open trade at `exit` (slippage applied): fees, P&L and cash in decimal. */
export function closeEvent(t: PaperTrade, exit: number, reason: PaperExitReason, time: number, feeRate: Money): LedgerEvent & { type: 'CLOSE' } {
  const d = t.direction === 'LONG' ? 1 : -1;
  const qty = new Money(t.quantity);
  const entry = new Money(t.entryPrice);
  const exitPx = price(exit, 'exit');
  const exitFee = feeOf(qty.mul(exitPx), feeRate);
  const gross = grossOf(d, qty, entry, exitPx);
  const fees = new Money(t.fees).plus(exitFee);
  const pnl = gross.minus(fees);
  const trade: PaperTrade = {
    ...t,
    status: 'CLOSED',
    exitTime: time,
    exitPrice: moneyString(exitPx),
    exitReason: reason,
    fees: moneyString(fees),
    profitLoss: moneyString(pnl),
    profitLossPct: moneyString(pnlPctOf(pnl, qty, entry)),
    updatedAt: time,
  };
  return { type: 'CLOSE', trade, cashChange: moneyString(new Money(t.positionSize).plus(gross).minus(exitFee)) };
}
