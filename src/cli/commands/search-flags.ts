/** Flags shared by `optimise` and `walkforward`: the search space, method, budget, seed, objective and constraints. */
import type { MetricKey } from '../../core/metrics';
import { OBJECTIVE_KINDS, type Constraints, type Objective, type ObjectiveKind } from '../../core/robustness/objective';
import { OPTIMISER_METHODS, type OptimiserConfig, type OptimiserMethod } from '../../core/robustness/optimiser/optimiser';
import type { ParamSpace } from '../../core/robustness/param-space';
import { numberFlag, optional, required, type FlagSpecs, type ParsedArgs } from '../args';
import { CliError, messageOf, type Context } from '../io';

export const SEARCH_FLAGS: FlagSpecs = {
  space: { type: 'string' },
  method: { type: 'string' },
  evaluations: { type: 'string' },
  seed: { type: 'string' },
  objective: { type: 'string' },
  weights: { type: 'string' },
  'min-trades': { type: 'string' },
  'max-dd': { type: 'string' },
};

export const SEARCH_USAGE = `  --space        JSON file: { "<param>": { "min": 1, "max": 3, "step": 0.5 } | { "values": [ … ] }, … }
                 (parameters of the strategy's schema; a number range without a step is continuous)
  --method       grid (the whole space), random or tpe (model-based, seeded)   (default grid)
  --evaluations  random / tpe: how many parameter sets to evaluate (at most the space's size)
  --seed         seed of random and tpe (default 1)
  --objective    sharpe, sqn, profitFactor, roiPct, calmar or custom (default sharpe)
  --weights      custom: metric=weight pairs, e.g. sharpe=1,calmar=0.5
  --min-trades   results with fewer closed trades are not chosen (default 0)
  --max-dd       results whose max drawdown % is above this are not chosen`;

/** Reads `--space` as a parameter space (its content is checked against the strategy later). */
export function spaceFlag(ctx: Context, args: ParsedArgs): ParamSpace {
  const path = required(args, 'space');
  const text = ctx.readText('space', path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CliError(`--space ${path}: not valid JSON (${messageOf(e)})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new CliError(`--space ${path}: expected an object of parameter ranges`);
  return json as ParamSpace;
}

/** The objective of `--objective` / `--weights`. */
export function objectiveFlag(args: ParsedArgs): Objective {
  const kind = (optional(args, 'objective') ?? 'sharpe').trim();
  if (!(OBJECTIVE_KINDS as readonly string[]).includes(kind)) throw new CliError(`--objective: "${kind}" is not one of ${OBJECTIVE_KINDS.join(', ')}`);
  const w = optional(args, 'weights');
  if (kind !== 'custom') {
    if (w !== undefined) throw new CliError(`--weights: given, but --objective ${kind} is not custom`);
    return { kind: kind as ObjectiveKind };
  }
  if (w === undefined) throw new CliError('--weights: missing (--objective custom weighs metrics, e.g. --weights sharpe=1,calmar=0.5)');
  const weights: Partial<Record<MetricKey, number>> = {};
  for (const part of w.split(',')) {
    const m = /^\s*([A-Za-z]+)\s*=\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*$/.exec(part);
    if (!m) throw new CliError(`--weights: "${part}" is not metric=weight`);
    weights[m[1] as MetricKey] = Number(m[2]);
  }
  return { kind: 'custom', weights };
}

export function constraintsFlag(args: ParsedArgs): Constraints {
  const c: Constraints = {};
  if (optional(args, 'min-trades') !== undefined) c.minTrades = numberFlag(args, 'min-trades', 0, { min: 0, integer: true });
  if (optional(args, 'max-dd') !== undefined) c.maxDrawdownPct = numberFlag(args, 'max-dd', 100, { min: 0, max: 100, unit: 'percent' });
  return c;
}

/** The optimiser configuration of the search flags. */
export function optimiserFlags(ctx: Context, args: ParsedArgs): OptimiserConfig {
  const method = (optional(args, 'method') ?? 'grid').trim();
  if (!(OPTIMISER_METHODS as readonly string[]).includes(method)) throw new CliError(`--method: "${method}" is not one of ${OPTIMISER_METHODS.join(', ')}`);
  const evaluations = optional(args, 'evaluations') === undefined ? null : numberFlag(args, 'evaluations', 0, { min: 1, integer: true });
  if (method !== 'grid' && evaluations === null) throw new CliError(`--evaluations: missing (--method ${method} needs a budget)`);
  if (method === 'grid' && evaluations !== null) throw new CliError('--evaluations: given, but grid evaluates the whole space (use --method random or tpe for a budget)');
  return {
    method: method as OptimiserMethod,
    space: spaceFlag(ctx, args),
    evaluations,
    seed: numberFlag(args, 'seed', 1, { min: 0, max: 0xffffffff, integer: true }),
    objective: objectiveFlag(args),
    constraints: constraintsFlag(args),
  };
}

/** Runs `fn`, turning a configuration error (`space.…`, `evaluations: …`) into a CLI error naming the flag. */
export function withSearchErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    const msg = messageOf(e);
    const flag = /^(space|evaluations|seed|objective|constraints|method|inSampleDays|outOfSampleDays|stepDays|holdoutFrom|mode|from)\b/.exec(msg)?.[1];
    if (flag === undefined) throw e;
    const name: Record<string, string> = {
      space: '--space',
      evaluations: '--evaluations',
      seed: '--seed',
      objective: '--objective',
      constraints: '--min-trades/--max-dd',
      method: '--method',
      inSampleDays: '--is-days',
      outOfSampleDays: '--oos-days',
      stepDays: '--step-days',
      holdoutFrom: '--holdout-from',
      mode: '--mode',
      from: '--from',
    };
    throw new CliError(`${name[flag]}: ${msg}`);
  }
}
