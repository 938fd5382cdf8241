import { Dexie } from 'dexie';
import { CANDLE_FIELDS, emptyCandles, type CandleColumns } from '../core/candles/types';
import { isOnGrid, timeframeMs, type Timeframe } from '../core/candles/timeframe';
import { lowerBound } from '../core/util/binary-search';
import type { CandlelabDb } from './db';
import { guard, invalid } from './errors';
import { CANDLE_SOURCES, type CandleChunkRecord, type CandleSeriesRecord, type CandleSource, type SeriesKey } from './records/candles';
import type { TimeRange } from './records/common';
import { addToCoverage, clipToMissing, normalizeRanges, withoutRanges } from './series-gaps';
import { requireOneOf, requireString, requireTimeframe } from './validate';

/**
 * Candles per chunk. Chunk starts are aligned to multiples of `CANDLE_CHUNK_SIZE` candles of
 * the timeframe (months for `1M`), so a chunk never needs to move. Changing it needs a migration.
 */
export const CANDLE_CHUNK_SIZE = 16384;

/** Number of columns stored per candle. */
const COLS = CANDLE_FIELDS.length;
/** Bytes of candle payload per stored candle. */
export const BYTES_PER_CANDLE = COLS * Float64Array.BYTES_PER_ELEMENT;

function monthIndex(t: number): number {
  const d = new Date(t);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** Start of the chunk holding the candle that opens at (or the instant) `t`. */
export function chunkStartOf(t: number, tf: Timeframe): number {
  if (tf === '1M') {
    const m = Math.floor(monthIndex(t) / CANDLE_CHUNK_SIZE) * CANDLE_CHUNK_SIZE;
    return Date.UTC(1970, m, 1);
  }
  const span = CANDLE_CHUNK_SIZE * timeframeMs(tf);
  return Math.floor(t / span) * span;
}

/** Start of the chunk after the one starting at `start`. */
export function chunkEndOf(start: number, tf: Timeframe): number {
  if (tf === '1M') return Date.UTC(1970, monthIndex(start) + CANDLE_CHUNK_SIZE, 1);
  return start + CANDLE_CHUNK_SIZE * timeframeMs(tf);
}

/** Bytes of candle data a series occupies (payload only; the browser adds its own overhead). */
export function seriesSizeBytes(series: Pick<CandleSeriesRecord, 'count'>): number {
  return series.count * BYTES_PER_CANDLE;
}

function checkKey(key: SeriesKey): void {
  requireString('exchange', key.exchange);
  requireString('symbol', key.symbol);
  requireTimeframe('timeframe', key.timeframe);
}

function seriesPk(key: SeriesKey): [string, string, string] {
  return [key.exchange, key.symbol, key.timeframe];
}

/** Columns of `c` in storage order (CANDLE_FIELDS: time, open, high, low, close, volume). */
function columnsOf(c: CandleColumns): Float64Array[] {
  return CANDLE_FIELDS.map((f) => c[f]);
}

function checkCandles(c: CandleColumns, tf: Timeframe): void {
  const cols = columnsOf(c);
  const names = CANDLE_FIELDS;
  const n = c.time?.length;
  for (let j = 0; j < COLS; j++) {
    if (!(cols[j] instanceof Float64Array)) throw invalid(`candles.${names[j]}: is not a Float64Array`);
    if (cols[j].length !== n) throw invalid(`candles.${names[j]}: length ${cols[j].length} differs from candles.time length ${n}`);
  }
  const t = c.time;
  const ms = tf === '1M' || tf === '1w' ? 0 : timeframeMs(tf);
  for (let i = 0; i < n; i++) {
    const ti = t[i];
    if (!Number.isFinite(ti)) throw invalid(`candles.time[${i}]: ${ti} is not a finite time`);
    if (ms > 0 ? ti % ms !== 0 : !isOnGrid(ti, tf)) throw invalid(`candles.time[${i}]: ${ti} is not a ${tf} candle open time`);
    if (i > 0 && ti <= t[i - 1]) throw invalid(`candles.time[${i}]: ${ti} is not after candles.time[${i - 1}] ${t[i - 1]}`);
  }
  for (let j = 1; j < COLS; j++) {
    const col = cols[j];
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i])) throw invalid(`candles.${names[j]}[${i}]: ${col[i]} is not a finite number`);
    }
  }
}

function checkRanges(field: string, ranges: readonly TimeRange[], tf: Timeframe): void {
  ranges.forEach((r, i) => {
    for (const end of ['from', 'to'] as const) {
      const v = r[end];
      if (typeof v !== 'number' || !Number.isFinite(v) || !isOnGrid(v, tf)) {
        throw invalid(`${field}[${i}].${end}: ${v} is not a ${tf} candle open time`);
      }
    }
    if (r.from > r.to) throw invalid(`${field}[${i}]: from ${r.from} is after to ${r.to}`);
  });
}

/** Packs candles [from, to) of `c` into one column-major array. */
function pack(c: CandleColumns, from: number, to: number): Float64Array {
  const k = to - from;
  const out = new Float64Array(COLS * k);
  const cols = columnsOf(c);
  for (let j = 0; j < COLS; j++) out.set(cols[j].subarray(from, to), j * k);
  return out;
}

