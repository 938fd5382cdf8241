/**
 * Monte Carlo of a completed backtest's trades.
 *
 * The trades, in exit-time order, are replayed as a sequence of P&L amounts added to the initial
 * capital (`E_k = E_{k−1} + pnl_k`), once per run, after one of these changes:
 * - `reshuffle`: the order of the trades is permuted (Fisher–Yates); the set is unchanged, so every
 *   run ends at the same equity and only the path (drawdowns, streaks) differs;
 * - `bootstrap`: n trades drawn with replacement;
 * - `skip`: each trade is left out with probability `skipPct` % (a missed signal);
 * - `noise`: each trade's P&L gets `noisePct` % of its notional × a standard normal draw added
 *   (fills and returns a little better or worse than the backtest's).
 * A run whose equity reaches 0 stops trading (it is ruined). Run `k` draws its numbers from
 * `createRng(mixSeed(seed, k))`, so the runs can be split into chunks computed anywhere (Node, one
 * worker, a pool) and the merged result is the same bytes.
 *
 * Per run: final equity, return % (`(E_n − C0) / C0 × 100`), max drawdown % on the trade-step
 * equity, the longest drawdown in trades (from a peak to the first step back at or above it, or the
 * end), and a Sharpe ratio of the per-trade returns `pnl_k / E_{k−1}` annualised by the backtest's
 * trades per year (`mean / std × √(trades per year)`, sample std; null below two trades or with no
 * spread). Summary: the p5, p25, p50, p75 and p95 of each of those, histograms, the equity fan
 * (those percentiles at up to 101 evenly spaced trade steps), the risk of ruin (share of runs whose
 * drawdown touched `ruinDrawdownPct` %) and the share of runs whose max drawdown exceeds the
 * backtest's own (computed the same way on the original order).
 */
import { createRng, fillUniform, mixSeed } from '../util/rng';
import { histogram, percentileSorted, type HistogramData } from './stats';

export type MonteCarloMethod = 'reshuffle' | 'bootstrap' | 'skip' | 'noise';
export const MONTE_CARLO_METHODS: readonly MonteCarloMethod[] = ['reshuffle', 'bootstrap', 'skip', 'noise'];

export const MONTE_CARLO_DEFAULTS = Object.freeze({
  runs: 1000,
  seed: 1,
  skipPct: 10,
  noisePct: 0.5,
  ruinDrawdownPct: 50,
});
export const MAX_MONTE_CARLO_RUNS = 100_000;
export const MIN_MONTE_CARLO_TRADES = 10;
/** Percentiles every summary reports. */
export const PERCENTILES = [5, 25, 50, 75, 95] as const;
export type PercentileLabel = 'p5' | 'p25' | 'p50' | 'p75' | 'p95';
export const PERCENTILE_LABELS: readonly PercentileLabel[] = ['p5', 'p25', 'p50', 'p75', 'p95'];
/** Metrics measured on every run. */
export const MC_METRICS = ['finalEquity', 'returnPct', 'maxDrawdownPct', 'longestDrawdown', 'sharpe'] as const;
export type McMetric = (typeof MC_METRICS)[number];
const FAN_POINTS = 100;
const HISTOGRAM_BINS = 30;

export interface MonteCarloConfig {
  method: MonteCarloMethod;
  /** 1 – 100,000. */
  runs: number;
  /** Unsigned 32-bit integer. */
  seed: number;
  /** `skip`: chance in % that a trade is left out (0 < x < 100). */
  skipPct: number;
  /** `noise`: standard deviation of the added return, in % of the trade's notional (0 < x ≤ 100). */
  noisePct: number;
  /** Drawdown in % that counts as ruin (0 < x ≤ 100). */
  ruinDrawdownPct: number;
}

/** The backtest as Monte Carlo reads it. */
export interface MonteCarloInput {
  initialCapital: number;
  /** P&L of each trade, in exit-time order. */
  pnl: Float64Array;
  /** Notional (quantity × entry price) of each trade. */
  notional: Float64Array;
  /** Trades per year of the backtest (annualises the Sharpe ratio); null leaves it per trade. */
  tradesPerYear: number | null;
}

/** The raw per-run results of runs [first, first + count). */
export interface MonteCarloChunk {
  first: number;
  count: number;
  /** Per metric, one value per run (NaN where undefined). */
  values: Record<McMetric, Float64Array>;
  /** 1 where the run touched the ruin drawdown. */
  ruined: Uint8Array;
  /** Equity at the fan steps, run after run (`count × fanSteps.length`). */
  fan: Float64Array;
}

