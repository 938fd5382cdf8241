/** Reading the inputs commands share: candle CSVs, strategy choices, times. */
import { basename } from 'node:path';
import { parseStandardCsv } from '../core/candles/csv';
import { parseTimeframe, type Timeframe } from '../core/candles/timeframe';
import type { CandleColumns } from '../core/candles/types';
import { checkCandleSpacing, resolveRequestStrategy, type BacktestStrategySpec, type RequestStrategy } from '../core/backtest/request';
import { parseTime } from '../core/strategy/scripted';
import type { ParamValue, StrategyParams } from '../core/strategy/types';
import { CliError, messageOf, type Context } from './io';
import { optional, required, type ParsedArgs } from './args';

/**
 * Reads a candle file in the standard format (`timestamp,open,high,low,close,volume`, UTC ms,
 * strictly ascending). Errors name the flag and the path.
 */
export function loadStandardCandles(ctx: Context, flag: string, path: string): CandleColumns {
  const text = ctx.readText(flag, path);
  let c: CandleColumns;
  try {
    c = parseStandardCsv(text);
  } catch (e) {
    throw new CliError(`--${flag} ${path}: ${messageOf(e)}`);
  }
  const t = c.time;
  for (let i = 1; i < t.length; i++) {
    if (!(t[i] > t[i - 1])) {
      throw new CliError(`--${flag} ${path}: row ${i + 1}: timestamp ${t[i]} is not after the previous row's ${t[i - 1]} (rows must be strictly ascending)`);
    }
  }
  if (t.length === 0) throw new CliError(`--${flag} ${path}: no candles in the file`);
  return c;
}

/** Throws unless the candles' most common step is one `tf` candle; names the flag and the file. */
export function checkTimeframeFlag(c: CandleColumns, tf: Timeframe, path: string): void {
  try {
    checkCandleSpacing(c.time, tf, '--timeframe');
  } catch (e) {
    throw new CliError(`${messageOf(e)} (in ${path})`);
  }
}

/** The timeframe flag (required). */
export function timeframeFlag(args: ParsedArgs, name = 'timeframe'): Timeframe {
  const text = required(args, name);
  try {
    return parseTimeframe(text, `--${name}`);
  } catch (e) {
    throw new CliError(messageOf(e));
  }
}

/** The symbol in a file name `<exchange>_<SYMBOL>_<tf>.csv`, or null. */
export function symbolFromFileName(path: string): string | null {
  const m = /^[^_]+_([^_]+)_[^_.]+\.csv$/i.exec(basename(path));
  return m ? m[1] : null;
}

/** A time flag: UTC ms or ISO 8601 (no zone = UTC). */
export function timeFlag(args: ParsedArgs, name: string): number | undefined {
  const text = optional(args, name);
  if (text === undefined) return undefined;
  const v = parseTime(text.trim());
  if (!Number.isFinite(v)) throw new CliError(`--${name}: "${text}" is not an ISO 8601 time (e.g. 2022-01-01 or 2022-01-01T12:00Z) or UTC ms`);
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The strategy of `--strategy` (a preset, HMA_SMA, SIGNAL_ENGINE, `scripted`, or a `.json` file
 * `{ "strategy": "<name>", "params": { … } }`) with `--signals` for SCRIPTED, resolved and
 * validated. Errors name the flag (and the file).
 */
export function strategyFlag(ctx: Context, args: ParsedArgs): { spec: BacktestStrategySpec; resolved: RequestStrategy } {
  const value = required(args, 'strategy');
  let spec: BacktestStrategySpec;
  let where = `--strategy: `;
  if (/\.json$/i.test(value.trim())) {
    where = `--strategy ${value}: `;
    const text = ctx.readText('strategy', value);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new CliError(`${where}not valid JSON (${messageOf(e)})`);
    }
    if (!isPlainObject(json)) throw new CliError(`${where}expected an object { "strategy": "<name>", "params": { … } }`);
    for (const key of Object.keys(json)) {
      if (key !== 'strategy' && key !== 'params') {
        throw new CliError(`${where}"${key}" is not a field (expected "strategy" and "params")`);
      }
    }
    if (typeof json.strategy !== 'string') throw new CliError(`${where}strategy: ${JSON.stringify(json.strategy) ?? 'missing'} is not a strategy name`);
    const params = json.params;
    if (params !== undefined && !isPlainObject(params)) throw new CliError(`${where}params: ${JSON.stringify(params)} is not an object`);
    const checked: StrategyParams = {};
    for (const [k, v] of Object.entries(params ?? {})) {
      if (typeof v !== 'number' && typeof v !== 'string' && typeof v !== 'boolean') {
        throw new CliError(`${where}params.${k}: ${JSON.stringify(v)} is not a number, string or boolean`);
      }
      checked[k] = v as ParamValue;
    }
    spec = { name: json.strategy, params: checked };
  } else {
    spec = { name: value };
  }
  const signals = optional(args, 'signals');
  const isScripted = spec.name.trim().toUpperCase() === 'SCRIPTED';
  if (isScripted) {
    if (signals === undefined) throw new CliError(`--signals: missing (--strategy ${value} replays a signal CSV given with --signals)`);
    const script = ctx.readText('signals', signals);
    spec.script = script;
    where = `--signals ${signals}: `;
  } else if (signals !== undefined) {
    throw new CliError(`--signals: given, but --strategy ${value} is not scripted (only "scripted" reads signals)`);
  }
  try {
    return { spec, resolved: resolveRequestStrategy(spec) };
  } catch (e) {
    const msg = messageOf(e);
    throw new CliError(/^strategy: /.test(msg) ? `--strategy: ${msg.slice('strategy: '.length)}` : `${where}${msg}`);
  }
}

/** `2021-04-04 20:00` (UTC) for a time in ms. */
export function showTime(t: number): string {
  if (!Number.isFinite(t)) return String(t);
  const iso = new Date(t).toISOString();
  return iso.endsWith(':00.000Z') ? iso.slice(0, 16).replace('T', ' ') : iso.replace('T', ' ').replace('Z', '');
}

export { inferTimeframe } from '../core/candles/infer-timeframe';

/**
 * Runs `fn`; an error whose message starts with one of the strategy's parameter keys (thrown when
 * the strategy is prepared on the data, e.g. a higher timeframe that does not fit --timeframe) is
 * re-thrown naming the --strategy flag.
 */
export function withStrategyErrors<T>(flagValue: string, resolved: RequestStrategy, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const msg = messageOf(e);
    const key = /^([A-Za-z0-9_]+): /.exec(msg)?.[1];
    if (key !== undefined && resolved.strategy.params.some((p) => p.key === key)) {
      throw new CliError(`--strategy ${flagValue}: ${msg}`);
    }
    throw e;
  }
}
