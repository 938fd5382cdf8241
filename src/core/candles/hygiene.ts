import { candleOpenTime, isOnGrid, nextOpenTime, timeframeMs, type Timeframe } from './timeframe';
import { emptyCandles, type CandleColumns } from './types';
import { lowerBound, partitionPoint } from '../util/binary-search';

/** One numeric column of raw rows: a typed array or a plain array (from JSON, an exchange page…). */
export type NumericColumn = Float64Array | readonly number[];

/**
 * Candle rows as they arrive from any source (exchange page, file, demo), before cleaning:
 * columnar, in any order, possibly with duplicates, invalid values or a still-forming last candle.
 * `time` is the open time in UTC ms. `line`, when given, is the 1-based source line of each row
 * and is used in error reports; without it rows are reported by their 1-based position.
 */
export interface RawCandleRows {
  time: NumericColumn;
  open: NumericColumn;
  high: NumericColumn;
  low: NumericColumn;
  close: NumericColumn;
  volume: NumericColumn;
  line?: Int32Array | readonly number[];
}

/** Missing candles between two present ones: open times of the first and last missing candle. */
export interface Gap {
  from: number;
  to: number;
  /** Number of candles missing in [from, to] (both ends included). */
  missing: number;
}

/** An inclusive range of open times, in UTC ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** One candle as plain numbers. */
export interface FormingCandle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A rejected row: its 1-based source line (or position) and every problem found, joined by "; ". */
export interface RowProblem {
  line: number;
  reason: string;
}

export interface HygieneReport {
  /** Valid, closed candles, ascending by open time, one per open time. Shares no memory with the input. */
  candles: CandleColumns;
  /** The still-forming last candle (see `CleanOptions.now`), never part of `candles`; null when none. */
  forming: FormingCandle | null;
  /** Valid rows dropped because a later row of the input had the same open time (the last one is kept). */
  duplicates: number;
  /** Rows rejected as invalid, by ascending line (the first `CleanOptions.listLimit` of them). */
  invalid: RowProblem[];
  /** Every row rejected as invalid, listed or not. */
  invalidCount: number;
  /** Missing ranges between consecutive candles of `candles`, ascending (the first `listLimit`). */
  gaps: Gap[];
  /** Every gap, listed or not. */
  gapCount: number;
  /** Candles missing in all gaps together. */
  missing: number;
}