/**
 * Merges candles [from, to) of `c` into a stored chunk; on equal open times the new candle wins.
 * The time columns are scanned once to find runs of rows taken from one side; each run is then
 * block-copied column by column.
 */
function mergeInto(chunk: CandleChunkRecord, c: CandleColumns, from: number, to: number): Float64Array {
  const m = chunk.count;
  const old = chunk.data;
  const t = c.time;
  // runs: [fromNew (1/0), first row, row count] triples.
  const runs: number[] = [];
  let len = 0;
  let a = 0;
  let b = from;
  while (a < m || b < to) {
    if (b < to && (a >= m || t[b] <= old[a])) {
      const b0 = b;
      while (b < to && (a >= m || t[b] <= old[a])) {
        if (a < m && t[b] === old[a]) a++;
        b++;
      }
      runs.push(1, b0, b - b0);
      len += b - b0;
    } else {
      const a0 = a;
      while (a < m && (b >= to || old[a] < t[b])) a++;
      runs.push(0, a0, a - a0);
      len += a - a0;
    }
  }
  const out = new Float64Array(COLS * len);
  const cols = columnsOf(c);
  for (let j = 0; j < COLS; j++) {
    const base = j * len;
    const oldBase = j * m;
    const col = cols[j];
    for (let r = 0, p = 0; r < runs.length; r += 3) {
      const first = runs[r + 1];
      const k = runs[r + 2];
      if (runs[r] === 1) out.set(col.subarray(first, first + k), base + p);
      else out.set(old.subarray(oldBase + first, oldBase + first + k), base + p);
      p += k;
    }
  }
  return out;
}

export interface WriteCandlesOptions {
  source: CandleSource;
  /** Shown beside the series; kept from earlier writes when omitted. */
  label?: string;
  /** Open-time ranges the source confirmed hold no candle; kept where no candle is stored. */
  confirmedEmpty?: readonly TimeRange[];
  /**
   * Open-time ranges the exchange answered empty without confirming it (`CandleSeriesRecord.unconfirmed`);
   * kept where no candle is stored and nothing is confirmed empty.
   */
  unconfirmed?: readonly TimeRange[];
  /** Time of the write (UTC ms); default now. */
  now?: number;
}

/**
 * Stores candles (ascending, on the timeframe's grid) into a series, merging with what is
 * stored: a candle with an open time already stored replaces it. Chunks and the series record
 * (first/last, count, exact gaps, confirmed-empty ranges) are written in one transaction, so a
 * failure (e.g. storage full) leaves the series exactly as it was. Returns the series record,
 * or null when there were no candles and no series.
 */
export async function writeCandles(
  db: CandlelabDb,
  key: SeriesKey,
  candles: CandleColumns,
  opts: WriteCandlesOptions,
): Promise<CandleSeriesRecord | null> {
  checkKey(key);
  const tf = key.timeframe;
  requireOneOf('source', opts?.source, CANDLE_SOURCES);
  if (opts.label !== undefined && typeof opts.label !== 'string') throw invalid(`label: ${String(opts.label)} is not a string`);
  checkCandles(candles, tf);
  const added = opts.confirmedEmpty ?? [];
  checkRanges('confirmedEmpty', added, tf);
  const addedUnconfirmed = opts.unconfirmed ?? [];
  checkRanges('unconfirmed', addedUnconfirmed, tf);
  const now = opts.now ?? Date.now();
  const t = candles.time;
  const n = t.length;

  // Split the input by chunk: segment s covers input rows [bounds[s], bounds[s + 1]).
  const starts: number[] = [];
  const bounds: number[] = [0];
  for (let i = 0; i < n; ) {
    const start = chunkStartOf(t[i], tf);
    const end = chunkEndOf(start, tf);
    const lo = lowerBound(t, end, i + 1, n);
    starts.push(start);
    bounds.push(lo);
    i = lo;
  }

  return guard(db, () =>
    db.transaction('rw', db.candleChunks, db.candleSeries, async () => {
      const old = await db.candleSeries.get(seriesPk(key));
      if (n === 0 && !old) return null;
      const existing = n === 0 ? [] : await db.candleChunks.bulkGet(starts.map((s) => [key.exchange, key.symbol, tf, s]));
      const chunks: CandleChunkRecord[] = [];
      let count = old?.count ?? 0;
      for (let s = 0; s < starts.length; s++) {
        const prev = existing[s];
        const data = prev ? mergeInto(prev, candles, bounds[s], bounds[s + 1]) : pack(candles, bounds[s], bounds[s + 1]);
        const chunkCount = data.length / COLS;
        count += chunkCount - (prev?.count ?? 0);
        chunks.push({ exchange: key.exchange, symbol: key.symbol, timeframe: tf, start: starts[s], count: chunkCount, data });
      }
      if (chunks.length > 0) await db.candleChunks.bulkPut(chunks);
      const cov = addToCoverage(old ?? null, t, tf);
      const confirmed = clipToMissing(normalizeRanges([...(old?.confirmedEmpty ?? []), ...added], tf), cov, tf);
      const unconfirmed = withoutRanges(clipToMissing(normalizeRanges([...(old?.unconfirmed ?? []), ...addedUnconfirmed], tf), cov, tf), confirmed, tf);
      const record: CandleSeriesRecord = {
        exchange: key.exchange,
        symbol: key.symbol,
        timeframe: tf,
        first: cov.first,
        last: cov.last,
        count,
        gaps: cov.gaps,
        confirmedEmpty: confirmed,
        ...(unconfirmed.length > 0 ? { unconfirmed } : {}),
        lastUpdate: now,
        source: opts.source,
        label: opts.label ?? old?.label ?? null,
      };
      await db.candleSeries.put(record);
      return record;
    }),
  );
}

