import { runBacktestRequest, serializeReport, type BacktestRequest } from '../../src/core/backtest/request';
import type { Timeframe } from '../../src/core/candles/timeframe';
import { annualisedVolatility } from '../../src/core/reports/volatility';
import { readCandles } from '../../src/data';
import { defineTask } from '../bridge';
import { analysisTasks } from './analysis-tasks';
import { executeBacktestJob } from './backtest-job';
import { workerDb } from '../data/db-connection';
import { chartTasks } from './chart-tasks';
import { demoTasks } from './demo-tasks';
import { batchTasks } from './batch-tasks';
import { reportTasks } from './report-tasks';
import { resultFileTasks } from './result-file-tasks';
import { robustnessSummaryTasks, robustnessTasks } from './robustness-tasks';
import { volatilityTasks } from './volatility-tasks';

/** Arguments of `seriesVolatility`. */
export interface SeriesVolatilityArgs {
  exchange: string;
  symbols: string[];
  /** Timeframe read when a symbol has no 1h series. */
  timeframe: Timeframe;
  /** Window of open times (UTC ms, inclusive); null = the whole series. */
  from: number | null;
  to: number | null;
}

/** One symbol's annualised realised volatility (percent), and the timeframe it was measured on. */
export interface SeriesVolatility {
  symbol: string;
  /** Null when fewer than two returns fall in the window. */
  volatility: number | null;
  /** `1h` when that series is stored, else the requested timeframe; null when neither is stored. */
  timeframe: Timeframe | null;
}

/**
 * Tasks of the compute workers. A backtest returns its report as canonical JSON text, so the
 * same request gives the same bytes in Node, in one worker and in the pool. `runBacktestJob`
 * runs a queued job straight from the database and stores its result there, returning only a
 * small outcome. `seriesVolatility` classes stored series by realised volatility. The result-file
 * tasks (export, import), the backtest report, the volatility report's tasks and the Chart page's
 * sessions (`chart-tasks.ts`) are served by the same workers.
 */
export const computeTasks = {
  backtest: defineTask((req: BacktestRequest, ctx) => {
    const report = runBacktestRequest(req, {
      onProgress: (done, total) => ctx.progress({ done, total, phase: 'backtest' }),
      signal: ctx.signal,
    });
    return { json: serializeReport(report) };
  }),

  /** Runs a queued job from the database (see `executeBacktestJob`); `start` marks it RUNNING first. */
  runBacktestJob: defineTask(async (args: { jobId: string; start?: boolean }, ctx) => {
    const db = await workerDb();
    return executeBacktestJob(db, args?.jobId, ctx, Date.now, args?.start === true);
  }),

  seriesVolatility: defineTask(async (args: SeriesVolatilityArgs, ctx): Promise<SeriesVolatility[]> => {
    const db = await workerDb();
    const out: SeriesVolatility[] = [];
    const to = args.to === null ? undefined : args.to + 1;
    for (let i = 0; i < args.symbols.length; i++) {
      const symbol = args.symbols[i];
      let timeframe: Timeframe | null = '1h';
      let c = await readCandles(db, { exchange: args.exchange, symbol, timeframe: '1h' }, args.from ?? undefined, to);
      if (c.time.length === 0 && args.timeframe !== '1h') {
        timeframe = args.timeframe;
        c = await readCandles(db, { exchange: args.exchange, symbol, timeframe }, args.from ?? undefined, to);
      }
      if (c.time.length === 0) timeframe = null;
      out.push({ symbol, timeframe, volatility: timeframe === null ? null : annualisedVolatility(c, timeframe) });
      ctx.progress({ done: i + 1, total: args.symbols.length, phase: 'volatility' });
      await ctx.checkpoint();
    }
    return out;
  }),

  ...resultFileTasks,
  ...reportTasks,
  ...batchTasks,
  ...volatilityTasks,
  ...analysisTasks,
  ...robustnessTasks,
  ...robustnessSummaryTasks,
  ...chartTasks,
  ...demoTasks,
};

export type ComputeTasks = typeof computeTasks;
