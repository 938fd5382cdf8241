import { defineTask } from '../bridge';
import { workerDb } from './db-connection';
import { exportCandles, type ExportCandlesArgs } from './export-task';
import { importCandles, type ImportCandlesArgs } from './import-task';

/** File tasks of the data worker (candle file import and export). */
export const fileTasks = {
  /** See `importCandles`: pass the file as `bytes` (an ArrayBuffer, transferred) or `text`. */
  importCandles: defineTask(async (args: ImportCandlesArgs, ctx) => importCandles(await workerDb(), args, ctx)),
  /** See `exportCandles`. */
  exportCandles: defineTask(async (args: ExportCandlesArgs, ctx) => exportCandles(await workerDb(), args, ctx)),
};
