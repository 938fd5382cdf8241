import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resample } from '../candles/resample';
import { nextOpenTime } from '../candles/timeframe';
import { CANDLE_FIELDS, concatCandles, emptyCandles, sliceCandles, type CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { createRng } from '../util/rng';
import { closedBefore, createDemoClock, demoMarketTime, setDemoSpeed, startDemoClock, type DemoSpeed } from './demo-clock';
import { DemoFeed } from './demo-live';
import { DEMO_SYMBOLS, DEMO_TIMEFRAMES, createDemoGenerator, generateDemoSeries, type DemoTimeframe } from './demo-market';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const SEED = 20240101;
/** A short market: 20 days stored, then live. */
const START = Date.UTC(2024, 11, 12);
const STORED_END = START + 20 * DAY;
const LIVE_END = STORED_END + 6 * DAY + 7 * H + 35 * MIN;

function bytes(c: CandleColumns): string {
  const h = createHash('sha256');
  for (const f of CANDLE_FIELDS) h.update(new Uint8Array(c[f].buffer, c[f].byteOffset, c[f].byteLength));
  return `${c.time.length}:${h.digest('hex')}`;
}

/** The oracle: the whole market generated at once up to `end`, 1h and 4h resampled, cut to open times ≥ STORED_END. */
function generatedAtOnce(symbol: string, end: number): Record<DemoTimeframe, CandleColumns> {
  const m5 = generateDemoSeries(symbol, { seed: SEED, start: START, end: closedBefore(end, '5m') });
  const out = {} as Record<DemoTimeframe, CandleColumns>;
  for (const tf of DEMO_TIMEFRAMES) {
    const c = tf === '5m' ? m5 : resample(m5, '5m', tf);
    out[tf] = sliceCandles(c, lowerBound(c.time, STORED_END), lowerBound(c.time, closedBefore(end, tf)));
  }
  return out;
}

/**
 * Drives a feed the way the live pipeline does: at each market time of `times`, asks for every
 * timeframe's candles after the last one "stored", appends them. `restartAt` replaces the feed by a
 * fresh one (a new worker, a reopened app) before those calls.
 */
function follow(symbol: string, times: number[], restartAt: ReadonlySet<number> = new Set()): Record<DemoTimeframe, CandleColumns> {
  let feed = new DemoFeed(symbol, { seed: SEED, start: START });
  const got = Object.fromEntries(DEMO_TIMEFRAMES.map((tf) => [tf, emptyCandles(0)])) as Record<DemoTimeframe, CandleColumns>;
  const next = Object.fromEntries(DEMO_TIMEFRAMES.map((tf) => [tf, STORED_END])) as Record<DemoTimeframe, number>;
  times.forEach((t, k) => {
    if (restartAt.has(k)) feed = new DemoFeed(symbol, { seed: SEED, start: START });
    const ext = feed.extend({ next, until: t });
    for (const tf of DEMO_TIMEFRAMES) {
      const c = ext[tf]!;
      got[tf] = concatCandles(got[tf], c);
      if (c.time.length > 0) next[tf] = nextOpenTime(c.time[c.time.length - 1], tf);
    }
  });
  return got;
}

/** Market times at which a clock at `speed`, polled every `pollMs` of real time, would be read. */
function clockTimes(speed: DemoSpeed, pollMs: number, end: number): number[] {
  const r0 = Date.UTC(2031, 0, 1);
  const clock = startDemoClock(createDemoClock(STORED_END, r0, speed), r0);
  const out: number[] = [];
  for (let r = r0; ; r += pollMs) {
    const t = Math.min(demoMarketTime(clock, r), end);
    out.push(t);
    if (t >= end) return out;
  }
}

describe('the demo market continued live', () => {
  const symbol = DEMO_SYMBOLS[4].symbol;
  const oracle = generatedAtOnce(symbol, LIVE_END);

  it('gives every timeframe the same bytes as generating the longer market at once, at any speed', () => {
    expect(oracle['5m'].time.length).toBe((closedBefore(LIVE_END, '5m') - STORED_END) / (5 * MIN));
    expect(oracle['1h'].time.length).toBe(6 * 24 + 7);
    expect(oracle['4h'].time.length).toBe(6 * 6 + 1);
    const runs: Array<[string, number[]]> = [
      ['one call', [LIVE_END]],
      ['real time, polled every 5 minutes', clockTimes(1, 5 * MIN, LIVE_END)],
      ['×60, polled every 7 s', clockTimes(60, 7_000, LIVE_END)],
      ['×600, polled every 0.5 s', clockTimes(600, 500, LIVE_END)],
      ['×600, polled every 13 s', clockTimes(600, 13_000, LIVE_END)],
    ];
    for (const [name, times] of runs) {
      const got = follow(symbol, times);
      for (const tf of DEMO_TIMEFRAMES) expect(bytes(got[tf]), `${name} ${tf}`).toBe(bytes(oracle[tf]));
    }
  });

  it('gives the same bytes whatever the clock did: speed changes, pauses, restarts from nothing', () => {
    const rng = createRng(99);
    const r0 = Date.UTC(2031, 0, 1);
    let clock = startDemoClock(createDemoClock(STORED_END, r0, 60), r0);
    const times: number[] = [];
    let r = r0;
    while (times.length === 0 || times[times.length - 1] < LIVE_END) {
      r += 1 + rng.int(40_000);
      if (rng.next() < 0.05) clock = setDemoSpeed(clock, ([1, 60, 600] as const)[rng.int(3)], r);
      times.push(Math.min(demoMarketTime(clock, r), LIVE_END));
    }
    const restarts = new Set([3, Math.floor(times.length / 2), times.length - 2]);
    const got = follow(symbol, times, restarts);
    for (const tf of DEMO_TIMEFRAMES) expect(bytes(got[tf]), tf).toBe(bytes(oracle[tf]));
  });

  it('keeps the invariant of the loaded market: a 1h candle is the resample of its twelve 5m candles', () => {
    const got = follow(symbol, clockTimes(600, 500, LIVE_END));
    const again = resample(got['5m'], '5m', '1h');
    expect(bytes(again)).toBe(bytes(got['1h']));
    for (let k = 0; k < got['1h'].time.length; k++) {
      const i = 12 * k;
      expect(got['1h'].open[k]).toBe(got['5m'].open[i]);
      expect(got['1h'].close[k]).toBe(got['5m'].close[i + 11]);
      expect(got['1h'].high[k]).toBe(Math.max(...got['5m'].high.subarray(i, i + 12)));
    }
  });

  it('produces only closed candles and nothing for a timeframe whose next candle has not closed', () => {
    const feed = new DemoFeed(symbol, { seed: SEED, start: START });
    const next = { '5m': STORED_END, '1h': STORED_END, '4h': STORED_END };
    const ext = feed.extend({ next, until: STORED_END + 59 * MIN });
    expect(ext['5m']!.time.length).toBe(11);
    expect(ext['1h']!.time.length).toBe(0);
    expect(ext['4h']!.time.length).toBe(0);
    const later = feed.extend({ next: { ...next, '5m': STORED_END + 55 * MIN }, until: STORED_END + H });
    expect(Array.from(later['5m']!.time)).toEqual([STORED_END + 55 * MIN]);
    expect(Array.from(later['1h']!.time)).toEqual([STORED_END]);
    expect(bytes(later['1h']!)).toBe(bytes(sliceCandles(oracle['1h'], 0, 1)));
    expect(feed.extend({ next: { '1h': STORED_END + H }, until: STORED_END + H })['1h']!.time.length).toBe(0);
  });

  it('matches the generator read in pieces or skipped, candle by candle', () => {
    const whole = createDemoGenerator(symbol, { seed: SEED, start: START }).take(5000);
    const pieces = createDemoGenerator(symbol, { seed: SEED, start: START });
    const a = pieces.take(1234);
    pieces.skip(1000);
    expect(pieces.position).toBe(2234);
    const b = pieces.take(2766);
    expect(bytes(a)).toBe(bytes(sliceCandles(whole, 0, 1234)));
    expect(bytes(b)).toBe(bytes(sliceCandles(whole, 2234, 5000)));
  });

  it('rejects requests off the grid or before the market, naming the field and the value', () => {
    const feed = new DemoFeed(symbol, { seed: SEED, start: START });
    expect(() => feed.extend({ next: { '1h': STORED_END + 5 * MIN }, until: LIVE_END })).toThrow(`next.1h: ${STORED_END + 5 * MIN} is not a 1h candle open time`);
    expect(() => feed.extend({ next: { '5m': START - 5 * MIN }, until: LIVE_END })).toThrow('is before the market');
    expect(() => feed.extend({ next: {}, until: Number.NaN })).toThrow('until: NaN is not a time');
    expect(() => createDemoGenerator(symbol, { seed: SEED, start: START }).take(-1)).toThrow('count: -1 is not a non-negative integer');
  });
});
