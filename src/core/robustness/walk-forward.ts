/**
 * Walk-forward analysis with re-optimisation.
 *
 * Windows: from `from`, an in-sample (IS) period of `inSampleDays` followed by an out-of-sample
 * (OOS) period of `outOfSampleDays`; the next window starts `stepDays` later (default: the OOS
 * length, so the OOS periods tile the data). `rolling` windows keep the IS length; `anchored`
 * windows keep the IS start at `from` and grow. Windows are made while their OOS period ends by
 * `to`. Every range is a set of bar open times, inclusive: IS = [s, s + IS − 1 ms], OOS =
 * [s + IS, s + IS + OOS − 1 ms], so an IS optimisation is given no bar of its OOS period (the
 * backtest cuts every series after the range's end) — bars before a range still warm indicators up,
 * as they would have live.
 *
 * Each window runs the optimiser on its IS range, picks the best score, and backtests those
 * parameters once on its OOS range. Summary: per window the parameters and the IS and OOS metrics;
 * the OOS equity curves stitched end to end (each window's curve scaled to start where the previous
 * one ended; trades scaled alike) and their metrics; walk-forward efficiency (the stitched OOS CAGR
 * over the mean IS CAGR of the chosen parameters; per window, OOS CAGR / IS CAGR); parameter drift
 * (each varied parameter's value per window and, for numbers, its standard deviation as a share of
 * the searched range).
 */
import type { Trade } from '../backtest/trade';
import { computeMetrics, type Metrics } from '../metrics';
import type { ParamValue, Strategy, StrategyParams } from '../strategy/types';
import type { Evaluation } from './evaluation';
import { Optimiser, type OptimiserConfig } from './optimiser/optimiser';
import type { ParamDim } from './param-space';
import type { EvalDetail, EvalOutcome, EvalRequest, EvalSession } from './session';

const DAY_MS = 86_400_000;

export type WalkForwardMode = 'rolling' | 'anchored';

export interface WalkForwardConfig {
  mode: WalkForwardMode;
  /** First and last bar open time of the analysis (UTC ms, inclusive). */
  from: number;
  to: number;
  inSampleDays: number;
  outOfSampleDays: number;
  /** Default: `outOfSampleDays`. */
  stepDays: number | null;
  optimiser: OptimiserConfig;
}

export interface WalkForwardWindowRange {
  index: number;
  inSample: { from: number; to: number };
  outOfSample: { from: number; to: number };
}

function iso(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** The windows of a configuration; throws naming the field and value when there is none or a length is bad. */
export function walkForwardWindows(c: Pick<WalkForwardConfig, 'mode' | 'from' | 'to' | 'inSampleDays' | 'outOfSampleDays' | 'stepDays'>): WalkForwardWindowRange[] {
  if (c.mode !== 'rolling' && c.mode !== 'anchored') throw new RangeError(`mode: ${JSON.stringify(c.mode)} is not rolling or anchored`);
  if (!Number.isFinite(c.from) || !Number.isFinite(c.to) || c.from > c.to) throw new RangeError(`from: ${String(c.from)} must be a time before to ${String(c.to)}`);
  for (const f of ['inSampleDays', 'outOfSampleDays'] as const) {
    if (!Number.isInteger(c[f]) || c[f] < 1) throw new RangeError(`${f}: ${String(c[f])} must be a whole number of days ≥ 1`);
  }
  const step = c.stepDays ?? c.outOfSampleDays;
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`stepDays: ${String(c.stepDays)} must be a whole number of days ≥ 1`);
  const is = c.inSampleDays * DAY_MS;
  const oos = c.outOfSampleDays * DAY_MS;
  const span = c.to - c.from + 1;
  if (is + oos > span + DAY_MS / 2) {
    throw new RangeError(
      `inSampleDays: ${c.inSampleDays} + outOfSampleDays ${c.outOfSampleDays} days is longer than the data (${iso(c.from)} → ${iso(c.to)}, ${Math.round(span / DAY_MS)} days)`,
    );
  }
  const out: WalkForwardWindowRange[] = [];
  for (let s = c.from; ; s += step * DAY_MS) {
    const isFrom = c.mode === 'anchored' ? c.from : s;
    const isTo = s + is - 1;
    const oosFrom = s + is;
    const oosTo = Math.min(c.to, oosFrom + oos - 1);
    if (oosFrom + oos - 1 > c.to + DAY_MS / 2) break;
    out.push({ index: out.length, inSample: { from: isFrom, to: isTo }, outOfSample: { from: oosFrom, to: oosTo } });
    if (out.length > 1000) throw new RangeError(`stepDays: ${step} makes more than 1,000 windows`);
  }
  return out;
}

