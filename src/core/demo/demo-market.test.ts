import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CANDLE_FIELDS, type CandleColumns } from '../candles/types';
import {
  DEMO_DEFAULT_END,
  DEMO_DEFAULT_SEED,
  DEMO_EXCHANGE,
  DEMO_LABEL,
  DEMO_SOURCE,
  DEMO_SYMBOLS,
  DEMO_TIMEFRAMES,
  demoMarketStart,
  demoSeriesMeta,
  generateDemoMarket,
  generateDemoSeries,
  generateDemoSeriesInPieces,
  getDemoSymbol,
  isDemoSymbol,
  validateDemoSymbol,
  type DemoMarket,
  type DemoSymbol,
} from './demo-market';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function hashCandles(cs: CandleColumns[]): string {
  const h = createHash('sha256');
  for (const c of cs) for (const f of CANDLE_FIELDS) h.update(new Uint8Array(c[f].buffer, c[f].byteOffset, c[f].byteLength));
  return h.digest('hex');
}

function hashMarket(m: DemoMarket): string {
  return hashCandles(m.series.flatMap((s) => DEMO_TIMEFRAMES.map((tf) => s.candles[tf])));
}

function logReturns(close: Float64Array): Float64Array {
  const r = new Float64Array(close.length - 1);
  for (let i = 1; i < close.length; i++) r[i - 1] = Math.log(close[i] / close[i - 1]);
  return r;
}

/** Sample standard deviation of hourly log returns, annualised with √8760. */
function annualisedVol(close1h: Float64Array): number {
  const r = logReturns(close1h);
  let m = 0;
  for (const v of r) m += v;
  m /= r.length;
  let q = 0;
  for (const v of r) q += (v - m) * (v - m);
  return Math.sqrt((q / (r.length - 1)) * 8760);
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/**
 * 30-day windows of 1h closes, one per day. For each: the trend statistic z = Σr / (s·√n) (the
 * net move in units of the window's own hourly volatility s, ≈ N(0,1) for a random walk) and the
 * range statistic (max − min of log close) / (s·√n) (≈ 1.6 on average for a random walk; small
 * when the price is held in a band).
 */
function windowStats(close1h: Float64Array): { z: number[]; range: number[] } {
  const r = logReturns(close1h);
  const n = 720;
  const z: number[] = [];
  const range: number[] = [];
  for (let s = 0; s + n <= r.length; s += 24) {
    let sum = 0;
    let sq = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s; i < s + n; i++) {
      sum += r[i];
      sq += r[i] * r[i];
    }
    for (let i = s; i <= s + n; i++) {
      const l = Math.log(close1h[i]);
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    }
    const scale = Math.sqrt(sq / n) * Math.sqrt(n);
    z.push(sum / scale);
    range.push((hi - lo) / scale);
  }
  return { z, range };
}

/** Autocorrelation of |hourly returns|, averaged over lags 1…24. */
function absReturnAutocorrelation(close1h: Float64Array): number {
  const a = logReturns(close1h).map(Math.abs);
  let total = 0;
  for (let lag = 1; lag <= 24; lag++) total += correlation(a.subarray(lag), a.subarray(0, a.length - lag));
  return total / 24;
}

/** 1h candles aggregated naively from 5m candles starting on the hour (12 per hour). */
function naiveHourly(c: CandleColumns): number[][] {
  const out: number[][] = [];
  for (let s = 0; s + 12 <= c.time.length; s += 12) {
    let hi = -Infinity;
    let lo = Infinity;
    let v = 0;
    for (let i = s; i < s + 12; i++) {
      hi = Math.max(hi, c.high[i]);
      lo = Math.min(lo, c.low[i]);
      v += c.volume[i];
    }
    out.push([c.time[s], c.open[s], hi, lo, c.close[s + 11], v]);
  }
  return out;
}

function toRows(c: CandleColumns): number[][] {
  return Array.from(c.time, (t, i) => [t, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]]);
}

/** The same symbol with the regimes switched off: one endless range with no pull (a GARCH random walk). */
function regimeFree(s: DemoSymbol): DemoSymbol {
  return { ...s, trendSharpe: 0, rangeHalfLifeHours: 1e12, regimes: { up: 0, down: 0, range: 1 } };
}

let market: DemoMarket;
const progress: { done: number; total: number; symbol: string }[] = [];

beforeAll(() => {
  market = generateDemoMarket({ onProgress: (p) => progress.push(p) });
});

