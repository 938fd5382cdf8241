import { Dexie, type Table, type UpdateSpec } from 'dexie';
import { DataError } from '../errors';
import { JOB_STATUSES, type JobStatus } from '../records/common';
import { requireOneOf } from '../validate';

/**
 * Records of a table with a `[status+createdAt]` index and a `createdAt` index: every record,
 * or only those in `status`, oldest first (newest first with `newestFirst`).
 */
export async function listJobs<T>(table: Table<T, string>, status?: JobStatus, newestFirst = false): Promise<T[]> {
  if (status !== undefined) requireOneOf('status', status, JOB_STATUSES);
  const c =
    status === undefined
      ? table.orderBy('createdAt')
      : table.where('[status+createdAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]);
  return (newestFirst ? c.reverse() : c).toArray();
}

/** Applies `changes` to record `id`; NOT_FOUND when there is no such record. */
export async function updateExisting<T>(table: Table<T, string>, id: string, changes: UpdateSpec<T>, what: string): Promise<void> {
  const n = await table.update(id, changes);
  if (n === 0) throw new DataError('NOT_FOUND', `${what} ${JSON.stringify(id)} not found`);
}

/** The record `id`, or NOT_FOUND. */
export async function getExisting<T>(table: Table<T, string>, id: string, what: string): Promise<T> {
  const r = await table.get(id);
  if (r === undefined) throw new DataError('NOT_FOUND', `${what} ${JSON.stringify(id)} not found`);
  return r;
}
