import { describe, expect, it } from 'vitest';
import { resample } from '../candles/resample';
import { sliceCandles } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { loadSharedCandles } from '../../../tests/support/shared-data';
import { HMA_SMA } from '../strategy/hma-sma';
import { PRESETS, PRESET_NAMES } from '../strategy/presets';
import { createScriptedStrategy } from '../strategy/scripted';
import { SIGNAL_ENGINE } from '../strategy/signal-engine';
import type { Signal, Strategy, StrategyInput, StrategyParams } from '../strategy/types';
import { biasCheck } from './bias-check';

const btc1h = (): StrategyInput => ({ symbol: 'BTCUSDT', timeframe: '1h', candles: loadSharedCandles('BTCUSDT', '1h') });

function signal(input: StrategyInput, i: number, long: boolean, confidence = 1): Signal {
  return {
    symbol: input.symbol,
    time: input.candles.time[i],
    barIndex: i,
    direction: long ? 'LONG' : 'SHORT',
    price: input.candles.close[i],
    confidence,
    stopFraction: 0.01,
    targetFraction: 0.02,
    reasons: [],
    strategy: 'TEST',
  };
}

function testStrategy(id: string, prepare: Strategy['prepare']): Strategy {
  return { id, name: id, description: id, params: [], warmup: () => 0, timeframes: () => [], prepare };
}

/** Cheats: goes LONG when the NEXT bar closes more than 0.3 % higher. */
const peeking = testStrategy('PEEK', (input) => {
  const c = input.candles.close;
  return { signalAt: (i) => (i + 1 < c.length && c[i + 1] > c[i] * 1.003 ? signal(input, i, true) : null) };
});

/** Cheats: a centred 21-bar average (10 bars each side, fewer at the end of the data); crossings fire. */
const centred = testStrategy('CENTRED', (input) => {
  const c = input.candles.close;
  const n = c.length;
  const ma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let k = 0;
    for (let j = Math.max(0, i - 10); j <= Math.min(n - 1, i + 10); j++, k++) s += c[j];
    ma[i] = s / k;
  }
  return {
    signalAt: (i) => {
      if (i < 1) return null;
      if (c[i - 1] <= ma[i - 1] && c[i] > ma[i]) return signal(input, i, true);
      if (c[i - 1] >= ma[i - 1] && c[i] < ma[i]) return signal(input, i, false);
      return null;
    },
  };
});

/** Repaints: marks the lowest low of the whole series loaded so far. */
const lowestEver = testStrategy('LOWEST', (input) => {
  const low = input.candles.low;
  let m = 0;
  for (let i = 1; i < low.length; i++) if (low[i] < low[m]) m = i;
  return { signalAt: (i) => (i === m ? signal(input, i, true) : null) };
});

/** Cheats on the higher timeframe: reads the 4h candle containing the bar, still forming. */
const formingHigher = testStrategy('FORMING', (input) => {
  const h = input.other!['4h']!;
  return {
    signalAt: (i) => {
      const t = input.candles.time[i];
      const j = lowerBound(h.time, t - 4 * 3_600_000 + 1);
      if (j >= h.time.length || h.time[j] > t) return null;
      return h.close[j] > h.open[j] * 1.01 ? signal(input, i, true) : null;
    },
  };
});

describe('biasCheck on built-in strategies (real candles)', () => {
  it.each(PRESET_NAMES)('%s is clean on BTCUSDT 1h', (name) => {
    const r = biasCheck(SIGNAL_ENGINE, btc1h(), PRESETS[name].params as StrategyParams, { samples: 20, seed: 7 });
    expect(r.checkedPoints).toBe(20);
    expect(r.signalsCompared).toBeGreaterThan(100);
    expect(r.differences).toEqual([]);
    expect(r.clean).toBe(true);
  });

  it('HMA_SMA is clean on BTCUSDT 5m with 1h (from 15m) and stored 4h candles', () => {
    const input: StrategyInput = {
      symbol: 'BTCUSDT',
      timeframe: '5m',
      candles: loadSharedCandles('BTCUSDT', '5m'),
      other: { '1h': resample(loadSharedCandles('BTCUSDT', '15m'), '15m', '1h'), '4h': loadSharedCandles('BTCUSDT', '4h') },
    };
    const r = biasCheck(HMA_SMA, input, {}, { samples: 20, seed: 3 });
    expect(r.signalsCompared).toBeGreaterThan(20);
    expect(r.differences).toEqual([]);
    expect(r.clean).toBe(true);
  });

  it('HMA_SMA is clean on BTCUSDT 15m with higher timeframes resampled from the base', () => {
    const input: StrategyInput = { symbol: 'BTCUSDT', timeframe: '15m', candles: loadSharedCandles('BTCUSDT', '15m') };
    const r = biasCheck(HMA_SMA, input, {}, { samples: 12, seed: 5 });
    expect(r.signalsCompared).toBeGreaterThan(20);
    expect(r.clean).toBe(true);
  });

  it('SCRIPTED is clean', () => {
    const input = btc1h();
    const t = input.candles.time;
    const rows = [];
    for (let i = 300; i < t.length; i += 97) rows.push(`${t[i]},BTCUSDT,${i % 2 ? 'LONG' : 'SHORT'},1.5,3`);
    const r = biasCheck(createScriptedStrategy(rows.join('\n')), input, {}, { samples: 20, seed: 11 });
    expect(r.signalsCompared).toBeGreaterThan(100);
    expect(r.clean).toBe(true);
  });
});

