/**
 * The stop/target diagnosis: four rules over a sample of trades, each with its threshold as a named
 * constant (docs/analysis.md documents them). A rule is `fired` (with a recommendation naming the
 * setting and a range), `ok`, or `not-evaluated` (too few trades, or no candles / timeframe for
 * what it measures).
 */
import { formatValue } from '../metrics/format';
import { barsHeld } from '../reports/trade-durations';
import { quantileSorted, median, sortedNumbers } from '../util/stats';
import { plainNumber, toParameterRange, type Adjustment, type LevelParameter, type LevelParameters } from './levels';
import type { TradeContext } from './market-context';
import { isClosed, levelDistances, type AnalysisTrade } from './trade';

/** Trades a rule needs before it judges (closed ones for the outcome rules). */
export const MIN_DIAGNOSIS_TRADES = 10;
/** Targets are far for the timeframe when the median target is at least this many median ATRs. */
export const TARGET_FAR_ATR = 3;
/** …and they are too far when fewer than this share of the closed trades reached them. */
export const TARGET_REACH_MIN = 0.3;
/** Targets are too close when the median target is below this many median ATRs (one bar's typical range). */
export const TARGET_CLOSE_ATR = 1;
/** A stop exit within this many bars of the entry (bars held < this) is an early stop. */
export const EARLY_STOP_BARS = 3;
/** Stops are too tight when at least this share of the closed trades with a stop hit it early. */
export const EARLY_STOP_SHARE_MAX = 0.3;
/** Reward/risk is too low when the median planned target/stop ratio is below this. */
export const REWARD_RISK_MIN = 1;

/** Suggested target when targets are too far and no excursions are known: the median target × these. */
export const TARGET_REDUCE_FACTORS = [0.5, 0.75] as const;
/** Suggested target when targets are too far: the distances the closed trades' MFE reached with these quantiles (reached by 60 % … 40 % of them). */
export const TARGET_MFE_QUANTILES = [0.4, 0.6] as const;
/** Suggested target when targets are too close: this many median ATRs. */
export const TARGET_RAISE_ATR = [1.5, 2.5] as const;
/** Suggested stop when stops are too tight: the median stop × these. */
export const STOP_WIDEN_FACTORS = [1.25, 1.75] as const;
/** Suggested target when reward/risk is too low: the median stop × these. */
export const REWARD_RISK_TARGET = [1.5, 2] as const;

export type DiagnosisRule = 'TARGET_TOO_FAR' | 'TARGET_TOO_CLOSE' | 'STOP_TOO_TIGHT' | 'LOW_REWARD_RISK';
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = ['TARGET_TOO_FAR', 'TARGET_TOO_CLOSE', 'STOP_TOO_TIGHT', 'LOW_REWARD_RISK'];

/** A concrete change: the setting, its current value and the suggested range (in the setting's unit). */
export interface Recommendation {
  adjustment: Adjustment;
  /** The setting to change; null when no setting controls the level (then the range is in percent of price). */
  parameter: string | null;
  scope: 'strategy' | 'account' | null;
  unit: 'ATR' | '%';
  current: number | null;
  low: number;
  high: number;
  text: string;
}

export interface Finding {
  rule: DiagnosisRule;
  status: 'fired' | 'ok' | 'not-evaluated';
  /** One line: the problem (with its number) when fired, what was checked otherwise. */
  title: string;
  /** The evidence. */
  detail: string;
  recommendation: Recommendation | null;
  /** The numbers the rule compared (percent values in percent, shares as fractions). */
  values: Record<string, number | null>;
}

export interface DiagnosisInput {
  /** The sample. */
  trades: readonly AnalysisTrade[];
  /** Market context of each trade (same order), or null without candles. */
  contexts: ReadonlyArray<TradeContext | null> | null;
  /** Length of a bar of the trades' timeframe in ms; null when unknown. */
  barMs: number | null;
  levels: LevelParameters;
}

const pct = (x: number | null) => formatValue('pct', x);
const share = (x: number) => `${Math.round(x * 100)}%`;

function finite(xs: Array<number | null | undefined>): number[] {
  return xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
}

