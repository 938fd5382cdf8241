/** `backtest`: runs a strategy over candle files and writes the report as canonical JSON. */
import { performance } from 'node:perf_hooks';
import { DEFAULT_BACKTEST_CONFIG, parseSizing, validateBacktestConfig, type BacktestConfig } from '../../core/backtest';
import {
  canonicalJson,
  runBacktestRequest,
  type BacktestReport,
  type BacktestRequestSeries,
  type BacktestStrategySpec,
  type RequestStrategy,
} from '../../core/backtest/request';
import { formatMetric } from '../../core/metrics';
import { all, numberFlag, optional, parseArgs, required, type FlagSpecs, type ParsedArgs } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import { loadCandles } from '../candles';
import {
  showTime,
  strategyFlag,
  symbolFromFileName,
  timeFlag,
  timeframeFlag,
  unmatchedSignals,
  withStrategyErrors,
} from '../inputs';
import type { Command } from './command';

/** The flags every command that backtests candle files takes (backtest, optimise, walkforward). */
export const BACKTEST_FLAGS: FlagSpecs = {
  candles: { type: 'string', repeat: true },
  timeframe: { type: 'string' },
  strategy: { type: 'string' },
  signals: { type: 'string' },
  initial: { type: 'string' },
  fee: { type: 'string' },
  slippage: { type: 'string' },
  sizing: { type: 'string' },
  'max-open': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  symbol: { type: 'string' },
  out: { type: 'string' },
  'skip-bad-rows': { type: 'boolean' },
};

const USAGE = `Usage: candlelab backtest --candles <file> [--candles <file> …] --timeframe <tf>
         --strategy <BALANCED|AGGRESSIVE|CONSERVATIVE|SCALPER|SWING|HMA_SMA|SIGNAL_ENGINE|scripted|config.json>
         [--signals <csv>] [--initial 10000] [--fee 0.1] [--slippage 0] [--sizing equity:10]
         [--max-open 5] [--from <ISO>] [--to <ISO>] [--symbol <S>] [--skip-bad-rows] --out <result.json>

Runs the strategy over every --candles file as one portfolio (shared cash) and writes the report
(config, strategy, trades, equity, metrics, skipped signals, summary, and engineMs: the time spent
in the engine) to --out as canonical JSON.

  --candles    candle file (standard CSV timestamp,open,high,low,close,volume with UTC ms times,
               Binance kline dump or TradingView export); repeat for a portfolio. The symbol comes
               from the file name <exchange>_<SYMBOL>_<tf>.csv. Every row is checked as on import:
               a file with unreadable or invalid rows (bad numbers, prices <= 0, high < low, times
               off the timeframe grid) is refused, naming each row by line, field and value
  --timeframe  the candles' timeframe (1m 5m 15m 30m 1h 4h 1d 1w 1M); must match their spacing
  --strategy   a preset, HMA_SMA or SIGNAL_ENGINE (default parameters), "scripted" (needs --signals),
               or a JSON file { "strategy": "<name>", "params": { … } }
  --signals    signal CSV for scripted: time,symbol,direction,stopPct,targetPct[,confidence]
  --initial    initial capital (100 – 1,000,000; default 10000)
  --fee        fee per fill in PERCENT of notional (default 0.1 = 0.1 %)
  --slippage   slippage of market fills in PERCENT of price (default 0)
  --sizing     fixed:<quote>, equity:<% of equity> or risk:<% of equity lost at the stop> (default equity:10)
  --max-open   most positions open at once (default 5)
  --from/--to  first/last bar open time that trades (ISO 8601, UTC when no zone, or UTC ms; inclusive;
               a date alone is its 00:00); earlier candles still warm the strategy up
  --symbol     symbol of the one --candles file (when its name does not follow the pattern)
  --skip-bad-rows  leave unreadable and invalid rows out and list them on stderr instead of refusing
  --out        the report file to write

Other settings take the engine defaults: max position 100 % of equity, min order 10, long and short
allowed, exit on opposite signal, no time limit. Duplicate open times keep the last row (a warning
says how many). Signals of a script that name no symbol of the run or no candle's open time are
listed in a warning. Exit code 0 on success, 1 on bad input (nothing written).`;

/** The config from the flags (percent flags divided by 100). */
export function configFrom(args: ReturnType<typeof parseArgs>): BacktestConfig {
  const initialCapital = numberFlag(args, 'initial', 10_000, { min: 100, max: 1_000_000 });
  const fee = numberFlag(args, 'fee', 0.1, { min: 0, max: 10, unit: 'percent' });
  const slippage = numberFlag(args, 'slippage', 0, { min: 0, max: 10, unit: 'percent' });
  const maxOpenTrades = numberFlag(args, 'max-open', 5, { min: 1, max: 10_000, integer: true });
  let sizing = DEFAULT_BACKTEST_CONFIG.sizing;
  const sizingText = optional(args, 'sizing');
  if (sizingText !== undefined) {
    try {
      sizing = parseSizing(sizingText, '--sizing');
    } catch (e) {
      throw new CliError(messageOf(e));
    }
  }
  const config: BacktestConfig = {
    ...DEFAULT_BACKTEST_CONFIG,
    initialCapital,
    feeRate: fee / 100,
    slippage: slippage / 100,
    sizing: { ...sizing },
    maxOpenTrades,
  };
  validateBacktestConfig(config);
  return config;
}

function line(label: string, value: string): string {
  return `${label.padEnd(15)}${value}\n`;
}