/**
 * Candles of a series with open time in [from, to) (both optional), as columns. Reads only the
 * chunks that overlap the range. An unknown series gives empty columns.
 */
export async function readCandles(db: CandlelabDb, key: SeriesKey, from?: number, to?: number): Promise<CandleColumns> {
  checkKey(key);
  const tf = key.timeframe;
  if (from !== undefined && (typeof from !== 'number' || Number.isNaN(from))) throw invalid(`from: ${from} is not a time`);
  if (to !== undefined && (typeof to !== 'number' || Number.isNaN(to))) throw invalid(`to: ${to} is not a time`);
  const lo = from === undefined || !Number.isFinite(from) ? -Infinity : chunkStartOf(from, tf);
  const hi = to === undefined ? Infinity : to;
  if (lo > hi || (from !== undefined && to !== undefined && from >= to)) return emptyCandles(0);
  const chunks = await guard(db, () =>
    db.candleChunks
      .where('[exchange+symbol+timeframe+start]')
      .between([key.exchange, key.symbol, tf, lo], [key.exchange, key.symbol, tf, hi], true, to === undefined)
      .toArray(),
  );
  const fromT = from ?? -Infinity;
  const toT = to ?? Infinity;
  // Row range [a, b) to take from each chunk.
  const a = new Int32Array(chunks.length);
  const b = new Int32Array(chunks.length);
  let total = 0;
  for (let c = 0; c < chunks.length; c++) {
    const { data, count } = chunks[c];
    a[c] = data[0] >= fromT ? 0 : lowerBound(data, fromT, 0, count);
    b[c] = data[count - 1] < toT ? count : lowerBound(data, toT, 0, count);
    if (b[c] > a[c]) total += b[c] - a[c];
  }
  const out = emptyCandles(total);
  const cols = columnsOf(out);
  let p = 0;
  for (let c = 0; c < chunks.length; c++) {
    const k = b[c] - a[c];
    if (k <= 0) continue;
    const { data, count } = chunks[c];
    for (let j = 0; j < COLS; j++) cols[j].set(data.subarray(j * count + a[c], j * count + b[c]), p);
    p += k;
  }
  return out;
}

/** Every stored series, ordered by exchange, symbol, timeframe. */
export async function listSeries(db: CandlelabDb): Promise<CandleSeriesRecord[]> {
  return guard(db, () => db.candleSeries.toArray());
}

/** One series' record, or undefined. */
export async function getSeries(db: CandlelabDb, key: SeriesKey): Promise<CandleSeriesRecord | undefined> {
  checkKey(key);
  return guard(db, () => db.candleSeries.get(seriesPk(key)));
}

/** Deletes a series and all its chunks in one transaction; returns whether it existed. */
export async function deleteSeries(db: CandlelabDb, key: SeriesKey): Promise<boolean> {
  checkKey(key);
  return guard(db, () =>
    db.transaction('rw', db.candleChunks, db.candleSeries, async () => {
      const existed = (await db.candleSeries.get(seriesPk(key))) !== undefined;
      await db.candleChunks
        .where('[exchange+symbol+timeframe+start]')
        .between([key.exchange, key.symbol, key.timeframe, Dexie.minKey], [key.exchange, key.symbol, key.timeframe, Dexie.maxKey])
        .delete();
      await db.candleSeries.delete(seriesPk(key));
      return existed;
    }),
  );
}

/**
 * How many of `candles` (ascending, on the grid) would change a stored candle of the series: same
 * open time, any different value. Reads only the stored range the candles span. 0 for an unknown
 * series.
 */
export async function countChangedCandles(db: CandlelabDb, key: SeriesKey, candles: CandleColumns): Promise<number> {
  checkKey(key);
  const n = candles.time.length;
  if (n === 0) return 0;
  const stored = await readCandles(db, key, candles.time[0], candles.time[n - 1] + 1);
  const a = columnsOf(stored);
  const b = columnsOf(candles);
  let changed = 0;
  for (let i = 0, j = 0; i < stored.time.length && j < n; ) {
    const ti = stored.time[i];
    const tj = candles.time[j];
    if (ti < tj) i++;
    else if (tj < ti) j++;
    else {
      for (let c = 1; c < COLS; c++) {
        if (a[c][i] !== b[c][j]) {
          changed++;
          break;
        }
      }
      i++;
      j++;
    }
  }
  return changed;
}