export interface MonteCarloSummary {
  config: MonteCarloConfig;
  trades: number;
  /** The backtest's own path (original order): same measures. */
  baseline: Record<McMetric, number | null>;
  percentiles: Record<McMetric, Record<PercentileLabel, number | null>>;
  histograms: Array<{ metric: McMetric } & HistogramData>;
  /** Share of runs (0..1) whose drawdown reached `ruinDrawdownPct`. */
  riskOfRuin: number;
  /** Share of runs (0..1) whose max drawdown % is above the baseline's. */
  drawdownExceeded: number;
  fan: { steps: number[]; bands: Record<PercentileLabel, number[]>; baseline: number[] };
}

function fail(field: string, value: unknown, rule: string): never {
  throw new RangeError(`${field}: ${typeof value === 'string' ? `"${value}"` : String(value)} ${rule}`);
}

/** Throws naming the field and value unless `c` is a valid configuration. */
export function validateMonteCarloConfig(c: MonteCarloConfig): void {
  if (c === null || typeof c !== 'object') fail('config', c, 'is not an object');
  if (!(MONTE_CARLO_METHODS as readonly string[]).includes(c.method)) fail('method', c.method, `is not one of ${MONTE_CARLO_METHODS.join(', ')}`);
  if (!Number.isInteger(c.runs) || c.runs < 1 || c.runs > MAX_MONTE_CARLO_RUNS) fail('runs', c.runs, `must be an integer from 1 to ${MAX_MONTE_CARLO_RUNS}`);
  if (!Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) fail('seed', c.seed, 'must be an integer from 0 to 4294967295');
  if (!(c.skipPct > 0 && c.skipPct < 100)) fail('skipPct', c.skipPct, 'must be between 0 and 100 (exclusive)');
  if (!(c.noisePct > 0 && c.noisePct <= 100)) fail('noisePct', c.noisePct, 'must be greater than 0 and at most 100');
  if (!(c.ruinDrawdownPct > 0 && c.ruinDrawdownPct <= 100)) fail('ruinDrawdownPct', c.ruinDrawdownPct, 'must be greater than 0 and at most 100');
}

/** Throws unless the input has at least {@link MIN_MONTE_CARLO_TRADES} finite trades. */
export function validateMonteCarloInput(input: MonteCarloInput, source = 'the backtest'): void {
  if (!(input.initialCapital > 0 && Number.isFinite(input.initialCapital))) fail('initialCapital', input.initialCapital, 'is not a positive number');
  const n = input.pnl.length;
  if (n < MIN_MONTE_CARLO_TRADES) {
    throw new RangeError(`trades: ${n} in ${source}; Monte Carlo needs at least ${MIN_MONTE_CARLO_TRADES} closed trades`);
  }
  if (input.notional.length !== n) fail('notional', input.notional.length, `values for ${n} trades`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(input.pnl[i])) fail(`trades[${i}].pnl`, input.pnl[i], 'is not a finite number');
    if (!(input.notional[i] >= 0)) fail(`trades[${i}].notional`, input.notional[i], 'is not a non-negative number');
  }
}

/** The trade steps at which the fan is sampled: 0..n, at most 101 of them, evenly spaced. */
export function fanSteps(n: number): number[] {
  const points = Math.min(n, FAN_POINTS);
  const out: number[] = [];
  for (let j = 0; j <= points; j++) out.push(Math.round((j * n) / points));
  return out;
}

/** Measures of one path, reusing `eq` (length n + 1) for its equity. */
interface PathStats {
  final: number;
  maxDdPct: number;
  longest: number;
  sharpe: number;
  ruined: boolean;
}

/** Walks the P&L sequence `pnl` (skipped steps NaN) from C0; fills `eq` and returns the measures. */
function walk(pnl: Float64Array, c0: number, ruinPct: number, annualise: number, eq: Float64Array): PathStats {
  const n = pnl.length;
  let e = c0;
  let peak = c0;
  let peakStep = 0;
  let inDd = false;
  let maxDd = 0;
  let longest = 0;
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let broke = false;
  eq[0] = c0;
  for (let k = 1; k <= n; k++) {
    const p = pnl[k - 1];
    if (!broke && p === p) {
      const r = p / e;
      count++;
      const d = r - mean;
      mean += d / count;
      m2 += d * (r - mean);
      e += p;
      if (e <= 0) {
        e = 0;
        broke = true;
      }
    }
    eq[k] = e;
    if (e >= peak) {
      if (inDd) {
        if (k - peakStep > longest) longest = k - peakStep;
        inDd = false;
      }
      peak = e;
      peakStep = k;
    } else {
      inDd = true;
      const dd = ((peak - e) / peak) * 100;
      if (dd > maxDd) maxDd = dd;
    }
  }
  if (inDd && n - peakStep > longest) longest = n - peakStep;
  const std = count > 1 ? Math.sqrt(m2 / (count - 1)) : 0;
  return {
    final: e,
    maxDdPct: maxDd,
    longest,
    sharpe: std > 0 ? (mean / std) * annualise : NaN,
    ruined: maxDd >= ruinPct,
  };
}

