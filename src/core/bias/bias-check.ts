import type { CandleColumns } from '../candles/types';
import { sliceCandles } from '../candles/types';
import { nextOpenTime, type Timeframe } from '../candles/timeframe';
import { partitionPoint } from '../util/binary-search';
import { createRng } from '../util/rng';
import type { Direction, Signal, Strategy, StrategyInput, StrategyParams } from '../strategy/types';

/** What a signal is compared on. */
export interface SignalSummary {
  direction: Direction;
  confidence: number;
  stopFraction: number;
  targetFraction: number;
}

/**
 * - `APPEARS`: the full history has a signal on the bar that the truncated history had not
 *   (the signal needed later bars: lookahead).
 * - `DISAPPEARS`: the truncated history had a signal that later bars removed (repainting).
 * - `CHANGES`: both have a signal but direction, confidence, stop or target differ.
 */
export type BiasDifferenceKind = 'APPEARS' | 'DISAPPEARS' | 'CHANGES';

export interface BiasDifference {
  /** Last bar index of the truncated history (bars 0..checkedAt were given). */
  checkedAt: number;
  barIndex: number;
  time: number;
  kind: BiasDifferenceKind;
  /** Names of the differing fields (for CHANGES; empty otherwise). */
  fields: string[];
  truncated: SignalSummary | null;
  full: SignalSummary | null;
}

export interface BiasReport {
  /** Number of truncation points checked. */
  checkedPoints: number;
  /** The truncation points: each is the last bar index of a truncated history. */
  points: number[];
  /** Bar comparisons in which at least one of the two runs had a signal. */
  signalsCompared: number;
  /** Differences found (at most `maxDifferences` of them, in point then bar order). */
  differences: BiasDifference[];
  /** All differences found, also those beyond `maxDifferences`. */
  differenceCount: number;
  clean: boolean;
}

export interface BiasCheckOptions {
  /** Truncation points to check (default 20). */
  samples?: number;
  /** Seed of the point sampling (default 1). */
  seed?: number;
  /** Differences kept in the report (default 1000); all are counted. */
  maxDifferences?: number;
}

/** Numbers differing by more than this are a change. */
export const BIAS_TOLERANCE = 1e-12;

function summary(s: Signal): SignalSummary {
  return { direction: s.direction, confidence: s.confidence, stopFraction: s.stopFraction, targetFraction: s.targetFraction };
}

function differs(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return !(Number.isNaN(a) && Number.isNaN(b));
  return Math.abs(a - b) > BIAS_TOLERANCE;
}

/**
 * Higher-timeframe candles as they were known at the close of the base bar opening at
 * `baseOpen`: only those whose own close time is ≤ that bar's close time.
 */
function truncateOther(
  other: StrategyInput['other'],
  baseOpen: number,
  base: Timeframe,
): StrategyInput['other'] {
  if (!other) return undefined;
  const limit = nextOpenTime(baseOpen, base);
  const out: Partial<Record<Timeframe, CandleColumns>> = {};
  for (const tf of Object.keys(other) as Timeframe[]) {
    const c = other[tf];
    if (!c) continue;
    out[tf] = sliceCandles(c, 0, partitionPoint(0, c.time.length, (i) => nextOpenTime(c.time[i], tf) <= limit));
  }
  return out;
}

/**
 * Lookahead and repainting check. Runs the strategy once on the full history, then again on
 * truncated histories (bars 0..k, and higher-timeframe candles closed by the close of bar k)
 * for sampled points k, and compares every bar 0..k of each truncated run with the full run.
 * A strategy that uses only what was known at each bar's close gives identical signals, so
 * any signal that appears, disappears or changes (direction, or confidence, stop or target by
 * more than 1e-12) is reported.
 *
 * Points are drawn (seeded, without repetition) from the bars after the warm-up and before
 * the last bar: half of them from bars on which the full run fired (where one missing future
 * bar shows at once), the rest uniformly. With no more candidate bars than `samples`, every
 * candidate is checked.
 */
