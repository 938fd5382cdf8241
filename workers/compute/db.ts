import { openDb, type CandlelabDb } from '../../src/data';

let db: Promise<CandlelabDb> | undefined;

/**
 * The compute worker's own connection to the database, opened on first use and reopened after a
 * failure, so jobs read their candles and store their results without the main thread.
 */
export function computeDb(): Promise<CandlelabDb> {
  if (!db) {
    db = openDb();
    db.catch(() => {
      db = undefined;
    });
  }
  return db;
}

/** Lets tests use their own database. */
export function setComputeDb(next: CandlelabDb | undefined): void {
  db = next ? Promise.resolve(next) : undefined;
}