export interface WalkForwardWindowResult extends WalkForwardWindowRange {
  /** The chosen (varied) parameters; null when no in-sample result scored. */
  params: StrategyParams | null;
  inSampleScore: number | null;
  inSampleMetrics: Metrics | null;
  outOfSampleMetrics: Metrics | null;
  evaluations: number;
  /** OOS CAGR / IS CAGR of this window (null when undefined or IS CAGR ≤ 0). */
  efficiency: number | null;
}

export interface ParamDrift {
  key: string;
  values: Array<ParamValue | null>;
  /** Numbers: std of the chosen values / searched range (0 = never moved); null otherwise. */
  spread: number | null;
}

export interface WalkForwardSummary {
  windows: WalkForwardWindowResult[];
  stitched: { equity: Array<[number, number]>; metrics: Metrics } | null;
  efficiency: number | null;
  drift: ParamDrift[];
}

interface WindowState {
  range: WalkForwardWindowRange;
  optimiser: Optimiser;
  oos: Evaluation | null;
  oosDetail: EvalDetail | null;
  oosOut: boolean;
}

/** What a stored window holds, to resume or summarise it. */
export interface StoredWindow {
  evaluations: readonly Evaluation[];
  oos: Evaluation | null;
  oosDetail: EvalDetail | null;
}

export class WalkForwardSession implements EvalSession {
  readonly windows: WalkForwardWindowRange[];
  private readonly state: WindowState[];

  constructor(
    strategy: Strategy,
    readonly config: WalkForwardConfig,
    readonly initialCapital: number,
    stored: readonly StoredWindow[] = [],
  ) {
    this.windows = walkForwardWindows(config);
    this.state = this.windows.map((range, i) => ({
      range,
      optimiser: new Optimiser(strategy, config.optimiser, stored[i]?.evaluations ?? []),
      oos: stored[i]?.oos ?? null,
      oosDetail: stored[i]?.oosDetail ?? null,
      oosOut: false,
    }));
  }

  get dims(): ParamDim[] {
    return this.state[0].optimiser.dims;
  }

  nextBatch(): EvalRequest[] {
    const out: EvalRequest[] = [];
    for (const w of this.state) {
      const i = w.range.index;
      if (!w.optimiser.finished()) {
        for (const c of w.optimiser.nextBatch()) out.push({ key: `w${i}:e${c.index}`, candidate: c, range: w.range.inSample, detail: false });
        continue;
      }
      const best = w.optimiser.best();
      if (best === null || w.oos !== null || w.oosOut) continue;
      w.oosOut = true;
      out.push({ key: `w${i}:oos`, candidate: { index: best.index, params: best.params }, range: w.range.outOfSample, detail: true });
    }
    return out;
  }

  record(outcomes: readonly EvalOutcome[]): void {
    for (const o of outcomes) {
      const m = /^w(\d+):(oos|e\d+)$/.exec(o.key);
      const w = m ? this.state[Number(m[1])] : undefined;
      if (!m || !w) throw new RangeError(`outcome: key "${o.key}" is not a request of this walk-forward`);
      if (m[2] === 'oos') {
        w.oos = o.evaluation;
        w.oosDetail = o.detail;
        w.oosOut = false;
      } else w.optimiser.record([o.evaluation]);
    }
  }

  release(): void {
    for (const w of this.state) {
      w.optimiser.release();
      w.oosOut = false;
    }
  }

