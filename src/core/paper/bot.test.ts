/**
 * The paper bot's step on hand-built candles: fills, the ledger in decimal, and every rule of an
 * account firing at its boundary and not before. Expected numbers are worked out by hand in the
 * comments (fees and slippage 0 unless a test sets them).
 */
import { describe, expect, it } from 'vitest';
import type { Ohlc } from '../backtest/test-support';
import { openBot, stepBot, type BotStepResult, type BotTick } from './bot';
import { catchUp } from './catch-up';
import { feeOf, Money } from './money';
import { book, CTX, fresh, H, ledgerIdentity, MIN, runAll, T0, testSettings, type TestSeries } from './test-support';
import type { BotDecision, PaperTrade } from './types';

const FLAT: Ohlc = [100, 101, 99, 100];
const flat = (n: number): Ohlc[] => Array.from({ length: n }, () => FLAT);

function closed(r: BotStepResult): PaperTrade[] {
  return r.events.flatMap((e) => (e.type === 'CLOSE' ? [e.trade] : []));
}
function opened(r: BotStepResult): PaperTrade[] {
  return r.events.flatMap((e) => (e.type === 'OPEN' ? [e.trade] : []));
}
function skips(r: BotStepResult): BotDecision[] {
  return r.decisions.filter((d) => d.decision === 'SKIP');
}

