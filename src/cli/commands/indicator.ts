/** `indicator`: one indicator over a candle file, as `timestamp,value[,…]` CSV. */
import { formatPlainDecimal } from '../../core/candles/decimal-format';
import { INDICATORS, computeIndicator, resolveParams, type IndicatorDef } from '../../core/indicators';
import { all, optional, parseArgs, parseNumberFlag, required, type FlagSpecs } from '../args';
import { loadCandles } from '../candles';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import { optionalTimeframeFlag } from '../inputs';
import type { Command } from './command';

const FLAGS: FlagSpecs = {
  candles: { type: 'string' },
  name: { type: 'string' },
  period: { type: 'string' },
  param: { type: 'string', repeat: true },
  timeframe: { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
  out: { type: 'string' },
};

function describe(def: IndicatorDef): string {
  const params = def.params.map((p) => `${p.key}=${p.default}`).join(' ');
  const outputs = def.outputs.map((o) => o.name).join(', ');
  return `  ${def.name.padEnd(19)}${params === '' ? '(no parameters)' : params}; outputs ${outputs}`;
}

const USAGE = `Usage: candlelab indicator --candles <file> --name <indicator> [--period <n>] [--param key=value …]
         [--timeframe <tf>] [--skip-bad-rows] [--out <csv>]

Computes an indicator over a candle file (any supported format, checked row by row as on import;
a file with unreadable or invalid rows is refused unless --skip-bad-rows) and writes
"timestamp,value" rows (the value is empty while the indicator warms up; numbers in plain
decimals) to --out, or to stdout without it. Indicators with several
outputs write the first as "value" and the others as extra columns named after them
(adx: value = ADX, then plusDi, minusDi; macd: value = MACD, then signal, histogram;
bollinger: value = middle, then upper, lower; stochastic: value = %K, then d).

  --name     the indicator (any case)
  --period   its "period" parameter
  --param    any parameter as key=value (e.g. --param mult=2.5 for bollinger, --param fast=8 for macd)
  --timeframe  the candles' timeframe (default: the most common step between them)
  --skip-bad-rows  leave unreadable and invalid rows out (listed on stderr) instead of refusing the file

A period longer than the data (no value could be computed) is an error.

Indicators, their parameters with defaults, and outputs:
${INDICATORS.map(describe).join('\n')}`;

function findIndicator(name: string): IndicatorDef {
  const def = INDICATORS.find((d) => d.name.toLowerCase() === name.trim().toLowerCase());
  if (!def) throw new CliError(`--name: "${name}" is not an indicator (known: ${INDICATORS.map((d) => d.name).join(', ')})`);
  return def;
}

/** A number as in the candle files: shortest round-trip plain decimal; NaN (warm-up) as empty. */
function cell(v: number): string {
  return Number.isFinite(v) ? formatPlainDecimal(v) : '';
}

export const indicatorCommand: Command = {
  name: 'indicator',
  summary: 'compute an indicator over a candle file',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'indicator');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const file = required(args, 'candles');
    const def = findIndicator(required(args, 'name'));
    const params: Record<string, number> = {};
    const keys = def.params.map((p) => p.key);
    const period = optional(args, 'period');
    if (period !== undefined) {
      if (!keys.includes('period')) {
        throw new CliError(
          `--period: ${def.name} has no period parameter (${keys.length ? `its parameters: ${keys.join(', ')}; use --param key=value` : 'it takes no parameters'})`,
        );
      }
      params.period = parseNumberFlag('period', period, { integer: true, min: 1 });
    }
    for (const p of all(args, 'param')) {
      const eq = p.indexOf('=');
      const key = eq < 0 ? '' : p.slice(0, eq).trim();
      if (key === '') throw new CliError(`--param: "${p}" is not key=value`);
      if (!keys.includes(key)) {
        throw new CliError(`--param: "${key}" is not a parameter of ${def.name} (${keys.length ? `known: ${keys.join(', ')}` : 'it takes none'})`);
      }
      if (key in params) throw new CliError(`--param: ${key} is given twice`);
      params[key] = parseNumberFlag(`param ${key}`, p.slice(eq + 1));
    }
    let resolvedParams;
    try {
      resolvedParams = resolveParams(def, params);
    } catch (e) {
      const msg = messageOf(e);
      const m = /^([A-Za-z0-9_]+): ([\s\S]*)$/.exec(msg);
      if (m && m[1] === 'period' && period !== undefined) throw new CliError(`--period: ${m[2]}`);
      if (m && keys.includes(m[1])) throw new CliError(`--param ${m[1]}: ${m[2]}`);
      throw new CliError(`--param: ${msg}`);
    }
    const out = optional(args, 'out');
    const timeframe = optionalTimeframeFlag(args);
    const { candles } = loadCandles(ctx, 'candles', file, { timeframe, skipBadRows: args.switches.has('skip-bad-rows'), warn: (t) => ctx.warn(t) });
    const n = candles.time.length;
    const warmup = def.warmup(params);
    if (warmup >= n) {
      const all = Object.entries(resolvedParams).map(([k, v]) => `${k}=${v}`).join(' ');
      throw new CliError(
        `${period !== undefined ? `--period: ${period}` : `--name ${def.name}${all ? ` ${all}` : ''}`} needs ${warmup + 1} candles for its first value, ` +
          `longer than the data: ${file} has ${n} candles`,
      );
    }
    const result = computeIndicator(def, candles, params);
    const names = def.outputs.map((o) => o.name);
    const cols = names.map((n) => result[n]);
    const rows: string[] = [['timestamp', 'value', ...names.slice(1)].join(',')];
    const t = candles.time;
    for (let i = 0; i < t.length; i++) {
      let row = formatPlainDecimal(t[i]);
      for (const c of cols) row += `,${cell(c[i])}`;
      rows.push(row);
    }
    const text = `${rows.join('\n')}\n`;
    if (out === undefined) ctx.out(text);
    else {
      ctx.writeText('out', out, text);
      ctx.out(`wrote ${t.length} rows of ${def.name} to ${out}\n`);
    }
    return EXIT_OK;
  },
};
