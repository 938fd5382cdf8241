import type { Timeframe } from '../../core/candles/timeframe';
import type { JobStatus, TimeRange } from './common';

/** Identifies one stored candle series. */
export interface SeriesKey {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

export type CandleSource = 'exchange' | 'file' | 'demo';
export const CANDLE_SOURCES: readonly CandleSource[] = ['exchange', 'file', 'demo'];

/** Missing candles: open times `from` … `to` (both included, both missing), `missing` candles in all. */
export interface Gap {
  from: number;
  to: number;
  missing: number;
}

/** What is known about a stored series, kept up to date by every write. */
export interface CandleSeriesRecord extends SeriesKey {
  /** Open time of the first and last stored candle (UTC ms). */
  first: number;
  last: number;
  /** Number of stored candles. */
  count: number;
  /** Every missing stretch between `first` and `last`, ascending. */
  gaps: Gap[];
  /** Open-time ranges the source confirmed hold no candle (exchange outages, before listing). */
  confirmedEmpty: TimeRange[];
  /** When the series was last written (UTC ms). */
  lastUpdate: number;
  /** Where the most recent write came from. */
  source: CandleSource;
  /** Free text shown beside the series (file name, demo scenario, …). */
  label: string | null;
}

/**
 * A fixed, aligned slice of a series: every candle whose open time falls in
 * [start, start + chunk span). `data` is column-major: time, open, high, low, close, volume,
 * each `count` long, so column c of candle i is `data[c * count + i]`.
 */
export interface CandleChunkRecord extends SeriesKey {
  start: number;
  count: number;
  data: Float64Array;
}

/** Progress of one symbol × timeframe inside a backfill job. */
export interface BackfillCursor {
  symbol: string;
  timeframe: Timeframe;
  /** Next open time to fetch (UTC ms). */
  cursor: number;
  done: boolean;
}

/** A download of history from an exchange into the candle store. */
export interface BackfillJobRecord {
  id: string;
  exchange: string;
  symbols: string[];
  timeframes: Timeframe[];
  /** Requested open-time range; `to` null means "up to now". */
  range: { from: number; to: number | null };
  status: JobStatus;
  /** 0..1 */
  progress: number;
  cursors: BackfillCursor[];
  error: string | null;
  createdAt: number;
  updatedAt: number;
}
