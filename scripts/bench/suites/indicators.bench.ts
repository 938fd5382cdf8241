/**
 * Indicators bench: every indicator of the registry on 1,000,000 seeded synthetic candles.
 *
 * - `ms`: our batch function: the CPU time of the fastest of 30 runs, in rounds alternating with
 *   the reference (which is measured the same way in the same rounds), each run after a full
 *   garbage collection (see `pairedMinMs` in `timing.ts`). The machine may be shared: CPU time does
 *   not count the time other processes hold the core, the fastest run is the least disturbed, and
 *   the forced collection keeps the garbage of the previous indicator's technicalindicators run
 *   (millions of plain numbers and objects) out of the measurement.
 * - `referenceMs`: a plain hand-written Float64Array loop doing the same computation in the
 *   simplest way (same algorithm, no NaN handling, no parameter checks, no fusion; e.g. HMA as
 *   three separate WMA passes, Bollinger with a running sum of squares). Each reference's output
 *   is checked against ours (`extra.maxRelDiffVsReference`), so both really do the same work.
 * - `ratio` = ms / referenceMs, goal ratio <= 1.5.
 * - `extra.technicalindicatorsMs`: technicalindicators on the same 1,000,000 candles (inputs
 *   converted to plain arrays beforehand, not timed). When its estimate exceeds ~20 s, it is
 *   measured on the first 100,000 candles and multiplied by 10, reported as
 *   `extra.technicalindicatorsMsScaledFrom100k`.
 */
import {
  ADX,
  ATR,
  BollingerBands,
  EMA,
  Highest,
  Lowest,
  MACD,
  OBV,
  RSI,
  SMA,
  Stochastic,
  VWAP,
  WMA,
} from 'technicalindicators';
import type { BenchResult, BenchSuite } from '../types';
import { medianMs, pairedMinMs, ratio, timeOnce } from '../timing';
import { createRng } from '../../../src/core/util/rng';
import type { CandleColumns } from '../../../src/core/candles/types';
import {
  INDICATORS,
  adx,
  atr,
  bollinger,
  ema,
  highest,
  hma,
  hmaLengths,
  lowest,
  macd,
  obv,
  realizedVolatility,
  resolveParams,
  rsi,
  sma,
  stochastic,
  volumeSma,
  vwap,
  wma,
  type IndicatorName,
  type IndicatorParams,
} from '../../../src/core/indicators/index';

const N = 1_000_000;
const SMALL = 100_000;
const HOUR = 3_600_000;
/** Alternating measurement rounds per indicator (ours, reference, reference, ours, …). */
const ROUNDS = 30;

/** Seeded random walk: log-normal closes, highs/lows around open and close, positive volumes. */
function randomWalk(n: number, seed: number): CandleColumns {
  const rng = createRng(seed);
  const c: CandleColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let price = 30_000;
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    price *= Math.exp(0.006 * rng.normal());
    c.time[i] = t0 + i * HOUR;
    c.open[i] = open;
    c.close[i] = price;
    c.high[i] = Math.max(open, price) * (1 + 0.003 * rng.next());
    c.low[i] = Math.min(open, price) * (1 - 0.003 * rng.next());
    c.volume[i] = 10 + 100 * rng.next();
  }
  return c;
}

// ---------------------------------------------------------------- plain reference loops

function refSma(x: Float64Array, p: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < p - 1; i++) {
    s += x[i];
    out[i] = NaN;
  }
  for (let i = p - 1; i < n; i++) {
    s += x[i];
    out[i] = s / p;
    s -= x[i - p + 1];
  }
  return out;
}

function refEma(x: Float64Array, p: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const a = 2 / (p + 1);
  let s = 0;
  for (let i = 0; i < p; i++) {
    s += x[i];
    out[i] = NaN;
  }
  let e = s / p;
  out[p - 1] = e;
  for (let i = p; i < n; i++) {
    e += a * (x[i] - e);
    out[i] = e;
  }
  return out;
}

