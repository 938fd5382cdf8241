/**
 * The results table of a batch: the batches to choose from (kept current from the database), the
 * table's rows read in a compute worker, deleting jobs with their results, and the CSV download.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { batchTableCsv, type BatchRow } from '../core/reports/batch-table';
import { deleteBacktestJobs, listBatches, observeQuery, type BatchSummary } from '../data';
import { database, reportWriteError } from './db-service';
import { downloadText } from './download';
import { interactiveComputeWorker } from './worker-pools';

export type { BatchSummary } from '../data';

/** Every batch, newest first, kept current; undefined until first read. Call inside a component. */
export function createBatchList(): Accessor<BatchSummary[] | undefined> {
  const [list, setList] = createSignal<BatchSummary[]>();
  createEffect(() => {
    const db = database();
    const sub = observeQuery(() => listBatches(db)).subscribe((v) => setList(v));
    onCleanup(() => sub.unsubscribe());
  });
  return list;
}

/** The rows of a batch, read in the interactive compute worker. */
export function loadBatchTable(batch: string): Promise<BatchRow[]> {
  return interactiveComputeWorker().run('batchTable', { batch });
}

/** Deletes jobs with their results in one transaction (RUNNING ones are left: cancel them first). */
export async function deleteJobs(ids: readonly string[]): Promise<{ deleted: string[]; running: string[] }> {
  try {
    return await deleteBacktestJobs(database(), ids);
  } catch (e) {
    reportWriteError(e);
    throw e;
  }
}

/** Downloads the rows shown as `batch-<first>-<last>.csv`. */
export function exportBatchCsv(rows: readonly BatchRow[], params: readonly string[], batch: BatchSummary): void {
  downloadText(`batch-${batch.firstSeq}-${batch.lastSeq}.csv`, batchTableCsv(rows, params));
}
