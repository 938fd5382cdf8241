import { describe, expect, it } from 'vitest';
import { PRESETS } from '../strategy/presets';
import { HMA_SMA } from '../strategy/hma-sma';
import { cancelledBy, expiredAt, signalExpiresAt, SIGNAL_EXPIRY_BARS, type OpenSignal } from './lifecycle';
import { PRESET_STRATEGIES, resolvePreset, STARTER_PRESETS } from './presets';
import { planSteps, seriesId, type PendingBar } from './steps';

const H = 3_600_000;
const T = Date.UTC(2025, 0, 1);

function bar(exchange: string, symbol: string, timeframe: '5m' | '1h' | '4h', time: number): PendingBar<string> {
  return { exchange, symbol, timeframe, time, item: `${symbol} ${timeframe} ${time}` };
}

describe('live steps', () => {
  it('groups candles by close time and orders each step by timeframe, exchange and symbol, whatever the input order', () => {
    const bars = [
      bar('demo', 'WILD/USDT', '1h', T + 3 * H),
      bar('demo', 'CALM/USDT', '4h', T),
      bar('binance', 'BTC/USDT', '1h', T + 3 * H),
      bar('demo', 'CALM/USDT', '1h', T + 3 * H),
      bar('demo', 'CALM/USDT', '1h', T + 2 * H),
      bar('demo', 'CALM/USDT', '5m', T + 4 * H - 5 * 60_000),
    ];
    const steps = planSteps(bars);
    expect(steps.map((s) => [s.closeTime, s.bars.map((b) => b.item)])).toEqual([
      [T + 3 * H, [`CALM/USDT 1h ${T + 2 * H}`]],
      [
        T + 4 * H,
        [`CALM/USDT 5m ${T + 4 * H - 5 * 60_000}`, `BTC/USDT 1h ${T + 3 * H}`, `CALM/USDT 1h ${T + 3 * H}`, `WILD/USDT 1h ${T + 3 * H}`, `CALM/USDT 4h ${T}`],
      ],
    ]);
    expect(planSteps([...bars].reverse())).toEqual(steps);
    expect(planSteps([])).toEqual([]);
    expect(seriesId(bars[0])).toBe('demo:WILD/USDT:1h');
  });
});

describe('signal lifecycle', () => {
  const sig = (id: string, timeframe: '1h' | '4h', time: number, direction: 'LONG' | 'SHORT', symbol = 'BTC/USDT'): OpenSignal => ({
    id,
    exchange: 'binance',
    symbol,
    timeframe,
    time,
    direction,
  });

  it('expires a signal when the next candle of its timeframe closes', () => {
    expect(SIGNAL_EXPIRY_BARS).toBe(1);
    const a = sig('a', '1h', T, 'LONG');
    const b = sig('b', '4h', T, 'SHORT');
    expect(signalExpiresAt(a)).toBe(T + 2 * H);
    expect(signalExpiresAt(b)).toBe(T + 8 * H);
    expect(signalExpiresAt(a, 3)).toBe(T + 4 * H);
    expect(expiredAt([a, b], T + H)).toEqual([]);
    expect(expiredAt([a, b], T + 2 * H)).toEqual(['a']);
    expect(expiredAt([a, b], T + 8 * H)).toEqual(['a', 'b']);
  });

  it('cancels ACTIVE signals of the same exchange and symbol in the other direction only', () => {
    const active = [
      sig('long-1h', '1h', T, 'LONG'),
      sig('long-4h', '4h', T, 'LONG'),
      sig('short-4h', '4h', T, 'SHORT'),
      sig('eth', '1h', T, 'LONG', 'ETH/USDT'),
      { ...sig('other-exchange', '1h', T, 'LONG'), exchange: 'bybit' },
    ];
    expect(cancelledBy(active, { id: 'new', exchange: 'binance', symbol: 'BTC/USDT', direction: 'SHORT' })).toEqual(['long-1h', 'long-4h']);
    expect(cancelledBy(active, { id: 'new', exchange: 'binance', symbol: 'BTC/USDT', direction: 'LONG' })).toEqual(['short-4h']);
  });
});

describe('starter presets', () => {
  it('are the five trading modes with their parameters, then HMA_SMA reading 4h and 1d', () => {
    expect(STARTER_PRESETS.map((p) => [p.name, p.strategy, p.mode])).toEqual([
      ['BALANCED', 'SIGNAL_ENGINE', 'BALANCED'],
      ['AGGRESSIVE', 'SIGNAL_ENGINE', 'AGGRESSIVE'],
      ['CONSERVATIVE', 'SIGNAL_ENGINE', 'CONSERVATIVE'],
      ['SCALPER', 'SIGNAL_ENGINE', 'SCALPER'],
      ['SWING', 'SIGNAL_ENGINE', 'SWING'],
      ['HMA_SMA', 'HMA_SMA', 'BALANCED'],
    ]);
    expect(STARTER_PRESETS[2].params).toEqual(PRESETS.CONSERVATIVE.params);
    expect(STARTER_PRESETS[5].params).toMatchObject({ sma_period: 200, hma_period: 200, higher_tf_1: '4h', higher_tf_2: '1d' });
    expect(HMA_SMA.timeframes(STARTER_PRESETS[5].params, '1h')).toEqual(['4h', '1d']);
  });

  it('resolve to a strategy with complete, checked parameters, or an error naming the field', () => {
    const r = resolvePreset({ name: 'Mine', strategy: 'SIGNAL_ENGINE', params: { sl_atr_multiplier: 2 } });
    expect(r.params).toEqual({ ...PRESETS.BALANCED.params, sl_atr_multiplier: 2 });
    expect(r.strategy.name).toBe('Signal engine (Mine)');
    expect(() => resolvePreset({ name: 'x', strategy: 'SIGNAL_ENGINE', params: { sl_atr_multiplier: 0 } })).toThrow('sl_atr_multiplier: 0 is out of range [0.1, 20]');
    expect(() => resolvePreset({ name: 'x', strategy: 'SCRIPTED', params: {} })).toThrow('strategy: "SCRIPTED" cannot be run from a preset');
    expect(PRESET_STRATEGIES).toEqual(['SIGNAL_ENGINE', 'HMA_SMA']);
  });
});
