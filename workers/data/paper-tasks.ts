/**
 * Paper-trading tasks of the data worker: the bot's step on a closed candle (every book it
 * concerns, one transaction) and catch-up after the tab was closed. Thin: the work is
 * `applyPaperTick` / `applyPaperCatchUp` of the data layer over the core bot.
 */
import { applyPaperCatchUp, applyPaperTick, type PaperCatchUpInput, type PaperTickInput } from '../../src/data/repos/paper-bot';
import { defineTask } from '../bridge';
import { workerDb } from './db-connection';

export const paperTasks = {
  /** One tick: the closed candles of one open time and their signals. */
  paperTick: defineTask(async (args: PaperTickInput) => applyPaperTick(await workerDb(), args)),
  /** Missed candles replayed in order, one transaction per time; progress in ticks; cancellable between ticks. */
  paperCatchUp: defineTask(async (args: PaperCatchUpInput, ctx) =>
    applyPaperCatchUp(await workerDb(), args, {
      onProgress: (done, total) => ctx.progress({ done, total, phase: 'catch-up' }),
      checkpoint: () => ctx.checkpoint(),
    }),
  ),
};