function annualiser(input: MonteCarloInput): number {
  return input.tradesPerYear !== null && input.tradesPerYear > 0 ? Math.sqrt(input.tradesPerYear) : 1;
}

/**
 * Runs [first, first + count) of the simulation (see the file's doc comment). Checks its
 * arguments; each run's numbers depend only on the seed and the run's index.
 */
export function simulateMonteCarlo(input: MonteCarloInput, config: MonteCarloConfig, first = 0, count = config.runs): MonteCarloChunk {
  validateMonteCarloConfig(config);
  validateMonteCarloInput(input);
  if (!Number.isInteger(first) || first < 0 || !Number.isInteger(count) || count < 0 || first + count > config.runs) {
    throw new RangeError(`runs: chunk [${first}, ${first + count}) is outside 0..${config.runs}`);
  }
  const { pnl, notional, initialCapital: c0 } = input;
  const n = pnl.length;
  const steps = fanSteps(n);
  const fanLen = steps.length;
  const values: Record<McMetric, Float64Array> = {
    finalEquity: new Float64Array(count),
    returnPct: new Float64Array(count),
    maxDrawdownPct: new Float64Array(count),
    longestDrawdown: new Float64Array(count),
    sharpe: new Float64Array(count),
  };
  const ruined = new Uint8Array(count);
  const fan = new Float64Array(count * fanLen);
  const seq = new Float64Array(n);
  const idx = new Int32Array(n);
  const eq = new Float64Array(n + 1);
  const annualise = annualiser(input);
  const skipP = config.skipPct / 100;
  const noiseS = config.noisePct / 100;
  const method = config.method;
  const u = new Float64Array(n);
  for (let j = 0; j < count; j++) {
    const runSeed = mixSeed(config.seed, first + j);
    if (method === 'reshuffle') {
      // Fisher–Yates: draw i (from n − 1 down to 1) uses the uniform u[n − 1 − i].
      fillUniform(runSeed, u);
      for (let i = 0; i < n; i++) idx[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const k = (u[n - 1 - i] * (i + 1)) | 0;
        const t = idx[i];
        idx[i] = idx[k];
        idx[k] = t;
      }
      for (let i = 0; i < n; i++) seq[i] = pnl[idx[i]];
    } else if (method === 'bootstrap') {
      fillUniform(runSeed, u);
      for (let i = 0; i < n; i++) seq[i] = pnl[(u[i] * n) | 0];
    } else if (method === 'skip') {
      fillUniform(runSeed, u);
      for (let i = 0; i < n; i++) seq[i] = u[i] < skipP ? NaN : pnl[i];
    } else {
      const rng = createRng(runSeed);
      for (let i = 0; i < n; i++) seq[i] = pnl[i] + noiseS * notional[i] * rng.normal();
    }
    const s = walk(seq, c0, config.ruinDrawdownPct, annualise, eq);
    values.finalEquity[j] = s.final;
    values.returnPct[j] = ((s.final - c0) / c0) * 100;
    values.maxDrawdownPct[j] = s.maxDdPct;
    values.longestDrawdown[j] = s.longest;
    values.sharpe[j] = s.sharpe;
    ruined[j] = s.ruined ? 1 : 0;
    const base = j * fanLen;
    for (let f = 0; f < fanLen; f++) fan[base + f] = eq[steps[f]];
  }
  return { first, count, values, ruined, fan };
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Ascending copy of the finite values. */
function sortedFinite(xs: Float64Array): Float64Array {
  let m = 0;
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) out[m++] = xs[i];
  return out.subarray(0, m).sort();
}

function concat(chunks: readonly MonteCarloChunk[], pick: (c: MonteCarloChunk) => Float64Array | Uint8Array, total: number, width = 1): Float64Array {
  const out = new Float64Array(total * width);
  for (const c of chunks) out.set(pick(c), c.first * width);
  return out;
}

/**
 * The summary of a whole simulation from its chunks (any split of 0..runs, in any order). Throws
 * when the chunks do not cover every run exactly once.
 */
