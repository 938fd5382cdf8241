import { cleanCandles } from '../candles/hygiene';
import { resample } from '../candles/resample';
import { isOnGrid, type Timeframe } from '../candles/timeframe';
import { emptyCandles, type CandleColumns } from '../candles/types';
import { createRng, seedFromString } from '../util/rng';

/** Label shown next to every chart, table and report built on demo candles. */
export const DEMO_LABEL = 'Synthetic demo data';
/** Exchange id of the demo market. */
export const DEMO_EXCHANGE = 'demo';
/** Candle-series source value of demo candles (alongside `exchange` and `file`). */
export const DEMO_SOURCE = 'demo';
/** Timeframe the generator produces; the others are resampled from it. */
export const DEMO_BASE_TIMEFRAME = '5m' satisfies Timeframe;
/** Timeframes `generateDemoMarket` returns for every symbol. */
export const DEMO_TIMEFRAMES = ['5m', '1h', '4h'] as const satisfies readonly Timeframe[];
export type DemoTimeframe = (typeof DEMO_TIMEFRAMES)[number];

export const DEMO_DEFAULT_SEED = 20240101;
export const DEMO_DEFAULT_YEARS = 2;
/** Default end of the demo market (exclusive): 2025-01-01T00:00Z. */
export const DEMO_DEFAULT_END = Date.UTC(2025, 0, 1);

const BAR_MS = 5 * 60_000;
const BARS_PER_DAY = 288;
const DAY_MS = 86_400_000;
/** 5m bars in a 365-day year: the annualisation base of `annualVol` and `trendSharpe`. */
export const DEMO_BARS_PER_YEAR = 365 * BARS_PER_DAY;

/** Regimes of the drift process, in the order of `DemoSymbol.regimes`. */
export type DemoRegime = 'up' | 'down' | 'range';

/**
 * One synthetic market and the parameters of its price process. Log price follows
 * `r = drift(regime) + sqrt(h)·z (+ jump)` per 5m bar with GARCH(1,1) variance
 * `h' = ω·m² + α·ε² + β·h` around a per-regime level `m²·σ²`.
 */
export interface DemoSymbol {
  /** Unified symbol, `BASE/QUOTE`. */
  symbol: string;
  base: string;
  quote: string;
  exchange: typeof DEMO_EXCHANGE;
  description: string;
  /** Price of the first candle's open. */
  startPrice: number;
  /** Prices are rounded to `10^-priceDecimals` (the tick). */
  priceDecimals: number;
  /** Volumes are rounded to `10^-volumeDecimals`. */
  volumeDecimals: number;
  /** Mean volume of a 5m candle, in the base asset. */
  baseVolume: number;
  /** Target annualised volatility of log returns (0.4 = 40 %). */
  annualVol: number;
  /** Band the realised annualised volatility of 1h closes is expected to fall in. */
  volBand: readonly [number, number];
  /** Relative weights of the regimes up, down and range when a new regime is drawn. */
  regimes: Readonly<Record<DemoRegime, number>>;
  /** Length of a regime in days: uniform between the two bounds. */
  regimeDays: readonly [number, number];
  /** Drift of a trending regime as a multiple of `annualVol` (annualised Sharpe of the trend). */
  trendSharpe: number;
  /** Half-life, in hours, of the pull back to the range anchor in a ranging regime. */
  rangeHalfLifeHours: number;
  /** Standard deviation of the log of the per-regime volatility multiplier. */
  regimeVolSd: number;
  /** GARCH(1,1) weights of the last squared shock and of the last variance (α + β < 1). */
  garch: { alpha: number; beta: number };
  /** Mean number of price jumps per year and the standard deviation of a jump's log size. */
  jumpsPerYear: number;
  jumpSd: number;
}

