/**
 * The demo market past its last stored candle: each symbol's seeded series continues, and every
 * demo timeframe gets the candles that have closed by a given market time.
 *
 * A candle is a function of the seed, the symbol, the market's first open time and its own index
 * only (see {@link createDemoGenerator}), so the candle of a given open time is the same bytes
 * whether it is produced live at any clock speed, in one catch-up after days away, or by
 * `generateDemoSeries` with a later end. 1h and 4h candles are resampled from the 5m ones exactly
 * as when the market was loaded: a 1h candle is the resample of its twelve 5m candles.
 */
import { resample } from '../candles/resample';
import { isOnGrid } from '../candles/timeframe';
import { concatCandles, emptyCandles, sliceCandles, type CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { closedBefore } from './demo-clock';
import { createDemoGenerator, DEMO_TIMEFRAMES, type DemoGenerator, type DemoGeneratorOptions, type DemoSymbol, type DemoTimeframe } from './demo-market';

const BAR_MS = 5 * 60_000;

export interface DemoExtendRequest {
  /**
   * Per timeframe, the open time of the next candle wanted (the stored series' last open time plus
   * one candle). Timeframes left out are not produced.
   */
  next: Partial<Record<DemoTimeframe, number>>;
  /** Market time (UTC ms): every wanted candle that has closed by then is produced. */
  until: number;
}

/** Per requested timeframe, the candles with open time ≥ `next[tf]` that closed by `until` (possibly none). */
export type DemoExtension = Partial<Record<DemoTimeframe, CandleColumns>>;

/**
 * One demo symbol continued live. It keeps its generator and the 5m candles of the last
 * unfinished 4h bucket between calls, so following the clock costs only the new candles; a
 * request that does not follow on (a fresh worker, a series rewound) restarts the generator
 * from the market's first candle and skips to where it is needed.
 */
export class DemoFeed {
  private gen: DemoGenerator;
  /** 5m candles with indices [bufStart, gen.position). */
  private buf: CandleColumns = emptyCandles(0);
  private bufStart = 0;

  constructor(
    readonly symbol: string | DemoSymbol,
    readonly options: DemoGeneratorOptions,
  ) {
    this.gen = createDemoGenerator(symbol, options);
  }

  /** The candles of each requested timeframe that closed by `req.until` (see {@link DemoExtendRequest}). */
  extend(req: DemoExtendRequest): DemoExtension {
    const start = this.options.start;
    const until = req.until;
    if (typeof until !== 'number' || !Number.isFinite(until)) throw new RangeError(`until: ${String(until)} is not a time in UTC ms`);
    const tfs = DEMO_TIMEFRAMES.filter((tf) => req.next[tf] !== undefined);
    for (const tf of tfs) {
      const t = req.next[tf] as number;
      if (!Number.isFinite(t) || !isOnGrid(t, tf)) throw new RangeError(`next.${tf}: ${t} is not a ${tf} candle open time`);
      if (t < start) throw new RangeError(`next.${tf}: ${t} is before the market's first candle ${start}`);
    }
    const out: DemoExtension = {};
    const wanted = tfs.filter((tf) => (req.next[tf] as number) < closedBefore(until, tf));
    for (const tf of tfs) out[tf] = emptyCandles(0);
    if (wanted.length === 0) return out;

    const from = Math.min(...wanted.map((tf) => req.next[tf] as number));
    const end5 = closedBefore(until, '5m');
    const i0 = (from - start) / BAR_MS;
    const iEnd = (end5 - start) / BAR_MS;
    if (i0 < this.bufStart || i0 > this.gen.position) {
      this.gen = createDemoGenerator(this.symbol, this.options);
      this.gen.skip(i0);
      this.buf = emptyCandles(0);
      this.bufStart = i0;
    }
    if (iEnd > this.gen.position) this.buf = concatCandles(this.buf, this.gen.take(iEnd - this.gen.position));
    const m5 = sliceCandles(this.buf, i0 - this.bufStart, iEnd - this.bufStart);

    for (const tf of wanted) {
      const next = req.next[tf] as number;
      const built = tf === '5m' ? m5 : resample(m5, '5m', tf);
      const a = lowerBound(built.time, next);
      const b = lowerBound(built.time, closedBefore(until, tf));
      out[tf] = sliceCandles(built, a, b);
    }

    // Keep what the next call needs once these candles are stored: the 5m candles of every bucket
    // not finished yet.
    const keepFrom = Math.min(...tfs.map((tf) => Math.max(req.next[tf] as number, closedBefore(until, tf))));
    const keep = Math.min(Math.max((keepFrom - start) / BAR_MS, this.bufStart), this.gen.position);
    if (keep > this.bufStart) {
      this.buf = sliceCandles(this.buf, keep - this.bufStart, this.buf.time.length);
      this.bufStart = keep;
    }
    return out;
  }
}
