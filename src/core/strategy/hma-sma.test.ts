import { describe, expect, it } from 'vitest';
import { resample } from '../candles/resample';
import { emptyCandles, type CandleColumns } from '../candles/types';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { HMA_SMA, lastClosedIndex, type PreparedHmaSma } from './hma-sma';
import type { Signal, StrategyInput, StrategyParams } from './types';

const T0 = Date.UTC(2024, 0, 1);
const M5 = 300_000;
const H = 3_600_000;

/**
 * 24 hours of 5m bars rising 0.1 per bar (+0.05 on every bar but the last of each hour, so
 * hourly closes are exactly 100 + 0.1 i), except a crash to 50 on bar 227, the last 5m bar
 * of hour 18. With HMA(2) = (4 x_j − x_{j−1}) / 3 of the HTF closes:
 * - 1h: closed hour 17 closes at bar 215 (121.5), hour 16 at bar 203 (120.3), hour 15 at 191
 *   (119.1) → HMA_17 = 121.9, HMA_16 = 120.7: rising;
 * - 4h: candle 12–16 closes at bar 191 (119.1), 8–12 at 143 (114.3), 4–8 at 95 (109.5)
 *   → HMA = 120.7, previous 115.9: rising.
 * Bars 216–218 close at 121.65–121.85 (below HMA_17 = 121.9), bar 219 at 121.95 (above):
 * the long alignment starts on bar 219. Had the forming hour-18 candle (close 50) been
 * read, HMA_1h would be (200 − 121.5) / 3 ≈ 26.2 and falling: no LONG in hour 18.
 */
function crashCase(): CandleColumns {
  const n = 288;
  const c = emptyCandles(n);
  for (let i = 0; i < n; i++) {
    const x = i === 227 ? 50 : 100 + 0.1 * i + (i % 12 === 11 ? 0 : 0.05);
    c.time[i] = T0 + i * M5;
    c.open[i] = x;
    c.high[i] = x;
    c.low[i] = x;
    c.close[i] = x;
    c.volume[i] = 1;
  }
  return c;
}

const small: StrategyParams = { sma_period: 3, hma_period: 2, higher_tf_1: '1h', higher_tf_2: '4h', stop_pct: 2, target_pct: 5 };

function allSignals(input: StrategyInput, params: StrategyParams): Signal[] {
  const p = HMA_SMA.prepare(input, params);
  const out: Signal[] = [];
  for (let i = 0; i < input.candles.time.length; i++) {
    const s = p.signalAt(i);
    if (s) out.push(s);
  }
  return out;
}

describe('lastClosedIndex', () => {
  const base = new Float64Array(24).map((_, k) => T0 + k * M5);
  it('maps each base bar to the last higher candle closed by the base bar close', () => {
    const idx = lastClosedIndex(base, '5m', new Float64Array([T0, T0 + H]), '1h');
    expect(Array.from(idx.slice(0, 11))).toEqual(new Array(11).fill(-1));
    expect(Array.from(idx.slice(11, 23))).toEqual(new Array(12).fill(0));
    expect(idx[23]).toBe(1);
  });
  it('marks a value stale when the next higher candle should have closed but is missing', () => {
    const idx = lastClosedIndex(base, '5m', new Float64Array([T0]), '1h');
    expect(idx[22]).toBe(0);
    expect(idx[23]).toBe(-1);
  });
});

