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
  demoTimeframes,
  generateDemoSeriesInPieces,
} from '../../src/core/demo/demo-market';
import { createDemoClock, DEMO_DEFAULT_SPEED } from '../../src/core/demo/demo-clock';
import { deleteLiveCursors, deleteSeries, getSetting, setSetting, writeCandles, type CandlelabDb, type SeriesKey } from '../../src/data';
import { callWorker, wrapWorker, type TaskContext } from '../bridge';
import type { ComputeTasks } from '../compute/tasks';
import type { GenerateDemoArgs } from '../compute/demo-tasks';

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
 * written once, complete. The writes of one symbol overlap the generation of the next: generation
 * pauses at checkpoints, where the writes' steps run, and the database commits a symbol while the
 * next is generated (one symbol's writes in flight at most). Progress counts one step per symbol
 * generated and one per series stored. When cancelled or when a write fails (storage full), what
 * this run stored is removed again: the market is loaded whole or not at all. Once stored, the
 * demo clock is set (paused) at the market's end, keeping the speed chosen before, and the live
 * stream's demo cursors are forgotten, so the stream starts again from the new market.
 */
export async function loadDemoMarket(db: CandlelabDb, args: LoadDemoArgs, ctx: TaskContext, startHelper: () => DemoHelper | null = startComputeHelper): Promise<LoadDemoResult> {
  const seed = args.seed ?? DEMO_DEFAULT_SEED;
  const end = args.end ?? DEMO_DEFAULT_END;
  const start = demoMarketStart(end, args.years ?? DEMO_DEFAULT_YEARS);
  const total = DEMO_SYMBOLS.length * (1 + DEMO_TIMEFRAMES.length);
  let done = 0;
  let candles = 0;
  const written: SeriesKey[] = [];
  /** Stores one symbol's series, smallest first. */
  const store = async (symbol: string, byTf: Record<DemoTimeframe, CandleColumns>): Promise<void> => {
    for (const tf of WRITE_ORDER) {
      await ctx.checkpoint();
      const key = { exchange: DEMO_EXCHANGE, symbol, timeframe: tf };
      const series = byTf[tf];
      await writeCandles(db, key, series, { source: 'demo', label: DEMO_LABEL });
      written.push(key);
      candles += series.time.length;
      done++;
      ctx.progress({ done, total, phase: 'store', message: `Stored ${symbol} ${tf}` });
    }
  };
  let writing: Promise<void> = Promise.resolve();
  // The first symbol is generated here (its series are listed soonest); the others, in order, by a
  // helper worker when there is one, while this worker stores what came before.
  const helper = startHelper();
  const later = helper ? DEMO_SYMBOLS.slice(1).map((spec) => helper.generate({ symbol: spec.symbol, seed, start, end }, ctx.signal)) : [];
  for (const p of later) p.catch(() => undefined);
  try {
    for (const [i, spec] of DEMO_SYMBOLS.entries()) {
      ctx.progress({ done, total, phase: 'store', message: `Generating ${spec.symbol}` });
      const byTf =
        i > 0 && helper ? await later[i - 1] : demoTimeframes(await generateDemoSeriesInPieces(spec, { seed, start, end }, () => ctx.checkpoint()));
      done++;
      await writing;
      writing = store(spec.symbol, byTf);
      // A failed write is reported by the `await writing` that follows; this keeps it from being unhandled meanwhile.
      writing.catch(() => undefined);
    }
    await writing;
    const clock = await getSetting(db, 'demoClock');
    await setSetting(db, 'demoClock', { seed, marketStart: start, ...createDemoClock(end, Date.now(), clock?.speed ?? DEMO_DEFAULT_SPEED) });
    await deleteLiveCursors(db, DEMO_EXCHANGE);
    ctx.progress({ done: total, total, phase: 'done', message: 'Demo market stored' });
    return { symbols: DEMO_SYMBOLS.length, series: written.length, candles };
  } catch (e) {
    await writing.catch(() => undefined);
    for (const key of written) await deleteSeries(db, key).catch(() => false);
    throw e;
  } finally {
    helper?.stop();
  }
}

/** Generates demo symbols on another thread, in the order asked. */
export interface DemoHelper {
  generate(args: GenerateDemoArgs, signal: AbortSignal): Promise<Record<DemoTimeframe, CandleColumns>>;
  stop(): void;
}

/** A compute worker that generates demo symbols, or null where this thread cannot start workers (Node). */
function startComputeHelper(): DemoHelper | null {
  if (typeof Worker === 'undefined') return null;
  const worker = new Worker(new URL('../compute/compute.worker.ts', import.meta.url), { type: 'module', name: 'demo-generator' });
  const remote = wrapWorker<ComputeTasks>(worker);
  return {
    generate: (args, signal) => callWorker(remote, 'generateDemoSeries', args, { signal }),
    stop: () => worker.terminate(),
  };
}
