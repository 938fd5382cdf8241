import { describe, expect, it } from 'vitest';
import { EMA, SMA } from 'technicalindicators';
import { emptyCandles, type CandleColumns } from '../candles/types';
import { adx, atr, detectPattern, ema, rsi, volumeSma } from '../indicators';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { SIGNAL_ENGINE, bandDepth, createSignalEngine, engineConfidence } from './signal-engine';
import { BALANCED } from './presets';
import type { Signal, StrategyParams } from './types';

const HOUR = 3_600_000;

/**
 * A straight trend of marubozu bars: close = start ± i, open one unit behind, high and low at
 * the body ends. Every true range is 1 (ATR 1), one directional movement is 1 and the other
 * 0 (so the trending DI is 100, the other 0, ADX 100), RSI is 100 (up) or 0 (down), and
 * EMA(2) lags the close by exactly 0.5. Volume is 100 except `spikes`.
 */
function trend(n: number, up: boolean, spikes: Record<number, number>): CandleColumns {
  const c = emptyCandles(n);
  for (let i = 0; i < n; i++) {
    const close = up ? 100 + i : 300 - i;
    const open = up ? close - 1 : close + 1;
    c.time[i] = i * HOUR;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = Math.max(open, close);
    c.low[i] = Math.min(open, close);
    c.volume[i] = spikes[i] ?? 100;
  }
  return c;
}

const base: StrategyParams = {
  rsi_period: 14,
  rsi_long_min: 100,
  rsi_long_max: 100,
  rsi_short_min: 0,
  rsi_short_max: 0,
  adx_period: 14,
  adx_threshold: 20,
  volume_sma_period: 20,
  volume_multiplier: 1.2,
  ema_trend_filter: true,
  ema_trend_period: 2,
  atr_period: 14,
  sl_atr_multiplier: 1.5,
  tp_atr_multiplier: 3,
  min_confidence: 0.7,
  pattern_filter: 'none',
};

function signals(c: CandleColumns, params: StrategyParams): Signal[] {
  const p = SIGNAL_ENGINE.prepare({ symbol: 'TEST', timeframe: '1h', candles: c }, params);
  const out: Signal[] = [];
  for (let i = 0; i < c.time.length; i++) {
    const s = p.signalAt(i);
    if (s) out.push(s);
  }
  return out;
}

// Bar 60 with volume 150: SMA20 = (19 * 100 + 150) / 20 = 102.5, ratio = 150 / 102.5.
const ratio60 = 150 / 102.5;
// Hand-computed confidence: s_rsi = 1 (zero-width band on its value), s_adx = clamp((100-20)/20) = 1,
// s_vol = (ratio - 1.2) / 1.2, s_trend = 0.5 / ATR 1 = 0.5.
const expectedConf = 0.3 * 1 + 0.3 * 1 + 0.2 * ((ratio60 - 1.2) / 1.2) + 0.2 * 0.5;

describe('bandDepth', () => {
  it('is 1 at the centre, 0 at the edges and outside, linear between', () => {
    expect(bandDepth(55, 40, 70)).toBe(1);
    expect(bandDepth(45, 40, 70)).toBeCloseTo(1 / 3, 15);
    expect(bandDepth(65, 40, 70)).toBeCloseTo(1 / 3, 15);
    expect(bandDepth(40, 40, 70)).toBe(0);
    expect(bandDepth(80, 40, 70)).toBe(0);
    expect(bandDepth(30, 30, 30)).toBe(1);
    expect(bandDepth(31, 30, 30)).toBe(0);
  });
});

