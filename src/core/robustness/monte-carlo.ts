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
import { fillNormal, fillUniform, mixSeed } from '../util/rng';
import { histogram, percentilesInPlace, type HistogramData } from './stats';

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
  /** Equity at the fan steps, step after step: run `j` at step `f` is `fan[f × count + j]` (`fanSteps.length × count`). */
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

/**
 * Per-run measures of `count` runs, one typed array per measure; the fan step-major: the equity of
 * run `j` at fan step `f` is `fan[f × count + j]`.
 */
interface RunColumns {
  count: number;
  values: Record<McMetric, Float64Array>;
  ruined: Uint8Array;
  fan: Float64Array;
}

function runColumns(count: number, fanLen: number): RunColumns {
  return {
    count,
    values: {
      finalEquity: new Float64Array(count),
      returnPct: new Float64Array(count),
      maxDrawdownPct: new Float64Array(count),
      longestDrawdown: new Float64Array(count),
      sharpe: new Float64Array(count),
    },
    ruined: new Uint8Array(count),
    fan: new Float64Array(count * fanLen),
  };
}

/** Runs whose fan rows are gathered before they are written step-major. */
const FAN_BLOCK = 32;

/** Runs whose Sharpe ratios are computed side by side: independent chains the processor overlaps. */
const SHARPE_LANES = 4;

/**
 * Buffers the walks reuse: the equity path, and the per-trade returns of up to
 * {@link SHARPE_LANES} walked runs waiting for their Sharpe ratio.
 */
interface WalkScratch {
  n: number;
  eq: Float64Array;
  /** Lane `l` holds its run's returns at `l × n …`. */
  rets: Float64Array;
  lens: Int32Array;
  runs: Int32Array;
  lanes: number;
  mean: Float64Array;
  m2: Float64Array;
}

function walkScratch(n: number): WalkScratch {
  return {
    n,
    eq: new Float64Array(n + 1),
    rets: new Float64Array(SHARPE_LANES * n),
    lens: new Int32Array(SHARPE_LANES),
    runs: new Int32Array(SHARPE_LANES),
    lanes: 0,
    mean: new Float64Array(SHARPE_LANES),
    m2: new Float64Array(SHARPE_LANES),
  };
}

/**
 * Walks the P&L sequence `pnl` (skipped steps NaN) from C0 and writes the measures of run `j` into
 * `out`, the equity at each of the (ascending) fan `steps` included. The Sharpe ratio is written by
 * {@link flushSharpe}, which runs once {@link SHARPE_LANES} walks are waiting (the caller flushes
 * the last ones). No allocation: this is the simulation's inner loop.
 */
function walkInto(pnl: Float64Array, c0: number, ruinPct: number, annualise: number, steps: Int32Array, s: WalkScratch, out: RunColumns, j: number, fanOut: Float64Array, fanAt: number): void {
  const n = pnl.length;
  const eq = s.eq;
  const rets = s.rets;
  const off = s.lanes * s.n;
  let e = c0;
  let peak = c0;
  // The lowest equity since the peak: the drawdown from one peak is largest at its lowest point,
  // so it is worked out (a division) only when a new low is made.
  let trough = c0;
  let peakStep = 0;
  let inDd = false;
  let maxDd = 0;
  let longest = 0;
  let count = 0;
  let broke = false;
  eq[0] = c0;
  for (let k = 1; k <= n; k++) {
    const p = pnl[k - 1];
    if (!broke && p === p) {
      rets[off + count++] = p / e;
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
      trough = e;
      peakStep = k;
    } else {
      inDd = true;
      if (e < trough) {
        trough = e;
        const dd = ((peak - e) / peak) * 100;
        if (dd > maxDd) maxDd = dd;
      }
    }
  }
  if (inDd && n - peakStep > longest) longest = n - peakStep;
  for (let f = 0; f < steps.length; f++) fanOut[fanAt + f] = eq[steps[f]];
  const v = out.values;
  v.finalEquity[j] = e;
  v.returnPct[j] = ((e - c0) / c0) * 100;
  v.maxDrawdownPct[j] = maxDd;
  v.longestDrawdown[j] = longest;
  out.ruined[j] = maxDd >= ruinPct ? 1 : 0;
  s.lens[s.lanes] = count;
  s.runs[s.lanes] = j;
  if (++s.lanes === SHARPE_LANES) flushSharpe(s, annualise, v.sharpe);
}

/**
 * The Sharpe ratios of the walks waiting in `s`: per run, Welford's running mean and sum of
 * squared deviations of its per-trade returns (`mean / std × annualise`, sample std; NaN below two
 * trades or with no spread). Each mean depends on the one before through a division, so one run at
 * a time waits on that chain; four runs side by side keep the processor busy.
 */