export interface CleanOptions {
  /**
   * Current time in UTC ms. When given, the last candle is still forming if its close time
   * (`nextOpenTime(open, tf)`) is after `now`; it is then returned as `forming` instead of being
   * part of `candles`. Without `now`, every candle counts as closed.
   */
  now?: number;
  /**
   * Most invalid rows and gaps listed in the report (the first ones); the others are only counted
   * (`invalidCount`, `gapCount`, `missing`), so millions of bad rows cost no memory per row.
   * Default: all.
   */
  listLimit?: number;
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

function columnLength(rows: RawCandleRows): number {
  const n = rows.time.length;
  for (const f of FIELDS) {
    const len = rows[f].length;
    if (len !== n) throw new RangeError(`rows.${f}.length: ${len} differs from rows.time.length ${n}`);
  }
  if (rows.line !== undefined && rows.line.length !== n) {
    throw new RangeError(`rows.line.length: ${rows.line.length} differs from rows.time.length ${n}`);
  }
  return n;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function showTime(t: number): string {
  const ms = Math.abs(t) <= 8.64e15 ? t : NaN;
  return Number.isFinite(ms) ? `${t} (${new Date(ms).toISOString()})` : String(t);
}

/** Every problem of one row, joined by "; " (called only for rows that failed the fast check). */
function describeRow(vals: readonly unknown[], tf: Timeframe): string {
  const out: string[] = [];
  for (let f = 0; f < 6; f++) {
    if (!Number.isFinite(vals[f])) out.push(`${FIELDS[f]}: ${show(vals[f])} is not a finite number`);
  }
  if (out.length > 0) return out.join('; ');
  const [t, o, h, l, c, v] = vals as number[];
  for (let f = 1; f <= 4; f++) {
    const p = vals[f] as number;
    if (!(p > 0)) out.push(`${FIELDS[f]}: ${p} is not a positive price`);
  }
  if (v < 0) out.push(`volume: ${v} is negative`);
  if (h < l) out.push(`high ${h} is below low ${l}`);
  if (h < Math.max(o, c)) out.push(`high ${h} is below max(open, close) ${Math.max(o, c)}`);
  if (l > Math.min(o, c)) out.push(`low ${l} is above min(open, close) ${Math.min(o, c)}`);
  if (!isOnGrid(t, tf)) {
    out.push(`time: ${showTime(t)} is not on the ${tf} grid (that candle opens at ${showTime(candleOpenTime(t, tf))})`);
  }
  return out.join('; ');
}

/**
 * Cleans candle rows from any source into closed, valid, unique, ascending candles, and reports
 * what was removed and what is missing. Every path that reads candles goes through it: exchange
 * pages (backfill, live), imported files, the demo market and every command of the command line.
 *
 * A row is invalid (reported in `invalid`, dropped) when any field is not a finite number, a
 * price (open, high, low, close) is not positive, volume is negative, high < low,
 * high < max(open, close), low > min(open, close), or the open time is not on the `tf` grid
 * (`isOnGrid`: 1w opens on Monday 00:00 UTC, 1M on the 1st of the month 00:00 UTC).
 *
 * Duplicates: among valid rows with the same open time, the one appearing LAST in the input is
 * kept (newer data wins, so appending a fresh page to an older one updates candles); the others
 * are counted in `duplicates`. Invalid rows take no part in this: an invalid later row does not
 * replace a valid earlier one.
 *
 * Forming candle: with `opts.now`, the last candle is `forming` when its close time is after
 * `now`. Only the last candle can be forming: a candle followed by another one is closed whatever
 * the local clock says, since the exchange has opened the next one.
 *
 * Gaps are the missing ranges between consecutive candles of `candles` (the forming candle is not
 * part of them), computed with `nextOpenTime` so 1w and 1M grids are exact.
 *
 * Cost: O(n) when the valid rows are already in non-decreasing time order (detected); otherwise
 * O(n) when the rows cover their time span densely and O(n log n) when not (see `orderUnsorted`).
 * No per-row allocation except for invalid rows.
 */
export function cleanCandles(rows: RawCandleRows, tf: Timeframe, opts: CleanOptions = {}): HygieneReport {
  const n = columnLength(rows);
  const { time, open, high, low, close, volume, line } = rows;
  const now = opts.now;
  if (now !== undefined && !Number.isFinite(now)) throw new RangeError(`now: ${now} is not a finite time`);
  const limit = opts.listLimit ?? Infinity;
  if (!(limit >= 0)) throw new RangeError(`listLimit: ${limit} is not a count`);

  // Pass 1: validate; collect valid row indices and detect whether they are already ordered.
  const idx = new Uint32Array(n);
  const invalid: RowProblem[] = [];
  let invalidCount = 0;
  let nv = 0;
  let sorted = true;
  let prev = -Infinity;
  let tmin = Infinity;
  let tmax = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    const o = open[i];
    const h = high[i];
    const l = low[i];
    const c = close[i];
    const v = volume[i];
    if (
      Number.isFinite(t) &&
      Number.isFinite(o) &&
      Number.isFinite(h) &&
      Number.isFinite(l) &&
      Number.isFinite(c) &&
      Number.isFinite(v) &&
      o > 0 &&
      c > 0 &&
      l > 0 &&
      v >= 0 &&
      h >= o &&
      h >= c &&
      l <= o &&
      l <= c &&
      isOnGrid(t, tf)
    ) {
      if (t < prev) sorted = false;
      if (t < tmin) tmin = t;
      if (t > tmax) tmax = t;
      prev = t;
      idx[nv++] = i;
    } else {
      const at = line === undefined ? i + 1 : line[i];
      invalidCount++;
      if (invalid.length < limit) invalid.push({ line: at, reason: describeRow([t, o, h, l, c, v], tf) });
      else if (limit > 0 && at < invalid[invalid.length - 1].line) {
        // Lines out of order: keep the lowest ones listed.
        invalid.push({ line: at, reason: describeRow([t, o, h, l, c, v], tf) });
        invalid.sort((a, b) => a.line - b.line);
        invalid.pop();
      }
    }
  }

  const order = idx.subarray(0, nv);
  const k = sorted ? keepLastOfRuns(order, time) : orderUnsorted(order, time, tf, tmin, tmax);
  const duplicates = nv - k;
  let kept = k;

  let forming: FormingCandle | null = null;
  if (now !== undefined && kept > 0) {
    const r = order[kept - 1];
    if (nextOpenTime(time[r], tf) > now) {
      forming = { time: time[r], open: open[r], high: high[r], low: low[r], close: close[r], volume: volume[r] };
      kept--;
    }
  }

  // Gather the kept rows into fresh columns.
  const candles = emptyCandles(kept);
  const ot = candles.time;
  const oo = candles.open;
  const oh = candles.high;
  const ol = candles.low;
  const oc = candles.close;
  const ov = candles.volume;
  for (let j = 0; j < kept; j++) {
    const r = order[j];
    ot[j] = time[r];
    oo[j] = open[r];
    oh[j] = high[r];
    ol[j] = low[r];
    oc[j] = close[r];
    ov[j] = volume[r];
  }

  if (line !== undefined) {
    let ordered = true;
    for (let i = 1; i < invalid.length && ordered; i++) ordered = invalid[i - 1].line <= invalid[i].line;
    if (!ordered) invalid.sort((a, b) => a.line - b.line);
  }
  const gaps = gapsOf(ot, tf, limit);
  return { candles, forming, duplicates, invalid, invalidCount, ...gaps };
}

/**
 * `order` holds row indices in non-decreasing time order, equal times in input order. Compacts it
 * in place to the last row of each run of equal times; returns how many remain.
 */
function keepLastOfRuns(order: Uint32Array, time: NumericColumn): number {
  const nv = order.length;
  let k = 0;
  for (let p = 0; p < nv; p++) {
    const r = order[p];
    if (p + 1 < nv && time[order[p + 1]] === time[r]) continue;
    order[k++] = r;
  }
  return k;
}

/** Slot spans up to this many times the row count are ordered by direct slot addressing. */
const DENSE_FACTOR = 4;

/**
 * `order` holds valid row indices in input order, times not ascending. Rewrites its head with one
 * row per distinct time, ascending, each the last input row with that time; returns how many.
 * Each row gets a slot (its position among the distinct times), later rows overwriting earlier
 * ones. Slots are direct grid offsets when the time span is dense enough (O(n + span)), otherwise
 * ranks found by binary search in the natively sorted distinct times (O(n log n)).
 */
function orderUnsorted(order: Uint32Array, time: NumericColumn, tf: Timeframe, tmin: number, tmax: number): number {
  const nv = order.length;
  const ms = tf === '1M' ? 0 : timeframeMs(tf);
  const span = ms > 0 ? (tmax - tmin) / ms + 1 : Infinity;
  if (span <= DENSE_FACTOR * nv + 1024) {
    const slots = new Int32Array(span).fill(-1);
    for (let p = 0; p < nv; p++) {
      const r = order[p];
      slots[(time[r] - tmin) / ms] = r;
    }
    let k = 0;
    for (let s = 0; s < span; s++) if (slots[s] >= 0) order[k++] = slots[s];
    return k;
  }
  const keys = new Float64Array(nv);
  for (let p = 0; p < nv; p++) keys[p] = time[order[p]];
  keys.sort();
  let u = 0;
  for (let p = 0; p < nv; p++) if (p === 0 || keys[p] !== keys[u - 1]) keys[u++] = keys[p];
  const uniq = keys.subarray(0, u);
  const slots = new Int32Array(u);
  for (let p = 0; p < nv; p++) {
    const r = order[p];
    slots[lowerBound(uniq, time[r])] = r;
  }
  order.set(slots);
  return u;
}

function monthIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Number of candle open times in [from, to], both on the `tf` grid. */
function countOpens(from: number, to: number, tf: Timeframe): number {
  if (tf === '1M') return monthIndex(to) - monthIndex(from) + 1;
  return Math.round((to - from) / timeframeMs(tf)) + 1;
}

/** The last open time on the `tf` grid strictly before `t`. */
function openBefore(t: number, tf: Timeframe): number {
  const o = candleOpenTime(t, tf);
  return o < t ? o : candleOpenTime(o - 1, tf);
}

/** The first open time on the `tf` grid strictly after `t`. */
function openAfter(t: number, tf: Timeframe): number {
  return nextOpenTime(candleOpenTime(t, tf), tf);
}

/** Gaps of a strictly ascending, on-grid time column (not checked): the first `limit` listed, all counted. */
function gapsOf(time: Float64Array, tf: Timeframe, limit = Infinity): { gaps: Gap[]; gapCount: number; missing: number } {
  const gaps: Gap[] = [];
  const n = time.length;
  let gapCount = 0;
  let missing = 0;
  if (tf === '1M') {
    for (let i = 1; i < n; i++) {
      const expected = nextOpenTime(time[i - 1], tf);
      if (time[i] !== expected) {
        const m = monthIndex(time[i]) - monthIndex(expected);
        gapCount++;
        missing += m;
        if (gaps.length < limit) gaps.push({ from: expected, to: openBefore(time[i], tf), missing: m });
      }
    }
    return { gaps, gapCount, missing };
  }
  const ms = timeframeMs(tf);
  for (let i = 1; i < n; i++) {
    const d = time[i] - time[i - 1];
    if (d !== ms) {
      const m = d / ms - 1;
      gapCount++;
      missing += m;
      if (gaps.length < limit) gaps.push({ from: time[i - 1] + ms, to: time[i] - ms, missing: m });
    }
  }
  return { gaps, gapCount, missing };
}

/**
 * Missing candle ranges between consecutive open times of `time` (strictly ascending, every value
 * on the `tf` grid; a violation throws naming the index and the value). Each gap gives the open
 * times of the first and last missing candle and how many are missing; 1w and 1M steps follow
 * `nextOpenTime`. O(n).
 */
export function findGaps(time: Float64Array, tf: Timeframe): Gap[] {
  let prev = -Infinity;
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (!(t > prev)) throw new RangeError(`time[${i}]: ${t} is not after the previous open time ${prev}`);
    if (!isOnGrid(t, tf)) throw new RangeError(`time[${i}]: ${t} is not on the ${tf} grid`);
    prev = t;
  }
  return gapsOf(time, tf).gaps;
}

