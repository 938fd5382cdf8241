/**
 * Reading an optimisation's evaluations: the overfitting statistics (PBO, DSR) with one-line
 * verdicts, the objective heatmap over two parameters, per-parameter profiles and the stability of
 * the best point (a plateau or a spike).
 */
import type { ParamValue, StrategyParams } from '../strategy/types';
import { deflatedSharpeOfSelection, periodSharpe, type DsrResult } from './dsr';
import type { Evaluation } from './evaluation';
import { compareScores } from './objective';
import type { ParamDim } from './param-space';
import { pboBlocks, probabilityOfOverfitting, type PboResult } from './pbo';

export type Verdict = 'good' | 'caution' | 'bad' | 'unknown';

export interface Overfitting {
  /** Evaluations with returns that entered the statistics. */
  trials: number;
  pbo: Omit<PboResult, 'logits'> | null;
  dsr: DsrResult | null;
  pboVerdict: { verdict: Verdict; text: string };
  dsrVerdict: { verdict: Verdict; text: string };
}

/** One line on a PBO. */
export function pboVerdict(p: number | null): { verdict: Verdict; text: string } {
  if (p === null) return { verdict: 'unknown', text: 'Not enough trials or days to cross-validate the selection.' };
  const pct = `${(p * 100).toFixed(0)} %`;
  if (p < 0.25) return { verdict: 'good', text: `The in-sample best lands in the bottom half out of sample in ${pct} of splits: selection looks genuine.` };
  if (p <= 0.5) return { verdict: 'caution', text: `The in-sample best lands in the bottom half out of sample in ${pct} of splits: some overfitting.` };
  return { verdict: 'bad', text: `The in-sample best lands in the bottom half out of sample in ${pct} of splits: the selection is likely overfit.` };
}

/** One line on a DSR. */
export function dsrVerdict(d: DsrResult | null): { verdict: Verdict; text: string } {
  if (d === null || !Number.isFinite(d.dsr)) return { verdict: 'unknown', text: 'The best result has too few daily returns (or no spread) to deflate its Sharpe ratio.' };
  const pct = `${(d.dsr * 100).toFixed(1)} %`;
  if (d.dsr >= 0.95) return { verdict: 'good', text: `${pct} probability the best Sharpe ratio beats what luck gives over these trials: significant.` };
  if (d.dsr >= 0.5) return { verdict: 'caution', text: `${pct} probability the best Sharpe ratio beats what luck gives over these trials: not significant.` };
  return { verdict: 'bad', text: `${pct} probability the best Sharpe ratio beats what luck gives over these trials: likely luck.` };
}

/**
 * PBO (CSCV over up to 16 blocks of daily returns, at least 5 days per block) and the DSR of the
 * best evaluation, over the evaluations that ran (equal-length daily returns).
 */
export function overfittingOf(evals: readonly Evaluation[]): Overfitting {
  const ran = evals.filter((e) => e.error === null && e.returns.length > 0);
  const T = ran.length > 0 ? ran[0].returns.length : 0;
  const same = ran.filter((e) => e.returns.length === T);
  const best = [...same].sort(compareScores)[0];
  let pbo: Overfitting['pbo'] = null;
  const blocks = pboBlocks(T);
  if (same.length >= 2 && blocks !== null) {
    const { logits: _logits, ...rest } = probabilityOfOverfitting(
      same.map((e) => e.returns),
      blocks,
    );
    pbo = rest;
  }
  const dsr = best && best.score !== null ? deflatedSharpeOfSelection(best.returns, same.map((e) => periodSharpe(e.returns))) : null;
  return { trials: same.length, pbo, dsr, pboVerdict: pboVerdict(pbo?.pbo ?? null), dsrVerdict: dsrVerdict(dsr) };
}

/** A heatmap cell: the best score over every evaluation with these two values (null: none scored). */
export interface HeatCell {
  x: ParamValue;
  y: ParamValue;
  score: number | null;
  count: number;
}