function refWma(x: Float64Array, p: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const d = (p * (p + 1)) / 2;
  let s = 0;
  let num = 0;
  for (let i = 0; i < p; i++) {
    s += x[i];
    num += (i + 1) * x[i];
    out[i] = NaN;
  }
  out[p - 1] = num / d;
  for (let i = p; i < n; i++) {
    num += p * x[i] - s;
    s += x[i] - x[i - p];
    out[i] = num / d;
  }
  return out;
}

function refHma(x: Float64Array, p: number): Float64Array {
  const { half, root } = hmaLengths(p);
  const a = refWma(x, half);
  const b = refWma(x, p);
  const n = x.length;
  const raw = new Float64Array(n - p + 1);
  for (let i = p - 1; i < n; i++) raw[i - p + 1] = 2 * a[i] - b[i];
  const h = refWma(raw, root);
  const out = new Float64Array(n).fill(NaN);
  out.set(h, p - 1);
  return out;
}

function refRsi(c: Float64Array, p: number): Float64Array {
  const n = c.length;
  const out = new Float64Array(n).fill(NaN);
  let g = 0;
  let l = 0;
  for (let i = 1; i <= p; i++) {
    const d = c[i] - c[i - 1];
    if (d > 0) g += d;
    else l -= d;
  }
  g /= p;
  l /= p;
  out[p] = (100 * g) / (g + l);
  for (let i = p + 1; i < n; i++) {
    const d = c[i] - c[i - 1];
    g = (g * (p - 1) + (d > 0 ? d : 0)) / p;
    l = (l * (p - 1) + (d < 0 ? -d : 0)) / p;
    out[i] = (100 * g) / (g + l);
  }
  return out;
}

function refAtr(h: Float64Array, l: Float64Array, c: Float64Array, p: number): Float64Array {
  const n = c.length;
  const out = new Float64Array(n).fill(NaN);
  let a = 0;
  for (let i = 1; i < n; i++) {
    const tr = Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1]));
    if (i < p) a += tr;
    else if (i === p) {
      a = (a + tr) / p;
      out[i] = a;
    } else {
      a += (tr - a) / p;
      out[i] = a;
    }
  }
  return out;
}

function refAdx(h: Float64Array, l: Float64Array, c: Float64Array, p: number) {
  const n = c.length;
  const ax = new Float64Array(n).fill(NaN);
  const pd = new Float64Array(n).fill(NaN);
  const md = new Float64Array(n).fill(NaN);
  let sTr = 0;
  let sP = 0;
  let sM = 0;
  let dxSum = 0;
  let a = 0;
  for (let i = 1; i < n; i++) {
    const tr = Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1]), Math.abs(l[i] - c[i - 1]));
    const up = h[i] - h[i - 1];
    const dn = l[i - 1] - l[i];
    const pdm = up > dn && up > 0 ? up : 0;
    const mdm = dn > up && dn > 0 ? dn : 0;
    if (i <= p) {
      sTr += tr;
      sP += pdm;
      sM += mdm;
      if (i < p) continue;
    } else {
      sTr += tr - sTr / p;
      sP += pdm - sP / p;
      sM += mdm - sM / p;
    }
    const pdi = (100 * sP) / sTr;
    const mdi = (100 * sM) / sTr;
    pd[i] = pdi;
    md[i] = mdi;
    const dx = (100 * Math.abs(pdi - mdi)) / (pdi + mdi);
    if (i < 2 * p - 1) dxSum += dx;
    else if (i === 2 * p - 1) {
      a = (dxSum + dx) / p;
      ax[i] = a;
    } else {
      a += (dx - a) / p;
      ax[i] = a;
    }
  }
  return { adx: ax, plusDi: pd, minusDi: md };
}

