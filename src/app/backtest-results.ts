import { downloadText } from './download';
/**
 * Completed backtests for the report and compare pages: jobs and results observed live by their
 * number, exports (trades CSV, result JSON) and the import of a result file, run again, and the
 * candles of a traded symbol for the price chart.
 *
 * Exports and imports run in the interactive compute worker (`workers/compute/result-file-tasks.ts`,
 * apart from the pool that runs backtests), which reads and writes the database itself, so
 * serialising or parsing thousands of trades never blocks the page.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { timeframeMs, type Timeframe } from '../core/candles/timeframe';
import type { CandleColumns } from '../core/candles/types';
import { normaliseSymbol } from '../core/strategy/scripted';
import {
  getBacktestJobBySeq,
  getBacktestResult,
  getBacktestResults,
  listSeries,
  observeQuery,
  readCandles,
  type BacktestJobRecord,
  type BacktestResultRecord,
} from '../data';
import { isWorkerTaskError, transferResult, type Progress } from '../../workers/bridge';
import type { ImportResultFileResult } from '../../workers/compute/result-file-tasks';
import { rerunBacktest, resumeQueue } from './backtest-queue';
import { interactiveComputeWorker } from './worker-pools';
import { database, reportWriteError } from './db-service';

export type { BacktestJobRecord, BacktestResultRecord, BacktestConfigSnapshot, JobStatus, MetricValues } from '../data';

/** A job looked up by its number: still loading, not there, or found (with its result once loaded). */
export type BacktestView =
  | { state: 'loading'; seq: number }
  | { state: 'missing'; seq: number }
  | {
      state: 'found';
      seq: number;
      job: BacktestJobRecord;
      /** The stored result of a COMPLETED job; undefined while loading, for other statuses, or when it is missing. */
      result: BacktestResultRecord | undefined;
      /** True while the result of a COMPLETED job is being read. */
      resultLoading: boolean;
    };

