import { describe, expect, it } from 'vitest';
import { CIRCUIT_BREAKER_DEFAULTS, TRADING_DEFAULTS } from '../defaults';
import { accountSettings, checkAccountSettings, checkInitialBalance, defaultAccountSettings } from './account';
import { feeOf, grossOf, isDecimalString, money, Money, moneyString, pnlPctOf, price } from './money';
import { fillFee, grossPnl, pnlPercent } from '../backtest/fill-rules';
import { createRng } from '../util/rng';

describe('account settings', () => {
  it('default to the product defaults', () => {
    expect(defaultAccountSettings('Main')).toEqual({
      name: 'Main',
      autoTrading: false,
      maxOpenTrades: TRADING_DEFAULTS.maxOpenTrades,
      minConfidence: 0.7,
      maxPositionSizePct: 10,
      minPositionSize: '10.00',
      stopLossPct: 2,
      takeProfitPct: 5,
      maxDailyLossPct: 5,
      maxDailyTrades: 50,
      minMinutesBetweenTrades: 5,
      circuitBreaker: { ...CIRCUIT_BREAKER_DEFAULTS },
      feePct: 0.1,
      slippagePct: 0.05,
      allowLong: true,
      allowShort: true,
    });
    expect(CIRCUIT_BREAKER_DEFAULTS).toEqual({ enabled: true, maxConsecutiveLosses: 5, cooldownMinutes: 60 });
  });

  it.each([
    [{ minConfidence: 1.2 }, 'minConfidence: 1.2 is outside 0..1'],
    [{ minConfidence: -0.1 }, 'minConfidence: -0.1 is outside 0..1'],
    [{ maxOpenTrades: -1 }, 'maxOpenTrades: -1 must be an integer between 1 and 10000'],
    [{ maxOpenTrades: 2.5 }, 'maxOpenTrades: 2.5 must be an integer between 1 and 10000'],
    [{ maxDailyTrades: 0 }, 'maxDailyTrades: 0 must be an integer between 1 and 1000000'],
    [{ minMinutesBetweenTrades: -5 }, 'minMinutesBetweenTrades: -5 is outside 0..1000000'],
    [{ maxDailyLossPct: -1 }, 'maxDailyLossPct: -1 must be greater than 0 and at most 100'],
    [{ maxPositionSizePct: 0 }, 'maxPositionSizePct: 0 must be greater than 0 and at most 100'],
    [{ minPositionSize: '-10' }, 'minPositionSize: "-10" must not be negative'],
    [{ minPositionSize: 10 as unknown as string }, 'minPositionSize: 10 is not a decimal string like "10.00"'],
    [{ stopLossPct: -2 }, 'stopLossPct: -2 is outside 0..100'],
    [{ feePct: NaN }, 'feePct: NaN is not a finite number'],
    [{ circuitBreaker: { enabled: true, maxConsecutiveLosses: -5, cooldownMinutes: 60 } }, 'circuitBreaker.maxConsecutiveLosses: -5 must be an integer between 1 and 1000'],
    [{ circuitBreaker: { enabled: true, maxConsecutiveLosses: 5, cooldownMinutes: -1 } }, 'circuitBreaker.cooldownMinutes: -1 is outside 0..1000000'],
    [{ autoTrading: 'yes' as unknown as boolean }, 'autoTrading: "yes" must be true or false'],
    [{ name: ' ' }, 'name: " " is not a non-empty name'],
    [{ allowLong: false, allowShort: false }, 'allowLong: false and allowShort: false: at least one direction must be allowed'],
    [{ maxOpen: 3 } as never, /^maxOpen: is not a paper account setting/],
  ])('refuses %j naming the field and the value', (bad, message) => {
    expect(() => checkAccountSettings(bad)).toThrow(message);
    expect(() => accountSettings({ name: 'x', ...bad })).toThrow(RangeError);
  });

  it('an initial balance from 100 to 1,000,000, as a decimal string', () => {
    expect(checkInitialBalance('100')).toBe('100');
    expect(checkInitialBalance('1000000.00')).toBe('1000000.00');
    expect(() => checkInitialBalance('99.99')).toThrow('initialBalance: 99.99 is outside 100..1000000');
    expect(() => checkInitialBalance('1000000.01')).toThrow('initialBalance: 1000000.01 is outside 100..1000000');
    expect(() => checkInitialBalance(5000 as unknown as string)).toThrow('initialBalance: 5000 is not a decimal string like "10000.00"');
    expect(() => checkInitialBalance('1e4', 'balance')).toThrow('balance: "1e4" is not a decimal string like "10000.00"');
  });
});

describe('money', () => {
  it('is written as plain decimals, prices enter exactly as their shortest text', () => {
    expect(moneyString(new Money('1e-12'))).toBe('0.000000000001');
    expect(moneyString(new Money('12345678901234567890123'))).toBe('12345678901234567890123');
    expect(moneyString(new Money('-0'))).toBe('0');
    expect(isDecimalString('-3.5') && !isDecimalString('3.') && !isDecimalString(' 3') && !isDecimalString('1e5')).toBe(true);
    for (const p of [0.1, 60030.000000000004, 1.23e-7, 42_000.5]) expect(Number(moneyString(price(p)))).toBe(p);
    expect(() => money('abc', 'amount')).toThrow('amount: "abc" is not a decimal string like "10000.00"');
    expect(() => price(Infinity)).toThrow('price: Infinity is not a finite number');
  });

  it('fee, gross P&L and P&L percent in decimal agree with the backtester’s float rules', () => {
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) {
      const d = rng.next() < 0.5 ? 1 : -1;
      const qty = rng.next() * 50;
      const entry = 1 + rng.next() * 60_000;
      const exit = entry * (0.8 + rng.next() * 0.4);
      const rate = rng.next() * 0.002;
      const q = price(qty);
      const gross = grossOf(d, q, price(entry), price(exit));
      const fee = feeOf(q.mul(price(exit)), price(rate));
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));
      expect(rel(gross.toNumber(), grossPnl(d, qty, entry, exit))).toBeLessThan(1e-12);
      expect(rel(fee.toNumber(), fillFee(qty * exit, rate))).toBeLessThan(1e-12);
      expect(rel(pnlPctOf(gross, q, price(entry)).toNumber(), pnlPercent(grossPnl(d, qty, entry, exit), qty, entry))).toBeLessThan(1e-9);
    }
  });
});
