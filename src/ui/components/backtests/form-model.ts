/**
 * The new-backtest form's state as text (what the user typed), and the functions that read it:
 * each field parsed on its own, with a message naming the field and the value, then the whole
 * form as a batch spec.
 */
import { DEFAULT_BACKTEST_CONFIG, formatSizing, parseSizing, type BacktestConfig } from '../../../core/backtest/config';
import { TIMEFRAMES, type Timeframe } from '../../../core/candles/timeframe';
import { parseTime } from '../../../core/util/time-parse';
import { PRESET_NAMES } from '../../../core/strategy/presets';
import { checkParam } from '../../../core/strategy/params';
import { resolveStrategy } from '../../../core/strategy/registry';
import type { ParamSpec, ParamValue, StrategyParams } from '../../../core/strategy/types';
import type { BacktestJobConfig } from '../../../core/backtest/job';
import { parseVariantValues, type BatchPeriod, type BatchSpec, type ParamVariant } from '../../../app/backtest-batch';

/** The strategies the form offers: the signal-engine presets, HMA_SMA and SCRIPTED. */
export const STRATEGY_CHOICES: readonly string[] = [...PRESET_NAMES, 'HMA_SMA', 'SCRIPTED'];

export interface PeriodText {
  from: string;
  to: string;
}

export interface FormState {
  strategy: string;
  /** Parameter values as typed (booleans `true` / `false`, selects the option). */
  params: Record<string, string>;
  /** Parameters tried with several values. */
  vary: Record<string, boolean>;
  /** The values of a varied parameter as typed (`1.5, 2, 2.5`). */
  variants: Record<string, string>;
  script: string;
  timeframe: Timeframe;
  exchange: string;
  symbols: string[];
  mode: 'each' | 'portfolio';
  /** Date ranges as `YYYY-MM-DD` (empty = open end). */
  periods: PeriodText[];
  /** False while the first period follows the chosen series' common range. */
  periodsEdited: boolean;
  capital: string;
  fee: string;
  slippage: string;
  sizing: string;
  maxOpen: string;
  maxBars: string;
  allowLong: boolean;
  allowShort: boolean;
  exitOnOpposite: boolean;
}

const DAY = 86_400_000;
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function trimNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}

/** The schema of a strategy choice. */
export function paramSpecs(strategy: string): readonly ParamSpec[] {
  return resolveStrategy(strategy).strategy.params;
}

/**
 * The default parameter values of a strategy choice as text: the preset's (or the strategy's).
 * For strategies reading higher timeframes (HMA_SMA), a default that is not longer than the base
 * timeframe moves to the next longer ones.
 */
export function defaultParamText(strategy: string, timeframe: Timeframe): Record<string, string> {
  const r = resolveStrategy(strategy);
  const out: Record<string, string> = {};
  for (const spec of r.strategy.params) out[spec.key] = String(r.params[spec.key]);
  if (r.strategy.id === 'HMA_SMA') {
    const base = TIMEFRAMES.indexOf(timeframe);
    const longer = TIMEFRAMES.filter((tf) => TIMEFRAMES.indexOf(tf) > base);
    const keys = ['higher_tf_1', 'higher_tf_2'];
    if (keys.some((k) => TIMEFRAMES.indexOf(out[k] as Timeframe) <= base) && longer.length >= 2) {
      out.higher_tf_1 = longer[0];
      out.higher_tf_2 = longer[1];
    }
  }
  return out;
}

