/**
 * The Deflated Sharpe Ratio (Bailey & López de Prado, "The Deflated Sharpe Ratio: Correcting for
 * Selection Bias, Backtest Overfitting and Non-Normality", 2014).
 *
 * With N independent trials whose Sharpe ratios have variance V, the expected maximum Sharpe ratio
 * of pure luck is
 *   SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))      (γ: Euler–Mascheroni constant),
 * and the probability that the selected strategy's true Sharpe ratio exceeds it is
 *   DSR = Φ( (SR − SR₀) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 · SR²) ),
 * with SR, SR₀ and V per observation period (not annualised), T observations, γ₃ the skewness and
 * γ₄ the (non-excess) kurtosis of the selected strategy's returns.
 */
import { moments, normalCdf, normalQuantile } from './stats';

export const EULER_GAMMA = 0.5772156649015329;

export interface DsrInput {
  /** Sharpe ratio of the selected trial, per period. */
  sharpe: number;
  /** Number of return observations T of the selected trial. */
  observations: number;
  /** Number of independent trials N. */
  trials: number;
  /** Variance of the trials' Sharpe ratios (per period). */
  sharpeVariance: number;
  skew: number;
  /** Kurtosis, not excess (3 for normal returns). */
  kurtosis: number;
}

export interface DsrResult {
  /** The Sharpe ratio pure luck would reach with these trials (per period). */
  sr0: number;
  /** The test statistic. */
  z: number;
  /** Probability (0..1) that the true Sharpe ratio is above SR₀. */
  dsr: number;
}

/** Expected maximum Sharpe ratio of `trials` unskilled trials whose Sharpe ratios have variance `variance`. */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials < 2) return 0;
  const g = EULER_GAMMA;
  return Math.sqrt(variance) * ((1 - g) * normalQuantile(1 - 1 / trials) + g * normalQuantile(1 - 1 / (trials * Math.E)));
}

/** The Deflated Sharpe Ratio (see the file's doc comment). Throws naming a bad field. */
export function deflatedSharpe(input: DsrInput): DsrResult {
  const { sharpe, observations: t, trials, sharpeVariance, skew, kurtosis } = input;
  if (!Number.isFinite(sharpe)) throw new RangeError(`sharpe: ${sharpe} is not a finite number`);
  if (!Number.isInteger(t) || t < 2) throw new RangeError(`observations: ${t} must be an integer ≥ 2`);
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials: ${trials} must be a positive integer`);
  if (!(sharpeVariance >= 0)) throw new RangeError(`sharpeVariance: ${sharpeVariance} must be ≥ 0`);
  const sr0 = expectedMaxSharpe(trials, sharpeVariance);
  const denom = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  const z = denom > 0 ? ((sharpe - sr0) * Math.sqrt(t - 1)) / Math.sqrt(denom) : NaN;
  return { sr0, z, dsr: normalCdf(z) };
}

/**
 * The DSR of the selected trial from its per-period returns and every trial's per-period Sharpe
 * ratio (the selected one included): SR, T, skewness and kurtosis from `returns`, N and V from
 * `trialSharpes`. Null when the returns have no spread or there are fewer than two trials.
 */
export function deflatedSharpeOfSelection(returns: ArrayLike<number>, trialSharpes: readonly number[]): DsrResult | null {
  const m = moments(returns);
  const sr = trialSharpes.filter((s) => Number.isFinite(s));
  if (m.n < 2 || !(m.std > 0) || sr.length < 2) return null;
  const v = moments(sr).std ** 2;
  return deflatedSharpe({ sharpe: m.mean / m.std, observations: m.n, trials: sr.length, sharpeVariance: v, skew: m.skew, kurtosis: m.kurtosis });
}

/** Per-period Sharpe ratio (mean / sample std) of returns; NaN without spread. */
export function periodSharpe(returns: ArrayLike<number>): number {
  const m = moments(returns);
  return m.n >= 2 && m.std > 0 ? m.mean / m.std : NaN;
}
