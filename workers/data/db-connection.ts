import { openDb, type CandlelabDb } from '../../src/data';

let db: Promise<CandlelabDb> | undefined;

/**
 * This worker's own connection to the database (data and compute workers alike), opened on first
 * use and reopened after a failure, so tasks read and write without the main thread.
 */
export function workerDb(): Promise<CandlelabDb> {
  if (!db) {
    db = openDb();
    db.catch(() => {
      db = undefined;
    });
  }
  return db;
}

/** Lets tests use their own database. */
export function setWorkerDb(next: CandlelabDb | undefined): void {
  db = next ? Promise.resolve(next) : undefined;
}