/** One parameter's typed value, checked against its schema; the error names the parameter and value. */
export function parseParamText(spec: ParamSpec, text: string): { value: ParamValue } | { error: string } {
  try {
    let v: unknown;
    if (spec.type === 'boolean') v = text === 'true';
    else if (spec.type === 'select') v = text;
    else {
      const t = text.trim();
      if (t === '') {
        const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : '';
        throw new RangeError(`${spec.key}: empty (enter a${spec.type === 'integer' ? 'n integer' : ' number'}${range})`);
      }
      if (!NUM_RE.test(t)) throw new RangeError(`${spec.key}: "${text}" is not a number`);
      v = Number(t);
    }
    return { value: checkParam(spec, v) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** A varied parameter's values, or the error naming the parameter and the bad value. */
export function parseVariantText(spec: ParamSpec, text: string): { values: ParamValue[] } | { error: string } {
  try {
    return { values: parseVariantValues(spec, text) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function parseNumber(label: string, text: string, min: number, max: number, integer = false): number {
  const t = text.trim();
  if (t === '') throw new RangeError(`${label}: empty (enter a number from ${min} to ${max})`);
  if (!NUM_RE.test(t)) throw new RangeError(`${label}: "${text}" is not a number`);
  const v = Number(t);
  if (integer && !Number.isInteger(v)) throw new RangeError(`${label}: ${v} is not a whole number`);
  if (v < min || v > max) throw new RangeError(`${label}: ${v} must be between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`);
  return v;
}

/** The settings fields, each parsed alone: the value, or the message naming the field and value. */
export function settingErrors(s: FormState): Record<'capital' | 'fee' | 'slippage' | 'sizing' | 'maxOpen' | 'maxBars' | 'directions', string | null> {
  const check = (f: () => unknown): string | null => {
    try {
      f();
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
  return {
    capital: check(() => parseNumber('initial balance', s.capital, 100, 1_000_000)),
    fee: check(() => parseNumber('fee %', s.fee, 0, 10)),
    slippage: check(() => parseNumber('slippage %', s.slippage, 0, 10)),
    sizing: check(() => parseSizing(s.sizing, 'sizing')),
    maxOpen: check(() => parseNumber('max open trades', s.maxOpen, 1, 10_000, true)),
    maxBars: check(() => parseNumber('max bars', s.maxBars, 0, 1_000_000_000, true)),
    directions: s.allowLong || s.allowShort ? null : 'directions: long and short are both off (allow at least one)',
  };
}

/** The engine settings of the form (throws naming the first bad field). */
export function backtestSettings(s: FormState): BacktestConfig {
  return {
    ...DEFAULT_BACKTEST_CONFIG,
    initialCapital: parseNumber('initial balance', s.capital, 100, 1_000_000),
    feeRate: Number((parseNumber('fee %', s.fee, 0, 10) / 100).toPrecision(12)),
    slippage: Number((parseNumber('slippage %', s.slippage, 0, 10) / 100).toPrecision(12)),
    sizing: parseSizing(s.sizing, 'sizing'),
    maxOpenTrades: parseNumber('max open trades', s.maxOpen, 1, 10_000, true),
    maxBars: parseNumber('max bars', s.maxBars, 0, 1_000_000_000, true),
    allowLong: s.allowLong,
    allowShort: s.allowShort,
    exitOnOpposite: s.exitOnOpposite,
  };
}

/** `YYYY-MM-DD` of a UTC time. */
export function dateText(t: number | null): string {
  return t === null || !Number.isFinite(t) ? '' : new Date(t).toISOString().slice(0, 10);
}

function parseDay(label: string, text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const v = parseTime(t, { iso: 'date' });
  if (!Number.isFinite(v)) throw new RangeError(`${label}: "${text}" is not a date (YYYY-MM-DD)`);
  return v;
}

/**
 * A date range as a trading window: from the start of the `from` day to the end of the `to` day
 * (UTC), so every candle opening on either day is included. Empty ends are open.
 */
export function parsePeriod(p: PeriodText, i: number): BatchPeriod {
  const label = `periods[${i}]`;
  const from = parseDay(`${label}.from`, p.from);
  const toDay = parseDay(`${label}.to`, p.to);
  const to = toDay === null ? null : toDay + DAY - 1;
  if (from !== null && toDay !== null && from > toDay) throw new RangeError(`${label}: from ${p.from} is after to ${p.to}`);
  return { from, to };
}

/** The period of a stored window as date text (the inverse of {@link parsePeriod}). */
export function periodText(from: number | null, to: number | null): PeriodText {
  return { from: dateText(from), to: dateText(to) };
}

/** The form as a batch spec; throws naming the first bad field and value. */
export function formSpec(s: FormState, periods: readonly PeriodText[]): BatchSpec {
  const specs = paramSpecs(s.strategy);
  const params: StrategyParams = {};
  const variants: ParamVariant[] = [];
  for (const spec of specs) {
    if (s.vary[spec.key]) {
      const r = parseVariantText(spec, s.variants[spec.key] ?? '');
      if ('error' in r) throw new RangeError(r.error);
      if (r.values.length === 1) params[spec.key] = r.values[0];
      else variants.push({ key: spec.key, values: r.values });
    } else {
      const r = parseParamText(spec, s.params[spec.key] ?? '');
      if ('error' in r) throw new RangeError(r.error);
      params[spec.key] = r.value;
    }
  }
  const out: BatchSpec = {
    exchange: s.exchange,
    timeframe: s.timeframe,
    strategy: s.strategy,
    params,
    symbols: [...s.symbols],
    mode: s.mode,
    periods: periods.map(parsePeriod),
    variants,
    backtest: backtestSettings(s),
  };
  if (resolveStrategy(s.strategy).strategy.id === 'SCRIPTED') {
    if (s.script.trim() === '') throw new RangeError('script: empty (paste the signals CSV or choose a file)');
    out.script = s.script;
  }
  return out;
}

/** The initial form. */
export function initialForm(timeframe: Timeframe = '1h'): FormState {
  return {
    strategy: 'BALANCED',
    params: defaultParamText('BALANCED', timeframe),
    vary: {},
    variants: {},
    script: '',
    timeframe,
    exchange: '',
    symbols: [],
    mode: 'each',
    periods: [{ from: '', to: '' }],
    periodsEdited: false,
    capital: String(DEFAULT_BACKTEST_CONFIG.initialCapital),
    fee: trimNumber(DEFAULT_BACKTEST_CONFIG.feeRate * 100),
    slippage: trimNumber(DEFAULT_BACKTEST_CONFIG.slippage * 100),
    sizing: formatSizing(DEFAULT_BACKTEST_CONFIG.sizing),
    maxOpen: String(DEFAULT_BACKTEST_CONFIG.maxOpenTrades),
    maxBars: String(DEFAULT_BACKTEST_CONFIG.maxBars),
    allowLong: DEFAULT_BACKTEST_CONFIG.allowLong,
    allowShort: DEFAULT_BACKTEST_CONFIG.allowShort,
    exitOnOpposite: DEFAULT_BACKTEST_CONFIG.exitOnOpposite,
  };
}

/** The form filled from a stored job's configuration ("edit and run"). */
export function formFromJob(c: BacktestJobConfig): FormState {
  const base = initialForm(c.timeframe);
  const strategy = STRATEGY_CHOICES.includes(c.strategy.toUpperCase()) ? c.strategy.toUpperCase() : base.strategy;
  const params = defaultParamText(strategy, c.timeframe);
  const ran = c.report?.strategy.params ?? c.params;
  for (const [k, v] of Object.entries(ran ?? {})) if (k in params) params[k] = String(v);
  const b = c.report?.config ?? c.backtest;
  return {
    ...base,
    strategy,
    params,
    script: c.script ?? '',
    timeframe: c.timeframe,
    exchange: c.exchange,
    symbols: [...c.symbols],
    mode: c.symbols.length > 1 ? 'portfolio' : 'each',
    periods: [periodText(c.from, c.to)],
    periodsEdited: true,
    capital: trimNumber(b.initialCapital),
    fee: trimNumber(b.feeRate * 100),
    slippage: trimNumber(b.slippage * 100),
    sizing: formatSizing(b.sizing),
    maxOpen: String(b.maxOpenTrades),
    maxBars: String(b.maxBars),
    allowLong: b.allowLong,
    allowShort: b.allowShort,
    exitOnOpposite: b.exitOnOpposite,
  };
}
