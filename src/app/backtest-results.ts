/**
 * Backtests observed live by their number, with the results of the completed ones, for the
 * compare page; and the job number of a route.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { getBacktestJobBySeq, getBacktestResults, observeQuery, type BacktestJobRecord, type BacktestResultRecord } from '../data';
import { database } from './db-service';

export type { BacktestJobRecord, BacktestResultRecord, BacktestConfigSnapshot, JobStatus, MetricRecord } from '../data';

/** A positive job number from route text (`12`), or null. */
export function parseSeq(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
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
