import { subtractRanges } from '../core/candles/hygiene';
import { candleOpenTime, nextOpenTime, timeframeMs, type Timeframe } from '../core/candles/timeframe';
import { lowerBound, upperBound } from '../core/util/binary-search';
import type { TimeRange } from './records/common';
import type { Gap } from './records/candles';

/**
 * Exact bookkeeping of which open times a series holds, without reading its candles:
 * a series is `first`, `last` and the missing stretches (gaps) between them.
 */
export interface Coverage {
  first: number;
  last: number;
  gaps: Gap[];
}

function monthIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Open time of the candle before the one opening at `open`. */
export function prevOpenTime(open: number, tf: Timeframe): number {
  return candleOpenTime(open - 1, tf);
}

/** Number of candle open times in [from, to] (both on the grid, from <= to). */
export function countOpenTimes(from: number, to: number, tf: Timeframe): number {
  if (tf === '1M') return monthIndex(to) - monthIndex(from) + 1;
  return Math.round((to - from) / timeframeMs(tf)) + 1;
}

/** Appends the gap between present open times `a` < `b`, if any. */
function pushBetween(out: Gap[], a: number, b: number, tf: Timeframe): void {
  const from = nextOpenTime(a, tf);
  if (from >= b) return;
  const to = prevOpenTime(b, tf);
  out.push({ from, to, missing: countOpenTimes(from, to, tf) });
}

/**
 * Gaps between consecutive present open times: optional `before`, then `time[lo..hi)`,
 * then optional `after` (all ascending).
 */
function walk(out: Gap[], time: Float64Array, lo: number, hi: number, tf: Timeframe, before: number | null, after: number | null): void {
  let prev = before;
  if (tf === '1M') {
    for (let i = lo; i < hi; i++) {
      if (prev !== null) pushBetween(out, prev, time[i], tf);
      prev = time[i];
    }
  } else {
    const ms = timeframeMs(tf);
    for (let i = lo; i < hi; i++) {
      const t = time[i];
      if (prev !== null && t !== prev + ms) pushBetween(out, prev, t, tf);
      prev = t;
    }
  }
  if (prev !== null && after !== null) pushBetween(out, prev, after, tf);
}

/** Gaps of a series made of exactly the (ascending, on-grid) open times `time`. */
export function gapsOf(time: Float64Array, tf: Timeframe): Gap[] {
  const out: Gap[] = [];
  walk(out, time, 0, time.length, tf, null, null);
  return out;
}

/**
 * Coverage after adding the open times `time` (ascending, on the grid, non-empty) to a series
 * whose coverage was `old` (null = empty series). Old gaps are split where new candles fill
 * them; stretches before `old.first` and after `old.last` are walked from the new times.
 */
export function addToCoverage(old: Coverage | null, time: Float64Array, tf: Timeframe): Coverage {
  const n = time.length;
  if (n === 0) {
    if (!old) throw new RangeError('time: empty, and the series is empty');
    return old;
  }
  if (!old) return { first: time[0], last: time[n - 1], gaps: gapsOf(time, tf) };
  const gaps: Gap[] = [];
  const left = lowerBound(time, old.first);
  if (left > 0) walk(gaps, time, 0, left, tf, null, old.first);
  for (const g of old.gaps) {
    const lo = lowerBound(time, g.from, left);
    const hi = upperBound(time, g.to, lo);
    if (lo === hi) {
      gaps.push({ from: g.from, to: g.to, missing: g.missing });
      continue;
    }
    walk(gaps, time, lo, hi, tf, prevOpenTime(g.from, tf), nextOpenTime(g.to, tf));
  }
  const right = upperBound(time, old.last, left);
  if (right < n) walk(gaps, time, right, n, tf, old.last, null);
  return { first: Math.min(old.first, time[0]), last: Math.max(old.last, time[n - 1]), gaps };
}

/** Sorted, non-overlapping union of open-time ranges; touching ranges are joined. */
export function normalizeRanges(ranges: readonly TimeRange[], tf: Timeframe): TimeRange[] {
  const sorted = ranges.map((r) => ({ from: r.from, to: r.to })).sort((a, b) => a.from - b.from || a.to - b.to);
  const out: TimeRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= nextOpenTime(last.to, tf)) last.to = Math.max(last.to, r.to);
    else out.push(r);
  }
  return out;
}

/**
 * The parts of `ranges` where the series holds no candle: before `first`, inside gaps and
 * after `last` (a confirmed-empty range never covers a stored candle).
 */
export function clipToMissing(ranges: readonly TimeRange[], cov: Coverage, tf: Timeframe): TimeRange[] {
  const holes: TimeRange[] = [
    { from: -Infinity, to: prevOpenTime(cov.first, tf) },
    ...cov.gaps.map((g) => ({ from: g.from, to: g.to })),
    { from: nextOpenTime(cov.last, tf), to: Infinity },
  ];
  const out: TimeRange[] = [];
  let h = 0;
  for (const r of ranges) {
    while (h < holes.length && holes[h].to < r.from) h++;
    for (let k = h; k < holes.length && holes[k].from <= r.to; k++) {
      const from = Math.max(r.from, holes[k].from);
      const to = Math.min(r.to, holes[k].to);
      if (from <= to) out.push({ from, to });
    }
  }
  return out;
}

/** `ranges` (on the grid) as gaps: each with the number of open times it spans. */
export function rangesAsGaps(ranges: readonly TimeRange[], tf: Timeframe): Gap[] {
  return ranges.map((r) => ({ from: r.from, to: r.to, missing: countOpenTimes(r.from, r.to, tf) }));
}

/** The open times of `ranges` not inside any of `minus`, as sorted ranges. */
export function withoutRanges(ranges: readonly TimeRange[], minus: readonly TimeRange[], tf: Timeframe): TimeRange[] {
  return subtractRanges(rangesAsGaps(ranges, tf), minus, tf).map((g) => ({ from: g.from, to: g.to }));
}

/**
 * The series' gaps that "Re-fetch gaps" asks for: every gap between its first and last candle and
 * every range the exchange answered empty without confirming it (`unconfirmed`, possibly before
 * the first or after the last candle), minus what the exchange confirmed empty, ascending.
 */
export function gapsToRefetch(s: { gaps: readonly Gap[]; confirmedEmpty: readonly TimeRange[]; unconfirmed?: readonly TimeRange[]; timeframe: Timeframe }): Gap[] {
  const all = normalizeRanges([...s.gaps, ...(s.unconfirmed ?? [])], s.timeframe);
  return subtractRanges(rangesAsGaps(all, s.timeframe), s.confirmedEmpty, s.timeframe);
}
