/**
 * Stored candles of the watched series, kept by the live worker between runs so that following
 * the clock reads only the candles appended since the last run instead of whole series. The copy
 * is used only while the stored series is the cached one plus an appended tail (same first
 * candle, count = cached + tail); any other change (a gap filled, a series deleted and reloaded)
 * reads the series again.
 */
import { concatCandles, emptyCandles, type CandleColumns } from '../../src/core/candles/types';
import type { LiveSeriesKey } from '../../src/core/live/steps';
import { seriesId } from '../../src/core/live/steps';
import { getSeries, readCandles, type CandlelabDb } from '../../src/data';

interface Entry {
  first: number;
  last: number;
  count: number;
  candles: CandleColumns;
}

export class SeriesCache {
  private readonly items = new Map<string, Entry>();

  /** Every stored candle of the series (empty when it is not stored). */
  async read(db: CandlelabDb, key: LiveSeriesKey): Promise<CandleColumns> {
    const id = seriesId(key);
    const series = await getSeries(db, key);
    if (!series) {
      this.items.delete(id);
      return emptyCandles(0);
    }
    const hit = this.items.get(id);
    if (hit && hit.first === series.first && series.last >= hit.last) {
      if (series.last === hit.last && series.count === hit.count) return hit.candles;
      const tail = await readCandles(db, key, hit.last + 1);
      if (hit.count + tail.time.length === series.count) {
        const candles = concatCandles(hit.candles, tail);
        this.items.set(id, { first: series.first, last: series.last, count: series.count, candles });
        return candles;
      }
    }
    const candles = await readCandles(db, key);
    this.items.set(id, { first: series.first, last: series.last, count: candles.time.length, candles });
    return candles;
  }
}