export function summariseMonteCarlo(input: MonteCarloInput, config: MonteCarloConfig, chunks: readonly MonteCarloChunk[]): MonteCarloSummary {
  validateMonteCarloConfig(config);
  const runs = config.runs;
  const sorted = [...chunks].sort((a, b) => a.first - b.first);
  let next = 0;
  for (const c of sorted) {
    if (c.first !== next) throw new RangeError(`chunks: run ${next} is ${c.first < next ? 'covered twice' : 'missing'}`);
    next += c.count;
  }
  if (next !== runs) throw new RangeError(`chunks: cover ${next} of ${runs} runs`);
  const n = input.pnl.length;
  const steps = fanSteps(n);
  const fanLen = steps.length;

  const percentiles = {} as MonteCarloSummary['percentiles'];
  const histograms: MonteCarloSummary['histograms'] = [];
  for (const metric of MC_METRICS) {
    const all = concat(sorted, (c) => c.values[metric], runs);
    const s = sortedFinite(all);
    const row = {} as Record<PercentileLabel, number | null>;
    PERCENTILES.forEach((p, i) => (row[PERCENTILE_LABELS[i]] = finite(percentileSorted(s, p))));
    percentiles[metric] = row;
    histograms.push({ metric, ...histogram(s, HISTOGRAM_BINS) });
  }
  let ruined = 0;
  for (const c of sorted) for (let i = 0; i < c.count; i++) ruined += c.ruined[i];

  const baselineEq = new Float64Array(n + 1);
  const b = walk(input.pnl, input.initialCapital, config.ruinDrawdownPct, annualiser(input), baselineEq);
  const baseline: MonteCarloSummary['baseline'] = {
    finalEquity: b.final,
    returnPct: ((b.final - input.initialCapital) / input.initialCapital) * 100,
    maxDrawdownPct: b.maxDdPct,
    longestDrawdown: b.longest,
    sharpe: finite(b.sharpe),
  };
  let exceeded = 0;
  for (const c of sorted) for (let i = 0; i < c.count; i++) if (c.values.maxDrawdownPct[i] > b.maxDdPct) exceeded++;

  const fanAll = concat(sorted, (c) => c.fan, runs, fanLen);
  const bands = { p5: [], p25: [], p50: [], p75: [], p95: [] } as Record<PercentileLabel, number[]>;
  const column = new Float64Array(runs);
  for (let f = 0; f < fanLen; f++) {
    for (let r = 0; r < runs; r++) column[r] = fanAll[r * fanLen + f];
    column.sort();
    PERCENTILES.forEach((p, i) => bands[PERCENTILE_LABELS[i]].push(percentileSorted(column, p)));
  }
  return {
    config: { ...config },
    trades: n,
    baseline,
    percentiles,
    histograms,
    riskOfRuin: ruined / runs,
    drawdownExceeded: exceeded / runs,
    fan: { steps, bands, baseline: steps.map((s) => baselineEq[s]) },
  };
}

/** Runs the whole simulation in this thread. */
export function runMonteCarlo(input: MonteCarloInput, config: MonteCarloConfig): MonteCarloSummary {
  return summariseMonteCarlo(input, config, [simulateMonteCarlo(input, config)]);
}

/** Splits `runs` into at most `parts` contiguous chunks of nearly equal size. */
export function monteCarloChunks(runs: number, parts: number): Array<{ first: number; count: number }> {
  const k = Math.max(1, Math.min(runs, Math.floor(parts)));
  const out: Array<{ first: number; count: number }> = [];
  for (let i = 0; i < k; i++) {
    const first = Math.floor((i * runs) / k);
    const end = Math.floor(((i + 1) * runs) / k);
    out.push({ first, count: end - first });
  }
  return out;
}

/** Monte Carlo input from a backtest's trades (sorted by exit time, then entry time) and its span. */
export function monteCarloInputFromTrades(
  trades: ReadonlyArray<{ pnl: number; quantity: number; entryPrice: number; entryTime: number; exitTime: number }>,
  initialCapital: number,
  spanMs: number | null,
): MonteCarloInput {
  const order = trades.map((_, i) => i).sort((a, b) => trades[a].exitTime - trades[b].exitTime || trades[a].entryTime - trades[b].entryTime || a - b);
  const n = trades.length;
  const pnl = new Float64Array(n);
  const notional = new Float64Array(n);
  order.forEach((o, i) => {
    pnl[i] = trades[o].pnl;
    notional[i] = Math.abs(trades[o].quantity * trades[o].entryPrice);
  });
  const years = spanMs !== null && spanMs > 0 ? spanMs / (365.25 * 86_400_000) : 0;
  return { initialCapital, pnl, notional, tradesPerYear: years > 0 ? n / years : null };
}
