/**
 * Money of the paper ledger: decimal.js configured once, here, with the product's precision
 * (28 significant digits, banker's rounding — `MONEY_PRECISION`). Every amount of the ledger
 * (cash, notional, quantity, fees, P&L, balances) is a `Money` value and is stored as a plain
 * decimal string (`"10000"`, `"-3.5"`, never an exponent). Prices are market data: they arrive as
 * numbers (candles) and enter the ledger as the decimal of their shortest round-trip text, so
 * `Number(moneyString(price(x))) === x`.
 */
import { Decimal } from 'decimal.js';
import { MONEY_PRECISION } from '../defaults';

/** The ledger's decimal type: 28 significant digits, ROUND_HALF_EVEN. */
export const Money = Decimal.clone({
  precision: MONEY_PRECISION.significantDigits,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Money = InstanceType<typeof Money>;

/** A decimal number kept exactly as a string, e.g. `"10000.00"`. */
export type DecimalString = string;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** True for a plain decimal string: optional minus, digits, optional fraction (no exponent, no spaces). */
export function isDecimalString(v: unknown): v is DecimalString {
  return typeof v === 'string' && DECIMAL_TEXT.test(v);
}

/** A decimal string as Money; throws a RangeError naming `field` and the value when it is not one. */
export function money(v: DecimalString, field = 'amount'): Money {
  if (!isDecimalString(v)) throw new RangeError(`${field}: ${JSON.stringify(v)} is not a decimal string like "10000.00"`);
  return new Money(v);
}

/** A price (or any market number) as Money: the exact decimal of its shortest text. */
export function price(v: number, field = 'price'): Money {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${field}: ${String(v)} is not a finite number`);
  return new Money(v);
}

/** Money as a plain decimal string (no exponent); `-0` is written `0`. */
export function moneyString(d: Money): DecimalString {
  return d.isZero() ? '0' : d.toFixed();
}

/** The rate of a percent setting (0.1 % → 0.001), exactly. */
export function rateOfPercent(pct: number): Money {
  return price(pct, 'percent').div(100);
}

/** Fee of a fill in decimal: `feeRate * notional` (the decimal form of `fillFee`). */
export function feeOf(notional: Money, feeRate: Money): Money {
  return notional.mul(feeRate);
}

/**
 * Gross P&L in decimal (the decimal form of `grossPnl`): long `qty * (exit - entry)`,
 * short `qty * (entry - exit)`.
 */
export function grossOf(d: number, qty: Money, entry: Money, exit: Money): Money {
  return d === 1 ? qty.mul(exit.minus(entry)) : qty.mul(entry.minus(exit));
}

/** `pnl / (qty * entry) * 100` in decimal (the decimal form of `pnlPercent`). */
export function pnlPctOf(pnl: Money, qty: Money, entry: Money): Money {
  return pnl.div(qty.mul(entry)).mul(100);
}

/** The sum of decimal strings, as Money. */
export function sumMoney(values: readonly DecimalString[]): Money {
  let s = new Money(0);
  for (const v of values) s = s.plus(v);
  return s;
}
