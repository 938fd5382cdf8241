/**
 * Building the bot's decision log entries ("thoughts"): the decision with its confidence, scores
 * (`scores.ts`), a reasoning of at most 500 characters, key factors, a market snapshot and the
 * strategy. Texts are for people: money with two decimals and thousands separators, times as
 * `04 Apr 2021 10:00 UTC`.
 */
import { formatValue } from '../metrics/format';
import { confidenceLevel, type Reason, type Signal } from '../strategy/types';
import type { Money } from './money';
import type { MarketSnapshot, BotDecision, Decision } from './types';
import { MAX_REASONING_LENGTH } from './types';
import { opportunityScore, riskScore, type ScoreInput } from './scores';

/** Money as text: `1,234.56`. */
export function moneyText(d: Money | number): string {
  return formatValue('money', typeof d === 'number' ? d : d.toNumber());
}

/** A price as text: two decimals with separators from 1 up, else five significant digits. */
export function priceText(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (Math.abs(p) >= 1) return formatValue('money', p);
  return p === 0 ? '0' : p.toPrecision(5);
}

/** A percent as text: `2.5 %`. */
export function pctText(fraction: number): string {
  return `${Math.round(fraction * 10_000) / 100} %`;
}

/** `text` cut to at most MAX_REASONING_LENGTH characters (ending in `…` when cut). */
export function clipReasoning(text: string): string {
  return text.length <= MAX_REASONING_LENGTH ? text : `${text.slice(0, MAX_REASONING_LENGTH - 1)}…`;
}

/** Numeric values of a signal's reasons, by condition (the snapshot's indicators). */
export function indicatorsOf(signal: Signal | null): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (signal === null) return out;
  for (const r of signal.reasons) {
    if (typeof r.value === 'number') out[r.condition] = Number.isFinite(r.value) ? r.value : null;
  }
  return out;
}

/** A reason's value or threshold for reading: numbers to six significant digits. */
function readable(v: Reason['value']): string {
  return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/** A signal condition as a short phrase: `RSI(14) in long band 55.2 (threshold 45–70) pass`. */
export function factorText(r: Reason): string {
  const value = r.value === null ? '' : ` ${readable(r.value)}`;
  const threshold = r.threshold === null ? '' : ` (threshold ${readable(r.threshold)})`;
  return `${r.condition}${value}${threshold} ${r.pass ? 'pass' : 'fail'}`;
}

/** The key factors of a signal: its conditions as short phrases, passed ones first. */
export function signalFactors(signal: Signal | null): string[] {
  if (signal === null) return [];
  const passed = signal.reasons.filter((r) => r.pass);
  const failed = signal.reasons.filter((r) => !r.pass);
  return [...passed, ...failed].map(factorText);
}

/** What a decision entry is made of, before its id and derived fields. */
export interface DecisionParts {
  time: number;
  symbol: string;
  decision: Decision;
  confidence: number;
  scores: ScoreInput;
  reasoning: string;
  keyFactors: string[];
  snapshot: MarketSnapshot;
  strategy: string;
  preset: string | null;
  signalId: string | null;
}

/** A decision entry from its parts; `confidence` is clamped to 0..1 and the level derived from it. */
export function decisionEntry(
  id: string,
  account: string,
  timeframe: BotDecision['timeframe'],
  session: string | null,
  p: DecisionParts,
): BotDecision {
  const c = Number.isFinite(p.confidence) ? Math.min(1, Math.max(0, p.confidence)) : 0;
  return {
    id,
    time: p.time,
    account,
    symbol: p.symbol,
    timeframe,
    decision: p.decision,
    confidence: c,
    level: confidenceLevel(c),
    riskScore: riskScore(p.scores),
    opportunityScore: opportunityScore(p.scores),
    reasoning: clipReasoning(p.reasoning),
    keyFactors: p.keyFactors,
    snapshot: p.snapshot,
    strategy: p.strategy,
    preset: p.preset,
    session,
    signalId: p.signalId,
  };
}