function flushSharpe(s: WalkScratch, annualise: number, sharpe: Float64Array): void {
  const { n, rets, lens, mean, m2 } = s;
  const lanes = s.lanes;
  mean.fill(0);
  m2.fill(0);
  const common = lanes === SHARPE_LANES ? Math.min(lens[0], lens[1], lens[2], lens[3]) : 0;
  let a0 = 0;
  let q0 = 0;
  let a1 = 0;
  let q1 = 0;
  let a2 = 0;
  let q2 = 0;
  let a3 = 0;
  let q3 = 0;
  for (let k = 0; k < common; k++) {
    const c = k + 1;
    let r = rets[k];
    let d = r - a0;
    a0 += d / c;
    q0 += d * (r - a0);
    r = rets[n + k];
    d = r - a1;
    a1 += d / c;
    q1 += d * (r - a1);
    r = rets[2 * n + k];
    d = r - a2;
    a2 += d / c;
    q2 += d * (r - a2);
    r = rets[3 * n + k];
    d = r - a3;
    a3 += d / c;
    q3 += d * (r - a3);
  }
  if (common > 0) {
    mean[0] = a0;
    m2[0] = q0;
    mean[1] = a1;
    m2[1] = q1;
    mean[2] = a2;
    m2[2] = q2;
    mean[3] = a3;
    m2[3] = q3;
  }
  for (let l = 0; l < lanes; l++) {
    let a = mean[l];
    let q = m2[l];
    const count = lens[l];
    const off = l * n;
    for (let k = common; k < count; k++) {
      const r = rets[off + k];
      const d = r - a;
      a += d / (k + 1);
      q += d * (r - a);
    }
    const std = count > 1 ? Math.sqrt(q / (count - 1)) : 0;
    sharpe[s.runs[l]] = std > 0 ? (a / std) * annualise : NaN;
  }
  s.lanes = 0;
}

function annualiser(input: MonteCarloInput): number {
  return input.tradesPerYear !== null && input.tradesPerYear > 0 ? Math.sqrt(input.tradesPerYear) : 1;
}

/**
 * Runs [first, first + count) of a simulation (see the file's doc comment), a slice at a time
 * ({@link run}), so a worker can check for cancellation between slices. Checks its arguments; each
 * run's numbers depend only on the seed and the run's index. Buffers are allocated once, not per run.
 */
export class MonteCarloSimulation {
  /** Runs done so far (from `first`). */
  done = 0;
  private readonly cols: RunColumns;
  private readonly steps: Int32Array;
  private readonly seq: Float64Array;
  private readonly draws: Float64Array;
  private readonly scratch: WalkScratch;
  /** The fan rows of up to {@link FAN_BLOCK} runs, run after run, before they go step-major into the result. */
  private readonly fanBlock: Float64Array;
  /** `noise`: the standard deviation of each trade's added P&L (its notional × noise %). */
  private readonly scale: Float64Array | null;
  private readonly annualise: number;

  constructor(
    readonly input: MonteCarloInput,
    readonly config: MonteCarloConfig,
    readonly first = 0,
    readonly count = config.runs,
  ) {
    validateMonteCarloConfig(config);
    validateMonteCarloInput(input);
    if (!Number.isInteger(first) || first < 0 || !Number.isInteger(count) || count < 0 || first + count > config.runs) {
      throw new RangeError(`runs: chunk [${first}, ${first + count}) is outside 0..${config.runs}`);
    }
    const n = input.pnl.length;
    this.steps = Int32Array.from(fanSteps(n));
    this.cols = runColumns(count, this.steps.length);
    this.seq = new Float64Array(n);
    this.draws = new Float64Array(n);
    this.scratch = walkScratch(n);
    this.fanBlock = new Float64Array(FAN_BLOCK * this.steps.length);
    this.annualise = annualiser(input);
    if (config.method === 'noise') {
      const noiseS = config.noisePct / 100;
      this.scale = new Float64Array(n);
      for (let i = 0; i < n; i++) this.scale[i] = noiseS * input.notional[i];
    } else this.scale = null;
  }

  /** Runs up to `runs` more runs; returns true when all are done. */
  run(runs: number): boolean {
    const end = Math.min(this.count, this.done + Math.max(0, Math.floor(runs)));
    const fanLen = this.steps.length;
    const block = this.fanBlock;
    const fan = this.cols.fan;
    for (let j0 = this.done; j0 < end; j0 += FAN_BLOCK) {
      const j1 = Math.min(end, j0 + FAN_BLOCK);
      for (let j = j0; j < j1; j++) this.simulateRun(j, (j - j0) * fanLen);
      // Step-major, a block of runs at a time: one write per run and step straight into the
      // result would touch a new cache line every time.
      for (let f = 0; f < fanLen; f++) {
        const at = f * this.count;
        for (let j = j0; j < j1; j++) fan[at + j] = block[(j - j0) * fanLen + f];
      }
    }
    flushSharpe(this.scratch, this.annualise, this.cols.values.sharpe);
    this.done = end;
    return end === this.count;
  }

