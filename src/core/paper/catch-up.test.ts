/**
 * Catch-up: a run interrupted after any bar — its state written out as JSON and read back, as
 * storage does — and resumed on the same candles ends byte for byte where the uninterrupted run
 * ends: the same ledger events, decisions and state.
 */
import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { canonicalJson } from '../backtest/request';
import type { Ohlc } from '../backtest/test-support';
import { sliceCandles, type CandleColumns } from '../candles/types';
import { resolveStrategy } from '../strategy/registry';
import { createRng } from '../util/rng';
import { accountSettings } from './account';
import type { BotStepResult } from './bot';
import { catchUp, catchUpTicks, type CatchUpSeries, type SignalLookup } from './catch-up';
import { SignalFeed } from './signal-feed';
import { bookKey, newBotState, type BotConfig, type BotState } from './state';
import { book, CTX, fresh, H, T0, testSettings } from './test-support';

/** The bytes a run is compared by. */
function bytes(events: BotStepResult['events'], decisions: BotStepResult['decisions'], state: BotState): string {
  return canonicalJson({ events, decisions, state });
}

/** Runs to `until`, stores and reloads the state as JSON, resumes to the end; returns the bytes. */
function interrupted(start: BotState, cfg: BotConfig, series: CatchUpSeries[], lookup: SignalLookup, until: number): string {
  const first = catchUp(start, cfg, series, lookup, CTX, { until, closeAtEnd: true });
  const reloaded = JSON.parse(JSON.stringify(first.state)) as BotState;
  const rest = catchUp(reloaded, cfg, series, lookup, CTX, { closeAtEnd: true });
  return bytes([...first.events, ...rest.events], [...first.decisions, ...rest.decisions], rest.state);
}

describe('catch-up equals an always-open run', () => {
  it('interrupted after every single bar of a two-symbol run with every rule in play', () => {
    const rng = createRng(7);
    let p = 100;
    const rows: Ohlc[] = [];
    for (let i = 0; i < 80; i++) {
      const o = p;
      const c = o * (1 + (rng.next() - 0.5) * 0.08);
      rows.push([o, Math.max(o, c) * (1 + rng.next() * 0.03), Math.min(o, c) * (1 - rng.next() * 0.03), c]);
      p = c;
    }
    const script = (offset: number) =>
      Array.from({ length: 40 }, (_, k) => ({
        bar: 2 * k + offset,
        direction: (k + offset) % 3 === 0 ? ('SHORT' as const) : ('LONG' as const),
        stopFraction: 0.02 + 0.01 * (k % 3),
        targetFraction: k % 4 === 0 ? 0 : 0.04,
        confidence: 0.5 + 0.05 * (k % 10),
      })).filter((s) => s.bar < 80);
    const settings = testSettings({
      feePct: 0.1,
      slippagePct: 0.05,
      minConfidence: 0.6,
      maxOpenTrades: 2,
      maxDailyTrades: 8,
      maxDailyLossPct: 3,
      minMinutesBetweenTrades: 90,
      stopLossPct: 2,
      takeProfitPct: 5,
      circuitBreaker: { enabled: true, maxConsecutiveLosses: 2, cooldownMinutes: 180 },
      maxPositionSizePct: 40,
    });
    const b = book(
      [
        { symbol: 'AAA', rows, script: script(0), start: T0 - 10 * H },
        { symbol: 'BBB', rows: rows.map(([o, h, l, c]) => [o * 2, h * 2, l * 2, c * 2] as const).slice(5), script: script(1), start: T0 - 5 * H },
      ],
      settings,
    );
    const whole = catchUp(fresh(b), b.cfg, b.series, b.lookup, CTX, { closeAtEnd: true });
    const expected = bytes(whole.events, whole.decisions, whole.state);
    // The run exercises the rules it is meant to.
    const reasons = whole.decisions.filter((d) => d.decision === 'SKIP').map((d) => d.reasoning);
    for (const rule of ['below the minimum', 'min 90 min between trades', 'max daily trades 8 reached', 'max daily loss 3 %', 'circuit breaker']) {
      expect(reasons.some((r) => r.includes(rule)), rule).toBe(true);
    }
    expect(whole.events.filter((e) => e.type === 'CLOSE').length).toBeGreaterThan(5);
    const times = [...new Set([...b.series.flatMap((s) => Array.from(s.candles.time))])].sort((x, y) => x - y);
    for (const t of times) expect(interrupted(fresh(b), b.cfg, b.series, b.lookup, t), `interrupted after ${new Date(t).toISOString()}`).toBe(expected);
  });

  it('on real candles (BTC and ETH 1h, AGGRESSIVE, default rules): every step resumes from stored state, and sampled interruptions match the whole run', () => {
    const series: CatchUpSeries[] = ['BTCUSDT', 'ETHUSDT'].map((symbol) => ({ symbol, candles: sliceCandles(loadSharedCandles(symbol, '1h'), 0, 1500) }));
    const { strategy, params } = resolveStrategy('AGGRESSIVE');
    const feed = new SignalFeed(strategy, params, '1h');
    const bySymbol = new Map(series.map((s) => [s.symbol, s.candles]));
    const lookup: SignalLookup = (symbol, i) => {
      const signal = feed.signalAt(symbol, bySymbol.get(symbol) as CandleColumns, i);
      return signal === null ? null : { signal, id: `sig_${symbol}_${i}` };
    };
    const cfg: BotConfig = {
      book: 'acc_real',
      timeframe: '1h',
      settings: accountSettings({ name: 'Real', autoTrading: true, minConfidence: 0.5, circuitBreaker: { enabled: true, maxConsecutiveLosses: 3, cooldownMinutes: 120 } }),
      system: false,
    };
    const start = newBotState(bookKey(cfg), '10000');
    const whole = catchUp(start, cfg, series, lookup, CTX, { closeAtEnd: true });
    expect(whole.events.filter((e) => e.type === 'CLOSE').length).toBeGreaterThan(20);
    expect(whole.decisions.some((d) => d.reasoning.includes('circuit breaker'))).toBe(true);
    const expected = bytes(whole.events, whole.decisions, whole.state);

    // Every tick, stepped from the state reloaded from JSON, gives what the live state gives.
    let live = start;
    const events: BotStepResult['events'] = [];
    const decisions: BotStepResult['decisions'] = [];
    for (const tick of catchUpTicks(start, series, lookup, { closeAtEnd: true })) {
      const reloaded = JSON.parse(JSON.stringify(live)) as BotState;
      const a = catchUp(live, cfg, [], lookup, CTX);
      expect(a.events).toEqual([]);
      const r1 = catchUp(live, cfg, series, lookup, CTX, { until: tick.time, closeAtEnd: true });
      const r2 = catchUp(reloaded, cfg, series, lookup, CTX, { until: tick.time, closeAtEnd: true });
      expect(JSON.stringify(r2)).toBe(JSON.stringify(r1));
      live = r1.state;
      events.push(...r1.events);
      decisions.push(...r1.decisions);
    }
    expect(bytes(events, decisions, live)).toBe(expected);

    const rng = createRng(11);
    const times = Array.from(series[0].candles.time);
    for (let k = 0; k < 8; k++) {
      const t = times[Math.floor(rng.next() * times.length)];
      expect(interrupted(start, cfg, series, lookup, t), `interrupted after ${new Date(t).toISOString()}`).toBe(expected);
    }
  });
});
