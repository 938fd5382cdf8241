/**
 * The Probability of Backtest Overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", 2015).
 *
 * M is a T × N matrix: the per-period returns of N trials over the same T periods. Its rows are cut
 * into S contiguous blocks of equal size (the first T mod S rows are dropped). For every choice of
 * S/2 blocks as the in-sample set J (the other half J̄ out of sample; C(S, S/2) combinations):
 * 1. every trial's performance (the Sharpe ratio mean / sample std of its returns) on J and on J̄;
 * 2. n* = the trial with the best in-sample performance (lowest index on ties);
 * 3. ω = r / (N + 1), r the rank of n*'s out-of-sample performance among the N (1 = worst; tied
 *    trials share their average rank);
 * 4. λ = ln(ω / (1 − ω)).
 * PBO is the share of combinations with λ ≤ 0: how often the in-sample best falls to the bottom half
 * out of sample. Performance degradation: the regression slope of the out-of-sample on the
 * in-sample performance of n* across combinations.
 */

export interface PboResult {
  pbo: number;
  /** λ of every combination, in combination order. */
  logits: number[];
  combinations: number;
  blocks: number;
  /** Rows used per block. */
  blockSize: number;
  /** Slope of OOS on IS performance of the selected trial (negative: the better in sample, the worse out). */
  slope: number | null;
  /** Share of combinations whose selected trial lost money out of sample (mean return < 0). */
  probabilityOfLoss: number;
}

/** Every way to choose k of 0..n−1, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const c = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    out.push([...c]);
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return out;
    c[i]++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  }
}

/**
 * PBO of `trials` (each the per-period returns of one trial, all of the same length T) with `S`
 * blocks (even, ≥ 2, at most T). Throws naming the field and value.
 */
export function probabilityOfOverfitting(trials: ReadonlyArray<ArrayLike<number>>, S = 16): PboResult {
  const n = trials.length;
  if (n < 2) throw new RangeError(`trials: ${n}; PBO needs at least 2 trials`);
  const T = trials[0].length;
  trials.forEach((t, i) => {
    if (t.length !== T) throw new RangeError(`trials[${i}]: ${t.length} returns, but trials[0] has ${T} (every trial must cover the same periods)`);
  });
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0) throw new RangeError(`blocks: ${S} must be an even integer ≥ 2`);
  if (T < S) throw new RangeError(`blocks: ${S} blocks need at least ${S} returns per trial (have ${T})`);
  const size = Math.floor(T / S);
  const skip = T - size * S;
  // Sufficient statistics per trial and block: count, sum, sum of squares.
  const sum = new Float64Array(n * S);
  const sq = new Float64Array(n * S);
  for (let i = 0; i < n; i++) {
    const r = trials[i];
    for (let b = 0; b < S; b++) {
      let s = 0;
      let q = 0;
      for (let t = skip + b * size; t < skip + (b + 1) * size; t++) {
        const v = r[t];
        s += v;
        q += v * v;
      }
      sum[i * S + b] = s;
      sq[i * S + b] = q;
    }
  }
  const half = S / 2;
  const count = half * size;
  const perf = (i: number, blocks: readonly number[]): { sharpe: number; mean: number } => {
    let s = 0;
    let q = 0;
    for (const b of blocks) {
      s += sum[i * S + b];
      q += sq[i * S + b];
    }
    const mean = s / count;
    const v = count > 1 ? (q - count * mean * mean) / (count - 1) : 0;
    const sd = v > 0 ? Math.sqrt(v) : 0;
    return { sharpe: sd > 0 ? mean / sd : mean > 0 ? Infinity : mean < 0 ? -Infinity : 0, mean };
  };
  const combos = combinations(S, half);
  const logits: number[] = [];
  let overfit = 0;
  let loss = 0;
  const isPerf: number[] = [];
  const oosPerf: number[] = [];
  const oos = new Float64Array(n);
  for (const J of combos) {
    const inJ = new Set(J);
    const Jbar: number[] = [];
    for (let b = 0; b < S; b++) if (!inJ.has(b)) Jbar.push(b);
    let best = 0;
    let bestIs = -Infinity;
    for (let i = 0; i < n; i++) {
      const p = perf(i, J).sharpe;
      if (p > bestIs) {
        bestIs = p;
        best = i;
      }
      oos[i] = perf(i, Jbar).sharpe;
    }
    const mine = oos[best];
    let below = 0;
    let equal = 0;
    for (let i = 0; i < n; i++) {
      if (oos[i] < mine) below++;
      else if (oos[i] === mine) equal++;
    }
    const rank = below + (equal + 1) / 2;
    const w = rank / (n + 1);
    const lambda = Math.log(w / (1 - w));
    logits.push(lambda);
    if (lambda <= 0) overfit++;
    if (perf(best, Jbar).mean < 0) loss++;
    isPerf.push(bestIs);
    oosPerf.push(mine);
  }
  return {
    pbo: overfit / combos.length,
    logits,
    combinations: combos.length,
    blocks: S,
    blockSize: size,
    slope: slopeOf(isPerf, oosPerf),
    probabilityOfLoss: loss / combos.length,
  };
}

function slopeOf(x: number[], y: number[]): number | null {
  const pts = x.map((v, i) => [v, y[i]] as const).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  const n = pts.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (const [a, b] of pts) {
    mx += a;
    my += b;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (const [a, b] of pts) {
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/** The largest even block count ≤ `preferred` that leaves at least `minRows` rows per block, or null when even 2 blocks do not. */
export function pboBlocks(T: number, preferred = 16, minRows = 5): number | null {
  for (let s = preferred; s >= 2; s -= 2) if (Math.floor(T / s) >= minRows) return s;
  return null;
}