describe('HMA_SMA reads only closed higher-timeframe candles', () => {
  const c = crashCase();
  const resampled: StrategyInput = { symbol: 'X', timeframe: '5m', candles: c };
  const stored: StrategyInput = {
    symbol: 'X',
    timeframe: '5m',
    candles: c,
    other: { '1h': resample(c, '5m', '1h'), '4h': resample(c, '5m', '4h') },
  };

  it.each([
    ['resampled', resampled],
    ['stored (the forming candle is in the data)', stored],
  ])('%s: goes LONG on bar 219 although the hour still forming ends in a crash', (_, input) => {
    // The stored input really holds the hour-18 candle with its crash close.
    if (input.other) expect(input.other['1h']!.close[18]).toBe(50);
    const got = allSignals(input, small);
    const first = got.find((s) => s.barIndex >= 216 && s.barIndex <= 227);
    expect(first).toBeDefined();
    expect(first!.barIndex).toBe(219);
    expect(first!.direction).toBe('LONG');
    expect(first!.stopFraction).toBe(0.02);
    expect(first!.targetFraction).toBe(0.05);
    expect(first!.confidence).toBe(1);
    const p = HMA_SMA.prepare(input, small);
    for (let i = 219; i <= 226; i++) {
      const r = p.conditionsAt!(i);
      const get = (name: string) => r.find((x) => x.condition === name)!;
      expect(get('shouldEnterLong').pass).toBe(true);
      expect(get('shouldEnterShort').pass).toBe(false);
      expect(get('HMA(2) 1h rising').value).toBeCloseTo(121.9, 9);
      expect(get('HMA(2) 1h rising').threshold).toBeCloseTo(120.7, 9);
      expect(get('HMA(2) 4h rising').value).toBeCloseTo(120.7, 9);
      expect(get('HMA(2) 4h rising').threshold).toBeCloseTo(115.9, 9);
      expect(get('close > SMA(3)').pass).toBe(true);
    }
    for (let i = 216; i <= 218; i++) {
      const r = p.conditionsAt!(i);
      expect(r.find((x) => x.condition === 'close > HMA(2) 1h')!.pass).toBe(false);
      expect(r.find((x) => x.condition === 'shouldEnterLong')!.pass).toBe(false);
    }
    // Once hour 18 has closed (bar 227 closes at 19:00) its crash is visible: HMA 1h falls.
    const after = p.conditionsAt!(227).find((x) => x.condition === 'HMA(2) 1h falling')!;
    expect(after.value).toBeCloseTo((4 * 50 - 121.5) / 3, 9);
    expect(after.pass).toBe(true);
  });

  it('resampled and stored higher timeframes give the same signals', () => {
    const a = allSignals(resampled, small).map((s) => `${s.barIndex}${s.direction}`);
    const b = allSignals(stored, small).map((s) => `${s.barIndex}${s.direction}`);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('fires on transitions only: each signal starts an alignment that the previous evaluable bar lacked', () => {
    const p = HMA_SMA.prepare(resampled, small) as PreparedHmaSma;
    for (let i = 1; i < c.time.length; i++) {
      const s = p.signalAt(i);
      const st = p.states[i];
      const prev = p.states[i - 1];
      const expected = (st === 1 || st === 2) && prev !== -1 && prev !== st;
      expect(s !== null, `bar ${i}`).toBe(expected);
      if (s) expect(s.direction).toBe(st === 1 ? 'LONG' : 'SHORT');
    }
  });

  it('rejects higher timeframes that are not longer than the base', () => {
    expect(() => HMA_SMA.prepare({ ...resampled, timeframe: '5m' }, { ...small, higher_tf_1: '5m' })).toThrow(
      'higher_tf_1: "5m" is not longer than the base timeframe 5m',
    );
  });
});

describe('HMA_SMA on real candles', () => {
  it('BTCUSDT 15m: stored 4h candles and 4h resampled from 15m give the same signals after warm-up', () => {
    const c15 = loadSharedCandles('BTCUSDT', '15m');
    const c4h = loadSharedCandles('BTCUSDT', '4h');
    const fromBase = HMA_SMA.prepare({ symbol: 'BTCUSDT', timeframe: '15m', candles: c15 }, {}) as PreparedHmaSma;
    const fromStored = HMA_SMA.prepare(
      { symbol: 'BTCUSDT', timeframe: '15m', candles: c15, other: { '4h': c4h } },
      {},
    ) as PreparedHmaSma;
    const start = fromBase.states.findIndex((s) => s !== -1);
    expect(start).toBeGreaterThan(0);
    let count = 0;
    const mismatches: number[] = [];
    for (let i = start + 1; i < c15.time.length; i++) {
      const a = fromBase.signalAt(i);
      const b = fromStored.signalAt(i);
      if ((a?.direction ?? null) !== (b?.direction ?? null)) mismatches.push(i);
      if (a) count++;
    }
    expect(mismatches).toEqual([]);
    expect(count).toBeGreaterThan(10);
  });

  it('BTCUSDT 5m with 1h (from 15m) and stored 4h candles gives LONG and SHORT signals', () => {
    const c5 = loadSharedCandles('BTCUSDT', '5m');
    const other = { '1h': resample(loadSharedCandles('BTCUSDT', '15m'), '15m', '1h'), '4h': loadSharedCandles('BTCUSDT', '4h') };
    const got = allSignals({ symbol: 'BTCUSDT', timeframe: '5m', candles: c5, other }, {});
    expect(got.some((s) => s.direction === 'LONG')).toBe(true);
    expect(got.some((s) => s.direction === 'SHORT')).toBe(true);
    for (const s of got) {
      expect(s.reasons.every((r) => r.pass)).toBe(true);
      expect(s.stopFraction).toBe(0.02);
      expect(s.targetFraction).toBe(0.05);
    }
  });
});
