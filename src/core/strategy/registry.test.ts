import { describe, expect, it } from 'vitest';
import { emptyCandles } from '../candles/types';
import { HMA_SMA } from './hma-sma';
import { PRESETS } from './presets';
import { STRATEGIES, STRATEGY_NAMES, defaultParams, getStrategy, resolveStrategy, validateParams } from './registry';
import { SIGNAL_ENGINE } from './signal-engine';
import { loadSharedCandles } from '../../../tests/support/shared-data';

describe('registry', () => {
  it('lists the built-in strategies by id', () => {
    expect(STRATEGIES.map((s) => s.id)).toEqual(['SIGNAL_ENGINE', 'HMA_SMA', 'SCRIPTED']);
    expect(getStrategy('HMA_SMA')).toBe(HMA_SMA);
    expect(STRATEGY_NAMES).toEqual(['BALANCED', 'AGGRESSIVE', 'CONSERVATIVE', 'SCALPER', 'SWING', 'SIGNAL_ENGINE', 'HMA_SMA', 'SCRIPTED']);
  });

  it('getStrategy throws on unknown ids listing the known ones', () => {
    expect(() => getStrategy('MAGIC')).toThrow('strategy: "MAGIC" is not a strategy (known: SIGNAL_ENGINE, HMA_SMA, SCRIPTED)');
  });

  it('resolveStrategy maps preset names to the signal engine with the preset parameters', () => {
    const r = resolveStrategy('CONSERVATIVE');
    expect(r.strategy.id).toBe('SIGNAL_ENGINE');
    expect(r.preset).toBe('CONSERVATIVE');
    expect(r.params).toEqual(PRESETS.CONSERVATIVE.params);
    expect(resolveStrategy(' swing ').params).toEqual(PRESETS.SWING.params);
  });

  it('signals of a resolved preset carry the preset name', () => {
    const c = loadSharedCandles('BTCUSDT', '1h');
    const r = resolveStrategy('AGGRESSIVE');
    const p = r.strategy.prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: c }, r.params);
    let found = 0;
    for (let i = 0; i < c.time.length && found < 5; i++) {
      const s = p.signalAt(i);
      if (s) {
        found++;
        expect(s.preset).toBe('AGGRESSIVE');
        expect(s.strategy).toBe('SIGNAL_ENGINE');
      }
    }
    expect(found).toBe(5);
  });

  it('resolveStrategy maps strategy ids to their defaults and rejects unknown names', () => {
    const h = resolveStrategy('HMA_SMA');
    expect(h.strategy).toBe(HMA_SMA);
    expect(h.preset).toBeUndefined();
    expect(h.params).toEqual({ sma_period: 200, hma_period: 200, higher_tf_1: '1h', higher_tf_2: '4h', stop_pct: 2, target_pct: 5 });
    expect(resolveStrategy('scripted').strategy.id).toBe('SCRIPTED');
    expect(resolveStrategy('signal_engine').params).toEqual(defaultParams(SIGNAL_ENGINE));
    expect(() => resolveStrategy('TURBO')).toThrow(
      'strategy: "TURBO" is not a strategy or preset (known: BALANCED, AGGRESSIVE, CONSERVATIVE, SCALPER, SWING, SIGNAL_ENGINE, HMA_SMA, SCRIPTED)',
    );
  });
});

describe('validateParams', () => {
  it('fills defaults and keeps given values', () => {
    const p = validateParams(HMA_SMA, { sma_period: 50 });
    expect(p).toEqual({ ...defaultParams(HMA_SMA), sma_period: 50 });
  });

  it('throws naming the key, the value and the range', () => {
    expect(() => validateParams(SIGNAL_ENGINE, { rsi_period: 1 })).toThrow('rsi_period: 1 is out of range [2, 100]');
    expect(() => validateParams(SIGNAL_ENGINE, { min_confidence: 1.5 })).toThrow('min_confidence: 1.5 is out of range [0, 1]');
    expect(() => validateParams(SIGNAL_ENGINE, { rsi_period: 14.5 })).toThrow('rsi_period: 14.5 is not an integer');
    expect(() => validateParams(SIGNAL_ENGINE, { rsi_period: '14' })).toThrow('rsi_period: "14" is not a finite number');
    expect(() => validateParams(SIGNAL_ENGINE, { adx_threshold: NaN })).toThrow('adx_threshold: NaN is not a finite number');
    expect(() => validateParams(SIGNAL_ENGINE, { ema_trend_filter: 1 })).toThrow('ema_trend_filter: 1 is not a boolean');
    expect(() => validateParams(HMA_SMA, { higher_tf_1: '2h' })).toThrow('higher_tf_1: "2h" is not one of 1m, 5m');
    expect(() => validateParams(HMA_SMA, { higher_tf_1: '4h' })).toThrow('higher_tf_2: "4h" repeats higher_tf_1');
    expect(() => validateParams(HMA_SMA, { smaPeriod: 5 })).toThrow('smaPeriod: 5 is not a parameter of HMA_SMA (known: sma_period');
    expect(() => validateParams(SIGNAL_ENGINE, { rsi_short_min: 60, rsi_short_max: 50 })).toThrow(
      'rsi_short_min: 60 is above rsi_short_max 50',
    );
  });

  it('every strategy default set is valid and warm-up is a non-negative integer', () => {
    for (const s of STRATEGIES) {
      const d = defaultParams(s);
      expect(validateParams(s, d)).toEqual(d);
      const w = s.warmup(d);
      expect(Number.isInteger(w) && w >= 0).toBe(true);
    }
    expect(SIGNAL_ENGINE.warmup(defaultParams(SIGNAL_ENGINE))).toBe(50);
    expect(HMA_SMA.timeframes(defaultParams(HMA_SMA), '5m')).toEqual(['1h', '4h']);
  });

  it('strategies reject invalid parameters at prepare', () => {
    const input = { symbol: 'X', timeframe: '5m' as const, candles: emptyCandles(0) };
    expect(() => HMA_SMA.prepare(input, { stop_pct: -1 })).toThrow('stop_pct: -1 is out of range [0, 99]');
  });
});