function refMacd(c: Float64Array, f: number, s: number, g: number) {
  const fe = refEma(c, f);
  const se = refEma(c, s);
  const n = c.length;
  const line = new Float64Array(n);
  for (let i = 0; i < n; i++) line[i] = fe[i] - se[i];
  const sig = new Float64Array(n).fill(NaN);
  sig.set(refEma(line.subarray(s - 1), g), s - 1);
  const hist = new Float64Array(n);
  for (let i = 0; i < n; i++) hist[i] = line[i] - sig[i];
  return { macd: line, signal: sig, histogram: hist };
}

function refBollinger(c: Float64Array, p: number, k: number) {
  const n = c.length;
  const mid = new Float64Array(n).fill(NaN);
  const up = new Float64Array(n).fill(NaN);
  const lo = new Float64Array(n).fill(NaN);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s += c[i];
    s2 += c[i] * c[i];
    if (i >= p) {
      s -= c[i - p];
      s2 -= c[i - p] * c[i - p];
    }
    if (i >= p - 1) {
      const m = s / p;
      const sd = Math.sqrt(Math.max(s2 / p - m * m, 0));
      mid[i] = m;
      up[i] = m + k * sd;
      lo[i] = m - k * sd;
    }
  }
  return { middle: mid, upper: up, lower: lo };
}

function refHighest(x: Float64Array, p: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const q = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    while (tail > head && x[q[tail - 1]] <= x[i]) tail--;
    q[tail++] = i;
    if (q[head] <= i - p) head++;
    out[i] = i >= p - 1 ? x[q[head]] : NaN;
  }
  return out;
}

function refLowest(x: Float64Array, p: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const q = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    while (tail > head && x[q[tail - 1]] >= x[i]) tail--;
    q[tail++] = i;
    if (q[head] <= i - p) head++;
    out[i] = i >= p - 1 ? x[q[head]] : NaN;
  }
  return out;
}

function refStochastic(h: Float64Array, l: Float64Array, c: Float64Array, kp: number, dp: number) {
  const hh = refHighest(h, kp);
  const ll = refLowest(l, kp);
  const n = c.length;
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) k[i] = ((c[i] - ll[i]) / (hh[i] - ll[i])) * 100;
  const d = new Float64Array(n).fill(NaN);
  d.set(refSma(k.subarray(kp - 1), dp), kp - 1);
  return { k, d };
}

function refObv(c: Float64Array, v: Float64Array): Float64Array {
  const n = c.length;
  const out = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    out[i] = out[i - 1] + (c[i] > c[i - 1] ? v[i] : c[i] < c[i - 1] ? -v[i] : 0);
  }
  return out;
}

function refVwap(t: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array, v: Float64Array): Float64Array {
  const n = c.length;
  const out = new Float64Array(n);
  let day = NaN;
  let pv = 0;
  let vol = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.floor(t[i] / 86_400_000);
    if (d !== day) {
      day = d;
      pv = 0;
      vol = 0;
    }
    pv += ((h[i] + l[i] + c[i]) / 3) * v[i];
    vol += v[i];
    out[i] = pv / vol;
  }
  return out;
}

function refRealizedVol(c: Float64Array, p: number, perYear: number): Float64Array {
  const n = c.length;
  const out = new Float64Array(n).fill(NaN);
  const r = new Float64Array(n);
  for (let i = 1; i < n; i++) r[i] = Math.log(c[i] / c[i - 1]);
  let s = 0;
  let s2 = 0;
  const k = Math.sqrt(perYear);
  for (let i = 1; i < n; i++) {
    s += r[i];
    s2 += r[i] * r[i];
    if (i > p) {
      s -= r[i - p];
      s2 -= r[i - p] * r[i - p];
    }
    if (i >= p) out[i] = Math.sqrt(Math.max((s2 - (s * s) / p) / (p - 1), 0)) * k;
  }
  return out;
}

// ---------------------------------------------------------------- cases

type Outputs = Record<string, Float64Array>;
interface Case {
  ours(c: CandleColumns, p: IndicatorParams): Outputs;
  reference(c: CandleColumns, p: IndicatorParams): Outputs;
  /** technicalindicators on plain arrays of the first `n` candles. */
  library(a: PlainCandles, n: number, p: IndicatorParams): unknown;
}

