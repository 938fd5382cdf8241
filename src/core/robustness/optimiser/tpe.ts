/**
 * A Tree-structured Parzen Estimator (Bergstra et al., 2011), seeded. The evaluated points are
 * split at the γ = 25 % quantile of their scores into "good" and "bad" (unscored points are bad).
 * Each dimension gets two densities on [0, 1] (numeric values scaled by their range): a mixture of
 * Gaussians around the good points, l(x), and around the bad ones, g(x), each with a uniform prior
 * component; choices and booleans get smoothed frequencies instead. Candidates are drawn from l and
 * the one maximising Σ log l(x) − log g(x) over the dimensions is proposed, snapped to the
 * dimension's values when discrete; a point already evaluated (or proposed) is passed over.
 */
import { createRng, type Rng } from '../../util/rng';
import { cleanNumber, pointKey, type ParamDim } from '../param-space';
import type { ParamValue, StrategyParams } from '../../strategy/types';
import { randomPoint } from './random';

export const TPE_GAMMA = 0.25;
export const TPE_CANDIDATES = 24;

export interface Observation {
  params: StrategyParams;
  score: number | null;
}

function toUnit(d: ParamDim, v: ParamValue): number {
  if (!d.numeric) return 0;
  const span = d.max - d.min;
  return span > 0 ? ((v as number) - d.min) / span : 0.5;
}

function fromUnit(d: ParamDim, u: number): ParamValue {
  const x = d.min + Math.min(1, Math.max(0, u)) * (d.max - d.min);
  if (d.values === null) return cleanNumber(x);
  let best = d.values[0];
  let bestDist = Infinity;
  for (const v of d.values) {
    const dist = Math.abs((v as number) - x);
    if (dist < bestDist) {
      bestDist = dist;
      best = v;
    }
  }
  return best;
}

interface Parzen {
  centres: number[];
  sigma: number;
}

function parzen(xs: number[]): Parzen {
  const n = xs.length;
  let mean = 0;
  for (const x of xs) mean += x;
  mean = n > 0 ? mean / n : 0.5;
  let v = 0;
  for (const x of xs) v += (x - mean) ** 2;
  const std = n > 1 ? Math.sqrt(v / (n - 1)) : 0.5;
  return { centres: xs, sigma: Math.max(0.05, Math.min(1, 1.06 * std * Math.pow(Math.max(1, n), -0.2))) };
}

function density(p: Parzen, x: number): number {
  const k = p.centres.length;
  let s = 1; // the uniform prior on [0, 1]
  for (const c of p.centres) {
    const z = (x - c) / p.sigma;
    s += Math.exp(-0.5 * z * z) / (p.sigma * Math.sqrt(2 * Math.PI));
  }
  return s / (k + 1);
}

function categorical(values: readonly ParamValue[], xs: ParamValue[]): Map<ParamValue, number> {
  const m = new Map<ParamValue, number>();
  for (const v of values) m.set(v, 1);
  for (const x of xs) m.set(x, (m.get(x) ?? 1) + 1);
  const total = xs.length + values.length;
  for (const [k, c] of m) m.set(k, c / total);
  return m;
}

function sample(p: Parzen, rng: Rng): number {
  const k = p.centres.length;
  const pick = rng.int(k + 1);
  if (pick === k) return rng.next();
  return p.centres[pick] + p.sigma * rng.normal();
}

function pickCategory(dist: Map<ParamValue, number>, rng: Rng): ParamValue {
  let u = rng.next();
  let last: ParamValue = '';
  for (const [v, p] of dist) {
    last = v;
    if (u < p) return v;
    u -= p;
  }
  return last;
}

/**
 * Proposes one point from the history with the seed `seed`, avoiding the keys in `taken` (when
 * the space is discrete; after {@link TPE_CANDIDATES} draws all taken, a random untaken point).
 */
export function proposeTpe(dims: readonly ParamDim[], history: readonly Observation[], seed: number, taken: ReadonlySet<string>, size: number): StrategyParams {
  const rng = createRng(seed);
  const order = history
    .map((h, i) => ({ h, i }))
    .sort((a, b) => {
      const sa = a.h.score;
      const sb = b.h.score;
      if (sa === null && sb === null) return a.i - b.i;
      if (sa === null) return 1;
      if (sb === null) return -1;
      return sb - sa || a.i - b.i;
    });
  const nGood = Math.max(1, Math.ceil(TPE_GAMMA * order.length));
  const good = order.slice(0, nGood).map((o) => o.h.params);
  const bad = order.slice(nGood).map((o) => o.h.params);
  const models = dims.map((d) => {
    if (d.numeric) return { l: parzen(good.map((p) => toUnit(d, p[d.key]))), g: parzen(bad.map((p) => toUnit(d, p[d.key]))) };
    const values = d.values ?? [];
    return { lc: categorical(values, good.map((p) => p[d.key])), gc: categorical(values, bad.map((p) => p[d.key])) };
  });
  let best: StrategyParams | null = null;
  let bestScore = -Infinity;
  for (let c = 0; c < TPE_CANDIDATES; c++) {
    const point: StrategyParams = {};
    let score = 0;
    dims.forEach((d, j) => {
      const m = models[j];
      if ('l' in m && m.l && m.g) {
        const v = fromUnit(d, sample(m.l, rng));
        const u = toUnit(d, v);
        point[d.key] = v;
        score += Math.log(density(m.l, u)) - Math.log(density(m.g, u));
      } else if ('lc' in m && m.lc && m.gc) {
        const v = pickCategory(m.lc, rng);
        point[d.key] = v;
        score += Math.log(m.lc.get(v) ?? 1e-12) - Math.log(m.gc.get(v) ?? 1e-12);
      }
    });
    if (size !== Infinity && taken.has(pointKey(dims, point))) continue;
    if (score > bestScore) {
      bestScore = score;
      best = point;
    }
  }
  if (best !== null) return best;
  for (let tries = 0; tries < 100_000; tries++) {
    const p = randomPoint(dims, rng);
    if (!taken.has(pointKey(dims, p))) return p;
  }
  throw new RangeError('space: every point has been evaluated');
}