export function biasCheck(
  strategy: Strategy,
  input: StrategyInput,
  params: StrategyParams,
  options: BiasCheckOptions = {},
): BiasReport {
  const samples = options.samples ?? 20;
  const seed = options.seed ?? 1;
  const maxDifferences = options.maxDifferences ?? 1000;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples: ${samples} is not a positive integer`);
  if (!Number.isInteger(maxDifferences) || maxDifferences < 0) {
    throw new RangeError(`maxDifferences: ${maxDifferences} is not a non-negative integer`);
  }
  const n = input.candles.time.length;
  const full = strategy.prepare(input, params);
  const fullSignals: (Signal | null)[] = new Array<Signal | null>(n);
  for (let i = 0; i < n; i++) fullSignals[i] = full.signalAt(i);

  const points = samplePoints(strategy, params, fullSignals, n, samples, seed);
  const differences: BiasDifference[] = [];
  let differenceCount = 0;
  let signalsCompared = 0;
  const record = (d: BiasDifference): void => {
    differenceCount++;
    if (differences.length < maxDifferences) differences.push(d);
  };

  for (const k of points) {
    const truncatedInput: StrategyInput = {
      symbol: input.symbol,
      timeframe: input.timeframe,
      candles: sliceCandles(input.candles, 0, k + 1),
      other: truncateOther(input.other, input.candles.time[k], input.timeframe),
    };
    let prepared;
    try {
      prepared = strategy.prepare(truncatedInput, params);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(`bias check: ${strategy.id} failed on bars 0..${k}: ${msg}`);
    }
    for (let i = 0; i <= k; i++) {
      const a = prepared.signalAt(i);
      const b = fullSignals[i];
      if (a === null && b === null) continue;
      signalsCompared++;
      const time = input.candles.time[i];
      if (a === null) {
        record({ checkedAt: k, barIndex: i, time, kind: 'APPEARS', fields: [], truncated: null, full: summary(b!) });
      } else if (b === null) {
        record({ checkedAt: k, barIndex: i, time, kind: 'DISAPPEARS', fields: [], truncated: summary(a), full: null });
      } else {
        const fields: string[] = [];
        if (a.direction !== b.direction) fields.push('direction');
        if (differs(a.confidence, b.confidence)) fields.push('confidence');
        if (differs(a.stopFraction, b.stopFraction)) fields.push('stopFraction');
        if (differs(a.targetFraction, b.targetFraction)) fields.push('targetFraction');
        if (fields.length > 0) {
          record({ checkedAt: k, barIndex: i, time, kind: 'CHANGES', fields, truncated: summary(a), full: summary(b) });
        }
      }
    }
  }
  return {
    checkedPoints: points.length,
    points,
    signalsCompared,
    differences,
    differenceCount,
    clean: differenceCount === 0,
  };
}

function samplePoints(
  strategy: Strategy,
  params: StrategyParams,
  fullSignals: readonly (Signal | null)[],
  n: number,
  samples: number,
  seed: number,
): number[] {
  if (n < 2) return [];
  const last = n - 2;
  let first = Math.max(0, Math.floor(strategy.warmup(params)));
  if (first > last) first = last;
  const count = last - first + 1;
  if (count <= samples) {
    const all: number[] = [];
    for (let k = first; k <= last; k++) all.push(k);
    return all;
  }
  const rng = createRng(seed);
  const chosen = new Set<number>();
  const fired: number[] = [];
  for (let k = first; k <= last; k++) if (fullSignals[k] !== null) fired.push(k);
  const fromFired = Math.min(fired.length, Math.floor(samples / 2));
  for (let j = 0; j < fromFired; j++) {
    const r = j + rng.int(fired.length - j);
    const t = fired[j];
    fired[j] = fired[r];
    fired[r] = t;
    chosen.add(fired[j]);
  }
  while (chosen.size < samples) chosen.add(first + rng.int(count));
  return [...chosen].sort((a, b) => a - b);
}
