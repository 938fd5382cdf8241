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
  /**
   * Open-time ranges the exchange answered empty although it has candles around them: neither
   * stored nor confirmed empty, so "Re-fetch gaps" asks for them again (also where they lie before
   * `first` or after `last`). Absent means none.
   */
  unconfirmed?: TimeRange[];
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
  /** First open time asked for this series (progress is measured from it); the job's `range.from` when absent. */
  from?: number;
  /** Candles stored for this series by the job so far. */
  fetched?: number;
  /** Rows the exchange sent for this series that failed candle hygiene and were skipped. */
  rejected?: number;
  /** Ranges the exchange answered empty for this series although it has candles around them (see `CandleSeriesRecord.unconfirmed`). */
  unconfirmed?: TimeRange[];
}

/** An invalid candle the exchange sent (kept as an example on the job). */
export interface RejectedCandle {
  symbol: string;
  timeframe: Timeframe;
  /** Open time as sent (NaN when unreadable). */
  time: number;
  /** Every problem found, e.g. `high 41000 is below low 42000`. */
  reason: string;
}

/** How a backfill's range was asked for: dates, "the last N candles", or "everything newer than what is stored". */
export type BackfillKind = 'range' | 'lastN' | 'update';
export const BACKFILL_KINDS: readonly BackfillKind[] = ['range', 'lastN', 'update'];

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
  /** How the range was asked for; 'range' when absent. */
  kind?: BackfillKind;
  /** For kind 'lastN': the number of candles asked for per series. */
  lastN?: number | null;
  /** Candles stored by the job so far, all series together. */
  candles?: number;
  /** Machine-readable code of `error` (e.g. `EXCHANGE_BAD_SYMBOL`, `QUOTA_EXCEEDED`), null when none. */
  errorCode?: string | null;
  /** The first invalid candles the exchange sent (at most `REJECTED_EXAMPLES`); the counts are on the cursors. */
  rejectedExamples?: RejectedCandle[];
}

/** Invalid candles kept as examples on a backfill job at most. */
export const REJECTED_EXAMPLES = 5;
