/**
 * A search space over a strategy's parameter schema: for each varied parameter, a range
 * (`{ min, max, step? }`, numbers and integers) or a list of values (`{ values }`, any type,
 * the only form for booleans and choices). Parameters not in the space keep the base set's value.
 *
 * Dimensions follow the schema's order, whatever the order of the object's keys, so a space names
 * the same grid everywhere. A range with a step (integers always have one: 1 unless given) is
 * discrete: its values are `min, min + step, …` up to `max` (rounded to 10 decimals so 0.1 steps
 * stay clean). A number range without a step is continuous (random and model-based search only).
 */
import { checkParam } from '../strategy/params';
import type { ParamSpec, ParamValue, Strategy, StrategyParams } from '../strategy/types';

export type ParamRange = { min: number; max: number; step?: number } | { values: ParamValue[] };
export type ParamSpace = Record<string, ParamRange>;

/** One varied parameter, checked against its schema. */
export interface ParamDim {
  key: string;
  spec: ParamSpec;
  /** Discrete values in order, or null for a continuous number range. */
  values: ParamValue[] | null;
  /** Bounds of a numeric dimension (of its values when discrete); NaN for booleans and choices. */
  min: number;
  max: number;
  /** True when the values are numbers (the model-based search treats them as ordered). */
  numeric: boolean;
}

/** Most values one dimension may list. */
export const MAX_DIM_VALUES = 10_000;

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `v` rounded to 10 decimals (so `0.1 + 0.2` is `0.3`). */
export function cleanNumber(v: number): number {
  return Number(v.toFixed(10));
}

function checked(spec: ParamSpec, v: unknown, field: string): ParamValue {
  try {
    return checkParam(spec, v);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new RangeError(`${field}: ${msg.startsWith(`${spec.key}: `) ? msg.slice(spec.key.length + 2) : msg}`);
  }
}

function resolveDim(spec: ParamSpec, range: unknown, field: string): ParamDim {
  if (!isPlainObject(range)) throw new RangeError(`${field}: ${show(range)} is not a range { min, max, step } or a list { values }`);
  if ('values' in range) {
    const values = range.values;
    if (!Array.isArray(values) || values.length === 0) throw new RangeError(`${field}.values: ${Array.isArray(values) ? 'empty' : show(values)} (list at least one value)`);
    if (values.length > MAX_DIM_VALUES) throw new RangeError(`${field}.values: ${values.length} values, more than ${MAX_DIM_VALUES}`);
    const out = values.map((v, i) => checked(spec, v, `${field}.values[${i}]`));
    const seen = new Set<ParamValue>();
    out.forEach((v, i) => {
      if (seen.has(v)) throw new RangeError(`${field}.values[${i}]: ${show(v)} is listed twice`);
      seen.add(v);
    });
    const numeric = out.every((v) => typeof v === 'number');
    const nums = numeric ? (out as number[]) : [];
    return { key: spec.key, spec, values: out, numeric, min: numeric ? Math.min(...nums) : NaN, max: numeric ? Math.max(...nums) : NaN };
  }
  if (spec.type !== 'number' && spec.type !== 'integer') {
    throw new RangeError(`${field}: ${spec.key} is a ${spec.type === 'boolean' ? 'boolean' : 'choice'}; list its values ({ values: [...] })`);
  }
  const { min, max, step } = range as { min?: unknown; max?: unknown; step?: unknown };
  const lo = checked(spec, min, `${field}.min`) as number;
  const hi = checked(spec, max, `${field}.max`) as number;
  if (lo > hi) throw new RangeError(`${field}.min: ${lo} is greater than max ${hi}`);
  let st: number | undefined;
  if (step !== undefined) {
    if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) throw new RangeError(`${field}.step: ${show(step)} is not a positive number`);
    if (spec.type === 'integer' && !Number.isInteger(step)) throw new RangeError(`${field}.step: ${step} is not an integer (${spec.key} is an integer)`);
    st = step;
  } else if (spec.type === 'integer') st = 1;
  if (st === undefined) return { key: spec.key, spec, values: null, numeric: true, min: lo, max: hi };
  const count = Math.floor(cleanNumber((hi - lo) / st)) + 1;
  if (count > MAX_DIM_VALUES) throw new RangeError(`${field}.step: ${st} gives ${count} values from ${lo} to ${hi}, more than ${MAX_DIM_VALUES}`);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(cleanNumber(lo + i * st));
  return { key: spec.key, spec, values, numeric: true, min: lo, max: values[values.length - 1] };
}

/**
 * Checks a space against the strategy's schema and returns its dimensions in schema order. Throws
 * naming the field and value: an empty space, an unknown parameter, a min above its max, an empty
 * or repeated value list, a value outside the parameter's schema, a bad step.
 */
export function resolveSpace(strategy: Strategy, space: ParamSpace): ParamDim[] {
  if (!isPlainObject(space)) throw new RangeError(`space: ${show(space)} is not an object of parameter ranges`);
  const keys = Object.keys(space);
  if (keys.length === 0) throw new RangeError('space: empty (choose at least one parameter to vary)');
  const known = new Set(strategy.params.map((p) => p.key));
  for (const k of keys) {
    if (!known.has(k)) throw new RangeError(`space.${k}: not a parameter of ${strategy.id} (known: ${[...known].join(', ') || 'none'})`);
  }
  return strategy.params.filter((p) => keys.includes(p.key)).map((p) => resolveDim(p, space[p.key], `space.${p.key}`));
}

/** Number of points of a space: the product of the dimensions' value counts; Infinity when one is continuous. */
export function spaceSize(dims: readonly ParamDim[]): number {
  let n = 1;
  for (const d of dims) n *= d.values === null ? Infinity : d.values.length;
  return n;
}

/** Point `index` of the grid (mixed radix, the last dimension fastest) over `base`. */
export function gridPoint(dims: readonly ParamDim[], index: number, base: StrategyParams = {}): StrategyParams {
  const picked = new Array<ParamValue>(dims.length);
  let rest = index;
  for (let d = dims.length - 1; d >= 0; d--) {
    const values = dims[d].values;
    if (values === null) throw new RangeError(`space.${dims[d].key}: a continuous range has no grid (give a step)`);
    picked[d] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  const out: StrategyParams = { ...base };
  dims.forEach((d, i) => (out[d.key] = picked[i]));
  return out;
}

/** The point's values of the varied parameters only, as a stable key (for spotting repeats). */
export function pointKey(dims: readonly ParamDim[], params: StrategyParams): string {
  return JSON.stringify(dims.map((d) => params[d.key]));
}

/** The varied parameters of a full parameter set, in schema order. */
export function variedParams(dims: readonly ParamDim[], params: StrategyParams): StrategyParams {
  const out: StrategyParams = {};
  for (const d of dims) out[d.key] = params[d.key];
  return out;
}
