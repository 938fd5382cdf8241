/**
 * The fill rules of docs/fill-model.md as small pure functions, shared by the backtester
 * (`engine.ts`) and the paper bot (`src/core/paper`), so both take the same decisions on the same
 * prices: entry fill, stop and target levels, the exit checks of a bar, exit fill prices, fees and
 * P&L. Directions are numbers: `1` long, `-1` short. Prices are plain numbers (market data); the
 * paper ledger turns the prices these functions return into decimals before it computes money.
 */
import { nextOpenTime, type Timeframe } from '../candles/timeframe';
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';

/** No exit in this bar. */
export const EXIT_NONE = 0;
/** The stop was hit (reason `SL`). */
export const EXIT_STOP = 1;
/** The target was hit (reason `TP`). */
export const EXIT_TARGET = 2;
export type LevelExit = typeof EXIT_NONE | typeof EXIT_STOP | typeof EXIT_TARGET;

/** A signal's stop or target distance as the fills use it: positive and finite, else 0 (none). */
export function levelFraction(v: number | undefined): number {
  return typeof v === 'number' && v > 0 && Number.isFinite(v) ? v : 0;
}

/** The fill of a market entry at `open`: long pays `open * (1 + s)`, short receives `open * (1 - s)`. */
export function entryFillPrice(open: number, d: number, slip: number): number {
  return d === 1 ? open * (1 + slip) : open * (1 - slip);
}

/** The fill of a market exit at `price`: long receives `price * (1 - s)`, short pays `price * (1 + s)`. */
export function marketExitPrice(price: number, d: number, slip: number): number {
  return d === 1 ? price * (1 - slip) : price * (1 + slip);
}

/** The stop level for a fill: long `fill * (1 - f)`, short `fill * (1 + f)`; 0 (none) when `f` is 0. */
export function stopLevel(fill: number, d: number, fraction: number): number {
  return fraction === 0 ? 0 : d === 1 ? fill * (1 - fraction) : fill * (1 + fraction);
}

/** The target level for a fill: long `fill * (1 + f)`, short `fill * (1 - f)`; 0 (none) when `f` is 0. */
export function targetLevel(fill: number, d: number, fraction: number): number {
  return fraction === 0 ? 0 : d === 1 ? fill * (1 + fraction) : fill * (1 - fraction);
}

/**
 * Rule 1, from the bar after the entry bar: a bar that opens beyond the stop exits at the open
 * (`EXIT_STOP`), else one that opens beyond the target (`EXIT_TARGET`). A level of 0 is none.
 */
export function openExit(d: number, open: number, stop: number, target: number): LevelExit {
  if (d === 1) {
    if (stop > 0 && open <= stop) return EXIT_STOP;
    if (target > 0 && open >= target) return EXIT_TARGET;
  } else {
    if (stop > 0 && open >= stop) return EXIT_STOP;
    if (target > 0 && open <= target) return EXIT_TARGET;
  }
  return EXIT_NONE;
}

/** Both the stop and the target were touched in the bar (resolved by {@link bothTouchedExit}). */
export const EXIT_BOTH = 3;

/**
 * Rules 2–3 inside a bar: `EXIT_STOP` or `EXIT_TARGET` when one level was touched, `EXIT_BOTH`
 * when both were (then {@link bothTouchedExit} decides), else `EXIT_NONE`.
 */
export function barExit(d: number, high: number, low: number, stop: number, target: number): LevelExit | typeof EXIT_BOTH {
  const hitStop = stop > 0 && (d === 1 ? low <= stop : high >= stop);
  const hitTarget = target > 0 && (d === 1 ? high >= target : low <= target);
  return hitStop ? (hitTarget ? EXIT_BOTH : EXIT_STOP) : hitTarget ? EXIT_TARGET : EXIT_NONE;
}

/**
 * Rule 2 for a bar (open time `time`, timeframe `tf`) that touched both levels: the stop is
 * assumed first, unless `lower` candles of the bar show the target first.
 */
export function bothTouchedExit(d: number, stop: number, target: number, lower: CandleColumns | undefined, time: number, tf: Timeframe): LevelExit {
  return lower !== undefined && lowerShowsTargetFirst(lower, time, tf, d, stop, target) ? EXIT_TARGET : EXIT_STOP;
}

/**
 * True when the lower-timeframe candles of the `tf` bar opening at `time` show the target touched
 * first: the first lower candle that touches exactly one level decides; one touching both, or none
 * touching either, leaves the stop first.
 */
export function lowerShowsTargetFirst(
  lower: CandleColumns,
  time: number,
  tf: Timeframe,
  d: number,
  stop: number,
  target: number,
): boolean {
  const end = nextOpenTime(time, tf);
  const lt = lower.time;
  const lh = lower.high;
  const ll = lower.low;
  for (let j = lowerBound(lt, time); j < lt.length && lt[j] < end; j++) {
    if (d === 1 ? ll[j] <= stop : lh[j] >= stop) return false;
    if (d === 1 ? lh[j] >= target : ll[j] <= target) return true;
  }
  return false;
}

/**
 * The fill of a level exit: a stop is a market fill at `price` (the open on a gap, else the stop
 * level) and takes slippage; a target is a limit fill at `price` and takes none.
 */
export function levelExitPrice(exit: LevelExit, d: number, price: number, slip: number): number {
  return exit === EXIT_STOP ? marketExitPrice(price, d, slip) : price;
}

/** Fee of a fill: `feeRate * notional`. */
export function fillFee(notional: number, feeRate: number): number {
  return notional * feeRate;
}

/** Gross P&L before fees: long `qty * (exit - entry)`, short `qty * (entry - exit)`. */
export function grossPnl(d: number, qty: number, entry: number, exit: number): number {
  return d === 1 ? qty * (exit - entry) : qty * (entry - exit);
}

/** `pnl / (qty * entry) * 100`. */
export function pnlPercent(pnl: number, qty: number, entry: number): number {
  return (pnl / (qty * entry)) * 100;
}
