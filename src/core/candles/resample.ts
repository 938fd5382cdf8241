import { TIMEFRAMES, candleOpenTime, isOnGrid, nextOpenTime, timeframeMs, type Timeframe } from './timeframe';
import { CANDLE_FIELDS, emptyCandles, type CandleColumns } from './types';

export interface ResampleOptions {
  /**
   * Also emit the partial buckets at the two ends of the input: the last bucket even when its
   * last base candle does not reach the bucket close (a still-forming candle), and the first
   * bucket even when the input starts after the bucket open. Default false.
   */
  includePartial?: boolean;
}

/**
 * Whether candles of timeframe `to` can be built from candles of timeframe `from`: every
 * boundary of the `to` grid must be a boundary of the `from` grid. True when `from === to`, and
 * when `from` is one of 1m…1d and `to` is a longer timeframe (1w opens on Monday 00:00 UTC and
 * 1M on the 1st 00:00 UTC, both day boundaries). 1w candles cannot be split into months.
 */
export function canResample(from: Timeframe, to: Timeframe): boolean {
  if (from === to) return true;
  if (from === '1w' || from === '1M') return false;
  return TIMEFRAMES.indexOf(from) < TIMEFRAMES.indexOf(to);
}

function checkColumns(c: CandleColumns, field: string): number {
  const n = c.time.length;
  for (const f of CANDLE_FIELDS) {
    const len = c[f].length;
    if (len !== n) throw new RangeError(`${field}.${f}.length: ${len} differs from ${field}.time.length ${n}`);
  }
  return n;
}

/**
 * Aggregates candles of timeframe `from` onto the grid of timeframe `to` (1w buckets open on
 * Monday 00:00 UTC, 1M buckets on the 1st of each calendar month 00:00 UTC).
 *
 * Each bucket [open, close) gathers the base candles whose open time falls inside it:
 * open = first open, high = max high, low = min low, close = last close, volume = sum of volumes,
 * time = the bucket's open time (even when its first base candle opens later).
 *
 * Which buckets are emitted (default):
 * - a bucket is emitted when its last base candle closes exactly at the bucket close
 *   (`nextOpenTime(lastBase.time, from) === nextOpenTime(bucket.open, to)`);
 * - base candles missing inside or at the start of a bucket (exchange gaps) do not prevent this:
 *   such a bucket is emitted from the candles present;
 * - a bucket whose last base candle ends before the bucket close is not emitted, whether it is
 *   the still-forming last bucket or a bucket followed by a gap;
 * - the first bucket of the input is emitted only when the input starts at the bucket open:
 *   the candles before the input are unknown, not missing.
 * With `includePartial: true` the last bucket is always emitted and the first bucket is emitted
 * when its last base candle closes at the bucket close, however late the input starts.
 *
 * Input: `candles.time` strictly ascending, every time on the `from` grid, all columns the same
 * length; `canResample(from, to)` must hold. Violations throw naming the field and the value.
 * The output shares no memory with the input.
 */
export function resample(
  candles: CandleColumns,
  from: Timeframe,
  to: Timeframe,
  opts: ResampleOptions = {},
): CandleColumns {
  if (!canResample(from, to)) {
    throw new RangeError(`to: "${to}" cannot be built from "${from}" candles (from: "${from}")`);
  }
  const n = checkColumns(candles, 'candles');
  const includePartial = opts.includePartial === true;
  const { time, open, high, low, close, volume } = candles;

  // Pass 1: bucket boundaries (first base index of each bucket) and their open/close times.
  // At most one bucket per base candle, and at most span / (shortest bucket) + 2 buckets; an input
  // that is not ascending throws below before any result is built.
  const span = n > 0 ? time[n - 1] - time[0] : 0;
  const shortest = to === '1M' ? 28 * 86_400_000 : timeframeMs(to);
  const bound = Math.floor(span / shortest) + 2;
  const maxBuckets = bound >= 0 && bound < n ? bound : n;
  const starts = new Int32Array(maxBuckets + 1);
  const bucketOpen = new Float64Array(maxBuckets);
  const bucketClose = new Float64Array(maxBuckets);
  const fromMs = from === '1w' || from === '1M' ? 0 : timeframeMs(from);
  let nb = 0;
  let end = -Infinity;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (!(t > prev)) throw new RangeError(`candles.time[${i}]: ${t} is not after the previous open time ${prev}`);
    if (fromMs > 0 ? t % fromMs !== 0 : !isOnGrid(t, from)) throw new RangeError(`candles.time[${i}]: ${t} is not on the ${from} grid`);
    prev = t;
    if (t >= end) {
      const o = candleOpenTime(t, to);
      end = nextOpenTime(o, to);
      starts[nb] = i;
      bucketOpen[nb] = o;
      bucketClose[nb] = end;
      nb++;
    }
  }
  starts[nb] = n;

  // Pass 2: which buckets are emitted.
  const emit = new Uint8Array(nb);
  let count = 0;
  for (let b = 0; b < nb; b++) {
    const last = starts[b + 1] - 1;
    const endsAtClose = nextOpenTime(time[last], from) === bucketClose[b];
    const ok = includePartial
      ? endsAtClose || b === nb - 1
      : endsAtClose && (b > 0 || time[starts[0]] === bucketOpen[0]);
    if (ok) {
      emit[b] = 1;
      count++;
    }
  }

  // Pass 3: aggregate.
  const out = emptyCandles(count);
  let k = 0;
  for (let b = 0; b < nb; b++) {
    if (emit[b] === 0) continue;
    const s = starts[b];
    const e = starts[b + 1];
    let h = high[s];
    let l = low[s];
    let v = 0;
    for (let i = s; i < e; i++) {
      if (high[i] > h) h = high[i];
      if (low[i] < l) l = low[i];
      v += volume[i];
    }
    out.time[k] = bucketOpen[b];
    out.open[k] = open[s];
    out.high[k] = h;
    out.low[k] = l;
    out.close[k] = close[e - 1];
    out.volume[k] = v;
    k++;
  }
  return out;
}

/**
 * For each base candle i, the index of the latest higher-timeframe candle whose close time
 * (`nextOpenTime(higherTime[j], higherTf)`) is at or before the base candle's close time
 * (`nextOpenTime(baseTime[i], baseTf)`), or −1 when there is none. Reading the higher candle at
 * that index on the close of base bar i never looks ahead.
 *
 * `higherTime` should be a series of finished candles (for example `resample` without
 * `includePartial`): a partial candle is mapped like a finished one once its nominal close time
 * is reached. Both time arrays must be strictly ascending.
 */
export function mapClosedHigher(
  baseTime: Float64Array,
  baseTf: Timeframe,
  higherTime: Float64Array,
  higherTf: Timeframe,
): Int32Array {
  const n = baseTime.length;
  const m = higherTime.length;
  const out = new Int32Array(n);
  let j = -1;
  let nextClose = m > 0 ? nextOpenTime(higherTime[0], higherTf) : Infinity;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = baseTime[i];
    if (!(t > prev)) throw new RangeError(`baseTime[${i}]: ${t} is not after the previous open time ${prev}`);
    prev = t;
    const baseClose = nextOpenTime(t, baseTf);
    while (nextClose <= baseClose) {
      j++;
      if (j + 1 < m) {
        const ht = higherTime[j + 1];
        if (!(ht > higherTime[j])) {
          throw new RangeError(`higherTime[${j + 1}]: ${ht} is not after the previous open time ${higherTime[j]}`);
        }
        nextClose = nextOpenTime(ht, higherTf);
      } else {
        nextClose = Infinity;
      }
    }
    out[i] = j;
  }
  return out;
}