describe('demo symbols', () => {
  it('lists at least six valid symbols on the demo exchange, ordered from calm to wild', () => {
    expect(DEMO_SYMBOLS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(DEMO_SYMBOLS.map((s) => s.symbol)).size).toBe(DEMO_SYMBOLS.length);
    for (let i = 0; i < DEMO_SYMBOLS.length; i++) {
      const s = DEMO_SYMBOLS[i];
      expect(s.exchange).toBe('demo');
      expect(s.symbol).toBe(`${s.base}/${s.quote}`);
      expect(() => validateDemoSymbol(s)).not.toThrow();
      expect(s.annualVol).toBeGreaterThanOrEqual(s.volBand[0]);
      expect(s.annualVol).toBeLessThanOrEqual(s.volBand[1]);
      if (i > 0) expect(s.annualVol).toBeGreaterThan(DEMO_SYMBOLS[i - 1].annualVol);
    }
    expect(DEMO_SYMBOLS[DEMO_SYMBOLS.length - 1].annualVol / DEMO_SYMBOLS[0].annualVol).toBeGreaterThan(5);
    expect(isDemoSymbol('CALM/USDT')).toBe(true);
    expect(isDemoSymbol('BTC/USDT')).toBe(false);
    expect(getDemoSymbol('MOON/USDT').base).toBe('MOON');
  });

  it('labels everything as synthetic demo data', () => {
    expect(DEMO_LABEL).toBe('Synthetic demo data');
    expect(market.label).toBe(DEMO_LABEL);
    expect(market.source).toBe('demo');
    expect(market.exchange).toBe('demo');
    for (const s of market.series) {
      for (const tf of DEMO_TIMEFRAMES) {
        expect(s.meta[tf]).toEqual({
          exchange: DEMO_EXCHANGE,
          symbol: s.symbol.symbol,
          timeframe: tf,
          source: DEMO_SOURCE,
          label: DEMO_LABEL,
          seed: DEMO_DEFAULT_SEED,
        });
      }
    }
    expect(demoSeriesMeta('WILD/USDT', '1h', 7).label).toBe('Synthetic demo data');
  });
});