/** Six demo symbols, from calm to wild. */
export const DEMO_SYMBOLS: readonly DemoSymbol[] = [
  {
    symbol: 'CALM/USDT', base: 'CALM', quote: 'USDT', exchange: DEMO_EXCHANGE,
    description: 'Low volatility, mostly ranging, gentle trends.',
    startPrice: 24.5, priceDecimals: 3, volumeDecimals: 2, baseVolume: 4_000,
    annualVol: 0.2, volBand: [0.15, 0.26],
    regimes: { up: 0.2, down: 0.2, range: 0.6 }, regimeDays: [12, 50],
    trendSharpe: 12, rangeHalfLifeHours: 4, regimeVolSd: 0.2,
    garch: { alpha: 0.03, beta: 0.965 }, jumpsPerYear: 0, jumpSd: 0,
  },
  {
    symbol: 'STEADY/USDT', base: 'STEADY', quote: 'USDT', exchange: DEMO_EXCHANGE,
    description: 'Large-cap behaviour: moderate volatility, balanced trends and ranges.',
    startPrice: 2450, priceDecimals: 2, volumeDecimals: 4, baseVolume: 60,
    annualVol: 0.4, volBand: [0.32, 0.5],
    regimes: { up: 0.3, down: 0.25, range: 0.45 }, regimeDays: [12, 50],
    trendSharpe: 12, rangeHalfLifeHours: 5, regimeVolSd: 0.25,
    garch: { alpha: 0.035, beta: 0.96 }, jumpsPerYear: 3, jumpSd: 0.02,
  },
  {
    symbol: 'TREND/USDT', base: 'TREND', quote: 'USDT', exchange: DEMO_EXCHANGE,
    description: 'Long, strong trends in both directions with short pauses.',
    startPrice: 148, priceDecimals: 2, volumeDecimals: 3, baseVolume: 900,
    annualVol: 0.6, volBand: [0.48, 0.75],
    regimes: { up: 0.4, down: 0.35, range: 0.25 }, regimeDays: [20, 60],
    trendSharpe: 16, rangeHalfLifeHours: 6, regimeVolSd: 0.25,
    garch: { alpha: 0.04, beta: 0.955 }, jumpsPerYear: 4, jumpSd: 0.03,
  },
  {
    symbol: 'SWING/USDT', base: 'SWING', quote: 'USDT', exchange: DEMO_EXCHANGE,
    description: 'Wide ranges that swing between support and resistance.',
    startPrice: 7.85, priceDecimals: 4, volumeDecimals: 1, baseVolume: 25_000,
    annualVol: 0.85, volBand: [0.68, 1.05],
    regimes: { up: 0.2, down: 0.2, range: 0.6 }, regimeDays: [15, 50],
    trendSharpe: 10, rangeHalfLifeHours: 8, regimeVolSd: 0.3,
    garch: { alpha: 0.05, beta: 0.945 }, jumpsPerYear: 6, jumpSd: 0.04,
  },
  {
    symbol: 'WILD/USDT', base: 'WILD', quote: 'USDT', exchange: DEMO_EXCHANGE,
    description: 'High volatility with violent clusters and frequent jumps.',
    startPrice: 0.6425, priceDecimals: 5, volumeDecimals: 0, baseVolume: 400_000,
    annualVol: 1.2, volBand: [0.95, 1.5],
    regimes: { up: 0.3, down: 0.3, range: 0.4 }, regimeDays: [10, 45],
    trendSharpe: 12, rangeHalfLifeHours: 5, regimeVolSd: 0.35,
    garch: { alpha: 0.05, beta: 0.94 }, jumpsPerYear: 12, jumpSd: 0.06,
  },
  {
    symbol: 'MOON/USDT', base: 'MOON', quote: 'USDT', exchange: DEMO_EXCHANGE,
    description: 'Meme-coin behaviour: extreme volatility, pumps and dumps.',
    startPrice: 0.0021, priceDecimals: 8, volumeDecimals: 0, baseVolume: 150_000_000,
    annualVol: 1.8, volBand: [1.4, 2.5],
    regimes: { up: 0.4, down: 0.3, range: 0.3 }, regimeDays: [8, 40],
    trendSharpe: 12, rangeHalfLifeHours: 3, regimeVolSd: 0.4,
    garch: { alpha: 0.06, beta: 0.93 }, jumpsPerYear: 24, jumpSd: 0.09,
  },
];

/** Relative volatility of each regime (up, down, range) before the random per-regime factor. */
const REGIME_VOL = [0.9, 1.1, 0.85] as const;
/**
 * Trend directions are tilted back towards the start price: a trend's weight is multiplied by
 * e^(∓d / TILT) where d is the log distance from the start price, so prices stay in a sane band.
 */
const TILT = 1;
/** GARCH variance is capped at this multiple of the regime's variance level (volatility at 4×). */
const VAR_CAP = 16;