  /** Run `j`: its trade sequence, then its walk (fan row into the block at `fanAt`). */
  private simulateRun(j: number, fanAt: number): void {
    const { pnl, initialCapital: c0 } = this.input;
    const { method, seed, ruinDrawdownPct } = this.config;
    const n = pnl.length;
    const seq = this.seq;
    const u = this.draws;
    const skipP = this.config.skipPct / 100;
    const runSeed = mixSeed(seed, this.first + j);
    if (method === 'reshuffle') {
      // Fisher–Yates on the P&L values: draw i (from n − 1 down to 1) uses the uniform u[n − 1 − i].
      fillUniform(runSeed, u);
      seq.set(pnl);
      for (let i = n - 1; i > 0; i--) {
        const k = (u[n - 1 - i] * (i + 1)) | 0;
        const t = seq[i];
        seq[i] = seq[k];
        seq[k] = t;
      }
    } else if (method === 'bootstrap') {
      fillUniform(runSeed, u);
      for (let i = 0; i < n; i++) seq[i] = pnl[(u[i] * n) | 0];
    } else if (method === 'skip') {
      fillUniform(runSeed, u);
      for (let i = 0; i < n; i++) seq[i] = u[i] < skipP ? NaN : pnl[i];
    } else {
      fillNormal(runSeed, u);
      const scale = this.scale!;
      for (let i = 0; i < n; i++) seq[i] = pnl[i] + scale[i] * u[i];
    }
    walkInto(seq, c0, ruinDrawdownPct, this.annualise, this.steps, this.scratch, this.cols, j, this.fanBlock, fanAt);
  }

  /** The runs' results (complete once {@link run} returned true). */
  chunk(): MonteCarloChunk {
    const c = this.cols;
    return { first: this.first, count: this.count, values: c.values, ruined: c.ruined, fan: c.fan };
  }
}

/** Runs [first, first + count) of a simulation in one go (see {@link MonteCarloSimulation}). */
export function simulateMonteCarlo(input: MonteCarloInput, config: MonteCarloConfig, first = 0, count = config.runs): MonteCarloChunk {
  const sim = new MonteCarloSimulation(input, config, first, count);
  sim.run(count);
  return sim.chunk();
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Percentiles of `xs` (reordered in place) by label. */
function percentileRow(xs: Float64Array): Record<PercentileLabel, number> {
  const v = percentilesInPlace(xs, PERCENTILES);
  return { p5: v[0], p25: v[1], p50: v[2], p75: v[3], p95: v[4] };
}

/**
 * The summary of a whole simulation from its chunks (any split of 0..runs, in any order). Throws
 * when the chunks do not cover every run exactly once. Percentiles by selection, not sorting.
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
  const steps = Int32Array.from(fanSteps(n));
  const fanLen = steps.length;
  const work = new Float64Array(runs);

  const percentiles = {} as MonteCarloSummary['percentiles'];
  const histograms: MonteCarloSummary['histograms'] = [];
  for (const metric of MC_METRICS) {
    let m = 0;
    for (const c of sorted) {
      const vs = c.values[metric];
      for (let i = 0; i < c.count; i++) if (Number.isFinite(vs[i])) work[m++] = vs[i];
    }
    const xs = work.subarray(0, m);
    histograms.push({ metric, ...histogram(xs, HISTOGRAM_BINS) });
    const row = percentileRow(xs);
    percentiles[metric] = { p5: finite(row.p5), p25: finite(row.p25), p50: finite(row.p50), p75: finite(row.p75), p95: finite(row.p95) };
  }
  let ruined = 0;
  for (const c of sorted) for (let i = 0; i < c.count; i++) ruined += c.ruined[i];

  const own = runColumns(1, fanLen);
  const scratch = walkScratch(n);
  walkInto(input.pnl, input.initialCapital, config.ruinDrawdownPct, annualiser(input), steps, scratch, own, 0, own.fan, 0);
  flushSharpe(scratch, annualiser(input), own.values.sharpe);
  const b = own.values;
  const baseline: MonteCarloSummary['baseline'] = {
    finalEquity: b.finalEquity[0],
    returnPct: b.returnPct[0],
    maxDrawdownPct: b.maxDrawdownPct[0],
    longestDrawdown: b.longestDrawdown[0],
    sharpe: finite(b.sharpe[0]),
  };
  const ownDd = b.maxDrawdownPct[0];
  let exceeded = 0;
  for (const c of sorted) for (let i = 0; i < c.count; i++) if (c.values.maxDrawdownPct[i] > ownDd) exceeded++;

  const bands = { p5: [], p25: [], p50: [], p75: [], p95: [] } as Record<PercentileLabel, number[]>;
  for (let f = 0; f < fanLen; f++) {
    for (const c of sorted) work.set(c.fan.subarray(f * c.count, (f + 1) * c.count), c.first);
    const row = percentileRow(work);
    for (const label of PERCENTILE_LABELS) bands[label].push(row[label]);
  }
  return {
    config: { ...config },
    trades: n,
    baseline,
    percentiles,
    histograms,
    riskOfRuin: ruined / runs,
    drawdownExceeded: exceeded / runs,
    fan: { steps: Array.from(steps), bands, baseline: Array.from(own.fan) },
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
