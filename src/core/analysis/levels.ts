/**
 * The settings that place a trade's stop and target, and how a suggested distance in percent of
 * price becomes a value of such a setting.
 */
import type { StrategyParams } from '../strategy/types';

/** A setting that places stops or targets. */
export interface LevelParameter {
  /** Its name: `tp_atr_multiplier` / `sl_atr_multiplier` (signal engine), `target_pct` / `stop_pct` (HMA_SMA), `takeProfitPct` / `stopLossPct` (paper account); null when no setting controls the level. */
  key: string | null;
  /** `ATR`: a multiple of the ATR; `%`: percent of price. */
  unit: 'ATR' | '%';
  /** Its current value; null when unknown. */
  current: number | null;
  /** Where it is set: the strategy's parameters (preset editor) or the paper account's defaults. */
  scope: 'strategy' | 'account' | null;
}

export interface LevelParameters {
  target: LevelParameter;
  stop: LevelParameter;
}

/** A paper account's default levels (used when a signal carries none), in percent. */
export interface AccountLevels {
  stopLossPct: number;
  takeProfitPct: number;
}

function num(params: StrategyParams | null, key: string): number | null {
  const v = params?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The settings behind the levels of trades made with `params` (the strategy's) on `account`: the
 * signal engine's ATR multipliers, HMA_SMA's percents, else the account's default stop and target.
 */
export function levelParameters(params: StrategyParams | null, account: AccountLevels | null): LevelParameters {
  if (num(params, 'tp_atr_multiplier') !== null && num(params, 'sl_atr_multiplier') !== null) {
    return {
      target: { key: 'tp_atr_multiplier', unit: 'ATR', current: num(params, 'tp_atr_multiplier'), scope: 'strategy' },
      stop: { key: 'sl_atr_multiplier', unit: 'ATR', current: num(params, 'sl_atr_multiplier'), scope: 'strategy' },
    };
  }
  if (num(params, 'target_pct') !== null && num(params, 'stop_pct') !== null) {
    return {
      target: { key: 'target_pct', unit: '%', current: num(params, 'target_pct'), scope: 'strategy' },
      stop: { key: 'stop_pct', unit: '%', current: num(params, 'stop_pct'), scope: 'strategy' },
    };
  }
  if (account !== null) {
    return {
      target: { key: 'takeProfitPct', unit: '%', current: account.takeProfitPct, scope: 'account' },
      stop: { key: 'stopLossPct', unit: '%', current: account.stopLossPct, scope: 'account' },
    };
  }
  return {
    target: { key: null, unit: '%', current: null, scope: null },
    stop: { key: null, unit: '%', current: null, scope: null },
  };
}

/** Suggested values are rounded to this step: half an ATR, or a tenth of a percent. */
export const ATR_STEP = 0.5;
export const PCT_STEP = 0.1;

/** Which way a suggestion moves a setting. */
export type Adjustment = 'reduce' | 'raise' | 'set';

/** A range for a setting, in its own unit. */
export interface SuggestedRange {
  low: number;
  high: number;
  unit: 'ATR' | '%';
}

function roundTo(x: number, step: number): number {
  return Number((Math.round(x / step) * step).toFixed(6));
}

/**
 * A range of distances in percent of price (`lowPct`..`highPct`) in the unit of `param`. An ATR
 * multiple is the distance over `atrPct` (the trades' median ATR in percent), or, without candles,
 * over the ATR the trades imply (`medianPct / current`: their median distance of this level over
 * the multiple that placed it). Rounded to {@link ATR_STEP} or {@link PCT_STEP}; the two ends at
 * least a step apart; `reduce` keeps the range below the current value and `raise` above it.
 * Null when an ATR setting has neither candles nor a current value.
 */
export function toParameterRange(
  param: LevelParameter,
  lowPct: number,
  highPct: number,
  adjustment: Adjustment,
  atrPct: number | null,
  medianPct: number | null,
): SuggestedRange | null {
  let lo = Math.min(lowPct, highPct);
  let hi = Math.max(lowPct, highPct);
  const step = param.unit === 'ATR' ? ATR_STEP : PCT_STEP;
  if (param.unit === 'ATR') {
    const unitPct = atrPct ?? (param.current !== null && param.current > 0 && medianPct !== null ? medianPct / param.current : null);
    if (unitPct === null || !(unitPct > 0)) return null;
    lo /= unitPct;
    hi /= unitPct;
  }
  lo = Math.max(step, roundTo(lo, step));
  hi = Math.max(step, roundTo(hi, step));
  const cur = param.current;
  if (cur !== null && adjustment === 'reduce' && hi >= cur) {
    hi = Math.max(step, roundTo(cur - step, step));
    lo = Math.min(lo, hi);
  }
  if (cur !== null && adjustment === 'raise' && lo <= cur) {
    lo = roundTo(cur + step, step);
    hi = Math.max(hi, lo);
  }
  if (hi - lo < step - 1e-9) {
    if (adjustment === 'reduce' && lo - step >= step - 1e-9) lo = roundTo(lo - step, step);
    else hi = roundTo(lo + step, step);
  }
  return { low: lo, high: hi, unit: param.unit };
}

/** A number for a recommendation: at most 2 decimals, no trailing zeros (`1.5`, `2`, `0.25`). */
export function plainNumber(x: number): string {
  return String(Number(x.toFixed(2)));
}