describe('generateDemoMarket', () => {
  it('covers two calendar years before 2025-01-01 by default and reports progress per symbol', () => {
    expect(market.seed).toBe(20240101);
    expect(market.end).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(market.start).toBe(Date.parse('2023-01-01T00:00:00Z'));
    expect(market.series.map((s) => s.symbol.symbol)).toEqual(DEMO_SYMBOLS.map((s) => s.symbol));
    expect(progress.map((p) => [p.done, p.total, p.symbol])).toEqual(
      DEMO_SYMBOLS.map((s, i) => [i + 1, DEMO_SYMBOLS.length, s.symbol]),
    );
    const days = (Date.UTC(2025, 0, 1) - Date.UTC(2023, 0, 1)) / DAY; // 731: 2024 is a leap year
    for (const s of market.series) {
      expect(s.candles['5m'].time.length).toBe(days * 288);
      expect(s.candles['1h'].time.length).toBe(days * 24);
      expect(s.candles['4h'].time.length).toBe(days * 6);
    }
  });

  it('produces only valid 5m candles: contiguous grid, OHLC order, tick prices, open = previous close', () => {
    for (const s of market.series) {
      const c = s.candles['5m'];
      const spec = s.symbol;
      const scale = 10 ** spec.priceDecimals;
      const vscale = 10 ** spec.volumeDecimals;
      const bad: string[] = [];
      let wicks = 0;
      for (let i = 0; i < c.time.length; i++) {
        const [o, h, l, cl, v] = [c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]];
        if (c.time[i] !== market.start + i * 5 * MIN) bad.push(`time ${i}`);
        if (!(h >= Math.max(o, cl))) bad.push(`high ${i}`);
        if (!(l <= Math.min(o, cl))) bad.push(`low ${i}`);
        if (!(l > 0)) bad.push(`low>0 ${i}`);
        if (!(v >= 0) || !Number.isFinite(v)) bad.push(`volume ${i}`);
        for (const p of [o, h, l, cl]) if (Math.round(p * scale) / scale !== p) bad.push(`tick ${i} ${p}`);
        if (Math.round(v * vscale) / vscale !== v) bad.push(`volume precision ${i}`);
        if (i > 0 && o !== c.close[i - 1]) bad.push(`open ${i}`);
        if (h > Math.max(o, cl) || l < Math.min(o, cl)) wicks++;
        if (bad.length > 5) break;
      }
      expect(bad, spec.symbol).toEqual([]);
      expect(c.open[0]).toBe(Math.round(spec.startPrice * scale) / scale);
      // Intrabar extremes come from a bridge, not from open/close: most candles have a wick.
      expect(wicks / c.time.length, spec.symbol).toBeGreaterThan(0.8);
    }
  });

  it('1h and 4h agree with the 5m candles they were built from', () => {
    for (const s of market.series) {
      const m5 = s.candles['5m'];
      const h1 = s.candles['1h'];
      const naive = naiveHourly(m5);
      const got = toRows(h1);
      expect(got.length).toBe(naive.length);
      for (let k = 0; k < got.length; k += 97) {
        expect(got[k][0]).toBe(naive[k][0]);
        expect(got[k].slice(1, 5)).toEqual(naive[k].slice(1, 5));
        expect(got[k][5]).toBeCloseTo(naive[k][5], 6);
      }
      const h4 = s.candles['4h'];
      for (let k = 0; k < h4.time.length; k += 53) {
        expect(h4.time[k]).toBe(h1.time[4 * k]);
        expect(h4.open[k]).toBe(h1.open[4 * k]);
        expect(h4.close[k]).toBe(h1.close[4 * k + 3]);
        expect(h4.high[k]).toBe(Math.max(...h1.high.subarray(4 * k, 4 * k + 4)));
        expect(h4.low[k]).toBe(Math.min(...h1.low.subarray(4 * k, 4 * k + 4)));
      }
    }
  });

  it('is deterministic: same seed, same bytes; another seed, other bytes', () => {
    const again = generateDemoMarket();
    expect(hashMarket(again)).toBe(hashMarket(market));
    const other = generateDemoMarket({ seed: 7, years: 0.25 });
    const otherAgain = generateDemoMarket({ seed: 7, years: 0.25 });
    expect(hashMarket(other)).toBe(hashMarket(otherAgain));
    const sameRangeDefaultSeed = generateDemoMarket({ years: 0.25 });
    expect(hashMarket(other)).not.toBe(hashMarket(sameRangeDefaultSeed));
  });

  it('gives each symbol its own random stream, and a longer range only appends candles', () => {
    const start = Date.UTC(2024, 0, 1);
    const end = start + 10 * DAY;
    const calm = DEMO_SYMBOLS[0];
    const a = generateDemoSeries(calm, { seed: 1, start, end });
    const sameSpec = generateDemoSeries({ ...calm }, { seed: 1, start, end });
    expect(hashCandles([sameSpec])).toBe(hashCandles([a]));
    const renamed = generateDemoSeries({ ...calm, symbol: 'CALM2/USDT', base: 'CALM2' }, { seed: 1, start, end });
    const corr = correlation(logReturns(a.close), logReturns(renamed.close));
    expect(Math.abs(corr)).toBeLessThan(0.1);
    const longer = generateDemoSeries(calm, { seed: 1, start, end: end + 3 * DAY });
    expect(longer.time.length).toBe(a.time.length + 3 * 288);
    for (const f of CANDLE_FIELDS) expect(longer[f].subarray(0, a.time.length)).toEqual(a[f]);
  });

  it('gives the same bytes generated in pieces, pausing between them', async () => {
    const start = Date.UTC(2024, 0, 1);
    const end = start + 10 * DAY + 7 * 5 * MIN;
    const whole = generateDemoSeries(DEMO_SYMBOLS[2], { seed: 3, start, end });
    let pauses = 0;
    const pieces = await generateDemoSeriesInPieces(DEMO_SYMBOLS[2], { seed: 3, start, end }, async () => void pauses++, 1000);
    expect(pauses).toBe(Math.ceil(whole.time.length / 1000));
    expect(hashCandles([pieces])).toBe(hashCandles([whole]));
    await expect(generateDemoSeriesInPieces(DEMO_SYMBOLS[2], { seed: 3, start, end }, async () => undefined, 0)).rejects.toThrow(/piece: 0/);
  });
});