describe('engineConfidence', () => {
  const settings = {
    rsiLongMin: 40,
    rsiLongMax: 70,
    rsiShortMin: 30,
    rsiShortMax: 60,
    adxThreshold: 20,
    volumeMultiplier: 1.5,
    emaFilter: true,
  };
  const bar = { rsi: 50, adx: 30, plusDi: 30, minusDi: 10, volume: 300, volumeSma: 100, close: 105, ema: 100, atr: 10 };
  it('weights RSI depth, ADX excess, volume excess and trend distance 0.3/0.3/0.2/0.2', () => {
    // s_rsi = 1 - |50-55|/15 = 2/3; s_adx = (30-20)/20 = 0.5; s_vol = (3-1.5)/1.5 = 1 → 1; s_trend = 5/10 = 0.5
    expect(engineConfidence('LONG', bar, settings)).toBeCloseTo(0.3 * (2 / 3) + 0.3 * 0.5 + 0.2 * 1 + 0.2 * 0.5, 12);
  });
  it('drops the trend term and renormalises without the EMA filter', () => {
    expect(engineConfidence('LONG', bar, { ...settings, emaFilter: false })).toBeCloseTo(
      (0.3 * (2 / 3) + 0.3 * 0.5 + 0.2 * 1) / 0.8,
      12,
    );
  });
  it('uses the short band and the distance below the EMA for SHORT', () => {
    const b = { ...bar, rsi: 40, adx: 50, volume: 200, close: 97, ema: 100 };
    // s_rsi = 1 - |40-45|/15 = 2/3; s_adx = clamp(1.5) = 1; s_vol = (2-1.5)/1.5 = 1/3; s_trend = 3/10
    expect(engineConfidence('SHORT', b, settings)).toBeCloseTo(0.3 * (2 / 3) + 0.3 + 0.2 / 3 + 0.2 * 0.3, 12);
  });
  it('clamps each strength to [0, 1]', () => {
    const weak = { ...bar, rsi: 90, adx: 10, volume: 50, close: 90 };
    expect(engineConfidence('LONG', weak, settings)).toBe(0);
    const strong = { ...bar, rsi: 55, adx: 500, volume: 1e6, close: 1000 };
    expect(engineConfidence('LONG', strong, settings)).toBeCloseTo(1, 15);
  });
});

