import { openDb, type CandlelabDb } from '../../src/data';

let db: Promise<CandlelabDb> | undefined;

/** The worker's own connection to the database, opened on first use and reopened after a failure. */
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
