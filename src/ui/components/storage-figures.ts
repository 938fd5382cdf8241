import type { StorageHealth } from '../../app/storage-health';
import { formatBytes, formatInt, formatShare } from '../format';

/** The storage card's figures, every one derived from the same measurement. */
export interface StorageFigures {
  /** Bytes used by the site, e.g. "42 MB"; "—" when unknown. */
  used: string;
  /** Bytes the browser allows, e.g. "10 GB". */
  quota: string;
  /** `used / quota`, e.g. "0.4 %". */
  share: string;
  /** Of `used`, what the database holds and the rest (app files kept offline, other site data); null when the browser does not say. */
  split: { database: string; other: string } | null;
  /** The candle series: how many, how many candles, and their data size (the sum of the Size column). */
  candles: { series: string; count: string; bytes: string };
}

/**
 * What the storage card says: used, quota and their share from one estimate; the database part of
 * the usage where the browser details it; the candle series' sizes summed exactly as the table
 * lists them (`BYTES_PER_CANDLE` a candle, before the browser compresses them on disk).
 */
export function storageFigures(h: StorageHealth, series: ReadonlyArray<{ count: number; sizeBytes: number }>): StorageFigures {
  const db = h.database !== null && h.usage !== null && h.database <= h.usage ? h.database : null;
  return {
    used: formatBytes(h.usage),
    quota: formatBytes(h.quota),
    share: formatShare(h.usage, h.quota),
    split: db === null ? null : { database: formatBytes(db), other: formatBytes((h.usage ?? 0) - db) },
    candles: {
      series: formatInt(series.length),
      count: formatInt(series.reduce((n, s) => n + s.count, 0)),
      bytes: formatBytes(series.reduce((n, s) => n + s.sizeBytes, 0)),
    },
  };
}