describe('SIGNAL_ENGINE on hand-built trends', () => {
  it('fires one LONG on the volume spike of an uptrend, with hand-computed confidence, stop and target', () => {
    const c = trend(80, true, { 60: 150 });
    const got = signals(c, base);
    expect(got.map((s) => s.barIndex)).toEqual([60]);
    const s = got[0];
    expect(s.direction).toBe('LONG');
    expect(s.price).toBe(160);
    expect(s.time).toBe(60 * HOUR);
    expect(s.confidence).toBeCloseTo(expectedConf, 12);
    expect(s.stopFraction).toBeCloseTo(1.5 / 160, 14);
    expect(s.targetFraction).toBeCloseTo(3 / 160, 14);
    expect(s.strategy).toBe('SIGNAL_ENGINE');
    expect(s.preset).toBeUndefined();
  });

  it('lists every condition with its value, threshold and pass', () => {
    const s = signals(trend(80, true, { 60: 150 }), base)[0];
    const byName = Object.fromEntries(s.reasons.map((r) => [r.condition, r]));
    expect(byName['RSI(14) in long band']).toEqual({ condition: 'RSI(14) in long band', value: 100, threshold: '100–100', pass: true });
    expect(byName['ADX(14) ≥ threshold'].value).toBeCloseTo(100, 9);
    expect(byName['ADX(14) ≥ threshold'].threshold).toBe(20);
    expect(byName['+DI − −DI > 0'].value).toBeCloseTo(100, 9);
    expect(byName['volume / SMA(20) ≥ multiplier'].value).toBeCloseTo(ratio60, 12);
    expect(byName['volume / SMA(20) ≥ multiplier'].threshold).toBe(1.2);
    expect(byName['close > EMA(2)'].value).toBe(160);
    expect(byName['close > EMA(2)'].threshold).toBeCloseTo(159.5, 9);
    expect(byName['confidence ≥ min_confidence'].value).toBeCloseTo(expectedConf, 12);
    expect(s.reasons.every((r) => r.pass)).toBe(true);
  });

  it('fires the mirror SHORT on a downtrend', () => {
    const got = signals(trend(80, false, { 60: 150 }), base);
    expect(got.map((s) => [s.barIndex, s.direction])).toEqual([[60, 'SHORT']]);
    expect(got[0].confidence).toBeCloseTo(expectedConf, 12);
    expect(got[0].stopFraction).toBeCloseTo(1.5 / 240, 14);
  });

  it('needs every condition: RSI band, volume, min confidence', () => {
    const c = trend(80, true, { 60: 150 });
    expect(signals(c, { ...base, rsi_long_min: 45, rsi_long_max: 70 })).toEqual([]);
    expect(signals(c, { ...base, volume_multiplier: 1.5 })).toEqual([]);
    expect(signals(c, { ...base, min_confidence: expectedConf + 1e-9 })).toEqual([]);
    expect(signals(c, { ...base, min_confidence: expectedConf - 1e-9 })).toHaveLength(1);
    // An uptrend never gives a SHORT, whatever its band.
    expect(signals(c, { ...base, rsi_short_min: 0, rsi_short_max: 100 }).map((s) => s.direction)).toEqual(['LONG']);
  });

  it('reports failing conditions through conditionsAt', () => {
    const c = trend(80, true, { 60: 150 });
    const p = SIGNAL_ENGINE.prepare({ symbol: 'TEST', timeframe: '1h', candles: c }, { ...base, rsi_long_max: 100, rsi_long_min: 45 });
    const at61 = p.conditionsAt!(61);
    const vol = at61.find((r) => r.condition === 'LONG: volume / SMA(20) ≥ multiplier')!;
    expect(vol.pass).toBe(false);
    expect(vol.value).toBeCloseTo(100 / 102.5, 12);
    expect(at61.find((r) => r.condition === 'SHORT: −DI − +DI > 0')!.pass).toBe(false);
    expect(at61.find((r) => r.condition === 'signal')!.pass).toBe(false);
    expect(p.conditionsAt!(5)).toEqual([{ condition: 'indicators warmed up', value: false, threshold: null, pass: false }]);
  });

  it('applies the pattern filter in the signal direction', () => {
    const c = trend(80, true, { 60: 150 });
    expect(detectPattern('bullishmarubozu', c, 60)).toBe(true);
    expect(signals(c, { ...base, pattern_filter: 'bullishmarubozu' }).map((s) => s.barIndex)).toEqual([60]);
    // A bearish pattern never confirms a LONG.
    expect(signals(c, { ...base, pattern_filter: 'bearishmarubozu' })).toEqual([]);
    // Shadows on bar 60 break the marubozu: no signal with the filter, one without.
    const shadowed = trend(80, true, { 60: 150 });
    shadowed.high[60] += 0.3;
    shadowed.low[60] -= 0.3;
    expect(detectPattern('bullishmarubozu', shadowed, 60)).toBe(false);
    expect(signals(shadowed, { ...base, pattern_filter: 'bullishmarubozu', min_confidence: 0 })).toEqual([]);
    expect(signals(shadowed, { ...base, min_confidence: 0 }).map((s) => s.barIndex)).toEqual([60]);
  });

  it('gives no signal during warm-up or where the volume average is 0', () => {
    const c = trend(80, true, { 10: 1000 });
    expect(signals(c, { ...base, min_confidence: 0 })).toEqual([]);
    const flat = trend(80, true, { 60: 150 });
    for (let i = 0; i < 80; i++) flat.volume[i] = 0;
    expect(signals(flat, { ...base, min_confidence: 0 })).toEqual([]);
  });

  it('tags signals with the preset it was created for', () => {
    const engine = createSignalEngine('BALANCED');
    const p = engine.prepare({ symbol: 'TEST', timeframe: '1h', candles: trend(80, true, { 60: 150 }) }, base);
    expect(p.signalAt(60)!.preset).toBe('BALANCED');
  });

  it('rejects invalid parameters naming the key and value', () => {
    const c = trend(30, true, {});
    const input = { symbol: 'T', timeframe: '1h' as const, candles: c };
    expect(() => SIGNAL_ENGINE.prepare(input, { rsi_period: 0 })).toThrow('rsi_period: 0 is out of range [2, 100]');
    expect(() => SIGNAL_ENGINE.prepare(input, { rsi_long_min: 80, rsi_long_max: 60 })).toThrow('rsi_long_min: 80 is above rsi_long_max 60');
    expect(() => SIGNAL_ENGINE.prepare(input, { pattern_filter: 'nope' })).toThrow('pattern_filter: "nope" is not one of');
  });
});

