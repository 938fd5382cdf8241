/** `walkforward`: walk-forward analysis with re-optimisation on every in-sample window. */
import { canonicalJson, type BacktestRequest } from '../../core/backtest/request';
import { formatMetric } from '../../core/metrics';
import { WalkForwardSession, evaluateRequest, runSession, type EvalContext, type WalkForwardMode } from '../../core/robustness';
import { numberFlag, optional, parseArgs, required } from '../args';
import { CliError, EXIT_OK, type Context } from '../io';
import { showTime, withStrategyErrors } from '../inputs';
import { BACKTEST_FLAGS, backtestInputs } from './backtest';
import type { Command } from './command';
import { SEARCH_FLAGS, SEARCH_USAGE, optimiserFlags, withSearchErrors } from './search-flags';
import { ColumnMemo } from '../../core/indicators/column-memo';

const FLAGS = { ...BACKTEST_FLAGS, ...SEARCH_FLAGS, mode: { type: 'string' }, 'is-days': { type: 'string' }, 'oos-days': { type: 'string' }, 'step-days': { type: 'string' } } as const;

const USAGE = `Usage: candlelab walkforward --candles <csv> [--candles <csv> …] --timeframe <tf> --strategy <s>
         --from <ISO> --to <ISO> --is-days N --oos-days N [--step-days N] [--mode rolling|anchored]
         --space <space.json> [--method grid|random|tpe] [--evaluations N] [--seed 1] [--objective sharpe] …
         --out <walkforward.json>

Cuts [--from, --to] into windows of --is-days in sample followed by --oos-days out of sample (the next
window starts --step-days later; default the out-of-sample length), re-optimises on every in-sample
window and backtests the chosen parameters on its out-of-sample window. Writes the windows (ranges,
parameters, in- and out-of-sample metrics), the stitched out-of-sample equity curve and its metrics,
walk-forward efficiency and parameter drift as canonical JSON.

  --mode         rolling (in-sample windows keep their length) or anchored (they all start at --from)
${SEARCH_USAGE}`;

export const walkforwardCommand: Command = {
  name: 'walkforward',
  summary: 'walk-forward analysis: re-optimise per window, stitch the out-of-sample curve',
  usage: USAGE,
  run(argv: readonly string[], ctx: Context): number {
    const args = parseArgs(argv, FLAGS, 'walkforward');
    if (args.help) {
      ctx.out(`${USAGE}\n`);
      return EXIT_OK;
    }
    const out = required(args, 'out');
    const { config, from, to, spec, resolved, series } = backtestInputs(args, ctx);
    if (from === undefined || to === undefined) throw new CliError(`--${from === undefined ? 'from' : 'to'}: missing (walk-forward windows need the period)`);
    const mode = (optional(args, 'mode') ?? 'rolling').trim();
    if (mode !== 'rolling' && mode !== 'anchored') throw new CliError(`--mode: "${mode}" is not rolling or anchored`);
    const isDays = numberFlag(args, 'is-days', NaN, { min: 1, integer: true });
    const oosDays = numberFlag(args, 'oos-days', NaN, { min: 1, integer: true });
    if (Number.isNaN(isDays) || Number.isNaN(oosDays)) throw new CliError(`--${Number.isNaN(isDays) ? 'is-days' : 'oos-days'}: missing (required)`);
    const stepText = optional(args, 'step-days');
    const stepDays = stepText === undefined ? null : numberFlag(args, 'step-days', 0, { min: 1, integer: true });
    const optimiser = optimiserFlags(ctx, args);
    const base: BacktestRequest = { config, strategy: spec, series };
    const ctxEval: EvalContext = { base, objective: optimiser.objective, constraints: optimiser.constraints, memo: new ColumnMemo() };
    const session = withSearchErrors(
      () =>
        new WalkForwardSession(
          resolved.strategy,
          { mode: mode as WalkForwardMode, from, to, inSampleDays: isDays, outOfSampleDays: oosDays, stepDays, optimiser },
          config.initialCapital,
        ),
    );
    withStrategyErrors(required(args, 'strategy'), resolved, () => runSession(session, (r) => evaluateRequest(ctxEval, r)));
    const s = session.summary();
    ctx.writeText('out', out, canonicalJson(s));
    let text = `${resolved.report.name}: ${s.windows.length} ${mode} windows, ${optimiser.method} search\n`;
    for (const w of s.windows) {
      const p = w.params ? Object.entries(w.params).map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'none scored';
      text += `  ${showTime(w.outOfSample.from).slice(0, 10)} → ${showTime(w.outOfSample.to).slice(0, 10)}  ${p}  IS ROI ${formatMetric('roiPct', w.inSampleMetrics?.roiPct ?? null)}  OOS ROI ${formatMetric('roiPct', w.outOfSampleMetrics?.roiPct ?? null)}\n`;
    }
    const m = s.stitched?.metrics;
    text += `stitched OOS   ROI ${formatMetric('roiPct', m?.roiPct ?? null)} · Sharpe ${formatMetric('sharpe', m?.sharpe ?? null)} · max DD ${formatMetric('maxDrawdownPct', m?.maxDrawdownPct ?? null)}\n`;
    text += `efficiency     ${s.efficiency === null ? '—' : `${(s.efficiency * 100).toFixed(0)} %`}\n`;
    ctx.out(`${text}wrote ${out}\n`);
    return EXIT_OK;
  },
};