describe('biasCheck flags cheating strategies', () => {
  it('flags a strategy peeking at the next close (signals that appear once the next bar exists)', () => {
    const r = biasCheck(peeking, btc1h(), {}, { samples: 20, seed: 1 });
    expect(r.clean).toBe(false);
    expect(r.differences.length).toBeGreaterThan(0);
    for (const d of r.differences) {
      expect(d.kind).toBe('APPEARS');
      expect(d.barIndex).toBe(d.checkedAt);
      expect(d.full).toEqual({ direction: 'LONG', confidence: 1, stopFraction: 0.01, targetFraction: 0.02 });
    }
  });

  it('flags a centred moving average (signals near the end of each truncated history change)', () => {
    const r = biasCheck(centred, btc1h(), {}, { samples: 20, seed: 2 });
    expect(r.clean).toBe(false);
    const kinds = new Set(r.differences.map((d) => d.kind));
    expect(kinds.has('APPEARS') || kinds.has('DISAPPEARS') || kinds.has('CHANGES')).toBe(true);
    for (const d of r.differences) expect(d.checkedAt - d.barIndex).toBeLessThanOrEqual(10);
  });

  it('flags repainting (signals that disappear when later bars arrive)', () => {
    const r = biasCheck(lowestEver, btc1h(), {}, { samples: 20, seed: 3 });
    expect(r.clean).toBe(false);
    expect(r.differences.some((d) => d.kind === 'DISAPPEARS')).toBe(true);
  });

  it('flags reading a higher-timeframe candle before it closes', () => {
    const input: StrategyInput = { ...btc1h(), other: { '4h': loadSharedCandles('BTCUSDT', '4h') } };
    const r = biasCheck(formingHigher, input, {}, { samples: 20, seed: 4 });
    expect(r.clean).toBe(false);
  });

  it('reports changed fields', () => {
    // Confidence grows with the number of bars loaded: every signal changes.
    const drifting = testStrategy('DRIFT', (input) => {
      const n = input.candles.time.length;
      return { signalAt: (i) => (i % 50 === 0 ? signal(input, i, true, n / 1e6) : null) };
    });
    const r = biasCheck(drifting, btc1h(), {}, { samples: 5, seed: 1, maxDifferences: 3 });
    expect(r.differences).toHaveLength(3);
    expect(r.differenceCount).toBeGreaterThan(3);
    expect(r.differences[0]).toMatchObject({ kind: 'CHANGES', fields: ['confidence'] });
  });
});

describe('biasCheck sampling', () => {
  it('is deterministic for a seed, varies with it, and includes bars where the full run fired', () => {
    const input = btc1h();
    const params = PRESETS.CONSERVATIVE.params as StrategyParams;
    const a = biasCheck(SIGNAL_ENGINE, input, params, { samples: 10, seed: 42 });
    const b = biasCheck(SIGNAL_ENGINE, input, params, { samples: 10, seed: 42 });
    const c = biasCheck(SIGNAL_ENGINE, input, params, { samples: 10, seed: 43 });
    expect(a.points).toEqual(b.points);
    expect(a.points).not.toEqual(c.points);
    expect(a.points).toHaveLength(10);
    const full = SIGNAL_ENGINE.prepare(input, params);
    const onSignal = a.points.filter((k) => full.signalAt(k) !== null);
    expect(onSignal.length).toBeGreaterThanOrEqual(5);
    const warm = SIGNAL_ENGINE.warmup(params);
    for (const k of a.points) {
      expect(k).toBeGreaterThanOrEqual(warm);
      expect(k).toBeLessThanOrEqual(input.candles.time.length - 2);
    }
  });

  it('checks every candidate when there are fewer than the samples, and rejects bad options', () => {
    const input = btc1h();
    const short: StrategyInput = { ...input, candles: sliceCandles(input.candles, 0, 8) };
    expect(biasCheck(peeking, short, {}, { samples: 20 }).points).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(() => biasCheck(peeking, input, {}, { samples: 0 })).toThrow('samples: 0 is not a positive integer');
  });
});
