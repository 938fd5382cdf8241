/**
 * Result file tasks of the compute workers: export a completed backtest as a result file (JSON)
 * or its trades as CSV, and import a result file as a new completed job. Parsing, checking and
 * writing thousands of trades happen here, off the main thread, on the worker's own database
 * connection.
 */
import { resultFileName, tradesCsvFileName } from '../../src/core/backtest/file-names';
import { readJobConfig } from '../../src/core/backtest/job';
import { buildResultFile, parseResultFile, resultOfFile, serializeResultFile } from '../../src/core/backtest/result-file';
import { tradesCsv } from '../../src/core/backtest/trades-csv';
import {
  getBacktestJobBySeq,
  getBacktestResult,
  importBacktestResult,
  type BacktestJobRecord,
  type BacktestResultRecord,
  type CandlelabDb,
} from '../../src/data';
import { defineTask, type TaskContext } from '../bridge';
import { workerDb } from '../data/db-connection';

/** The `code` of the error when the asked job does not exist or has no result. */
export const BACKTEST_NOT_FOUND = 'BACKTEST_NOT_FOUND';

class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly code = BACKTEST_NOT_FOUND;
}

/** A result file to import: its bytes (transferred) or its text. */
export interface ImportResultFileArgs {
  fileName: string;
  bytes?: ArrayBuffer;
  text?: string;
}

/** The job an import created. */
export interface ImportResultFileResult {
  seq: number;
  jobId: string;
  name: string;
  trades: number;
}

/** A file to download. */
export interface ExportedFile {
  fileName: string;
  text: string;
}

async function completedJob(db: CandlelabDb, seq: number): Promise<{ job: BacktestJobRecord; result: BacktestResultRecord }> {
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`seq: ${String(seq)} is not a job number`);
  const job = await getBacktestJobBySeq(db, seq);
  if (job === undefined) throw new NotFoundError(`seq: there is no backtest #${seq}`);
  const result = job.status === 'COMPLETED' ? await getBacktestResult(db, job.id) : undefined;
  if (result === undefined) throw new NotFoundError(`seq: backtest #${seq} is ${job.status}, it has no result to export`);
  return { job, result };
}

/**
 * Reads, parses and checks a result file (see `validateResultFile`: every field, and every metric,
 * breakdown and summary figure recomputed from the trades and equity), then stores it as a new
 * COMPLETED job with the next number and its result, in one transaction. A refused file throws a
 * `ResultFileError` (code `RESULT_FILE_INVALID`, message naming the field) and stores nothing.
 */
export async function importResultFile(db: CandlelabDb, args: ImportResultFileArgs, ctx: TaskContext): Promise<ImportResultFileResult> {
  if (args === null || typeof args !== 'object') throw new TypeError(`args: ${String(args)} is not { fileName, bytes | text }`);
  ctx.progress({ done: 0, total: 3, phase: 'read', message: `Reading ${args.fileName}` });
  let content: string;
  if (typeof args.text === 'string') content = args.text;
  else if (args.bytes instanceof ArrayBuffer) content = new TextDecoder('utf-8').decode(args.bytes);
  else throw new TypeError('bytes: missing (pass the file as bytes or text)');
  await ctx.checkpoint();
  ctx.progress({ done: 1, total: 3, phase: 'check', message: 'Checking the result' });
  const file = parseResultFile(content);
  await ctx.checkpoint();
  ctx.progress({ done: 2, total: 3, phase: 'write', message: 'Storing the backtest' });
  const job = await importBacktestResult(db, file.job, resultOfFile(file));
  ctx.progress({ done: 3, total: 3, phase: 'done' });
  return { seq: job.seq, jobId: job.id, name: job.name, trades: file.trades.length };
}

/** The completed backtest `seq` as a result file, named `backtest-<seq>-<name>.json`. */
export async function exportResultFile(db: CandlelabDb, seq: number): Promise<ExportedFile> {
  const { job, result } = await completedJob(db, seq);
  const file = buildResultFile({ name: job.name, config: readJobConfig(job.config), trades: result.trades, equity: result.equity, metrics: result.metrics });
  return { fileName: resultFileName(job.seq, job.name), text: serializeResultFile(file) };
}

/** The trades of the completed backtest `seq` as CSV (see `tradesCsv`), named `backtest-<seq>-<name>-trades.csv`. */
export async function exportTradesCsvFile(db: CandlelabDb, seq: number): Promise<ExportedFile> {
  const { job, result } = await completedJob(db, seq);
  return { fileName: tradesCsvFileName(job.seq, job.name), text: tradesCsv(result.trades) };
}

/** Tasks to spread into the compute worker's task map. */
export const resultFileTasks = {
  /** See {@link importResultFile}: pass the file as `bytes` (an ArrayBuffer, transferred) or `text`. */
  importResultFile: defineTask(async (args: ImportResultFileArgs, ctx) => importResultFile(await workerDb(), args, ctx)),
  /** See {@link exportResultFile}. */
  exportResultFile: defineTask(async (args: { seq: number }) => exportResultFile(await workerDb(), args.seq)),
  /** See {@link exportTradesCsvFile}. */
  exportTradesCsv: defineTask(async (args: { seq: number }) => exportTradesCsvFile(await workerDb(), args.seq)),
};

export type ResultFileTasks = typeof resultFileTasks;
