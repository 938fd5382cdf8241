import { resample } from '../../src/core/candles/resample';
import {
  DEMO_DEFAULT_END,
  DEMO_DEFAULT_SEED,
  DEMO_DEFAULT_YEARS,
  DEMO_EXCHANGE,
  DEMO_LABEL,
  DEMO_SYMBOLS,
  DEMO_TIMEFRAMES,
  type DemoTimeframe,
  demoMarketStart,
  generateDemoSeries,
} from '../../src/core/demo/demo-market';
import { deleteSeries, writeCandles, type CandlelabDb } from '../../src/data';
import type { CandleColumns } from '../../src/core/candles/types';
import type { TaskContext } from '../bridge';

/** Small series first: the first rows of the market show before its large 5m series is stored. */
const WRITE_ORDER: readonly DemoTimeframe[] = ['4h', '1h', '5m'];

export interface LoadDemoArgs {
  seed?: number;
  years?: number;
  end?: number;
}

export interface LoadDemoResult {
  symbols: number;
  series: number;
  candles: number;
}

/**
 * Generates the synthetic demo market symbol by symbol and stores each series through the same
 * path as exchange candles (chunked, one transaction per series). When cancelled or when a write
 * fails (storage full), what this run stored is removed again: the market is loaded whole or not at all.
 */
export async function loadDemoMarket(db: CandlelabDb, args: LoadDemoArgs, ctx: TaskContext): Promise<LoadDemoResult> {
  const seed = args.seed ?? DEMO_DEFAULT_SEED;
  const end = args.end ?? DEMO_DEFAULT_END;
  const start = demoMarketStart(end, args.years ?? DEMO_DEFAULT_YEARS);
  const total = DEMO_SYMBOLS.length * (1 + DEMO_TIMEFRAMES.length);
  let done = 0;
  let candles = 0;
  const written: Array<{ exchange: string; symbol: string; timeframe: (typeof DEMO_TIMEFRAMES)[number] }> = [];
  // Series of one symbol are written (smallest first, so the first rows show early) while the next
  // symbol is generated: the database commits the large 5m chunks while the generator runs.
  let writing: Promise<void> = Promise.resolve();
  const store = async (symbol: string, byTf: Record<DemoTimeframe, CandleColumns>): Promise<void> => {
    for (const tf of WRITE_ORDER) {
      const key = { exchange: DEMO_EXCHANGE, symbol, timeframe: tf };
      await writeCandles(db, key, byTf[tf], { source: 'demo', label: DEMO_LABEL });
      written.push(key);
      candles += byTf[tf].time.length;
      done++;
      ctx.progress({ done, total, phase: 'store', message: `Stored ${symbol} ${tf}` });
    }
  };
  try {
    for (const spec of DEMO_SYMBOLS) {
      await ctx.checkpoint();
      const m5 = generateDemoSeries(spec, { seed, start, end });
      const byTf = { '5m': m5, '1h': resample(m5, '5m', '1h'), '4h': resample(m5, '5m', '4h') };
      done++;
      await writing;
      ctx.progress({ done, total, phase: 'store', message: `Storing ${spec.symbol}` });
      writing = store(spec.symbol, byTf);
      // Let the first write reach the database before the next symbol's generation takes the thread.
      await new Promise((r) => setTimeout(r, 0));
    }
    await writing;
    ctx.progress({ done: total, total, phase: 'done', message: 'Demo market stored' });
    return { symbols: DEMO_SYMBOLS.length, series: written.length, candles };
  } catch (e) {
    await writing.catch(() => undefined);
    for (const key of written) await deleteSeries(db, key).catch(() => false);
    throw e;
  }
}
