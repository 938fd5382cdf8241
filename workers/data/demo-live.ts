/**
 * The stored demo market moved to a market time: every stored demo series (each symbol's 5m, 1h
 * and 4h) gets the candles that closed by then, continuing its seeded series (`DemoFeed`), all
 * series in one transaction, so the demo timeframes never disagree.
 */
import { nextOpenTime } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import { DemoFeed } from '../../src/core/demo/demo-live';
import {
  DEMO_DEFAULT_SEED,
  DEMO_EXCHANGE,
  DEMO_LABEL,
  DEMO_TIMEFRAMES,
  isDemoSymbol,
  type DemoTimeframe,
} from '../../src/core/demo/demo-market';
import { getSetting, listSeries, writeCandles, type CandlelabDb, type CandleSeriesRecord } from '../../src/data';
import { guard } from '../../src/data/errors';

/** The demo market as stored: its seed, first open time, and per symbol the last open time of each timeframe. */
export interface StoredDemoMarket {
  seed: number;
  marketStart: number;
  symbols: Map<string, Partial<Record<DemoTimeframe, number>>>;
  /** Close time of the latest stored candle of any demo series (where the clock starts). */
  end: number;
}

function isDemoSeries(s: CandleSeriesRecord): s is CandleSeriesRecord & { timeframe: DemoTimeframe } {
  return s.exchange === DEMO_EXCHANGE && isDemoSymbol(s.symbol) && (DEMO_TIMEFRAMES as readonly string[]).includes(s.timeframe);
}

/** The stored demo market, or null when no demo series is stored. */
export async function storedDemoMarket(db: CandlelabDb): Promise<StoredDemoMarket | null> {
  const series = (await listSeries(db)).filter(isDemoSeries);
  if (series.length === 0) return null;
  const clock = await getSetting(db, 'demoClock');
  const symbols = new Map<string, Partial<Record<DemoTimeframe, number>>>();
  let first = Infinity;
  let end = -Infinity;
  for (const s of series) {
    const m = symbols.get(s.symbol) ?? {};
    m[s.timeframe] = s.last;
    symbols.set(s.symbol, m);
    if (s.timeframe === '5m') first = Math.min(first, s.first);
    end = Math.max(end, nextOpenTime(s.last, s.timeframe));
  }
  return { seed: clock?.seed ?? DEMO_DEFAULT_SEED, marketStart: clock?.marketStart ?? (Number.isFinite(first) ? first : Math.min(...series.map((s) => s.first))), symbols, end };
}

const feeds = new Map<string, DemoFeed>();

function feedFor(symbol: string, seed: number, start: number): DemoFeed {
  const key = `${seed}:${start}:${symbol}`;
  let f = feeds.get(key);
  if (!f) {
    f = new DemoFeed(symbol, { seed, start });
    feeds.set(key, f);
  }
  return f;
}

export interface DemoAdvanceResult {
  /** Candles stored, all series together. */
  candles: number;
  /** Series that received candles. */
  series: number;
}

/**
 * Stores every demo candle that closed by market time `until` (see the module comment). Nothing
 * happens when no demo market is stored or `until` is not past its last candles.
 */
export async function advanceDemoMarket(db: CandlelabDb, until: number): Promise<DemoAdvanceResult> {
  if (typeof until !== 'number' || !Number.isFinite(until)) throw new RangeError(`until: ${String(until)} is not a time in UTC ms`);
  const market = await storedDemoMarket(db);
  const result: DemoAdvanceResult = { candles: 0, series: 0 };
  if (!market) return result;
  const writes: Array<{ symbol: string; tf: DemoTimeframe; candles: CandleColumns }> = [];
  for (const [symbol, last] of market.symbols) {
    const next: Partial<Record<DemoTimeframe, number>> = {};
    for (const tf of DEMO_TIMEFRAMES) if (last[tf] !== undefined) next[tf] = nextOpenTime(last[tf] as number, tf);
    const ext = feedFor(symbol, market.seed, market.marketStart).extend({ next, until });
    for (const tf of DEMO_TIMEFRAMES) {
      const c = ext[tf];
      if (c && c.time.length > 0) writes.push({ symbol, tf, candles: c });
    }
  }
  if (writes.length === 0) return result;
  await guard(db, () =>
    db.transaction('rw', db.candleChunks, db.candleSeries, async () => {
      for (const w of writes) {
        await writeCandles(db, { exchange: DEMO_EXCHANGE, symbol: w.symbol, timeframe: w.tf }, w.candles, { source: 'demo', label: DEMO_LABEL, now: until });
      }
    }),
  );
  for (const w of writes) result.candles += w.candles.time.length;
  result.series = writes.length;
  return result;
}
