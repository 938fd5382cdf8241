import { runBacktestRequest, serializeReport, type BacktestRequest } from '../../src/core/backtest/request';
import { defineTask } from '../bridge';

/**
 * Tasks of the compute workers. A backtest returns its report as canonical JSON text, so the
 * same request gives the same bytes in Node, in one worker and in the pool.
 */
export const computeTasks = {
  backtest: defineTask((req: BacktestRequest, ctx) => {
    const report = runBacktestRequest(req, {
      onProgress: (done, total) => ctx.progress({ done, total, phase: 'backtest' }),
      isCancelled: () => ctx.isCancelled(),
    });
    return { json: serializeReport(report) };
  }),
};

export type ComputeTasks = typeof computeTasks;
