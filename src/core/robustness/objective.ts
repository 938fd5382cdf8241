/**
 * What an optimisation maximises, and which results it may choose at all.
 *
 * The objective is one metric of docs/metrics.md (Sharpe, SQN, profit factor, ROI %, Calmar) or a
 * custom weighted sum `Σ w_k · metric_k`. A result whose objective is undefined (a null metric), or
 * that breaks a constraint (fewer trades than `minTrades`, a max drawdown above `maxDrawdownPct`),
 * scores null and ranks after every result that scores.
 */
import type { MetricKey, Metrics } from '../metrics';
import { METRIC_DEFINITIONS } from '../metrics';

export type ObjectiveKind = 'sharpe' | 'sqn' | 'profitFactor' | 'roiPct' | 'calmar' | 'custom';
export const OBJECTIVE_KINDS: readonly ObjectiveKind[] = ['sharpe', 'sqn', 'profitFactor', 'roiPct', 'calmar', 'custom'];

export interface Objective {
  kind: ObjectiveKind;
  /** `custom` only: metric → weight. */
  weights?: Partial<Record<MetricKey, number>>;
}

export interface Constraints {
  /** Fewest closed trades a result needs (default 0). */
  minTrades?: number;
  /** Largest max drawdown % a result may have (default: no limit). */
  maxDrawdownPct?: number;
}

const METRIC_KEYS = new Set<string>(METRIC_DEFINITIONS.map((d) => d.key));

/** Throws naming the field and value unless the objective and constraints are valid. */
export function validateObjective(o: Objective, c: Constraints = {}): void {
  if (o === null || typeof o !== 'object' || !(OBJECTIVE_KINDS as readonly string[]).includes(o.kind)) {
    throw new RangeError(`objective: ${JSON.stringify(o?.kind ?? o)} is not one of ${OBJECTIVE_KINDS.join(', ')}`);
  }
  if (o.kind === 'custom') {
    const w = o.weights ?? {};
    const keys = Object.keys(w);
    if (keys.length === 0) throw new RangeError('objective.weights: empty (a custom objective weighs at least one metric)');
    for (const k of keys) {
      if (!METRIC_KEYS.has(k)) throw new RangeError(`objective.weights.${k}: not a metric`);
      const v = w[k as MetricKey];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`objective.weights.${k}: ${String(v)} is not a finite number`);
    }
  }
  if (c.minTrades !== undefined && (!Number.isInteger(c.minTrades) || c.minTrades < 0)) {
    throw new RangeError(`constraints.minTrades: ${String(c.minTrades)} is not a non-negative integer`);
  }
  if (c.maxDrawdownPct !== undefined && !(c.maxDrawdownPct > 0 && c.maxDrawdownPct <= 100)) {
    throw new RangeError(`constraints.maxDrawdownPct: ${String(c.maxDrawdownPct)} must be greater than 0 and at most 100`);
  }
}

/** The objective's value for these metrics, or null when undefined. */
export function objectiveValue(m: Partial<Metrics>, o: Objective): number | null {
  if (o.kind !== 'custom') {
    const v = m[o.kind];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  let s = 0;
  for (const [k, w] of Object.entries(o.weights ?? {})) {
    const v = m[k as MetricKey];
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    s += (w as number) * v;
  }
  return s;
}

/** Why the metrics break a constraint, or null when they keep all of them. */
export function constraintBreach(m: Partial<Metrics>, c: Constraints): string | null {
  const trades = m.totalTrades ?? 0;
  if (c.minTrades !== undefined && trades < c.minTrades) return `${trades} trades < min ${c.minTrades}`;
  if (c.maxDrawdownPct !== undefined && (m.maxDrawdownPct ?? 0) > c.maxDrawdownPct) {
    return `max drawdown ${(m.maxDrawdownPct ?? 0).toFixed(2)} % > ${c.maxDrawdownPct} %`;
  }
  return null;
}

/** The score a result ranks by: the objective's value, or null when undefined or a constraint is broken. */
export function scoreOf(m: Partial<Metrics>, o: Objective, c: Constraints): number | null {
  return constraintBreach(m, c) === null ? objectiveValue(m, o) : null;
}

/** Ordering of scores: higher first, null last; ties by the lower index. */
export function compareScores(a: { score: number | null; index: number }, b: { score: number | null; index: number }): number {
  if (a.score === null && b.score === null) return a.index - b.index;
  if (a.score === null) return 1;
  if (b.score === null) return -1;
  return b.score - a.score || a.index - b.index;
}

/** One line naming the objective, e.g. "Sharpe" or "custom: 1 × sharpe + 0.5 × calmar". */
export function describeObjective(o: Objective): string {
  if (o.kind !== 'custom') return METRIC_DEFINITIONS.find((d) => d.key === o.kind)?.label ?? o.kind;
  return `custom: ${Object.entries(o.weights ?? {})
    .map(([k, w]) => `${w} × ${k}`)
    .join(' + ')}`;
}