describe('SIGNAL_ENGINE on real candles (BTCUSDT 1h)', () => {
  const c = loadSharedCandles('BTCUSDT', '1h');
  const n = c.close.length;
  const all = (params: StrategyParams) => signals(c, params);

  it('every signal passes every listed condition and the documented direction rules', () => {
    const got = all(BALANCED.params as StrategyParams);
    expect(got.length).toBeGreaterThan(50);
    for (const s of got) {
      expect(s.reasons.every((r) => r.pass)).toBe(true);
      expect(s.confidence).toBeGreaterThanOrEqual(0.5);
      expect(s.confidence).toBeLessThanOrEqual(1);
      expect(s.price).toBe(c.close[s.barIndex]);
      expect(s.stopFraction / s.targetFraction).toBeCloseTo(1.5 / 3, 12);
    }
  });

  it('signal confidence equals engineConfidence on the bar\'s indicator values', () => {
    const bp = BALANCED.params as StrategyParams;
    const r = rsi(c.close, 14);
    const a = adx(c.high, c.low, c.close, 14);
    const vs = volumeSma(c.volume, 20);
    const e = ema(c.close, 50);
    const t = atr(c.high, c.low, c.close, 14);
    const settings = {
      rsiLongMin: bp.rsi_long_min as number,
      rsiLongMax: bp.rsi_long_max as number,
      rsiShortMin: bp.rsi_short_min as number,
      rsiShortMax: bp.rsi_short_max as number,
      adxThreshold: bp.adx_threshold as number,
      volumeMultiplier: bp.volume_multiplier as number,
      emaFilter: true,
    };
    const got = all(bp);
    for (const s of got) {
      const i = s.barIndex;
      const bar = { rsi: r[i], adx: a.adx[i], plusDi: a.plusDi[i], minusDi: a.minusDi[i], volume: c.volume[i], volumeSma: vs[i], close: c.close[i], ema: e[i], atr: t[i] };
      expect(s.confidence).toBeCloseTo(engineConfidence(s.direction, bar, settings), 12);
      expect(s.stopFraction).toBeCloseTo((1.5 * t[i]) / c.close[i], 14);
    }
  });

  it('the EMA filter keeps exactly the signals on the trend side of the EMA (EMA oracle: technicalindicators)', () => {
    const period = 50;
    const oracle = new Float64Array(n).fill(NaN);
    const e = EMA.calculate({ period, values: Array.from(c.close) });
    for (let k = 0; k < e.length; k++) oracle[period - 1 + k] = e[k];
    const p = { ...(BALANCED.params as StrategyParams), min_confidence: 0 };
    const off = all({ ...p, ema_trend_filter: false });
    const on = all({ ...p, ema_trend_filter: true });
    const expected = off
      .filter((s) => (s.direction === 'LONG' ? c.close[s.barIndex] > oracle[s.barIndex] : c.close[s.barIndex] < oracle[s.barIndex]))
      .map((s) => `${s.barIndex}${s.direction}`);
    expect(on.map((s) => `${s.barIndex}${s.direction}`)).toEqual(expected);
    expect(on.length).toBeLessThan(off.length);
  });

  it('the volume condition is volume ≥ multiplier × SMA (SMA oracle: technicalindicators)', () => {
    const period = 20;
    const smaV = new Float64Array(n).fill(NaN);
    const v = SMA.calculate({ period, values: Array.from(c.volume) });
    for (let k = 0; k < v.length; k++) smaV[period - 1 + k] = v[k];
    const p = { ...(BALANCED.params as StrategyParams), min_confidence: 0 };
    const loose = all({ ...p, volume_multiplier: 0.1 });
    const strict = all({ ...p, volume_multiplier: 1.5 });
    const expected = loose
      .filter((s) => c.volume[s.barIndex] >= 1.5 * smaV[s.barIndex] * (1 + 1e-12))
      .map((s) => s.barIndex);
    const got = strict.map((s) => s.barIndex);
    // Identical except, at most, bars within floating-point rounding of the boundary.
    const gotSet = new Set(got);
    for (const i of expected) expect(gotSet.has(i)).toBe(true);
    for (const i of got) expect(c.volume[i]).toBeGreaterThanOrEqual(1.5 * smaV[i] * (1 - 1e-12));
  });

  it('is deterministic and signalAt is random-access (same result in any order)', () => {
    const p = SIGNAL_ENGINE.prepare({ symbol: 'BTCUSDT', timeframe: '1h', candles: c }, BALANCED.params as StrategyParams);
    const forward: (string | null)[] = [];
    for (let i = 0; i < n; i++) forward.push(JSON.stringify(p.signalAt(i)));
    for (let i = n - 1; i >= 0; i -= 7) expect(JSON.stringify(p.signalAt(i))).toBe(forward[i]);
    expect(p.signalAt(-1)).toBeNull();
    expect(p.signalAt(n)).toBeNull();
  });
});
