/**
 * What the condition panel shows on one bar: every condition of the strategy with its value,
 * threshold and pass/fail, whether it should enter long or short, the numbers it read, and the
 * signal it fired there (direction, confidence and level, stop and target).
 */
import type { CandleColumns } from '../candles/types';
import { confidenceLevel, type ConfidenceLevel, type Direction, type PreparedStrategy, type Reading, type Reason } from '../strategy/types';

/** The signal fired on the bar, with its stop and target as levels from the bar's close. */
export interface SnapshotSignal {
  direction: Direction;
  confidence: number;
  level: ConfidenceLevel;
  /** Close of the bar (the reference price). */
  price: number;
  stopFraction: number;
  targetFraction: number;
  /** Levels from the reference price; null when the distance is 0 (no such level). */
  stop: number | null;
  target: number | null;
  reasons: Reason[];
}

export interface ConditionSnapshot {
  bar: number;
  time: number;
  close: number;
  /** Every condition except the `shouldEnterLong` / `shouldEnterShort` rows. */
  conditions: Reason[];
  /** Null when the strategy states neither (no such row and nothing fired). */
  shouldEnterLong: boolean | null;
  shouldEnterShort: boolean | null;
  readings: Reading[];
  signal: SnapshotSignal | null;
}

/** The snapshot of bar `i` of a prepared strategy over `candles`. Reads only what the strategy read on bars 0..i. */
export function conditionSnapshot(prepared: PreparedStrategy, candles: CandleColumns, i: number): ConditionSnapshot {
  const n = candles.time.length;
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`bar: ${i} is not a bar index (0..${n - 1})`);
  const rows = prepared.conditionsAt ? prepared.conditionsAt(i) : [];
  const sig = prepared.signalAt(i);
  const row = (name: string): boolean | null => {
    const r = rows.find((x) => x.condition === name);
    return r === undefined ? null : r.pass;
  };
  let long = row('shouldEnterLong');
  let short = row('shouldEnterShort');
  if (long === null && short === null && sig !== null) {
    long = sig.direction === 'LONG';
    short = !long;
  }
  let signal: SnapshotSignal | null = null;
  if (sig !== null) {
    const isLong = sig.direction === 'LONG';
    const p = sig.price;
    signal = {
      direction: sig.direction,
      confidence: sig.confidence,
      level: confidenceLevel(sig.confidence),
      price: p,
      stopFraction: sig.stopFraction,
      targetFraction: sig.targetFraction,
      stop: sig.stopFraction > 0 ? (isLong ? p * (1 - sig.stopFraction) : p * (1 + sig.stopFraction)) : null,
      target: sig.targetFraction > 0 ? (isLong ? p * (1 + sig.targetFraction) : p * (1 - sig.targetFraction)) : null,
      reasons: sig.reasons,
    };
  }
  return {
    bar: i,
    time: candles.time[i],
    close: candles.close[i],
    conditions: rows.filter((r) => r.condition !== 'shouldEnterLong' && r.condition !== 'shouldEnterShort'),
    shouldEnterLong: long,
    shouldEnterShort: short,
    readings: prepared.readingsAt ? prepared.readingsAt(i) : [],
    signal,
  };
}
