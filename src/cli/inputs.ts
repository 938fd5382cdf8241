/** Reading the inputs commands share: strategy choices, signal scripts, times, symbols. */
import { basename } from 'node:path';
import { parseTimeframe, type Timeframe } from '../core/candles/timeframe';
import type { CandleColumns } from '../core/candles/types';
import { lowerBound } from '../core/util/binary-search';
import { resolveRequestStrategy, type BacktestStrategySpec, type RequestStrategy } from '../core/backtest/request';
import { normaliseSymbol, parseScriptedSignals } from '../core/strategy/scripted';
import { parseTime } from '../core/util/time-parse';
import type { ParamValue, StrategyParams } from '../core/strategy/types';
import { CliError, messageOf, type Context } from './io';
import { optional, required, type ParsedArgs } from './args';

/** The timeframe flag (required). */
export function timeframeFlag(args: ParsedArgs, name = 'timeframe'): Timeframe {
  const tf = optionalTimeframeFlag(args, name);
  if (tf === undefined) required(args, name);
  return tf as Timeframe;
}

/** The timeframe flag, or undefined when not given. */
export function optionalTimeframeFlag(args: ParsedArgs, name = 'timeframe'): Timeframe | undefined {
  const text = optional(args, name);
  if (text === undefined) return undefined;
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
  const v = parseTime(text.trim(), { epochMs: true });
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

/** One series a signal script may name: its symbol and candle open times. */
export interface ScriptTarget {
  symbol: string;
  candles: CandleColumns;
}

/** Signal rows quoted in a warning. */
const EXAMPLES = 3;

/**
 * The warning for the rows of a signal script that can fire nowhere: rows naming no symbol of the
 * run, and rows whose time is the open time of no candle of their symbol (quoted by line, up to
 * three of each); null when every row lands on a bar.
 */
export function unmatchedSignals(script: string, file: string, targets: readonly ScriptTarget[]): string | null {
  const rows = parseScriptedSignals(script);
  const bySymbol = new Map(targets.map((t) => [normaliseSymbol(t.symbol), t.candles.time]));
  const noSymbol: string[] = [];
  const noBar: string[] = [];
  let noSymbolCount = 0;
  let noBarCount = 0;
  for (const r of rows) {
    const time = bySymbol.get(normaliseSymbol(r.symbol));
    const what = `line ${r.line}: ${r.symbol} ${r.direction} at ${showTime(r.time)}`;
    if (time === undefined) {
      if (noSymbolCount++ < EXAMPLES) noSymbol.push(what);
    } else {
      const i = lowerBound(time, r.time);
      if (i >= time.length || time[i] !== r.time) {
        if (noBarCount++ < EXAMPLES) noBar.push(what);
      }
    }
  }
  if (noSymbolCount + noBarCount === 0) return null;
  const symbols = targets.map((t) => t.symbol).join(', ');
  let text = `--signals ${file}: ${noSymbolCount + noBarCount} of ${rows.length} signals can fire nowhere and are not traded:
`;
  if (noSymbolCount > 0) {
    text += `  ${noSymbolCount} name no symbol of the run (${symbols}): ${noSymbol.join('; ')}${noSymbolCount > EXAMPLES ? '; …' : ''}
`;
  }
  if (noBarCount > 0) {
    text += `  ${noBarCount} name no candle's open time: ${noBar.join('; ')}${noBarCount > EXAMPLES ? '; …' : ''}
`;
  }
  return text;
}

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
