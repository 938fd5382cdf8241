import type { CandleColumns } from '../../src/core/candles/types';
import { demoTimeframes, generateDemoSeries, type DemoTimeframe } from '../../src/core/demo/demo-market';
import { defineTask, transferResult } from '../bridge';

/** Arguments of `generateDemoSeries`: one demo symbol's 5m candles over [start, end). */
export interface GenerateDemoArgs {
  symbol: string;
  seed: number;
  start: number;
  end: number;
}

/**
 * Demo market generation off the data worker: it stores one symbol while a compute worker
 * generates the next, its 5m candles and the 1h and 4h resampled from them (the same bytes as
 * generating them in place; the columns are transferred).
 */
export const demoTasks = {
  generateDemoSeries: defineTask((args: GenerateDemoArgs) => transferResult(demoSymbolSeries(args))),
};

/** One demo symbol's 5m candles and the 1h and 4h resampled from them. */
export function demoSymbolSeries(args: GenerateDemoArgs): Record<DemoTimeframe, CandleColumns> {
  return demoTimeframes(generateDemoSeries(args.symbol, { seed: args.seed, start: args.start, end: args.end }));
}
