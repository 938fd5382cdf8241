/**
 * Worker of the `worker-pool` benchmark: a busy loop that reports when it starts and then runs
 * until it is cancelled, checking at a checkpoint every 1,024 iterations or never.
 */
import { defineTask, exposeTasks } from '../../../workers/bridge';

export const benchTasks = {
  spin: defineTask(async (args: { cooperative: boolean }, ctx): Promise<never> => {
    ctx.progress({ done: 0, total: 1, phase: 'started' });
    let x = 0;
    for (let i = 1; ; i++) {
      x = (x * 1_103_515_245 + i) % 2_147_483_647;
      if (args.cooperative && (i & 1023) === 0) await ctx.checkpoint();
    }
  }),
  ready: defineTask(() => true),
};

export type BenchTasks = typeof benchTasks;

exposeTasks(benchTasks);
