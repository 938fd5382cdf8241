import { defineTask } from '../bridge';
import { backupTasks } from './backup-tasks';
import { loadDemoMarket, type LoadDemoArgs } from './demo-task';
import { workerDb } from './db-connection';
import { exchangeTasks } from './exchange-tasks';
import { fileTasks } from './file-tasks';
import { paperTasks } from './paper-tasks';
import { robustnessDataTasks } from './robustness-tasks';

/** Tasks of the data worker: storage-heavy jobs kept off the main thread. */
export const dataTasks = {
  loadDemoMarket: defineTask(async (args: LoadDemoArgs, ctx) => loadDemoMarket(await workerDb(), args, ctx)),
  /** Starts this worker and opens its database connection ahead of a task the user is about to start. */
  openDatabase: defineTask(async (_args: Record<string, never>) => {
    await workerDb();
  }),
  ...exchangeTasks,
  ...fileTasks,
  ...backupTasks,
  ...paperTasks,
  ...robustnessDataTasks,
};

export type DataTasks = typeof dataTasks;
