/** Manual trades and the reset, on the core state: the fill model, decimal money, errors that change nothing. */
import { describe, expect, it } from 'vitest';
import type { Ohlc } from '../backtest/test-support';
import { closeManualPosition, openManualPosition, resetLedger } from './manual';
import { Money } from './money';
import { book, CTX, fresh, H, runAll, T0, testSettings } from './test-support';

const FLAT: Ohlc = [100, 101, 99, 100];

describe('manual trades', () => {
  const b = book([{ symbol: 'AAA', rows: [FLAT] }], testSettings({ feePct: 0.1, slippagePct: 0.05 }));

  it('open at the current price as a market fill, with optional stop and target; close at the current price', () => {
    const o = openManualPosition(fresh(b), b.cfg, { symbol: 'BTC/USDT', direction: 'LONG', amount: '500', price: 40_000, time: T0, stopPct: 2, targetPct: 4 }, CTX);
    const t = o.state.ledger.open[0];
    // Fill 40,000 × 1.0005 = 40,020; fee 0.5; stop 2 % and target 4 % from the fill.
    expect(t).toMatchObject({ mode: 'MANUAL', session: null, signalId: null, timeframe: null, entryPrice: '40020', positionSize: '500', fees: '0.5', stopPrice: String(40_020 * 0.98), targetPrice: String(40_020 * 1.04) });
    expect(o.state.ledger.cash).toBe('9499.5');
    expect(o.decisions.map((d) => [d.decision, d.reasoning])).toEqual([
      ['BUY', 'Opened LONG BTC/USDT by hand at 40,020.00: 500.00; stop 39,219.60 (2 %), target 41,620.80 (4 %).'],
    ]);
    const c = closeManualPosition(o.state, b.cfg, t.id, 41_000, T0 + H, CTX);
    const closed = c.events[0].type === 'CLOSE' ? c.events[0].trade : null;
    // Exit 41,000 × 0.9995 = 40,979.5; qty = 500 / 40,020.
    const qty = new Money(500).div(40_020);
    const exitFee = qty.mul('40979.5').mul('0.001');
    expect(closed).toMatchObject({ status: 'CLOSED', exitReason: 'MANUAL', exitPrice: '40979.5', exitTime: T0 + H });
    expect(closed?.profitLoss).toBe(qty.mul('959.5').minus('0.5').minus(exitFee).toFixed());
    expect(c.decisions[0].decision).toBe('SELL');
    expect(c.state.ledger.open).toEqual([]);
  });

  it('refuses bad orders naming the field and value, and the state passed in stays as it was', () => {
    const st = fresh(b, '1000');
    const before = JSON.stringify(st);
    const order = { symbol: 'BTC/USDT', direction: 'LONG' as const, amount: '500', price: 40_000, time: T0 };
    // 999 + 0.999 fee > 1,000 of free cash.
    expect(() => openManualPosition(st, b.cfg, { ...order, amount: '999.5' }, CTX)).toThrow(
      'amount: 999.5 is more than the free cash 1,000.00 (with the fee it costs 1,000.50)',
    );
    expect(() => openManualPosition(st, b.cfg, { ...order, amount: '0' }, CTX)).toThrow('amount: "0" must be a positive decimal like "500.00"');
    expect(() => openManualPosition(st, b.cfg, { ...order, price: -1 }, CTX)).toThrow('price: -1 must be a positive number');
    expect(() => openManualPosition(st, b.cfg, { ...order, stopPct: 100 }, CTX)).toThrow('stopPct: 100 must be greater than 0 and less than 100');
    expect(() => openManualPosition(st, b.cfg, { ...order, direction: 'UP' as never }, CTX)).toThrow('direction: "UP" is not LONG or SHORT');
    const held = openManualPosition(st, b.cfg, order, CTX).state;
    expect(() => openManualPosition(held, b.cfg, order, CTX)).toThrow(/^symbol: BTC\/USDT already has an open LONG position/);
    expect(() => closeManualPosition(st, b.cfg, 'tr_nope', 1, T0, CTX)).toThrow('trade: "tr_nope" is not an open trade of this account');
    expect(JSON.stringify(st)).toBe(before);
  });
});

describe('reset', () => {
  it('closes every position at its current price with its P&L, sets the balance, starts the bot’s memory over', () => {
    const rows: Ohlc[] = [FLAT, FLAT, FLAT];
    const b = book(
      [
        { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG' }] },
        { symbol: 'BBB', rows, script: [{ bar: 0, direction: 'SHORT' }, { bar: 2, direction: 'SHORT' }] },
      ],
      testSettings({ circuitBreaker: { enabled: true, maxConsecutiveLosses: 1, cooldownMinutes: 600 } }),
    );
    const run = runAll(b);
    expect(run.state.ledger.open).toHaveLength(2);
    expect(run.state.runtime.symbols.BBB.pendingEntry).toBeNull();
    const r = resetLedger(run.state, b.cfg, '2500', { AAA: 110 }, T0 + 5 * H, CTX);
    const closed = r.events.flatMap((e) => (e.type === 'CLOSE' ? [e.trade] : []));
    // AAA at the given price (+100 on 1,000 at 100); BBB at its last mark, the close 100 (0).
    expect(closed.map((t) => [t.symbol, t.exitReason, t.exitPrice, t.profitLoss])).toEqual([
      ['AAA', 'MANUAL', '110', '100'],
      ['BBB', 'MANUAL', '100', '0'],
    ]);
    expect(r.events[r.events.length - 1]).toEqual({ type: 'BALANCE', cash: '2500', time: T0 + 5 * H });
    expect(r.state.ledger).toEqual({ cash: '2500', open: [] });
    expect(r.state.runtime).toMatchObject({ day: null, lossStreak: 0, pausedUntil: null, lastEntryTime: null, seq: run.state.runtime.seq + 2 });
    expect(r.decisions.map((d) => d.reasoning.split(':')[0])).toEqual(['Closed by the account reset', 'Closed by the account reset']);
    expect(() => resetLedger(run.state, b.cfg, '50', {}, T0, CTX)).toThrow('balance: 50 is outside 100..1000000');
    expect(() => resetLedger(run.state, b.cfg, '5000', { AAA: 0 }, T0, CTX)).toThrow('prices.AAA: 0 must be a positive number');
  });
});