describe('fills and the decimal ledger', () => {
  it('enters at the next open with 10 % of equity, levels from the signal, exits at the target as a limit fill', () => {
    // Signal on bar 0 (LONG, stop 10 %, target 20 %); entry at the open of bar 1 = 100 with fee 0.1 %
    // and slippage 0.05 %: fill = 100.05, notional = 10 % of 10,000 = 1,000, qty = 1000 / 100.05,
    // fee 1; stop = 100.05 × 0.9, target = 100.05 × 1.2 = 120.06, touched by bar 3's high 121.
    const rows: Ohlc[] = [FLAT, FLAT, [100, 110, 95, 105], [105, 121, 104, 120], FLAT];
    const b = book([{ symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', stopFraction: 0.1, targetFraction: 0.2, confidence: 0.8 }] }], testSettings({ feePct: 0.1, slippagePct: 0.05 }));
    const r = runAll(b);
    const [t] = closed(r);
    expect(t).toMatchObject({
      account: 'acc_test',
      session: 'ses_test',
      signalId: 'sig_AAA_0',
      symbol: 'AAA',
      timeframe: '1h',
      direction: 'LONG',
      status: 'CLOSED',
      mode: 'AUTOMATIC',
      entryTime: T0 + H,
      signalTime: T0,
      confidence: 0.8,
      entryPrice: String(100 * (1 + 0.0005)),
      positionSize: '1000',
      stopPrice: String(100 * (1 + 0.0005) * (1 - 0.1)),
      targetPrice: String(100 * (1 + 0.0005) * (1 + 0.2)),
      exitTime: T0 + 3 * H,
      exitPrice: String(100 * (1 + 0.0005) * (1 + 0.2)),
      exitReason: 'TP',
    });
    const qty = new Money(1000).div('100.05');
    expect(t.quantity).toBe(qty.toFixed());
    // exit fee = qty × 120.06 × 0.001; P&L = qty × (120.06 − 100.05) − 1 − exit fee.
    const exitFee = qty.mul(t.exitPrice as string).mul('0.001');
    expect(t.fees).toBe(new Money(1).plus(exitFee).toFixed());
    expect(t.profitLoss).toBe(qty.mul(new Money(t.exitPrice as string).minus('100.05')).minus(1).minus(exitFee).toFixed());
    expect(r.state.ledger.cash).toBe(new Money(10_000).plus(t.profitLoss as string).toFixed());
    expect(r.decisions.map((d) => d.decision)).toEqual(['BUY', 'TAKE_PROFIT']);
    expect(r.decisions[0].reasoning).toBe(
      'Opened LONG AAA at 100.05 on a TEST signal (confidence 0.80): 1,000.00 (10 % of equity); stop 90.05 (10 %), target 120.06 (20 %).',
    );
  });

  it('keeps cash = initial + closed P&L − open positions and their entry fees, with fees and slippage, longs and shorts', () => {
    const rows: Ohlc[] = [FLAT, [100, 104, 97, 103], [103, 106, 96, 98], [98, 99, 90, 91], [91, 95, 89, 94], [94, 97, 92, 96], FLAT];
    const series: TestSeries[] = [
      { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', stopFraction: 0.05 }, { bar: 2, direction: 'SHORT', targetFraction: 0.05 }, { bar: 4, direction: 'LONG' }] },
      { symbol: 'BBB', rows: rows.map(([o, h, l, c]) => [o * 3, h * 3, l * 3, c * 3] as const), script: [{ bar: 1, direction: 'SHORT' }] },
    ];
    const b = book(series, testSettings({ feePct: 0.1, slippagePct: 0.05, maxPositionSizePct: 30 }));
    const r = runAll(b);
    expect(closed(r).length).toBeGreaterThanOrEqual(2);
    expect(r.state.ledger.open.length).toBeGreaterThan(0);
    // Every addition rounds to 28 significant digits: the two sides agree to the last digit or so.
    expect(new Money(r.state.ledger.cash).minus(ledgerIdentity('10000', r)).abs().lt('1e-20')).toBe(true);
  });

  it('rounds amounts to 28 significant digits, half to even', () => {
    // 1000 / 3 has no finite decimal: the quantity keeps 28 significant digits.
    const rows: Ohlc[] = [FLAT, [3, 3, 3, 3], [3, 3, 3, 3]];
    const r = runAll(book([{ symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG' }] }], testSettings()));
    expect(opened(r)[0].quantity).toBe('333.3333333333333333333333333');
    expect(opened(r)[0].quantity.replace('.', '').length).toBe(28);
    // Exactly half way at the 29th digit: to the even neighbour (down from …0|5, up from …1|5).
    // A fee whose exact value has 29 significant digits, the last a 5.
    expect(feeOf(new Money('1000.0000000000000000000000005'), new Money('0.001')).toFixed()).toBe('1');
    expect(feeOf(new Money('1000.0000000000000000000000015'), new Money('0.001')).toFixed()).toBe('1.000000000000000000000000002');
    expect(feeOf(new Money('1000.0000000000000000000000025'), new Money('0.001')).toFixed()).toBe('1.000000000000000000000000002');
    expect(new Money('2.5').toDecimalPlaces(0).toFixed()).toBe('2');
    expect(new Money('3.5').toDecimalPlaces(0).toFixed()).toBe('4');
  });

  it('uses the account default stop and target when the signal carries none; the SYSTEM book sizes 100 and uses none', () => {
    const rows: Ohlc[] = [FLAT, FLAT, FLAT];
    const series = [{ symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG' as const }] }];
    const acc = runAll(book(series, testSettings({ stopLossPct: 2, takeProfitPct: 5 })));
    expect(opened(acc)[0]).toMatchObject({ stopPrice: '98', targetPrice: '105' });
    expect(acc.decisions[0].reasoning).toContain('(account default stop target)');
    const sys = runAll(book(series, testSettings({ stopLossPct: 2, takeProfitPct: 5, autoTrading: false }), true));
    expect(opened(sys)[0]).toMatchObject({ account: 'SYSTEM', id: 'tr_SYSTEM:1h_0000000001', positionSize: '100', stopPrice: null, targetPrice: null });
  });

  it('closes on an opposite signal at the next open and reverses; a signal in the held direction is a HOLD', () => {
    const rows: Ohlc[] = [FLAT, [100, 101, 99, 100], [102, 103, 101, 102], [104, 105, 103, 104], [106, 107, 105, 106], FLAT];
    const script = [
      { bar: 0, direction: 'LONG' as const },
      { bar: 1, direction: 'LONG' as const },
      { bar: 2, direction: 'SHORT' as const },
    ];
    const r = runAll(book([{ symbol: 'AAA', rows, script }], testSettings()));
    expect(r.decisions.map((d) => d.decision)).toEqual(['BUY', 'HOLD', 'SELL', 'SELL']);
    const [t] = closed(r);
    expect(t).toMatchObject({ exitReason: 'SIGNAL', exitTime: T0 + 3 * H, exitPrice: '104' });
    expect(r.state.ledger.open[0]).toMatchObject({ direction: 'SHORT', entryTime: T0 + 3 * H, entryPrice: '104' });
  });

  it('with shorts not allowed an opposite signal still closes the long, and opens nothing', () => {
    const rows: Ohlc[] = [FLAT, FLAT, FLAT, [104, 105, 103, 104], FLAT];
    const r = runAll(book([{ symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG' }, { bar: 2, direction: 'SHORT' }] }], testSettings({ allowShort: false })));
    expect(closed(r)[0]).toMatchObject({ exitReason: 'SIGNAL', exitPrice: '104' });
    expect(r.state.ledger.open).toEqual([]);
    expect(skips(r)[0].reasoning).toBe('Skipped the SHORT signal on AAA: SHORT trades are not allowed on this account. The LONG position closes at the next open.');
  });
});

/** Three symbols signalling LONG on bar 0 with confidences 0.9, 0.8, 0.7. */
function threeSignals(over: Parameters<typeof testSettings>[0]): BotStepResult {
  const rows = flat(3);
  return runAll(
    book(
      [
        { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', confidence: 0.7 }] },
        { symbol: 'BBB', rows, script: [{ bar: 0, direction: 'LONG', confidence: 0.9 }] },
        { symbol: 'CCC', rows, script: [{ bar: 0, direction: 'LONG', confidence: 0.8 }] },
      ],
      testSettings(over),
    ),
  );
}

describe('entry rules, each at its boundary', () => {
  it('auto-trading off: every signal is skipped with that reason', () => {
    const r = threeSignals({ autoTrading: false });
    expect(opened(r)).toEqual([]);
    expect(skips(r).map((d) => d.reasoning.split(': ')[1])).toEqual(['auto-trading is off.', 'auto-trading is off.', 'auto-trading is off.']);
  });

  it('min confidence: a signal at the minimum trades, one below it is skipped', () => {
    const r = threeSignals({ minConfidence: 0.8 });
    expect(opened(r).map((t) => t.symbol)).toEqual(['BBB', 'CCC']);
    expect(skips(r).map((d) => [d.symbol, d.reasoning])).toEqual([
      ['AAA', 'Skipped the LONG signal on AAA (confidence 0.70): confidence 0.70 is below the minimum 0.80.'],
    ]);
  });

  it('max open trades: entries by descending confidence until the limit, then skipped', () => {
    expect(opened(threeSignals({ maxOpenTrades: 3 })).map((t) => t.symbol)).toEqual(['BBB', 'CCC', 'AAA']);
    const r = threeSignals({ maxOpenTrades: 2 });
    expect(opened(r).map((t) => t.symbol)).toEqual(['BBB', 'CCC']);
    expect(skips(r).map((d) => d.reasoning)).toEqual(['Skipped the LONG signal on AAA (confidence 0.70): max open trades 2 reached.']);
  });

  it('min position: a size equal to the minimum trades, one cent below is skipped', () => {
    // 0.1 % of 10,000 = 10.
    expect(opened(threeSignals({ maxPositionSizePct: 0.1, minPositionSize: '10' }))).toHaveLength(3);
    const r = threeSignals({ maxPositionSizePct: 0.1, minPositionSize: '10.01' });
    expect(opened(r)).toEqual([]);
    expect(skips(r)[0].reasoning).toBe('Skipped the LONG signal on BBB (confidence 0.90): position 10.00 (0.1 % of equity 10,000.00) is below the min position 10.01.');
  });

  it('free cash: the size is capped by cash / (1 + fee); below the min position the entry is skipped', () => {
    // 60 % of equity each: the first takes 6,000 (+6 fee), the second is capped at 3,994 / 1.001.
    const r = threeSignals({ maxPositionSizePct: 60, feePct: 0.1, minPositionSize: '10' });
    const t = opened(r);
    expect(t.map((x) => x.symbol)).toEqual(['BBB', 'CCC']);
    expect(t[1].positionSize).toBe(new Money(3994).div('1.001').toFixed());
    expect(r.state.ledger.cash).toBe('0');
    expect(skips(r)[0].reasoning).toBe('Skipped the LONG signal on AAA (confidence 0.70): free cash 0.00 allows 0.00 only, below the min position 10.00.');
  });

  it('min minutes between trades: an entry exactly that long after the last trades, one a minute short is skipped', () => {
    // Entries at 01:00 and 02:00: 60 minutes apart.
    const rows = flat(4);
    const series: TestSeries[] = [
      { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG' }] },
      { symbol: 'BBB', rows, script: [{ bar: 1, direction: 'LONG' }] },
    ];
    expect(opened(runAll(book(series, testSettings({ minMinutesBetweenTrades: 60 }))))).toHaveLength(2);
    const r = runAll(book(series, testSettings({ minMinutesBetweenTrades: 61 })));
    expect(opened(r).map((t) => t.symbol)).toEqual(['AAA']);
    expect(skips(r)[0].reasoning).toBe('Skipped the LONG signal on BBB (confidence 1.00): 60 min since the last trade, min 61 min between trades.');
  });

  it('max daily trades: the limit fills the UTC day; the first bar after midnight trades again', () => {
    // Hourly candles from 21:00: signals on bars 0, 1, 2 enter at 22:00, 23:00 and 00:00 (next day).
    const start = T0 - 3 * H;
    const rows = flat(5);
    const series: TestSeries[] = ['AAA', 'BBB', 'CCC'].map((symbol, i) => ({ symbol, rows, start, script: [{ bar: i, direction: 'LONG' as const }] }));
    const r = runAll(book(series, testSettings({ maxDailyTrades: 1 })));
    expect(opened(r).map((t) => [t.symbol, t.entryTime])).toEqual([
      ['AAA', T0 - 2 * H],
      ['CCC', T0],
    ]);
    expect(skips(r).map((d) => [d.symbol, d.time, d.reasoning.split(': ')[1]])).toEqual([['BBB', T0 - H, 'max daily trades 1 reached.']]);
    expect(opened(runAll(book(series, testSettings({ maxDailyTrades: 2 })))).map((t) => t.symbol)).toEqual(['AAA', 'BBB', 'CCC']);
  });

  it('max daily loss: a loss equal to the limit stops entries for the rest of the UTC day, one below it does not', () => {
    // From 20:00: AAA enters at 21:00 at 100 with 1,000 (qty 10) and a 50 % stop; bar 2 (22:00)
    // trades down to 40 → stop at 50: loss 500, known at 23:00. BBB signals on bar 2 and would
    // enter at 23:00; CCC signals on bar 3 and enters at 00:00, the next UTC day.
    const start = T0 - 4 * H;
    const rows: Ohlc[] = [FLAT, FLAT, [100, 100, 40, 45], FLAT, FLAT, FLAT];
    const series: TestSeries[] = [
      { symbol: 'AAA', rows, start, script: [{ bar: 0, direction: 'LONG', stopFraction: 0.5 }] },
      { symbol: 'BBB', rows: flat(6), start, script: [{ bar: 2, direction: 'LONG' }] },
      { symbol: 'CCC', rows: flat(6), start, script: [{ bar: 3, direction: 'LONG' }] },
    ];
    // 5 % of the day's starting equity 10,000 = 500 = the loss.
    const r = runAll(book(series, testSettings({ maxDailyLossPct: 5 })));
    expect(closed(r)[0]).toMatchObject({ symbol: 'AAA', exitReason: 'SL', profitLoss: '-500' });
    expect(opened(r).map((t) => [t.symbol, t.entryTime])).toEqual([
      ['AAA', T0 - 3 * H],
      ['CCC', T0],
    ]);
    expect(skips(r).map((d) => d.reasoning)).toEqual([
      'Skipped the LONG signal on BBB (confidence 1.00): max daily loss 5 % reached: lost 500.00 of the limit 500.00 today.',
    ]);
    expect(opened(runAll(book(series, testSettings({ maxDailyLossPct: 5.01 })))).map((t) => t.symbol)).toEqual(['AAA', 'BBB', 'CCC']);
  });

  it('circuit breaker: after N losses in a row entries pause for the cooldown, then resume exactly at its end', () => {
    // Two losing trades (stops) known at 02:00 and 04:00; with 2 losses in a row and a 120-minute
    // cooldown entries pause until 06:00. Signals every bar from bar 4 on (entries from 05:00).
    const lose: Ohlc[] = [[100, 100, 40, 45]];
    const rows: Ohlc[] = [FLAT, ...lose, FLAT, ...lose, FLAT, FLAT, FLAT, FLAT];
    const script = [
      { bar: 0, direction: 'LONG' as const, stopFraction: 0.5 },
      { bar: 2, direction: 'LONG' as const, stopFraction: 0.5 },
      { bar: 4, direction: 'LONG' as const },
      { bar: 5, direction: 'SHORT' as const },
    ];
    const cb = (enabled: boolean, maxConsecutiveLosses = 2) => testSettings({ circuitBreaker: { enabled, maxConsecutiveLosses, cooldownMinutes: 120 } });
    const r = runAll(book([{ symbol: 'AAA', rows, script }], cb(true)));
    expect(closed(r).map((t) => [t.exitReason, t.exitTime])).toEqual([
      ['SL', T0 + H],
      ['SL', T0 + 3 * H],
    ]);
    expect(r.decisions.find((d) => d.decision === 'STOP_LOSS' && d.time === T0 + 3 * H)?.reasoning).toContain(
      'Circuit breaker: 2 losing trades in a row, automatic trading paused until 01 Jan 2024 06:00 UTC.',
    );
    // Bar 4's signal would enter at 05:00 (paused); bar 5's enters at 06:00 = the end of the pause.
    expect(skips(r).map((d) => [d.time, d.reasoning.split(': ').slice(1).join(': ')])).toEqual([
      [T0 + 5 * H, 'circuit breaker: automatic trading paused until 01 Jan 2024 06:00 UTC.'],
    ]);
    expect(opened(r).map((t) => [t.direction, t.entryTime])).toEqual([
      ['LONG', T0 + H],
      ['LONG', T0 + 3 * H],
      ['SHORT', T0 + 6 * H],
    ]);
    expect(r.state.runtime).toMatchObject({ lossStreak: 0, pausedUntil: T0 + 6 * H });
    // One loss short of the limit: no pause; and off: no pause.
    expect(skips(runAll(book([{ symbol: 'AAA', rows, script }], cb(true, 3))))).toEqual([]);
    expect(skips(runAll(book([{ symbol: 'AAA', rows, script }], cb(false))))).toEqual([]);
  });

  it('a winning trade resets the count of losses in a row', () => {
    const lose: Ohlc = [100, 100, 40, 45];
    const win: Ohlc = [100, 200, 100, 150];
    const rows: Ohlc[] = [FLAT, lose, FLAT, win, FLAT, lose, FLAT, FLAT];
    const script = [0, 2, 4, 6].map((bar) => ({ bar, direction: 'LONG' as const, stopFraction: 0.5, targetFraction: 0.5 }));
    const r = runAll(book([{ symbol: 'AAA', rows, script }], testSettings({ circuitBreaker: { enabled: true, maxConsecutiveLosses: 2, cooldownMinutes: 600 } })));
    expect(closed(r).map((t) => t.exitReason)).toEqual(['SL', 'TP', 'SL']);
    expect(skips(r)).toEqual([]);
    expect(r.state.runtime.lossStreak).toBe(1);
  });
});

describe('positions opened by hand, the stopped bot, ticks', () => {
  it('without trading (no session) stops and targets are managed, signals ignored', () => {
    const rows: Ohlc[] = [FLAT, FLAT, [100, 100, 40, 45], FLAT];
    const b = book([{ symbol: 'AAA', rows: rows.slice(0, 2), script: [{ bar: 0, direction: 'LONG', stopFraction: 0.5 }] }], testSettings());
    const first = runAll(b);
    expect(first.state.ledger.open).toHaveLength(1);
    const later = book([{ symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', stopFraction: 0.5 }, { bar: 2, direction: 'LONG' }] }], testSettings());
    const r = catchUp(first.state, later.cfg, later.series, later.lookup, { ...CTX, trading: false });
    expect(closed(r)).toHaveLength(1);
    expect(r.decisions.map((d) => d.decision)).toEqual(['STOP_LOSS']);
    expect(r.state.ledger.open).toEqual([]);
  });

  it('an entry accepted while trading is dropped when the next open comes without trading', () => {
    const series = (n: number) => [{ symbol: 'AAA', rows: flat(n), script: [{ bar: 0, direction: 'LONG' as const }] }];
    const first = runAll(book(series(1), testSettings()));
    expect(first.state.runtime.symbols.AAA.pendingEntry).not.toBeNull();
    const later = book(series(3), testSettings());
    const r = catchUp(first.state, later.cfg, later.series, later.lookup, { ...CTX, trading: false });
    expect(r.events).toEqual([]);
    expect(r.state.runtime.symbols.AAA.pendingEntry).toBeNull();
  });

  it('a tick given twice changes nothing the second time', () => {
    const b = book([{ symbol: 'AAA', rows: flat(3), script: [{ bar: 0, direction: 'LONG' }] }], testSettings());
    const once = runAll(b);
    const again = catchUp(once.state, b.cfg, b.series, b.lookup, CTX);
    expect(again.events).toEqual([]);
    expect(again.decisions).toEqual([]);
    expect(again.state).toEqual(once.state);
  });

  it('the open of a bar given first (openBot) gives the same ledger and decisions as its closed candle alone', () => {
    const rows: Ohlc[] = [FLAT, [100, 103, 97, 102], [95, 99, 94, 96], [96, 120, 95, 118], FLAT];
    const series: TestSeries[] = [
      { symbol: 'AAA', rows, script: [{ bar: 0, direction: 'LONG', stopFraction: 0.02, targetFraction: 0.1 }, { bar: 2, direction: 'SHORT' }] },
      { symbol: 'BBB', rows, script: [{ bar: 1, direction: 'LONG', confidence: 0.5 }] },
    ];
    const b = book(series, testSettings({ feePct: 0.1, slippagePct: 0.05 }));
    const whole = runAll(b);
    let st = fresh(b);
    const events: BotStepResult['events'] = [];
    const decisions: BotDecision[] = [];
    for (let i = 0; i < rows.length; i++) {
      const time = T0 + i * H;
      const o = openBot(st, b.cfg, { time, opens: b.series.map((s) => ({ symbol: s.symbol, open: s.candles.open[i] })) }, CTX);
      const tick: BotTick = {
        time,
        bars: b.series.map((s) => ({ symbol: s.symbol, time, open: s.candles.open[i], high: s.candles.high[i], low: s.candles.low[i], close: s.candles.close[i], volume: 1 })),
        signals: b.series.flatMap((s) => b.lookup(s.symbol, i, time) ?? []),
      };
      const c = stepBot(o.state, b.cfg, tick, CTX);
      st = c.state;
      events.push(...o.events, ...c.events);
      decisions.push(...o.decisions, ...c.decisions);
    }
    expect(JSON.stringify({ events, decisions, ledger: st.ledger })).toBe(JSON.stringify({ events: whole.events, decisions: whole.decisions, ledger: whole.state.ledger }));
  });

  it('refuses a malformed tick naming the field and the value', () => {
    const b = book([{ symbol: 'AAA', rows: flat(1) }], testSettings());
    const st = fresh(b);
    const bar = { symbol: 'AAA', time: T0, open: 1, high: 1, low: 1, close: 1, volume: 1 };
    expect(() => stepBot(st, b.cfg, { time: T0, bars: [{ ...bar, high: NaN }], signals: [] }, CTX)).toThrow('tick.bars[0].high: NaN is not a finite number');
    expect(() => stepBot(st, b.cfg, { time: T0, bars: [bar, bar], signals: [] }, CTX)).toThrow('tick.bars[1].symbol: AAA appears twice in one tick');
    expect(() => stepBot(st, b.cfg, { time: T0 + MIN, bars: [bar], signals: [] }, CTX)).toThrow(`tick.bars[0].time: ${T0} differs from the tick's time ${T0 + MIN}`);
    const sig = book([{ symbol: 'AAA', rows: flat(2), script: [{ bar: 0, direction: 'LONG' }] }], testSettings()).lookup('AAA', 0, T0);
    expect(() => stepBot(st, b.cfg, { time: T0, bars: [], signals: [sig!] }, CTX)).toThrow('tick.signals[0].signal.symbol: AAA has no bar in this tick');
  });
});