  finished(): boolean {
    return this.state.every((w) => w.optimiser.finished() && (w.oos !== null || w.optimiser.best() === null));
  }

  progress(): { done: number; total: number } {
    let done = 0;
    let total = 0;
    for (const w of this.state) {
      done += w.optimiser.doneCount + (w.oos !== null ? 1 : 0);
      total += w.optimiser.total + 1;
    }
    return { done, total };
  }

  /** Per window: its evaluations and OOS result (what a store keeps to resume). */
  stored(): StoredWindow[] {
    return this.state.map((w) => ({ evaluations: w.optimiser.evaluations(), oos: w.oos, oosDetail: w.oosDetail }));
  }

  summary(): WalkForwardSummary {
    const c0 = this.initialCapital;
    const windows: WalkForwardWindowResult[] = this.state.map((w) => {
      const best = w.optimiser.best();
      const isCagr = best?.metrics?.cagrPct ?? null;
      const oosCagr = w.oos?.metrics?.cagrPct ?? null;
      return {
        ...w.range,
        params: best?.params ?? null,
        inSampleScore: best?.score ?? null,
        inSampleMetrics: best?.metrics ?? null,
        outOfSampleMetrics: w.oos?.metrics ?? null,
        evaluations: w.optimiser.doneCount,
        efficiency: isCagr !== null && oosCagr !== null && isCagr > 0 ? oosCagr / isCagr : null,
      };
    });
    const stitched = stitch(
      this.state.map((w) => w.oosDetail),
      c0,
    );
    const isCagrs = windows.map((w) => w.inSampleMetrics?.cagrPct).filter((v): v is number => typeof v === 'number');
    const meanIs = isCagrs.length > 0 ? isCagrs.reduce((a, b) => a + b, 0) / isCagrs.length : null;
    const oosCagr = stitched?.metrics.cagrPct ?? null;
    const efficiency = meanIs !== null && meanIs > 0 && oosCagr !== null ? oosCagr / meanIs : null;
    const drift = this.dims.map((d) => {
      const values = windows.map((w) => (w.params ? w.params[d.key] ?? null : null));
      const nums = values.filter((v): v is number => typeof v === 'number');
      let spread: number | null = null;
      if (d.numeric && nums.length > 0 && d.max > d.min) {
        const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
        spread = Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / nums.length) / (d.max - d.min);
      }
      return { key: d.key, values, spread };
    });
    return { windows, stitched, efficiency, drift };
  }
}

/** Stitches OOS curves end to end from C0 (see the file's doc comment); null when no window has one. */
export function stitch(details: ReadonlyArray<EvalDetail | null>, c0: number): { equity: Array<[number, number]>; metrics: Metrics } | null {
  const equity: Array<[number, number]> = [];
  const trades: Trade[] = [];
  let level = c0;
  let barsInMarket = 0;
  let bars = 0;
  for (const d of details) {
    if (d === null || d.equity.length === 0) continue;
    const f = level / c0;
    for (const [t, e] of d.equity) {
      if (equity.length > 0 && t <= equity[equity.length - 1][0]) continue;
      equity.push([t, e * f]);
    }
    for (const t of d.trades) trades.push({ ...t, quantity: t.quantity * f, fees: t.fees * f, pnl: t.pnl * f, reasons: t.reasons });
    level = d.equity[d.equity.length - 1][1] * f;
    barsInMarket += d.barsInMarket;
    bars += d.bars;
  }
  if (equity.length === 0) return null;
  const n = equity.length;
  const time = new Float64Array(n + 1);
  const value = new Float64Array(n + 1);
  time[0] = equity[0][0];
  value[0] = c0;
  for (let i = 0; i < n; i++) {
    time[i + 1] = equity[i][0];
    value[i + 1] = equity[i][1];
  }
  const metrics = computeMetrics({ initialCapital: c0, trades, equityTime: time, equityValue: value, barsInMarket: Math.min(barsInMarket, bars), totalBars: bars });
  return { equity, metrics };
}
