import type { ParamSpec, ParamValue, Strategy, StrategyParams } from './types';

/**
 * A strategy that can also check relations between its parameters (for example a range's
 * minimum not above its maximum) after each one passed its own schema check.
 */
export interface CheckedStrategy extends Strategy {
  checkParams?(params: StrategyParams): void;
}

/** Every parameter of `strategy` at its schema default. */
export function defaultParams(strategy: Strategy): StrategyParams {
  const out: StrategyParams = {};
  for (const spec of strategy.params) out[spec.key] = spec.default;
  return out;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}

/** Checks one value against its spec; throws `<key>: <value> ...` naming what is wrong. */
export function checkParam(spec: ParamSpec, value: unknown): ParamValue {
  const key = spec.key;
  switch (spec.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new RangeError(`${key}: ${show(value)} is not a finite number`);
      }
      if (spec.type === 'integer' && !Number.isInteger(value)) {
        throw new RangeError(`${key}: ${value} is not an integer`);
      }
      const lo = spec.min ?? -Infinity;
      const hi = spec.max ?? Infinity;
      if (value < lo || value > hi) {
        throw new RangeError(`${key}: ${value} is out of range [${lo}, ${hi}]`);
      }
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw new TypeError(`${key}: ${show(value)} is not a boolean`);
      return value;
    case 'select': {
      const options = spec.options ?? [];
      if (typeof value !== 'string' || !options.includes(value)) {
        throw new RangeError(`${key}: ${show(value)} is not one of ${options.join(', ')}`);
      }
      return value;
    }
  }
}

/**
 * Validates `params` against the strategy's schema and returns a complete parameter set
 * (missing keys take their defaults). Unknown keys, wrong types, values outside
 * [min, max], select values outside their options, and (for strategies that define them)
 * inconsistent combinations throw an error naming the key and the value.
 */
export function validateParams(strategy: Strategy, params: StrategyParams = {}): StrategyParams {
  const specs = new Map(strategy.params.map((s) => [s.key, s] as const));
  for (const key of Object.keys(params)) {
    if (!specs.has(key)) {
      const known = strategy.params.map((s) => s.key).join(', ') || 'none';
      throw new RangeError(`${key}: ${show(params[key])} is not a parameter of ${strategy.id} (known: ${known})`);
    }
  }
  const out: StrategyParams = {};
  for (const spec of strategy.params) {
    const v = Object.prototype.hasOwnProperty.call(params, spec.key) ? params[spec.key] : spec.default;
    out[spec.key] = checkParam(spec, v);
  }
  const checked = strategy as CheckedStrategy;
  if (typeof checked.checkParams === 'function') checked.checkParams(out);
  return out;
}

/** Reads a numeric parameter of an already validated set. */
export function num(params: StrategyParams, key: string): number {
  const v = params[key];
  if (typeof v !== 'number') throw new TypeError(`${key}: ${show(v)} is not a number`);
  return v;
}

/** Reads a boolean parameter of an already validated set. */
export function bool(params: StrategyParams, key: string): boolean {
  const v = params[key];
  if (typeof v !== 'boolean') throw new TypeError(`${key}: ${show(v)} is not a boolean`);
  return v;
}

/** Reads a string (select) parameter of an already validated set. */
export function str(params: StrategyParams, key: string): string {
  const v = params[key];
  if (typeof v !== 'string') throw new TypeError(`${key}: ${show(v)} is not a string`);
  return v;
}