export interface DemoSeriesMeta {
  exchange: typeof DEMO_EXCHANGE;
  symbol: string;
  timeframe: Timeframe;
  source: typeof DEMO_SOURCE;
  label: typeof DEMO_LABEL;
  seed: number;
}

/** The labels every stored or displayed demo series carries. */
export function demoSeriesMeta(symbol: string, timeframe: Timeframe, seed: number): DemoSeriesMeta {
  return { exchange: DEMO_EXCHANGE, symbol, timeframe, source: DEMO_SOURCE, label: DEMO_LABEL, seed };
}

export function isDemoSymbol(symbol: string): boolean {
  return DEMO_SYMBOLS.some((s) => s.symbol === symbol);
}

export function getDemoSymbol(symbol: string): DemoSymbol {
  const s = DEMO_SYMBOLS.find((d) => d.symbol === symbol);
  if (!s) {
    throw new RangeError(
      `symbol: "${symbol}" is not a demo symbol (expected one of ${DEMO_SYMBOLS.map((d) => d.symbol).join(', ')})`,
    );
  }
  return s;
}

function requirePositive(v: number, field: string): void {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${field}: ${v} is not a positive number`);
}

function requireNonNegative(v: number, field: string): void {
  if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${field}: ${v} is not a non-negative number`);
}

function requireDecimals(v: number, field: string): void {
  if (!(Number.isInteger(v) && v >= 0 && v <= 12)) throw new RangeError(`${field}: ${v} is not an integer in 0…12`);
}

/** Throws on a parameter set the generator cannot run, naming the field and the value. */
export function validateDemoSymbol(s: DemoSymbol): void {
  const f = (k: string) => `${s.symbol}.${k}`;
  requirePositive(s.startPrice, f('startPrice'));
  requireDecimals(s.priceDecimals, f('priceDecimals'));
  requireDecimals(s.volumeDecimals, f('volumeDecimals'));
  if (s.startPrice < 100 * 10 ** -s.priceDecimals) {
    throw new RangeError(`${f('startPrice')}: ${s.startPrice} is below 100 ticks of ${10 ** -s.priceDecimals}`);
  }
  requirePositive(s.baseVolume, f('baseVolume'));
  requirePositive(s.annualVol, f('annualVol'));
  requireNonNegative(s.regimes.up, f('regimes.up'));
  requireNonNegative(s.regimes.down, f('regimes.down'));
  requireNonNegative(s.regimes.range, f('regimes.range'));
  const total = s.regimes.up + s.regimes.down + s.regimes.range;
  if (!(total > 0)) throw new RangeError(`${f('regimes')}: weights sum to ${total}, not a positive number`);
  requirePositive(s.regimeDays[0], f('regimeDays[0]'));
  if (!(s.regimeDays[1] >= s.regimeDays[0])) {
    throw new RangeError(`${f('regimeDays[1]')}: ${s.regimeDays[1]} is below regimeDays[0] ${s.regimeDays[0]}`);
  }
  requireNonNegative(s.trendSharpe, f('trendSharpe'));
  requirePositive(s.rangeHalfLifeHours, f('rangeHalfLifeHours'));
  requireNonNegative(s.regimeVolSd, f('regimeVolSd'));
  requireNonNegative(s.garch.alpha, f('garch.alpha'));
  requireNonNegative(s.garch.beta, f('garch.beta'));
  if (!(s.garch.alpha + s.garch.beta < 1)) {
    throw new RangeError(`${f('garch')}: alpha + beta = ${s.garch.alpha + s.garch.beta} is not below 1`);
  }
  requireNonNegative(s.jumpsPerYear, f('jumpsPerYear'));
  requireNonNegative(s.jumpSd, f('jumpSd'));
  const jumpVar = s.jumpsPerYear * s.jumpSd * s.jumpSd;
  if (!(jumpVar < 0.5 * s.annualVol * s.annualVol)) {
    throw new RangeError(`${f('jumpsPerYear')}: jumps carry ${jumpVar} of variance per year, over half of annualVol² ${s.annualVol ** 2}`);
  }
}

/** e^a: a degree-6 Taylor polynomial for |a| < 0.02 (relative error < 1e-13), Math.exp beyond. */
function expm(a: number): number {
  if (a > -0.02 && a < 0.02) {
    return 1 + a * (1 + a * (0.5 + a * (1 / 6 + a * (1 / 24 + a * (1 / 120 + a / 720)))));
  }
  return Math.exp(a);
}

