import { resample } from '../../src/core/candles/resample';
import type { CandleColumns } from '../../src/core/candles/types';
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
import { createDemoClock, DEMO_DEFAULT_SPEED } from '../../src/core/demo/demo-clock';
import { deleteLiveCursors, deleteSeries, getSetting, setSetting, writeCandles, type CandlelabDb, type SeriesKey } from '../../src/data';
import type { TaskContext } from '../bridge';

/** Smallest first: a symbol's 4h series is listed (and usable) before its large 5m series is stored. */
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
 * Generates the synthetic demo market symbol by symbol and stores each symbol's series as soon as
 * it is generated, 4h first (so the first series is usable once the first symbol is generated),
 * each series in one transaction through the same path as exchange candles, so each series row is
 * written once, complete. Generation and writes alternate on this worker's thread: the write of a
 * symbol is not left waiting behind the generation of the next one. Progress counts one step per
 * symbol generated and one per series stored. When cancelled or when a write fails (storage
 * full), what this run stored is removed again: the market is loaded whole or not at all. Once
 * stored, the demo clock is set (paused) at the market's end, keeping the speed chosen before, and
 * the live stream's demo cursors are forgotten, so the stream starts again from the new market.
 */
export async function loadDemoMarket(db: CandlelabDb, args: LoadDemoArgs, ctx: TaskContext): Promise<LoadDemoResult> {
  const seed = args.seed ?? DEMO_DEFAULT_SEED;
  const end = args.end ?? DEMO_DEFAULT_END;
  const start = demoMarketStart(end, args.years ?? DEMO_DEFAULT_YEARS);
  const total = DEMO_SYMBOLS.length * (1 + DEMO_TIMEFRAMES.length);
  let done = 0;
  let candles = 0;
  const written: SeriesKey[] = [];
  try {
    for (const spec of DEMO_SYMBOLS) {
      await ctx.checkpoint();
      ctx.progress({ done, total, phase: 'store', message: `Generating ${spec.symbol}` });
      const m5 = generateDemoSeries(spec, { seed, start, end });
      done++;
      const byTf: Record<DemoTimeframe, () => CandleColumns> = {
        '4h': () => resample(m5, '5m', '4h'),
        '1h': () => resample(m5, '5m', '1h'),
        '5m': () => m5,
      };
      for (const tf of WRITE_ORDER) {
        await ctx.checkpoint();
        const key = { exchange: DEMO_EXCHANGE, symbol: spec.symbol, timeframe: tf };
        const series = byTf[tf]();
        await writeCandles(db, key, series, { source: 'demo', label: DEMO_LABEL });
        written.push(key);
        candles += series.time.length;
        done++;
        ctx.progress({ done, total, phase: 'store', message: `Stored ${spec.symbol} ${tf}` });
      }
    }
    const clock = await getSetting(db, 'demoClock');
    await setSetting(db, 'demoClock', { seed, marketStart: start, ...createDemoClock(end, Date.now(), clock?.speed ?? DEMO_DEFAULT_SPEED) });
    await deleteLiveCursors(db, DEMO_EXCHANGE);
    ctx.progress({ done: total, total, phase: 'done', message: 'Demo market stored' });
    return { symbols: DEMO_SYMBOLS.length, series: written.length, candles };
  } catch (e) {
    for (const key of written) await deleteSeries(db, key).catch(() => false);
    throw e;
  }
}
