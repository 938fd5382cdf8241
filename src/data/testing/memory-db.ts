import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CandlelabDb } from '../db';
import type { SchemaVersion } from '../schema';

/** A fresh in-memory IndexedDB (fake-indexeddb) per call: tests never share state. */
export function memoryIdb(): { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange } {
  return { indexedDB: new IDBFactory(), IDBKeyRange };
}

/** An open CandlelabDb on a fresh in-memory IndexedDB. */
export async function memoryDb(versions?: readonly SchemaVersion[]): Promise<CandlelabDb> {
  const db = new CandlelabDb({ name: 'candlelab-test', ...memoryIdb(), versions });
  await db.open();
  return db;
}