export interface DemoSeriesOptions {
  /** Any integer; the symbol's own seed is derived from it and the symbol name. */
  seed: number;
  /** Open time of the first candle (UTC ms, on the 5m grid). */
  start: number;
  /** Candles open before this time (UTC ms, exclusive). */
  end: number;
}

/** The seed a symbol's generator runs on, derived from the market seed and the symbol name. */
export function demoSymbolSeed(seed: number, symbol: string): number {
  return seedFromString(`${seed >>> 0}:${symbol}`);
}

/** Where a demo generator starts: the market seed and the open time of its first candle. */
export interface DemoGeneratorOptions {
  /** Any integer; the symbol's own seed is derived from it and the symbol name. */
  seed: number;
  /** Open time of the first candle (UTC ms, on the 5m grid). */
  start: number;
}

/**
 * One demo symbol's 5m candles as a stream: candle k opens at `start + k × 5m` and is the same
 * bytes however the stream is read (all at once, in pieces of any size, or skipped over), because
 * it depends only on the symbol, the seed, `start` and k.
 */
export interface DemoGenerator {
  readonly symbol: DemoSymbol;
  readonly seed: number;
  readonly start: number;
  /** Index of the next candle the stream gives (0 at the start). */
  readonly position: number;
  /** The next `count` candles. */
  take(count: number): CandleColumns;
  /** Advances past the next `count` candles without returning them. */
  skip(count: number): void;
}

const EMPTY = new Float64Array(0);

function checkCount(count: number): void {
  if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`count: ${count} is not a non-negative integer`);
}

/**
 * A {@link DemoGenerator} for one demo symbol. The process per 5m bar, in log price x:
 * - regime (up / down / range) lasting a uniform number of days from `regimeDays`; the next regime
 *   is drawn from `regimes` excluding the current one, the trend weights tilted by e^(∓d) where d
 *   is the log distance of the price from its start, so that prices stay in a sane band;
 * - drift ±`trendSharpe`·`annualVol` per year in trends, and `−κ(x − anchor)` in ranges, the
 *   anchor being the price where the range began and κ from `rangeHalfLifeHours`;
 * - GARCH(1,1) variance around a per-regime level (regime factor × a random lognormal factor),
 *   scaled so that the average variance including jumps matches `annualVol`, capped at 16× the
 *   level;
 * - Poisson jumps with normal log size `jumpSd`;
 * - high and low from the exact distribution of the maximum and minimum of a Brownian bridge
 *   from the open to the close with the bar's variance;
 * - volume = `baseVolume` × intraday and weekend seasonality × (volatility + |return|) × noise.
 * Prices are rounded to the symbol's tick and never go below one tick; every candle satisfies
 * high ≥ max(open, close), low ≤ min(open, close), volume ≥ 0 and open = previous close.
 */