/** The one-screen summary printed after a run. */
export function formatSummary(report: BacktestReport, out: string, engineMs: number): string {
  const s = report.summary;
  const m = report.metrics;
  const symbols = s.series.map((x) => x.symbol).join(', ');
  const tfs = [...new Set(s.series.map((x) => x.timeframe))].join(', ');
  let text = `${report.strategy.name} on ${symbols} (${tfs}), ${showTime(s.start)} → ${showTime(s.end)} UTC, ${s.bars} bars\n`;
  text += line('trades', `${formatMetric('totalTrades', m.totalTrades)} (skipped signals: ${s.skippedSignals})`);
  text += line('ROI', formatMetric('roiPct', m.roiPct));
  text += line('win rate', formatMetric('winRate', m.winRate));
  text += line('profit factor', formatMetric('profitFactor', m.profitFactor, m));
  text += line('max drawdown', formatMetric('maxDrawdownPct', m.maxDrawdownPct));
  text += line('Sharpe', formatMetric('sharpe', m.sharpe));
  text += line('final equity', formatMetric('finalEquity', m.finalEquity));
  text += line('engine', `${engineMs.toFixed(0)} ms`);
  text += `wrote ${out}\n`;
  return text;
}

/**
 * The file `backtest` writes: the canonical report ({@link canonicalJson}, the same bytes as the
 * app's workers give for the same request) with one more top-level key, `engineMs`, the time spent
 * in the engine on this run. It is the only key that differs between runs: without its line the
 * file is the canonical report byte for byte.
 */
export function resultFileText(report: BacktestReport, engineMs: number): string {
  return canonicalJson({ ...report, engineMs: Math.round(engineMs * 100) / 100 });
}

/**
 * The backtest request the flags describe: settings, window, strategy and every --candles file
 * (checked as on import, against the timeframe, the warm-up and the window). Errors name the flag
 * and the value.
 */
export function backtestInputs(args: ParsedArgs, ctx: Context): {
  config: BacktestConfig;
  from: number | undefined;
  to: number | undefined;
  spec: BacktestStrategySpec;
  resolved: RequestStrategy;
  series: BacktestRequestSeries[];
} {
  const files = all(args, 'candles');
  if (files.length === 0) throw new CliError('--candles: missing (required; repeat it for several symbols)');
  const tf = timeframeFlag(args);
  const config = configFrom(args);
  const from = timeFlag(args, 'from');
  const to = timeFlag(args, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw new CliError(`--from: ${optional(args, 'from')} is after --to ${optional(args, 'to')}`);
  }
  const symbolFlag = optional(args, 'symbol');
  if (symbolFlag !== undefined && files.length > 1) {
    throw new CliError(`--symbol: "${symbolFlag}" can name the symbol of one --candles file only (${files.length} given)`);
  }
  if (symbolFlag !== undefined && symbolFlag.trim() === '') throw new CliError('--symbol: "" is not a symbol');
  const { spec, resolved } = strategyFlag(ctx, args);
  const warmup = Math.max(0, Math.floor(resolved.strategy.warmup(resolved.params)));

  const skipBadRows = args.switches.has('skip-bad-rows');
  const series: BacktestRequestSeries[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const symbol = symbolFlag?.trim() ?? symbolFromFileName(file);
    if (symbol === null) {
      throw new CliError(`--candles ${file}: cannot tell the symbol from the file name (expected <exchange>_<SYMBOL>_<tf>.csv); pass --symbol`);
    }
    const prev = seen.get(symbol);
    if (prev !== undefined) throw new CliError(`--candles ${file}: symbol ${symbol} is already given by ${prev}`);
    seen.set(symbol, file);
    const { candles } = loadCandles(ctx, 'candles', file, { timeframe: tf, skipBadRows, warn: (t) => ctx.warn(t) });
    const t = candles.time;
    let end = t.length;
    if (to !== undefined) while (end > 0 && t[end - 1] > to) end--;
    if (end < warmup) {
      throw new CliError(
        `--candles ${file}: ${end} candles${to === undefined ? '' : ` up to --to ${optional(args, 'to')}`}, fewer than the ${warmup} bars ${resolved.report.name} needs to warm up`,
      );
    }
    let start = 0;
    if (from !== undefined) while (start < end && t[start] < from) start++;
    if (start >= end) {
      throw new CliError(
        `--candles ${file}: no candle between --from ${optional(args, 'from') ?? '(start)'} and --to ${optional(args, 'to') ?? '(end)'} (the file covers ${showTime(t[0])} → ${showTime(t[t.length - 1])})`,
      );
    }
    series.push({ symbol, timeframe: tf, candles });
  }
  if (spec.script !== undefined) {
    const warning = unmatchedSignals(spec.script, optional(args, 'signals') ?? '', series);
    if (warning !== null) ctx.warn(warning);
  }
  return { config, from, to, spec, resolved, series };
}

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'run a strategy over candle files and write result.json',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, BACKTEST_FLAGS, 'backtest');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const out = required(args, 'out');
    const { config, from, to, spec, resolved, series } = backtestInputs(args, ctx);

    const t0 = performance.now();
    const report = withStrategyErrors(required(args, 'strategy'), resolved, () =>
      runBacktestRequest({ config, strategy: spec, series, from, to }),
    );
    const engineMs = performance.now() - t0;
    ctx.writeText('out', out, resultFileText(report, engineMs));
    ctx.out(formatSummary(report, out, engineMs));
    return EXIT_OK;
  },
};
