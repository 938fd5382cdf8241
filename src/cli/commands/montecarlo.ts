/** `montecarlo`: Monte Carlo of a backtest's trades (from a result.json written by backtest). */
import { canonicalJson } from '../../core/backtest/request';
import type { Trade } from '../../core/backtest/trade';
import {
  MAX_MONTE_CARLO_RUNS,
  MONTE_CARLO_DEFAULTS,
  MONTE_CARLO_METHODS,
  monteCarloInputFromTrades,
  runMonteCarlo,
  type MonteCarloMethod,
} from '../../core/robustness';
import { numberFlag, optional, parseArgs, required } from '../args';
import { CliError, EXIT_OK, messageOf, type Context } from '../io';
import type { Command } from './command';

const FLAGS = {
  result: { type: 'string' },
  method: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  skip: { type: 'string' },
  noise: { type: 'string' },
  ruin: { type: 'string' },
  out: { type: 'string' },
} as const;

const USAGE = `Usage: candlelab montecarlo --result <result.json> [--method reshuffle|bootstrap|skip|noise]
         [--runs 1000] [--seed 1] [--skip 10] [--noise 0.5] [--ruin 50] --out <montecarlo.json>

Replays the backtest's closed trades (P&L added to the initial capital, in exit order) --runs times:
reshuffled, bootstrapped (drawn with replacement), with each trade skipped with --skip % chance, or
with noise of --noise % of each trade's notional added. Writes percentiles (p5 p25 p50 p75 p95) of
final equity, return %, max drawdown %, longest drawdown (trades) and Sharpe, histograms, the equity
fan, the risk of ruin (runs whose drawdown touched --ruin %) and the share of runs whose max
drawdown exceeds the backtest's own, as canonical JSON. Same seed, same bytes.

  --runs   1 – ${MAX_MONTE_CARLO_RUNS.toLocaleString('en-US')} (default ${MONTE_CARLO_DEFAULTS.runs})`;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export const montecarloCommand: Command = {
  name: 'montecarlo',
  summary: 'Monte Carlo of a result.json: reshuffle, bootstrap, skip or noise the trades',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'montecarlo');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const path = required(args, 'result');
    const out = required(args, 'out');
    const method = (optional(args, 'method') ?? 'reshuffle').trim();
    if (!(MONTE_CARLO_METHODS as readonly string[]).includes(method)) throw new CliError(`--method: "${method}" is not one of ${MONTE_CARLO_METHODS.join(', ')}`);
    const config = {
      method: method as MonteCarloMethod,
      runs: numberFlag(args, 'runs', MONTE_CARLO_DEFAULTS.runs, { min: 1, max: MAX_MONTE_CARLO_RUNS, integer: true }),
      seed: numberFlag(args, 'seed', MONTE_CARLO_DEFAULTS.seed, { min: 0, max: 0xffffffff, integer: true }),
      skipPct: numberFlag(args, 'skip', MONTE_CARLO_DEFAULTS.skipPct, { min: 0.0001, max: 99.9999, unit: 'percent' }),
      noisePct: numberFlag(args, 'noise', MONTE_CARLO_DEFAULTS.noisePct, { min: 0.0001, max: 100, unit: 'percent' }),
      ruinDrawdownPct: numberFlag(args, 'ruin', MONTE_CARLO_DEFAULTS.ruinDrawdownPct, { min: 0.0001, max: 100, unit: 'percent' }),
    };
    let report: unknown;
    try {
      report = JSON.parse(ctx.readText('result', path));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`--result ${path}: not valid JSON (${messageOf(e)})`);
    }
    if (!isPlainObject(report) || !Array.isArray(report.trades)) throw new CliError(`--result ${path}: no "trades" array (expected a result.json written by backtest)`);
    const cfg = report.config;
    if (!isPlainObject(cfg) || typeof cfg.initialCapital !== 'number') throw new CliError(`--result ${path}: config.initialCapital missing`);
    const sum = isPlainObject(report.summary) ? report.summary : {};
    const span = typeof sum.start === 'number' && typeof sum.end === 'number' ? sum.end - sum.start : null;
    const input = monteCarloInputFromTrades(report.trades as Trade[], cfg.initialCapital, span);
    let summary: ReturnType<typeof runMonteCarlo>;
    try {
      summary = runMonteCarlo(input, config);
    } catch (e) {
      throw new CliError(`--result ${path}: ${messageOf(e)}`);
    }
    ctx.writeText('out', out, canonicalJson(summary));
    const p = summary.percentiles;
    const money = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
    ctx.out(
      `${config.method}, ${config.runs.toLocaleString('en-US')} runs of ${summary.trades} trades (seed ${config.seed})\n` +
        `final equity   p5 ${money(p.finalEquity.p5)} · p50 ${money(p.finalEquity.p50)} · p95 ${money(p.finalEquity.p95)}\n` +
        `max drawdown   p50 ${p.maxDrawdownPct.p50?.toFixed(2)} % · p95 ${p.maxDrawdownPct.p95?.toFixed(2)} % (backtest ${summary.baseline.maxDrawdownPct?.toFixed(2)} %)\n` +
        `risk of ruin   ${(summary.riskOfRuin * 100).toFixed(2)} % of runs touched a ${config.ruinDrawdownPct} % drawdown\n` +
        `own drawdown   exceeded in ${(summary.drawdownExceeded * 100).toFixed(2)} % of runs\nwrote ${out}\n`,
    );
    return EXIT_OK;
  },
};
