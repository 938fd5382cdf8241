/**
 * Candles of a longer timeframe for a base series: the stored candles of that timeframe where
 * there are any, and candles resampled from the base series (complete buckets only) everywhere
 * else. A stored timeframe rarely covers exactly the base series (another download, another
 * range); merging keeps both the exchange's own candles and a value for every stretch the base
 * series covers.
 */
import { canResample, resample } from '../candles/resample';
import { TIMEFRAMES, type Timeframe } from '../candles/timeframe';
import { CANDLE_FIELDS, emptyCandles, type CandleColumns } from '../candles/types';

/**
 * Candles of timeframe `tf` for the base series `base` (timeframe `baseTf`): the union of
 * `stored` and `resample(base, baseTf, tf)`; where both hold a candle with the same open time the
 * stored one is kept. `tf` must be longer than `baseTf` and buildable from it, unless `stored`
 * is given (then the stored candles alone are used where no resampled one exists). Returns the
 * base series itself when `tf === baseTf`.
 */
export function higherCandles(base: CandleColumns, baseTf: Timeframe, tf: Timeframe, stored?: CandleColumns): CandleColumns {
  if (tf === baseTf) return base;
  if (TIMEFRAMES.indexOf(tf) < TIMEFRAMES.indexOf(baseTf)) {
    throw new RangeError(`tf: "${tf}" is shorter than the base timeframe ${baseTf}`);
  }
  const hasStored = stored !== undefined && stored.time.length > 0;
  if (!canResample(baseTf, tf) && !hasStored) {
    throw new RangeError(`tf: "${tf}" cannot be built from ${baseTf} candles and none are stored`);
  }
  const built = canResample(baseTf, tf) ? resample(base, baseTf, tf) : emptyCandles(0);
  return hasStored ? mergeCandles(stored, built) : built;
}

/**
 * Candles of `a` and `b` (each ascending by open time) in one ascending series; on equal open
 * times the candle of `a` is kept. Shares no memory with the inputs.
 */
export function mergeCandles(a: CandleColumns, b: CandleColumns): CandleColumns {
  const na = a.time.length;
  const nb = b.time.length;
  let n = 0;
  for (let i = 0, j = 0; i < na || j < nb; n++) {
    if (j >= nb || (i < na && a.time[i] < b.time[j])) i++;
    else if (i >= na || b.time[j] < a.time[i]) j++;
    else {
      i++;
      j++;
    }
  }
  const out = emptyCandles(n);
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    let src: CandleColumns;
    let at: number;
    if (j >= nb || (i < na && a.time[i] <= b.time[j])) {
      src = a;
      at = i;
      if (j < nb && b.time[j] === a.time[i]) j++;
      i++;
    } else {
      src = b;
      at = j;
      j++;
    }
    for (const f of CANDLE_FIELDS) out[f][k] = src[f][at];
  }
  return out;
}
