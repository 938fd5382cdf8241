/**
 * The robustness forms as plain state, and their translation into engine configurations. Every
 * parse error names the field and the value, as the engine's own checks do.
 */
import type { MetricKey } from '../../../core/metrics';
import { OBJECTIVE_KINDS, type Objective, type ObjectiveKind } from '../../../core/robustness/objective';
import type { OptimiserConfig, OptimiserMethod } from '../../../core/robustness/optimiser/optimiser';
import type { ParamRange, ParamSpace } from '../../../core/robustness/param-space';
import type { ParamSpec, ParamValue } from '../../../core/strategy/types';

const DAY = 86_400_000;

export interface SpaceRow {
  key: string;
  on: boolean;
  mode: 'range' | 'list';
  min: string;
  max: string;
  step: string;
  list: string;
}

export interface SearchState {
  rows: SpaceRow[];
  method: OptimiserMethod;
  evaluations: string;
  seed: string;
  objective: ObjectiveKind;
  weights: string;
  minTrades: string;
  maxDrawdownPct: string;
}

export function initialRows(specs: readonly ParamSpec[]): SpaceRow[] {
  return specs.map((s) => {
    const numeric = s.type === 'number' || s.type === 'integer';
    const d = s.default;
    return {
      key: s.key,
      on: false,
      mode: numeric ? 'range' : 'list',
      min: numeric ? String(d) : '',
      max: numeric ? String(d) : '',
      step: numeric ? String(s.step ?? (s.type === 'integer' ? 1 : '')) : '',
      list: s.type === 'boolean' ? 'on, off' : String(d),
    };
  });
}

export function initialSearch(specs: readonly ParamSpec[]): SearchState {
  return { rows: initialRows(specs), method: 'grid', evaluations: '50', seed: '1', objective: 'sharpe', weights: 'sharpe=1, calmar=0.5', minTrades: '20', maxDrawdownPct: '' };
}

function number(field: string, text: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw new RangeError(`${field}: "${text}" is not a number`);
  return v;
}

function listValue(spec: ParamSpec, field: string, text: string): ParamValue {
  const t = text.trim();
  if (spec.type === 'boolean') {
    if (/^(on|true|yes)$/i.test(t)) return true;
    if (/^(off|false|no)$/i.test(t)) return false;
    throw new RangeError(`${field}: "${text}" is not on or off`);
  }
  if (spec.type === 'select') return t;
  return number(field, t);
}

/** The parameter space of the ticked rows (empty when none is ticked: the engine names that). */
export function spaceOf(rows: readonly SpaceRow[], specs: readonly ParamSpec[]): ParamSpace {
  const space: ParamSpace = {};
  for (const r of rows) {
    if (!r.on) continue;
    const spec = specs.find((s) => s.key === r.key);
    if (!spec) continue;
    let range: ParamRange;
    if (r.mode === 'range') {
      range = { min: number(`space.${r.key}.min`, r.min), max: number(`space.${r.key}.max`, r.max) };
      if (r.step.trim() !== '') range.step = number(`space.${r.key}.step`, r.step);
    } else {
      const parts = r.list.split(',').filter((p) => p.trim() !== '');
      range = { values: parts.map((p, i) => listValue(spec, `space.${r.key}.values[${i}]`, p)) };
    }
    space[r.key] = range;
  }
  return space;
}

export function objectiveOf(s: SearchState): Objective {
  if (!(OBJECTIVE_KINDS as readonly string[]).includes(s.objective)) throw new RangeError(`objective: "${s.objective}" is not an objective`);
  if (s.objective !== 'custom') return { kind: s.objective };
  const weights: Partial<Record<MetricKey, number>> = {};
  for (const part of s.weights.split(',')) {
    if (part.trim() === '') continue;
    const m = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!m) throw new RangeError(`objective.weights: "${part.trim()}" is not metric=weight`);
    weights[m[1] as MetricKey] = number(`objective.weights.${m[1]}`, m[2]);
  }
  return { kind: 'custom', weights };
}

export function optimiserOf(s: SearchState, specs: readonly ParamSpec[]): OptimiserConfig {
  const constraints: OptimiserConfig['constraints'] = {};
  if (s.minTrades.trim() !== '') constraints.minTrades = number('constraints.minTrades', s.minTrades);
  if (s.maxDrawdownPct.trim() !== '') constraints.maxDrawdownPct = number('constraints.maxDrawdownPct', s.maxDrawdownPct);
  return {
    method: s.method,
    space: spaceOf(s.rows, specs),
    evaluations: s.method === 'grid' ? null : number('evaluations', s.evaluations),
    seed: number('seed', s.seed),
    objective: objectiveOf(s),
    constraints,
  };
}

/** `yyyy-mm-dd` of a UTC time. */
export function dateText(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** The UTC midnight a date field names; `endOfDay` gives the last millisecond of that day. */
export function dateValue(field: string, text: string, endOfDay = false): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${field}: "${text}" is not a date (yyyy-mm-dd)`);
  return endOfDay ? t + DAY - 1 : t;
}