/**
 * Removes from `gaps` the open times inside `confirmedEmpty` (inclusive ranges the exchange
 * confirmed hold no candles, e.g. an outage), splitting a gap when a range falls inside it.
 * Returns the remaining gaps ascending, with `missing` recounted on the `tf` grid; pieces left
 * with no candle disappear. The inputs are not modified. Ranges may overlap, touch, be unsorted
 * or have ends off the grid; a range with from > to or a non-finite end throws.
 * O((g + r) log r) for g gaps and r ranges.
 */
export function subtractRanges(gaps: readonly Gap[], confirmedEmpty: readonly TimeRange[], tf: Timeframe): Gap[] {
  confirmedEmpty.forEach((r, i) => {
    if (!Number.isFinite(r.from) || !Number.isFinite(r.to) || r.from > r.to) {
      throw new RangeError(`confirmedEmpty[${i}]: {from: ${r.from}, to: ${r.to}} is not a range with from <= to`);
    }
  });
  const ranges = confirmedEmpty.map((r) => ({ from: r.from, to: r.to })).sort((a, b) => a.from - b.from);
  const merged: TimeRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push(r);
  }
  const out: Gap[] = [];
  for (const g of gaps) {
    // First merged range ending at or after the gap start.
    const lo = partitionPoint(0, merged.length, (i) => merged[i].to < g.from);
    let s = g.from;
    for (let j = lo; j < merged.length && merged[j].from <= g.to && s <= g.to; j++) {
      const r = merged[j];
      if (r.from > s) {
        const e = Math.min(openBefore(r.from, tf), g.to);
        if (e >= s) out.push({ from: s, to: e, missing: countOpens(s, e, tf) });
      }
      s = Math.max(s, openAfter(r.to, tf));
    }
    if (s <= g.to) out.push({ from: s, to: g.to, missing: countOpens(s, g.to, tf) });
  }
  return out.sort((a, b) => a.from - b.from);
}
