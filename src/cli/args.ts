/**
 * A small command-line flag parser: `--name value`, `--name=value`, boolean switches, repeated
 * flags (`--candles a --candles b`) and `--help`. Anything else (an unknown flag, a missing value,
 * a positional argument, a non-repeatable flag given twice) is a {@link CliError} naming it.
 */
import { CliError } from './io';

export interface FlagSpec {
  /** `string` takes a value; `boolean` is a switch. */
  type: 'string' | 'boolean';
  /** May be given more than once (values kept in order). */
  repeat?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  /** Values of string flags by name (without `--`), in the order given. */
  values: Map<string, string[]>;
  /** Boolean switches given. */
  switches: Set<string>;
  /** `--help` or `-h` was given. */
  help: boolean;
}

/** Parses `argv` (the words after the command) against `specs`. */
export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): ParsedArgs {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  let help = false;
  const known = () => ['--help', ...Object.keys(specs).map((k) => `--${k}`)].join(', ');
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    if (!word.startsWith('--') || word === '--') {
      throw new CliError(`${command}: unexpected argument "${word}" (flags start with --; known: ${known()})`);
    }
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
    if (spec === undefined) throw new CliError(`${command}: unknown flag --${name} (known: ${known()})`);
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new CliError(`--${name}: is a switch and takes no value (got "${word.slice(eq + 1)}")`);
      switches.add(name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = word.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new CliError(`--${name}: needs a value`);
      value = next;
      i++;
    }
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else if (spec.repeat) list.push(value);
    else throw new CliError(`--${name}: given twice ("${list[0]}" and "${value}"); it takes one value`);
  }
  return { values, switches, help };
}

/** The value of a single-valued flag, or undefined. */
export function optional(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

/** The value of a required flag; throws naming it when missing. */
export function required(args: ParsedArgs, name: string): string {
  const v = optional(args, name);
  if (v === undefined) throw new CliError(`--${name}: missing (required)`);
  return v;
}

/** Every value of a repeatable flag (empty when not given). */
export function all(args: ParsedArgs, name: string): string[] {
  return args.values.get(name) ?? [];
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** Appended to the range in messages, e.g. "percent". */
  unit?: string;
}

/** A plain decimal number; throws `--name: "text" is not a number` otherwise, or naming the range. */
export function parseNumberFlag(name: string, text: string, rule: NumberRule = {}): number {
  const t = text.trim();
  const v = NUMBER_RE.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(v)) throw new CliError(`--${name}: "${text}" is not a number`);
  if (rule.integer && !Number.isInteger(v)) throw new CliError(`--${name}: ${text} is not an integer`);
  const lo = rule.min ?? -Infinity;
  const hi = rule.max ?? Infinity;
  if (v < lo || v > hi) {
    const range = hi === Infinity ? `at least ${lo}` : lo === -Infinity ? `at most ${hi}` : `between ${lo} and ${hi}`;
    throw new CliError(`--${name}: ${text} is out of range (must be ${range}${rule.unit ? ` ${rule.unit}` : ''})`);
  }
  return v;
}

/** A number flag with a default. */
export function numberFlag(args: ParsedArgs, name: string, fallback: number, rule: NumberRule = {}): number {
  const v = optional(args, name);
  return v === undefined ? fallback : parseNumberFlag(name, v, rule);
}