interface PlainCandles {
  time: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

const cut = (a: number[], n: number) => (n === a.length ? a : a.slice(0, n));

const CASES: Record<IndicatorName, Case> = {
  sma: {
    ours: (c, p) => ({ value: sma(c.close, p.period) }),
    reference: (c, p) => ({ value: refSma(c.close, p.period) }),
    library: (a, n, p) => SMA.calculate({ period: p.period, values: cut(a.close, n) }),
  },
  ema: {
    ours: (c, p) => ({ value: ema(c.close, p.period) }),
    reference: (c, p) => ({ value: refEma(c.close, p.period) }),
    library: (a, n, p) => EMA.calculate({ period: p.period, values: cut(a.close, n) }),
  },
  wma: {
    ours: (c, p) => ({ value: wma(c.close, p.period) }),
    reference: (c, p) => ({ value: refWma(c.close, p.period) }),
    library: (a, n, p) => WMA.calculate({ period: p.period, values: cut(a.close, n) }),
  },
  hma: {
    ours: (c, p) => ({ value: hma(c.close, p.period) }),
    reference: (c, p) => ({ value: refHma(c.close, p.period) }),
    library: (a, n, p) => {
      const { half, root } = hmaLengths(p.period);
      const v = cut(a.close, n);
      const wh = WMA.calculate({ period: half, values: v });
      const wn = WMA.calculate({ period: p.period, values: v });
      return WMA.calculate({ period: root, values: wn.map((x, j) => 2 * wh[j + p.period - half] - x) });
    },
  },
  rsi: {
    ours: (c, p) => ({ value: rsi(c.close, p.period) }),
    reference: (c, p) => ({ value: refRsi(c.close, p.period) }),
    library: (a, n, p) => RSI.calculate({ period: p.period, values: cut(a.close, n) }),
  },
  atr: {
    ours: (c, p) => ({ value: atr(c.high, c.low, c.close, p.period) }),
    reference: (c, p) => ({ value: refAtr(c.high, c.low, c.close, p.period) }),
    library: (a, n, p) =>
      ATR.calculate({ period: p.period, high: cut(a.high, n), low: cut(a.low, n), close: cut(a.close, n) }),
  },
  adx: {
    ours: (c, p) => adx(c.high, c.low, c.close, p.period),
    reference: (c, p) => refAdx(c.high, c.low, c.close, p.period),
    library: (a, n, p) =>
      ADX.calculate({ period: p.period, high: cut(a.high, n), low: cut(a.low, n), close: cut(a.close, n) }),
  },
  macd: {
    ours: (c, p) => macd(c.close, p.fast, p.slow, p.signal),
    reference: (c, p) => refMacd(c.close, p.fast, p.slow, p.signal),
    library: (a, n, p) =>
      MACD.calculate({
        values: cut(a.close, n),
        fastPeriod: p.fast,
        slowPeriod: p.slow,
        signalPeriod: p.signal,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
      }),
  },
  bollinger: {
    ours: (c, p) => bollinger(c.close, p.period, p.mult),
    reference: (c, p) => refBollinger(c.close, p.period, p.mult),
    library: (a, n, p) => BollingerBands.calculate({ period: p.period, stdDev: p.mult, values: cut(a.close, n) }),
  },
  stochastic: {
    ours: (c, p) => stochastic(c.high, c.low, c.close, p.kPeriod, p.dPeriod),
    reference: (c, p) => refStochastic(c.high, c.low, c.close, p.kPeriod, p.dPeriod),
    library: (a, n, p) =>
      Stochastic.calculate({
        period: p.kPeriod,
        signalPeriod: p.dPeriod,
        high: cut(a.high, n),
        low: cut(a.low, n),
        close: cut(a.close, n),
      }),
  },
  obv: {
    ours: (c) => ({ value: obv(c.close, c.volume) }),
    reference: (c) => ({ value: refObv(c.close, c.volume) }),
    library: (a, n) => OBV.calculate({ close: cut(a.close, n), volume: cut(a.volume, n) }),
  },
  vwap: {
    ours: (c) => ({ value: vwap(c.time, c.high, c.low, c.close, c.volume) }),
    reference: (c) => ({ value: refVwap(c.time, c.high, c.low, c.close, c.volume) }),
    library: (a, n) =>
      VWAP.calculate({ high: cut(a.high, n), low: cut(a.low, n), close: cut(a.close, n), volume: cut(a.volume, n) }),
  },
  volumeSma: {
    ours: (c, p) => ({ value: volumeSma(c.volume, p.period) }),
    reference: (c, p) => ({ value: refSma(c.volume, p.period) }),
    library: (a, n, p) => SMA.calculate({ period: p.period, values: cut(a.volume, n) }),
  },
  highest: {
    ours: (c, p) => ({ value: highest(c.high, p.period) }),
    reference: (c, p) => ({ value: refHighest(c.high, p.period) }),
    library: (a, n, p) => Highest.calculate({ period: p.period, values: cut(a.high, n) }),
  },
  lowest: {
    ours: (c, p) => ({ value: lowest(c.low, p.period) }),
    reference: (c, p) => ({ value: refLowest(c.low, p.period) }),
    library: (a, n, p) => Lowest.calculate({ period: p.period, values: cut(a.low, n) }),
  },
  realizedVolatility: {
    ours: (c, p) => ({ value: realizedVolatility(c.close, p.period, p.periodsPerYear) }),
    reference: (c, p) => ({ value: refRealizedVol(c.close, p.period, p.periodsPerYear) }),
    library: () => undefined,
  },
};

/** Largest relative difference between two sets of outputs (NaN must match NaN). */
function maxRelDiff(a: Outputs, b: Outputs): number {
  let worst = 0;
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    if (!y || y.length !== x.length) return Infinity;
    for (let i = 0; i < x.length; i++) {
      const u = x[i];
      const v = y[i];
      if (Number.isNaN(u) || Number.isNaN(v)) {
        if (Number.isNaN(u) !== Number.isNaN(v)) return Infinity;
        continue;
      }
      const d = Math.abs(u - v) / Math.max(Math.abs(u), Math.abs(v), 1e-9);
      if (d > worst) worst = d;
    }
  }
  return worst;
}