function nullable(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function recommend(
  param: LevelParameter,
  what: 'target' | 'stop',
  adjustment: Adjustment,
  lowPct: number,
  highPct: number,
  atrPct: number | null,
  medianPct: number | null,
): Recommendation {
  const asParam = param.key === null ? null : toParameterRange(param, lowPct, highPct, adjustment, atrPct, medianPct);
  const verb = adjustment === 'reduce' ? 'Reduce' : adjustment === 'raise' ? 'Raise' : 'Set';
  if (asParam === null || param.key === null) {
    const lo = Number(Math.min(lowPct, highPct).toFixed(1));
    const hi = Number(Math.max(lowPct, highPct, lo + 0.1).toFixed(1));
    return {
      adjustment,
      parameter: null,
      scope: null,
      unit: '%',
      current: null,
      low: lo,
      high: hi,
      text: `${verb} the ${what} distance to ${plainNumber(lo)}–${plainNumber(hi)} % of the entry price`,
    };
  }
  const unit = asParam.unit === 'ATR' ? '' : ' %';
  const from = param.current === null ? '' : ` from ${plainNumber(param.current)}`;
  return {
    adjustment,
    parameter: param.key,
    scope: param.scope,
    unit: asParam.unit,
    current: param.current,
    low: asParam.low,
    high: asParam.high,
    text: `${verb} ${param.key}${from} to ${plainNumber(asParam.low)}–${plainNumber(asParam.high)}${unit}`,
  };
}

/** Runs every rule over the sample; one finding per rule, in {@link DIAGNOSIS_RULES} order. */
export function diagnose(input: DiagnosisInput): Finding[] {
  const { trades, contexts, barMs, levels } = input;
  const dist = trades.map(levelDistances);
  const ctx = (i: number): TradeContext | null => contexts?.[i] ?? null;
  const targets = finite(dist.map((d) => d.targetPct));
  const stops = finite(dist.map((d) => d.stopPct));
  const medTarget = nullable(median(targets));
  const medStop = nullable(median(stops));
  const medAtr = nullable(median(finite(trades.map((_, i) => ctx(i)?.atrPct))));

  const out: Finding[] = [];

  // TARGET_TOO_FAR: closed trades rarely reached their target, which is far for the timeframe.
  {
    const idx = trades.map((t, i) => i).filter((i) => isClosed(trades[i]) && dist[i].targetPct !== null);
    const n = idx.length;
    const mfes = idx.map((i) => ctx(i)?.mfePct ?? null);
    const byMfe = n > 0 && mfes.every((m) => m !== null);
    const reached = byMfe
      ? idx.filter((i, k) => (mfes[k] as number) >= (dist[i].targetPct as number) - 1e-9).length
      : idx.filter((i) => trades[i].exitReason === 'TP').length;
    const reachRate = n > 0 ? reached / n : null;
    const medMfe = byMfe ? nullable(median(mfes as number[])) : null;
    const targetAtr = medTarget !== null && medAtr !== null && medAtr > 0 ? medTarget / medAtr : null;
    const values = { medianTargetPct: medTarget, medianAtrPct: medAtr, targetAtr, reachRate, medianMfePct: medMfe, closedWithTarget: n };
    if (n < MIN_DIAGNOSIS_TRADES) {
      out.push({
        rule: 'TARGET_TOO_FAR',
        status: 'not-evaluated',
        title: 'Target reach not judged',
        detail: `Needs ${MIN_DIAGNOSIS_TRADES} closed trades with a target; the sample has ${n}.`,
        recommendation: null,
        values,
      });
    } else {
      const far = targetAtr === null || targetAtr >= TARGET_FAR_ATR;
      const rare = (reachRate as number) < TARGET_REACH_MIN;
      const how = byMfe ? 'reached their target' : 'exited at their target';
      const evidence =
        `${share(reachRate as number)} of ${n} closed trades ${how}` +
        (medMfe !== null ? `; at the median they moved ${pct(medMfe)} in their favour` : '') +
        (medAtr !== null ? `; the median ATR is ${pct(medAtr)}, so targets are ${plainNumber(targetAtr as number)} ATR away` : '') +
        '.';
      if (far && rare) {
        const sorted = byMfe ? sortedNumbers(mfes as number[]) : null;
        const [lo, hi] = sorted
          ? [quantileSorted(sorted, TARGET_MFE_QUANTILES[0]), quantileSorted(sorted, TARGET_MFE_QUANTILES[1])]
          : [(medTarget as number) * TARGET_REDUCE_FACTORS[0], (medTarget as number) * TARGET_REDUCE_FACTORS[1]];
        out.push({
          rule: 'TARGET_TOO_FAR',
          status: 'fired',
          title: `TP targets are too far (${pct(medTarget)})`,
          detail: evidence,
          recommendation: recommend(levels.target, 'target', 'reduce', lo, hi, medAtr, medTarget),
          values,
        });
      } else {
        out.push({ rule: 'TARGET_TOO_FAR', status: 'ok', title: 'Targets are within reach', detail: evidence, recommendation: null, values });
      }
    }
  }

  // TARGET_TOO_CLOSE: the median target lies inside one bar's typical range.
  {
    const n = targets.length;
    const targetAtr = medTarget !== null && medAtr !== null && medAtr > 0 ? medTarget / medAtr : null;
    const values = { medianTargetPct: medTarget, medianAtrPct: medAtr, targetAtr, tradesWithTarget: n };
    if (n < MIN_DIAGNOSIS_TRADES) {
      out.push({
        rule: 'TARGET_TOO_CLOSE',
        status: 'not-evaluated',
        title: 'Target size not judged',
        detail: `Needs ${MIN_DIAGNOSIS_TRADES} trades with a target; the sample has ${n}.`,
        recommendation: null,
        values,
      });
    } else if (targetAtr === null) {
      out.push({
        rule: 'TARGET_TOO_CLOSE',
        status: 'not-evaluated',
        title: 'Target size not judged',
        detail: 'Needs the candles of the traded symbols to measure the typical move (ATR).',
        recommendation: null,
        values,
      });
    } else if (targetAtr < TARGET_CLOSE_ATR) {
      out.push({
        rule: 'TARGET_TOO_CLOSE',
        status: 'fired',
        title: `TP targets are too close (${pct(medTarget)})`,
        detail: `The median target is ${plainNumber(targetAtr)} × the median ATR (${pct(medAtr)}): inside one bar's typical range, where noise and fees decide the outcome.`,
        recommendation: recommend(levels.target, 'target', 'raise', (medAtr as number) * TARGET_RAISE_ATR[0], (medAtr as number) * TARGET_RAISE_ATR[1], medAtr, medTarget),
        values,
      });
    } else {
      out.push({
        rule: 'TARGET_TOO_CLOSE',
        status: 'ok',
        title: 'Targets clear the typical bar range',
        detail: `The median target is ${plainNumber(targetAtr)} × the median ATR (${pct(medAtr)}).`,
        recommendation: null,
        values,
      });
    }
  }

  // STOP_TOO_TIGHT: many stops are hit within the first bars.
  {
    const idx = trades.map((t, i) => i).filter((i) => isClosed(trades[i]) && dist[i].stopPct !== null);
    const n = idx.length;
    const early =
      barMs === null
        ? null
        : idx.filter((i) => {
            const t = trades[i];
            return t.exitReason === 'SL' && barsHeld(t.entryTime, t.exitTime as number, barMs) < EARLY_STOP_BARS;
          }).length;
    const earlyRate = early === null || n === 0 ? null : early / n;
    const medMae = nullable(median(finite(idx.map((i) => ctx(i)?.maePct))));
    const stopAtr = medStop !== null && medAtr !== null && medAtr > 0 ? medStop / medAtr : null;
    const values = { medianStopPct: medStop, earlyStopRate: earlyRate, medianMaePct: medMae, medianAtrPct: medAtr, stopAtr, closedWithStop: n };
    if (n < MIN_DIAGNOSIS_TRADES || earlyRate === null) {
      out.push({
        rule: 'STOP_TOO_TIGHT',
        status: 'not-evaluated',
        title: 'Stop size not judged',
        detail:
          n < MIN_DIAGNOSIS_TRADES
            ? `Needs ${MIN_DIAGNOSIS_TRADES} closed trades with a stop; the sample has ${n}.`
            : 'Needs the timeframe of the trades to count the bars before a stop was hit.',
        recommendation: null,
        values,
      });
    } else {
      const evidence =
        `${share(earlyRate)} of ${n} closed trades were stopped out within the first ${EARLY_STOP_BARS} bars` +
        (stopAtr !== null ? `; the median stop is ${plainNumber(stopAtr)} ATR` : '') +
        '.';
      if (earlyRate >= EARLY_STOP_SHARE_MAX) {
        out.push({
          rule: 'STOP_TOO_TIGHT',
          status: 'fired',
          title: `Stops are too tight (${pct(medStop)})`,
          detail: evidence,
          recommendation: recommend(levels.stop, 'stop', 'raise', (medStop as number) * STOP_WIDEN_FACTORS[0], (medStop as number) * STOP_WIDEN_FACTORS[1], medAtr, medStop),
          values,
        });
      } else {
        out.push({ rule: 'STOP_TOO_TIGHT', status: 'ok', title: 'Stops survive the first bars', detail: evidence, recommendation: null, values });
      }
    }
  }

  // LOW_REWARD_RISK: the planned target is smaller than the planned stop.
  {
    const ratios = finite(dist.map((d) => d.rewardRisk));
    const n = ratios.length;
    const rr = nullable(median(ratios));
    const values = { medianRewardRisk: rr, medianTargetPct: medTarget, medianStopPct: medStop, tradesWithBoth: n };
    if (n < MIN_DIAGNOSIS_TRADES) {
      out.push({
        rule: 'LOW_REWARD_RISK',
        status: 'not-evaluated',
        title: 'Reward/risk not judged',
        detail: `Needs ${MIN_DIAGNOSIS_TRADES} trades with both a stop and a target; the sample has ${n}.`,
        recommendation: null,
        values,
      });
    } else if ((rr as number) < REWARD_RISK_MIN) {
      const stopParam = levels.stop;
      const sameUnit = levels.target.unit === stopParam.unit && stopParam.current !== null;
      let rec: Recommendation;
      if (sameUnit && levels.target.key !== null) {
        const lo = (stopParam.current as number) * REWARD_RISK_TARGET[0];
        const hi = (stopParam.current as number) * REWARD_RISK_TARGET[1];
        rec = {
          adjustment: 'set',
          parameter: levels.target.key,
          scope: levels.target.scope,
          unit: levels.target.unit,
          current: levels.target.current,
          low: Number(lo.toFixed(2)),
          high: Number(hi.toFixed(2)),
          text: `Set ${levels.target.key} to ${plainNumber(lo)}–${plainNumber(hi)}${levels.target.unit === '%' ? ' %' : ''} (${plainNumber(REWARD_RISK_TARGET[0])}–${plainNumber(REWARD_RISK_TARGET[1])} × ${stopParam.key} ${plainNumber(stopParam.current as number)})`,
        };
      } else {
        rec = recommend(levels.target, 'target', 'set', (medStop as number) * REWARD_RISK_TARGET[0], (medStop as number) * REWARD_RISK_TARGET[1], medAtr, medTarget);
      }
      out.push({
        rule: 'LOW_REWARD_RISK',
        status: 'fired',
        title: `Reward/risk is below ${plainNumber(REWARD_RISK_MIN)} (${plainNumber(rr as number)})`,
        detail: `The median target (${pct(medTarget)}) is smaller than the median stop (${pct(medStop)}): a win earns less than a loss costs, so the win rate must stay above ${share(1 / (1 + (rr as number)))} to break even.`,
        recommendation: rec,
        values,
      });
    } else {
      out.push({
        rule: 'LOW_REWARD_RISK',
        status: 'ok',
        title: `Reward/risk is ${plainNumber(rr as number)}`,
        detail: `The median target (${pct(medTarget)}) is at least the median stop (${pct(medStop)}).`,
        recommendation: null,
        values,
      });
    }
  }
  return out;
}