/** A positive job number from route text (`12`), or null. */
export function parseSeq(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

/**
 * The job numbered `seq()` and its result, kept current: the job is observed live (status,
 * progress, error), and once it is COMPLETED its result is read and observed too. Call inside a
 * component (subscriptions end with it).
 */
export function createBacktestView(seq: Accessor<number>): Accessor<BacktestView> {
  const [view, setView] = createSignal<BacktestView>({ state: 'loading', seq: seq() });
  createEffect(() => {
    const s = seq();
    setView({ state: 'loading', seq: s });
    let job: BacktestJobRecord | undefined;
    let result: BacktestResultRecord | undefined;
    let resultFor: string | undefined;
    let resultRead = false;
    let resultSub: { unsubscribe(): void } | undefined;
    const publish = () => {
      if (job === undefined) return;
      const completed = job.status === 'COMPLETED';
      setView({ state: 'found', seq: s, job, result: completed ? result : undefined, resultLoading: completed && !resultRead });
    };
    const dropResult = () => {
      resultSub?.unsubscribe();
      resultSub = undefined;
      resultFor = undefined;
      result = undefined;
      resultRead = false;
    };
    const jobSub = observeQuery(() => getBacktestJobBySeq(database(), s)).subscribe((j) => {
      job = j;
      if (j === undefined) {
        dropResult();
        setView({ state: 'missing', seq: s });
        return;
      }
      if (j.status !== 'COMPLETED') dropResult();
      else if (resultFor !== j.id) {
        dropResult();
        resultFor = j.id;
        const id = j.id;
        resultSub = observeQuery(() => getBacktestResult(database(), id)).subscribe((r) => {
          if (resultFor !== id) return;
          if (r !== undefined && result !== undefined && r.createdAt === result.createdAt && r.trades.length === result.trades.length) {
            resultRead = true;
            return;
          }
          result = r;
          resultRead = true;
          publish();
        });
      }
      publish();
    });
    onCleanup(() => {
      jobSub.unsubscribe();
      dropResult();
    });
  });
  return view;
}

/** One entry of {@link createBacktestsView}. */
export interface BacktestEntry {
  seq: number;
  job: BacktestJobRecord | undefined;
  result: BacktestResultRecord | undefined;
}

/** Several jobs by number, in the order given, with the results of the completed ones, kept current; undefined while first read. */
export function createBacktestsView(seqs: Accessor<readonly number[]>): Accessor<BacktestEntry[] | undefined> {
  const [entries, setEntries] = createSignal<BacktestEntry[] | undefined>(undefined);
  createEffect(() => {
    const list = [...seqs()];
    setEntries(undefined);
    const sub = observeQuery(async () => {
      const db = database();
      const jobs = await Promise.all(list.map((s) => getBacktestJobBySeq(db, s)));
      const ids = jobs.map((j) => (j?.status === 'COMPLETED' ? j.id : null));
      const wanted = ids.filter((id): id is string => id !== null);
      const results = wanted.length > 0 ? await getBacktestResults(db, wanted) : [];
      const byId = new Map<string, BacktestResultRecord>();
      results.forEach((r) => r && byId.set(r.jobId, r));
      return list.map((seq, i) => ({ seq, job: jobs[i], result: ids[i] === null ? undefined : byId.get(ids[i]!) }));
    }).subscribe(setEntries);
    onCleanup(() => sub.unsubscribe());
  });
  return entries;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}


/** What is exported: the trades as CSV or the whole result as JSON. */
export type ExportKind = 'trades-csv' | 'result-json';

/** State of one export: running, or the last error. */
export interface ResultExportState {
  running: boolean;
  error: string | null;
}

const [exportStates, setExportStates] = createSignal<Record<string, ResultExportState>>({});

/** Export state of backtest `seq` for `kind` (idle when never exported). */
export function resultExportState(kind: ExportKind, seq: number): ResultExportState {
  return exportStates()[`${kind}:${seq}`] ?? { running: false, error: null };
}

async function runExport(kind: ExportKind, seq: number): Promise<void> {
  const key = `${kind}:${seq}`;
  if (resultExportState(kind, seq).running) return;
  setExportStates((m) => ({ ...m, [key]: { running: true, error: null } }));
  try {
    const file =
      kind === 'trades-csv'
        ? await interactiveComputeWorker().run('exportTradesCsv', { seq })
        : await interactiveComputeWorker().run('exportResultFile', { seq });
    downloadText(file.fileName, file.text, kind === 'trades-csv' ? 'text/csv;charset=utf-8' : 'application/json');
    setExportStates((m) => ({ ...m, [key]: { running: false, error: null } }));
  } catch (e) {
    setExportStates((m) => ({ ...m, [key]: { running: false, error: `Export failed: ${messageOf(e)}` } }));
  }
}

/**
 * Downloads the trades of completed backtest `seq` as CSV (`backtest-<seq>-<name>-trades.csv`):
 * every trade field, the confidence level and the reasons summarised (see `tradesCsv`).
 */
export function exportTradesCsv(seq: number): Promise<void> {
  return runExport('trades-csv', seq);
}

/**
 * Downloads completed backtest `seq` as a result file (`backtest-<seq>-<name>.json`, format
 * `candlelab.backtest-result` version 1, canonical JSON; see `src/core/backtest/result-file.ts`).
 */
export function exportResultJson(seq: number): Promise<void> {
  return runExport('result-json', seq);
}

/** What the result import shows. */
export type ResultImportState =
  | { status: 'idle' }
  | { status: 'running'; fileName: string; progress: Progress }
  | { status: 'done'; fileName: string; seq: number; name: string; trades: number }
  /** The file is not a valid result file; `field` names the first bad field. Nothing was stored. */
  | { status: 'refused'; fileName: string; field: string | null; message: string }
  | { status: 'failed'; fileName: string; message: string };

const [resultImportState, setResultImportState] = createSignal<ResultImportState>({ status: 'idle' });

/** State of the result import (one at a time). */
export { resultImportState };

/**
 * Imports a result file (see `importResultFile` in the compute worker): the file's bytes are
 * transferred to the worker, which parses and checks it field by field and stores a new COMPLETED
 * job with the next number and its result in one transaction. Resolves with the new job (or null
 * when the file was refused or the import failed; the reason is in {@link resultImportState}).
 */
export async function importResultJson(file: File): Promise<ImportResultFileResult | null> {
  if (resultImportState().status === 'running') return null;
  const fileName = file.name;
  setResultImportState({ status: 'running', fileName, progress: { done: 0, total: 3, phase: 'read', message: `Reading ${fileName}` } });
  try {
    const bytes = await file.arrayBuffer();
    const res = await interactiveComputeWorker().run('importResultFile', transferResult({ fileName, bytes }), {
      onProgress: (progress) => setResultImportState({ status: 'running', fileName, progress }),
    });
    setResultImportState({ status: 'done', fileName, seq: res.seq, name: res.name, trades: res.trades });
    return res;
  } catch (e) {
    if (isWorkerTaskError(e, 'RESULT_FILE_INVALID')) {
      const field = (e.details as { field?: unknown } | undefined)?.field;
      setResultImportState({ status: 'refused', fileName, field: typeof field === 'string' ? field : null, message: messageOf(e) });
    } else {
      if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
      setResultImportState({ status: 'failed', fileName, message: `${fileName} was not imported: ${messageOf(e)}` });
    }
    return null;
  }
}

/** Clears a finished or refused import from view. */
export function dismissResultImport(): void {
  if (resultImportState().status !== 'running') setResultImportState({ status: 'idle' });
}

/**
 * Queues a new job that runs backtest `seq` again exactly (its name, and the settings and complete
 * parameter set it ran with: see `rerunBacktest`), and makes sure this tab's queue is running so
 * the job starts. Resolves with the new job's number.
 */
export async function runBacktestAgain(seq: number): Promise<number> {
  try {
    const next = await rerunBacktest(seq);
    resumeQueue();
    return next;
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code !== undefined) reportWriteError(e);
    throw e;
  }
}

/** A stored candle series. */
export interface PriceSeries {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  candles: CandleColumns;
}

/**
 * The stored candles of `symbol` (matched without case or punctuation, so `BTC/USDT` finds
 * `BTCUSDT`) on `timeframe`, preferring `exchange`, with open times in [from, to] widened by
 * `marginBars` candles each side; null when no such series is stored.
 */
export async function loadPriceSeries(
  ref: { exchange: string; symbol: string; timeframe: Timeframe },
  from: number,
  to: number,
  marginBars = 200,
): Promise<PriceSeries | null> {
  const db = database();
  const want = normaliseSymbol(ref.symbol);
  const matches = (await listSeries(db)).filter((s) => s.timeframe === ref.timeframe && normaliseSymbol(s.symbol) === want);
  const series = matches.find((s) => s.exchange === ref.exchange) ?? matches[0];
  if (series === undefined) return null;
  const margin = marginBars * timeframeMs(ref.timeframe);
  const candles = await readCandles(db, { exchange: series.exchange, symbol: series.symbol, timeframe: ref.timeframe }, from - margin, to + margin + 1);
  return { exchange: series.exchange, symbol: series.symbol, timeframe: ref.timeframe, candles };
}
