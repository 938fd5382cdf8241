import { describe, expect, it } from 'vitest';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { PRESETS, PRESET_NAMES, getPreset } from './presets';
import { SIGNAL_ENGINE, SIGNAL_ENGINE_PARAMS } from './signal-engine';
import { defaultParams, validateParams } from './params';
import type { StrategyParams } from './types';

describe('presets', () => {
  it('exist for the five trading modes', () => {
    expect(Object.keys(PRESETS).sort()).toEqual(['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE', 'SCALPER', 'SWING']);
    expect([...PRESET_NAMES].sort()).toEqual(Object.keys(PRESETS).sort());
  });

  it.each(PRESET_NAMES)('%s sets every signal-engine parameter to a value valid under the schema', (name) => {
    const p = PRESETS[name];
    expect(p.name).toBe(name);
    expect(p.strategy).toBe('SIGNAL_ENGINE');
    expect(Object.keys(p.params).sort()).toEqual(SIGNAL_ENGINE_PARAMS.map((s) => s.key).sort());
    expect(validateParams(SIGNAL_ENGINE, p.params as StrategyParams)).toEqual(p.params);
    expect(p.description.length).toBeGreaterThan(10);
    expect(p.timeframes.length).toBeGreaterThan(0);
  });

  it('differ from each other and the schema defaults are BALANCED', () => {
    const keys = PRESET_NAMES.map((n) => JSON.stringify(PRESETS[n].params));
    expect(new Set(keys).size).toBe(5);
    expect(defaultParams(SIGNAL_ENGINE)).toEqual(PRESETS.BALANCED.params);
  });

  it('orders selectivity: CONSERVATIVE asks more than BALANCED, which asks more than AGGRESSIVE', () => {
    const num = (n: 'AGGRESSIVE' | 'BALANCED' | 'CONSERVATIVE', k: string) => PRESETS[n].params[k] as number;
    for (const k of ['adx_threshold', 'volume_multiplier', 'min_confidence']) {
      expect(num('CONSERVATIVE', k)).toBeGreaterThan(num('BALANCED', k));
      expect(num('BALANCED', k)).toBeGreaterThanOrEqual(num('AGGRESSIVE', k));
    }
  });

  it('are frozen', () => {
    expect(Object.isFrozen(PRESETS.BALANCED)).toBe(true);
    expect(Object.isFrozen(PRESETS.BALANCED.params)).toBe(true);
  });

  it('getPreset returns the preset and throws on unknown names listing the known ones', () => {
    expect(getPreset('SWING')).toBe(PRESETS.SWING);
    expect(() => getPreset('YOLO')).toThrow('preset: "YOLO" is not a preset (known: BALANCED, AGGRESSIVE, CONSERVATIVE, SCALPER, SWING)');
    expect(() => getPreset('balanced')).toThrow('preset: "balanced" is not a preset');
  });

  it.each(PRESET_NAMES)('%s produces signals in both directions on BTCUSDT 1h', (name) => {
    const c = loadSharedCandles('BTCUSDT', '1h');
    const p = SIGNAL_ENGINE.prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: c }, PRESETS[name].params as StrategyParams);
    let long = 0;
    let short = 0;
    for (let i = 0; i < c.time.length; i++) {
      const s = p.signalAt(i);
      if (s?.direction === 'LONG') long++;
      else if (s?.direction === 'SHORT') short++;
    }
    expect(long).toBeGreaterThan(0);
    expect(short).toBeGreaterThan(0);
  });
});
