/**
 * The risk and opportunity scores of a decision, 0–100 (integers).
 *
 * **Opportunity** — how attractive the trade idea is:
 * `round(100 × (0.6 × confidence + 0.4 × min(1, rr / 3)))`, where `confidence` is the signal's
 * (0..1) and `rr = target distance / stop distance` is the reward-to-risk of the levels in force
 * (0 when either level is missing). Confidence 1 with a 3 : 1 target scores 100.
 *
 * **Risk** — how much the decision exposes the account:
 * `round(100 × (0.4 × stopPart + 0.3 × exposure + 0.3 × dailyLossUsed))`, where
 * - `stopPart = min(1, stop distance / 5 %)`, and 1 when there is no stop (unbounded loss);
 * - `exposure = min(1, open positions / max open trades)`, counted after the decision;
 * - `dailyLossUsed = min(1, max(0, −today's realised P&L) / (start-of-day equity × max daily loss %))`.
 * The SYSTEM book has no limits: its exposure and daily-loss parts are 0.
 */

/** Inputs of {@link opportunityScore} and {@link riskScore}; distances are fractions (0.02 = 2 %), 0 = none. */
export interface ScoreInput {
  confidence: number;
  stopFraction: number;
  targetFraction: number;
  /** Open positions after the decision, divided by the account's max open trades (0 for SYSTEM). */
  exposure: number;
  /** Share of today's loss limit already lost (0 for SYSTEM). */
  dailyLossUsed: number;
}

/** A stop this far (5 %) or farther counts as the full stop part of the risk score. */
export const FULL_RISK_STOP = 0.05;
/** A reward-to-risk this high (3 : 1) counts as the full reward part of the opportunity score. */
export const FULL_REWARD_RATIO = 3;

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

export function opportunityScore(s: ScoreInput): number {
  const rr = s.stopFraction > 0 && s.targetFraction > 0 ? s.targetFraction / s.stopFraction : 0;
  return Math.round(100 * clamp01(0.6 * clamp01(s.confidence) + 0.4 * Math.min(1, rr / FULL_REWARD_RATIO)));
}

export function riskScore(s: ScoreInput): number {
  const stopPart = s.stopFraction > 0 ? Math.min(1, s.stopFraction / FULL_RISK_STOP) : 1;
  return Math.round(100 * clamp01(0.4 * stopPart + 0.3 * clamp01(s.exposure) + 0.3 * clamp01(s.dailyLossUsed)));
}
