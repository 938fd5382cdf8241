/**
 * Small statistics used by the robustness lab: the standard normal distribution (CDF and quantile),
 * sample moments, percentiles and histograms. Pure functions over numbers and typed arrays.
 */

/**
 * Standard normal CDF Φ(x), by the complementary error function of W. J. Cody's rational
 * approximations as given in Numerical Recipes (erfc with Chebyshev fit, relative error < 1.2e-7).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Wichura's algorithm AS 241, PPND16: about 16
 * significant digits). Returns -Infinity at 0, Infinity at 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    v =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -v : v;
}

/** Mean, sample standard deviation (n−1), skewness and kurtosis (not excess: 3 for a normal) of `xs`. */
export interface Moments {
  n: number;
  mean: number;
  std: number;
  /** Third standardised moment (population form), 0 when the std is 0. */
  skew: number;
  /** Fourth standardised moment (population form, 3 for a normal), 3 when the std is 0. */
  kurtosis: number;
}

export function moments(xs: ArrayLike<number>): Moments {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean = n > 0 ? mean / n : NaN;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const std = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0;
  const pv = n > 0 ? m2 / n : 0;
  const skew = pv > 0 ? m3 / n / Math.pow(pv, 1.5) : 0;
  const kurtosis = pv > 0 ? m4 / n / (pv * pv) : 3;
  return { n, mean, std, skew, kurtosis };
}

/**
 * The `p`-th percentile (0..100) of ascending `sorted`, by linear interpolation between the closest
 * ranks (`(n − 1) · p / 100`, the usual "type 7" definition). NaN for an empty array.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A histogram: `counts[i]` values fell in [edges[i], edges[i+1]) (the last bin includes its right edge). */
export interface HistogramData {
  edges: number[];
  counts: number[];
}

/**
 * Histogram of the finite values of `xs` in `bins` equal-width bins from the smallest to the
 * largest value. All values equal (within 1e-9 relative, i.e. rounding noise): one bin of width 1
 * around the smallest. No finite value: no bin.
 */
export function histogram(xs: ArrayLike<number>, bins: number): HistogramData {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return { edges: [], counts: [] };
  if (hi - lo <= 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi))) {
    let c = 0;
    for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) c++;
    return { edges: [lo - 0.5, lo + 0.5], counts: [c] };
  }
  const width = (hi - lo) / bins;
  const edges = new Array<number>(bins + 1);
  for (let b = 0; b <= bins; b++) edges[b] = b === bins ? hi : lo + b * width;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!Number.isFinite(v)) continue;
    let b = Math.floor((v - lo) / width);
    if (b >= bins) b = bins - 1;
    counts[b]++;
  }
  return { edges, counts };
}