export function createDemoGenerator(symbol: string | DemoSymbol, opts: DemoGeneratorOptions): DemoGenerator {
  const spec = typeof symbol === 'string' ? getDemoSymbol(symbol) : symbol;
  validateDemoSymbol(spec);
  const { seed, start } = opts;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: ${seed} is not an integer`);
  if (!Number.isFinite(start) || !isOnGrid(start, '5m')) throw new RangeError(`start: ${start} is not on the 5m grid`);

  const rng = createRng(demoSymbolSeed(seed, spec.symbol));

  const priceScale = 10 ** spec.priceDecimals;
  const tick = 1 / priceScale;
  const volScale = 10 ** spec.volumeDecimals;

  // Variance budget per bar: jumps take their share, the diffusion the rest, spread over regimes.
  const alpha = spec.garch.alpha;
  const beta = spec.garch.beta;
  const targetVar = (spec.annualVol * spec.annualVol) / DEMO_BARS_PER_YEAR;
  const jumpProb = spec.jumpsPerYear / DEMO_BARS_PER_YEAR;
  const diffVar = targetVar - jumpProb * spec.jumpSd * spec.jumpSd;
  const w = [spec.regimes.up, spec.regimes.down, spec.regimes.range];
  const wTotal = w[0] + w[1] + w[2];
  const lognormalMean2 = Math.exp(2 * spec.regimeVolSd * spec.regimeVolSd);
  let meanMult2 = 0;
  for (let r = 0; r < 3; r++) meanMult2 += (w[r] / wTotal) * REGIME_VOL[r] * REGIME_VOL[r] * lognormalMean2;
  const levelVar = diffVar / meanMult2;
  const refSd = Math.sqrt(targetVar);
  const trendDrift = (spec.trendSharpe * spec.annualVol) / DEMO_BARS_PER_YEAR;
  const jumpSd = spec.jumpSd;
  const baseVolume = spec.baseVolume;
  const kappa = Math.LN2 / (spec.rangeHalfLifeHours * 12);
  const minBars = Math.max(1, Math.round(spec.regimeDays[0] * BARS_PER_DAY));
  const spanBars = Math.max(1, Math.round(spec.regimeDays[1] * BARS_PER_DAY)) - minBars + 1;

  // Intraday seasonality: busiest around 15:00 UTC, quietest around 03:00 UTC; weekends 70 %.
  const season = new Float64Array(BARS_PER_DAY);
  for (let k = 0; k < BARS_PER_DAY; k++) season[k] = 1 + 0.35 * Math.cos((2 * Math.PI * (k / 12 - 15)) / 24);
  let weekday0 = (Math.floor(start / DAY_MS) + 4) % 7; // 0 = Sunday; 1970-01-01 was a Thursday
  if (weekday0 < 0) weekday0 += 7;

  const k0 = { w0: w[0], w1: w[1], w2: w[2], levelVar, refSd, trendDrift, jumpSd, baseVolume, kappa, minBars, spanBars, jumpProb, regimeVolSd: spec.regimeVolSd };

  const x0 = Math.log(spec.startPrice);
  /** The process between bars (carried from one `run` to the next). */
  const st = {
    i: 0,
    barOfDay: Math.floor((start - Math.floor(start / DAY_MS) * DAY_MS) / BAR_MS),
    weekday: weekday0,
    x: x0,
    /** Unrounded price, e^x, carried multiplicatively. */
    px: spec.startPrice,
    regime: -1,
    left: 0,
    omega: 0,
    hCap: 0,
    anchor: x0,
    h: 0,
    nextJump: jumpProb > 0 ? Math.ceil(-Math.log(1 - rng.next()) / jumpProb) : Infinity,
    prevClose: Math.round(spec.startPrice * priceScale) / priceScale,
  };

  /** Steps the process over `count` bars, writing them into `out` when given. */
  const run = (count: number, out: CandleColumns | null): void => {
    let { i, barOfDay, weekday, x, px, regime, left, omega, hCap, anchor, h, nextJump, prevClose } = st;
    const end = i + count;
    // Hot loop: everything it reads is a local.
    const { w0, w1, w2, levelVar, refSd, trendDrift, jumpSd, baseVolume, kappa, minBars, spanBars, jumpProb, regimeVolSd } = k0;
    const next = rng.next;
    const normal = rng.normal;
    const write = out !== null;
    const time = out?.time ?? EMPTY;
    const open = out?.open ?? EMPTY;
    const high = out?.high ?? EMPTY;
    const low = out?.low ?? EMPTY;
    const close = out?.close ?? EMPTY;
    const volume = out?.volume ?? EMPTY;
    for (let k = 0; i < end; i++, k++) {
      if (left <= 0) {
        // Draw the next regime: never the current one; trends tilted back towards the start price.
        const tilt = Math.exp((x - x0) / TILT);
        const allowUp = regime !== 0 ? w0 / tilt : 0;
        const allowDown = regime !== 1 ? w1 * tilt : 0;
        const allowRange = regime !== 2 ? w2 : 0;
        const sum = allowUp + allowDown + allowRange;
        const u = next() * sum;
        if (sum > 0) regime = u < allowUp ? 0 : u < allowUp + allowDown ? 1 : 2;
        left = minBars + Math.floor(next() * spanBars);
        const mult = REGIME_VOL[regime] * Math.exp(regimeVolSd * normal());
        omega = mult * mult * levelVar * (1 - alpha - beta);
        hCap = VAR_CAP * mult * mult * levelVar;
        if (i === 0) h = mult * mult * levelVar;
        anchor = x;
      }
      left--;

      const sd = Math.sqrt(h);
      const eps = sd * normal();
      const drift = regime === 0 ? trendDrift : regime === 1 ? -trendDrift : -kappa * (x - anchor);
      let r = drift + eps;
      if (--nextJump <= 0) {
        r += jumpSd * normal();
        nextJump = Math.ceil(-Math.log(1 - next()) / jumpProb);
      }
      h = omega + alpha * eps * eps + beta * h;
      if (h > hCap) h = hCap;

      // Extremes of a Brownian bridge from 0 to r with variance sd² over the bar:
      // max = (r + sqrt(r² − 2·sd²·ln U)) / 2, min = (r − sqrt(r² − 2·sd²·ln V)) / 2, with U and V
      // the upper and lower 16 bits of one 32-bit draw (both in (0, 1]).
      const bits = next() * 65536;
      const hiBits = Math.floor(bits);
      const twoVar = 2 * sd * sd;
      const rr = r * r;
      const up = 0.5 * (r + Math.sqrt(rr - twoVar * Math.log((hiBits + 0.5) / 65536)));
      const dn = 0.5 * (r - Math.sqrt(rr - twoVar * Math.log(1 - (bits - hiBits))));

      const o = prevClose;
      const px1 = px * expm(r);
      let c = Math.round(px1 * priceScale) / priceScale;
      if (c < tick) c = tick;
      let hi = Math.round(px * expm(up) * priceScale) / priceScale;
      let lo = Math.round(px * expm(dn) * priceScale) / priceScale;
      const maxOc = o > c ? o : c;
      const minOc = o < c ? o : c;
      if (hi < maxOc) hi = maxOc;
      if (lo > minOc) lo = minOc;
      if (lo < tick) lo = tick;

      const absR = r < 0 ? -r : r;
      const weekend = weekday === 0 || weekday === 6 ? 0.7 : 1;
      const v =
        baseVolume * season[barOfDay] * weekend * (0.4 * (sd / refSd) + 0.8 * (absR / refSd)) * (0.6 + 0.8 * next());

      if (write) {
        time[k] = start + i * BAR_MS;
        open[k] = o;
        high[k] = hi;
        low[k] = lo;
        close[k] = c;
        volume[k] = Math.round(v * volScale) / volScale;
      }

      prevClose = c;
      x += r;
      px = px1;
      if (++barOfDay === BARS_PER_DAY) {
        barOfDay = 0;
        if (++weekday === 7) weekday = 0;
      }
    }
    Object.assign(st, { i, barOfDay, weekday, x, px, regime, left, omega, hCap, anchor, h, nextJump, prevClose });
  };

  return {
    symbol: spec,
    seed,
    start,
    get position() {
      return st.i;
    },
    take(count: number): CandleColumns {
      checkCount(count);
      const out = emptyCandles(count);
      run(count, out);
      // Generated candles pass the same hygiene as every other source; a failure is a generator bug.
      const checked = cleanCandles(out, DEMO_BASE_TIMEFRAME, { listLimit: 1 });
      if (checked.invalidCount > 0 || checked.duplicates > 0) {
        const first = checked.invalid[0];
        throw new Error(`demo ${spec.symbol}: ${checked.invalidCount} invalid and ${checked.duplicates} duplicate candles generated${first ? ` (line ${first.line}: ${first.reason})` : ''}`);
      }
      return checked.candles;
    },
    skip(count: number): void {
      checkCount(count);
      run(count, null);
    },
  };
}

/**
 * Generates the 5m candles of one demo symbol for open times in [start, end) (see
 * {@link createDemoGenerator} for the process).
 *
 * Deterministic: the same symbol, seed and start give the same bytes, and a longer `end` only
 * appends candles.
 */
export function generateDemoSeries(symbol: string | DemoSymbol, opts: DemoSeriesOptions): CandleColumns {
  const { start, end } = opts;
  const gen = createDemoGenerator(symbol, opts);
  if (!Number.isFinite(end) || !(end > start)) throw new RangeError(`end: ${end} is not after start ${start}`);
  return gen.take(Math.ceil((end - start) / BAR_MS));
}

/**
 * The candles {@link generateDemoSeries} gives (the same bytes), generated `piece` candles at a
 * time with `pause()` awaited between pieces, so that a worker generating them still answers its
 * messages and carries on with other work (the database writes of the previous symbol) meanwhile.
 */
export async function generateDemoSeriesInPieces(symbol: string | DemoSymbol, opts: DemoSeriesOptions, pause: () => Promise<void>, piece = 20_000): Promise<CandleColumns> {
  const { start, end } = opts;
  const gen = createDemoGenerator(symbol, opts);
  if (!Number.isFinite(end) || !(end > start)) throw new RangeError(`end: ${end} is not after start ${start}`);
  if (!Number.isInteger(piece) || piece < 1) throw new RangeError(`piece: ${piece} is not a positive whole number of candles`);
  const total = Math.ceil((end - start) / BAR_MS);
  const out = emptyCandles(total);
  for (let done = 0; done < total; ) {
    await pause();
    const part = gen.take(Math.min(piece, total - done));
    out.time.set(part.time, done);
    out.open.set(part.open, done);
    out.high.set(part.high, done);
    out.low.set(part.low, done);
    out.close.set(part.close, done);
    out.volume.set(part.volume, done);
    done += part.time.length;
  }
  return out;
}

/** A demo symbol's series: its 5m candles and the 1h and 4h resampled from them (complete buckets only). */
export function demoTimeframes(m5: CandleColumns): Record<DemoTimeframe, CandleColumns> {
  return { '5m': m5, '1h': resample(m5, '5m', '1h'), '4h': resample(m5, '5m', '4h') };
}

export interface DemoMarketOptions {
  /** Market seed (default 20240101). */
  seed?: number;
  /** Length in years before `end` (default 2); whole years are calendar years. */
  years?: number;
  /** Exclusive end, UTC ms on the 5m grid (default 2025-01-01T00:00Z). */
  end?: number;
  /** Called after each symbol is generated. */
  onProgress?: (p: { done: number; total: number; symbol: string }) => void;
}

export interface DemoSymbolSeries {
  symbol: DemoSymbol;
  /** 5m generated; 1h and 4h resampled from it (complete buckets only). */
  candles: Record<DemoTimeframe, CandleColumns>;
  meta: Record<DemoTimeframe, DemoSeriesMeta>;
}

export interface DemoMarket {
  exchange: typeof DEMO_EXCHANGE;
  source: typeof DEMO_SOURCE;
  label: typeof DEMO_LABEL;
  seed: number;
  /** First open time (UTC ms). */
  start: number;
  /** Exclusive end (UTC ms). */
  end: number;
  /** One entry per symbol of `DEMO_SYMBOLS`, in that order. */
  series: DemoSymbolSeries[];
}

/** Start of a demo market `years` before `end`: whole years by the calendar, the rest as 365-day fractions. */
export function demoMarketStart(end: number, years: number): number {
  if (!(Number.isFinite(years) && years > 0)) throw new RangeError(`years: ${years} is not a positive number`);
  if (!Number.isFinite(end) || !isOnGrid(end, '5m')) throw new RangeError(`end: ${end} is not on the 5m grid`);
  const whole = Math.floor(years);
  const d = new Date(end);
  const calendar = Date.UTC(
    d.getUTCFullYear() - whole,
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  );
  return calendar - Math.round((years - whole) * DEMO_BARS_PER_YEAR) * BAR_MS;
}

/**
 * Generates every demo symbol's 5m candles over `years` before `end`, and their 1h and 4h
 * candles resampled from the 5m ones, so that all timeframes agree. Deterministic per seed.
 */
export function generateDemoMarket(opts: DemoMarketOptions = {}): DemoMarket {
  const seed = opts.seed ?? DEMO_DEFAULT_SEED;
  const end = opts.end ?? DEMO_DEFAULT_END;
  const start = demoMarketStart(end, opts.years ?? DEMO_DEFAULT_YEARS);
  const series: DemoSymbolSeries[] = [];
  for (const symbol of DEMO_SYMBOLS) {
    const m5 = generateDemoSeries(symbol, { seed, start, end });
    series.push({
      symbol,
      candles: demoTimeframes(m5),
      meta: {
        '5m': demoSeriesMeta(symbol.symbol, '5m', seed),
        '1h': demoSeriesMeta(symbol.symbol, '1h', seed),
        '4h': demoSeriesMeta(symbol.symbol, '4h', seed),
      },
    });
    opts.onProgress?.({ done: series.length, total: DEMO_SYMBOLS.length, symbol: symbol.symbol });
  }
  return { exchange: DEMO_EXCHANGE, source: DEMO_SOURCE, label: DEMO_LABEL, seed, start, end, series };
}