/** Objective heatmap over parameters `xKey` and `yKey` (the best score per pair of values). */
export function heatmap(evals: readonly Evaluation[], xKey: string, yKey: string): HeatCell[] {
  const cells = new Map<string, HeatCell>();
  for (const e of evals) {
    const x = e.params[xKey];
    const y = e.params[yKey];
    if (x === undefined || y === undefined) continue;
    const k = JSON.stringify([x, y]);
    const c = cells.get(k) ?? { x, y, score: null, count: 0 };
    c.count++;
    if (e.score !== null && (c.score === null || e.score > c.score)) c.score = e.score;
    cells.set(k, c);
  }
  return [...cells.values()];
}

/** How the score varies along one parameter: per value, the best and mean score. */
export interface ParamProfile {
  key: string;
  points: Array<{ value: ParamValue; best: number | null; mean: number | null; count: number }>;
}

export function paramProfiles(dims: readonly ParamDim[], evals: readonly Evaluation[]): ParamProfile[] {
  return dims.map((d) => {
    const by = new Map<string, { value: ParamValue; sum: number; n: number; best: number | null; count: number }>();
    for (const e of evals) {
      const v = e.params[d.key];
      const k = JSON.stringify(v);
      const p = by.get(k) ?? { value: v, sum: 0, n: 0, best: null, count: 0 };
      p.count++;
      if (e.score !== null) {
        p.sum += e.score;
        p.n++;
        if (p.best === null || e.score > p.best) p.best = e.score;
      }
      by.set(k, p);
    }
    const points = [...by.values()]
      .sort((a, b) => (typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value) < String(b.value) ? -1 : 1))
      .map((p) => ({ value: p.value, best: p.best, mean: p.n > 0 ? p.sum / p.n : null, count: p.count }));
    return { key: d.key, points };
  });
}

export interface Stability {
  /** The best point's immediate neighbours (one step along one parameter) that were evaluated. */
  neighbours: Array<{ params: StrategyParams; score: number | null }>;
  /**
   * Share of the best score's lead over the worst score that its neighbours keep on average:
   * `1 − (best − mean neighbour) / (best − worst)`; 1 when the neighbours do as well as the best,
   * 0 when they do as badly as the worst. Null without a scored neighbour or any spread.
   */
  ratio: number | null;
  verdict: 'plateau' | 'slope' | 'spike' | 'unknown';
  text: string;
}

/**
 * Is the best a plateau or a spike (see {@link Stability.ratio}): ≥ 0.7 is a plateau (nearby
 * settings do nearly as well), 0.4–0.7 a slope, below a spike.
 */
export function stabilityOf(dims: readonly ParamDim[], evals: readonly Evaluation[], best: Evaluation | null): Stability {
  if (best === null || best.score === null) return { neighbours: [], ratio: null, verdict: 'unknown', text: 'No scored result.' };
  const byKey = new Map(evals.map((e) => [JSON.stringify(dims.map((d) => e.params[d.key])), e] as const));
  const neighbours: Stability['neighbours'] = [];
  for (const d of dims) {
    if (d.values === null) continue;
    const i = d.values.indexOf(best.params[d.key]);
    for (const j of [i - 1, i + 1]) {
      if (i < 0 || j < 0 || j >= d.values.length) continue;
      const p = { ...best.params, [d.key]: d.values[j] };
      const e = byKey.get(JSON.stringify(dims.map((x) => p[x.key])));
      if (e) neighbours.push({ params: e.params, score: e.score });
    }
  }
  const scored = neighbours.filter((n) => n.score !== null).map((n) => n.score as number);
  let worst = Infinity;
  for (const e of evals) if (e.score !== null && e.score < worst) worst = e.score;
  const lead = best.score - worst;
  if (scored.length === 0 || !(lead > 0)) {
    return { neighbours, ratio: null, verdict: 'unknown', text: scored.length === 0 ? 'No neighbour of the best was evaluated.' : 'Every result scores the same.' };
  }
  const mean = scored.reduce((a, b) => a + b, 0) / scored.length;
  const ratio = Math.max(0, 1 - (best.score - mean) / lead);
  const pct = `${(ratio * 100).toFixed(0)} %`;
  const head = `Neighbouring settings keep ${pct} of the best's lead over the worst`;
  if (ratio >= 0.7) return { neighbours, ratio, verdict: 'plateau', text: `${head}: a plateau.` };
  if (ratio >= 0.4) return { neighbours, ratio, verdict: 'slope', text: `${head}: a slope.` };
  return { neighbours, ratio, verdict: 'spike', text: `${head}: a spike, likely fragile.` };
}
