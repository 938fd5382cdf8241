/**
 * A completed backtest's files: exports (trades CSV, result JSON) and the import of a result file.
 * They run in the interactive compute worker (`workers/compute/result-file-tasks.ts`, apart from
 * the pool that runs backtests), which reads and writes the database itself, so serialising,
 * parsing and checking thousands of trades never blocks the page.
 */
import { createSignal } from 'solid-js';
import { isWorkerTaskError, transferResult, type Progress } from '../../workers/bridge';
import type { ImportResultFileResult } from '../../workers/compute/result-file-tasks';
import { interactiveComputeWorker } from './worker-pools';
import { reportWriteError } from './db-service';
import { downloadText } from './download';

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
