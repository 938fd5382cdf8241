/** Where each step of the action plan is acted on in the app. */
import type { PlanTool } from '../../../core/analysis';

export const PLAN_TOOLS: Record<PlanTool, { label: string; href: string }> = {
  optimiser: { label: 'Open the optimiser', href: '/robustness?tool=optimisation' },
  'walk-forward': { label: 'Open walk-forward', href: '/robustness?tool=walkforward' },
  'monte-carlo': { label: 'Open Monte Carlo', href: '/robustness?tool=montecarlo' },
  'preset-editor': { label: 'Open the preset editor', href: '/settings#presets' },
  backtests: { label: 'Open Backtests', href: '/backtests' },
  paper: { label: 'Open Paper trading', href: '/paper' },
};

/** The tool's link, naming the backtest the analysis read when there is one. */
export function toolHref(tool: PlanTool, backtestSeq: number | null): string {
  const base = PLAN_TOOLS[tool].href;
  if (backtestSeq === null || !base.startsWith('/robustness')) return base;
  return `${base}&backtest=${backtestSeq}`;
}