describe('demo market statistics', () => {
  it('realised volatility of 1h closes falls in each band, ordered calm → wild', () => {
    const vols = market.series.map((s) => annualisedVol(s.candles['1h'].close));
    market.series.forEach((s, i) => {
      expect(vols[i], s.symbol.symbol).toBeGreaterThanOrEqual(s.symbol.volBand[0]);
      expect(vols[i], s.symbol.symbol).toBeLessThanOrEqual(s.symbol.volBand[1]);
      if (i > 0) expect(vols[i], s.symbol.symbol).toBeGreaterThan(vols[i - 1]);
    });
  });

  it('has strongly trending and tightly ranging 30-day windows, which a regime-free walk lacks', () => {
    let up = 0;
    let down = 0;
    for (const s of market.series) {
      const demo = windowStats(s.candles['1h'].close);
      const maxAbsZ = Math.max(...demo.z.map(Math.abs));
      const minRange = Math.min(...demo.range);
      expect(maxAbsZ, `${s.symbol.symbol} strongest trend`).toBeGreaterThanOrEqual(4.5);
      expect(minRange, `${s.symbol.symbol} tightest range`).toBeLessThanOrEqual(0.55);
      up += demo.z.filter((z) => z >= 4.5).length;
      down += demo.z.filter((z) => z <= -4.5).length;

      // The detector is not fooled by plain volatility clustering and jumps.
      const m5 = generateDemoSeries(regimeFree(s.symbol), { seed: market.seed, start: market.start, end: market.end });
      const ctl = windowStats(hourlyCloses(m5));
      expect(Math.max(...ctl.z.map(Math.abs)), `${s.symbol.symbol} control trend`).toBeLessThan(4.5);
      expect(Math.min(...ctl.range), `${s.symbol.symbol} control range`).toBeGreaterThan(0.55);
    }
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(0);
  });

  it('clusters volatility, unlike a constant-volatility walk', () => {
    for (const s of market.series) {
      expect(absReturnAutocorrelation(s.candles['1h'].close), s.symbol.symbol).toBeGreaterThan(0.05);
    }
    const flat: DemoSymbol = {
      ...regimeFree(DEMO_SYMBOLS[2]),
      garch: { alpha: 0, beta: 0 },
      regimeVolSd: 0,
      jumpsPerYear: 0,
    };
    const m5 = generateDemoSeries(flat, { seed: 3, start: market.start, end: market.end });
    expect(Math.abs(absReturnAutocorrelation(hourlyCloses(m5)))).toBeLessThan(0.02);
  });

  it('trades more volume on bigger moves', () => {
    for (const s of market.series) {
      for (const [tf, min] of [['5m', 0.5], ['1h', 0.2]] as const) {
        const c = s.candles[tf];
        const absR = logReturns(c.close).map(Math.abs);
        expect(correlation(absR, c.volume.subarray(1)), `${s.symbol.symbol} ${tf}`).toBeGreaterThan(min);
      }
    }
  });
});

describe('bad input', () => {
  const start = Date.UTC(2024, 0, 1);
  it('names the field and the value', () => {
    expect(() => generateDemoSeries('BTC/USDT', { seed: 1, start, end: start + DAY })).toThrow(
      'symbol: "BTC/USDT" is not a demo symbol',
    );
    expect(() => generateDemoSeries('CALM/USDT', { seed: 1, start: start + 1000, end: start + DAY })).toThrow(
      `start: ${start + 1000} is not on the 5m grid`,
    );
    expect(() => generateDemoSeries('CALM/USDT', { seed: 1, start, end: start })).toThrow(`end: ${start} is not after start`);
    expect(() => generateDemoSeries('CALM/USDT', { seed: 1.5, start, end: start + DAY })).toThrow('seed: 1.5 is not an integer');
    const bad = { ...DEMO_SYMBOLS[0], garch: { alpha: 0.5, beta: 0.6 } };
    expect(() => generateDemoSeries(bad, { seed: 1, start, end: start + DAY })).toThrow('CALM/USDT.garch: alpha + beta = 1.1');
    expect(() => validateDemoSymbol({ ...DEMO_SYMBOLS[0], annualVol: -1 })).toThrow('CALM/USDT.annualVol: -1 is not a positive number');
    expect(() => generateDemoMarket({ years: 0 })).toThrow('years: 0 is not a positive number');
    expect(() => generateDemoMarket({ end: DEMO_DEFAULT_END + 1 })).toThrow(`end: ${DEMO_DEFAULT_END + 1} is not on the 5m grid`);
  });

  it('computes the market start from calendar years plus 365-day fractions', () => {
    const end = Date.UTC(2025, 0, 1);
    expect(new Date(demoMarketStart(end, 1)).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(demoMarketStart(end, 0.5)).toBe(end - 182.5 * DAY);
    expect(demoMarketStart(end, 1.5)).toBe(Date.UTC(2024, 0, 1) - 182.5 * DAY);
  });
});

function hourlyCloses(m5: CandleColumns): Float64Array {
  const out = new Float64Array(Math.floor(m5.close.length / 12));
  for (let k = 0; k < out.length; k++) out[k] = m5.close[12 * k + 11];
  return out;
}