async function run(): Promise<BenchResult[]> {
  const candles = randomWalk(N, 20240101);
  const plain: PlainCandles = {
    time: Array.from(candles.time),
    high: Array.from(candles.high),
    low: Array.from(candles.low),
    close: Array.from(candles.close),
    volume: Array.from(candles.volume),
  };
  const results: BenchResult[] = [];
  for (const def of INDICATORS) {
    const cs = CASES[def.name];
    const p = resolveParams(def);
    const diff = maxRelDiff(cs.ours(candles, p), cs.reference(candles, p));
    const { ms: ours, referenceMs } = pairedMinMs(() => cs.ours(candles, p), () => cs.reference(candles, p), ROUNDS);
    const extra: Record<string, number> = { maxRelDiffVsReference: diff };
    if (cs.library(plain, 10, p) !== undefined) {
      timeOnce(() => cs.library(plain, SMALL, p));
      const small = timeOnce(() => cs.library(plain, SMALL, p));
      if (small * (N / SMALL) > 20_000) {
        extra.technicalindicatorsMsScaledFrom100k = small * (N / SMALL);
      } else {
        extra.technicalindicatorsMs = small * (N / SMALL) < 3_000 ? medianMs(() => cs.library(plain, N, p), 3, 0) : timeOnce(() => cs.library(plain, N, p));
      }
    }
    const r = ratio(ours, referenceMs);
    results.push({
      name: `indicator:${def.name}`,
      ms: ours,
      referenceMs,
      ratio: r,
      extra,
      goal: 'ratio <= 1.5',
      ok: r !== null && r <= 1.5,
    });
  }
  return results;
}

const suite: BenchSuite = { name: 'indicators', run };
export default suite;
