import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { CandlelabDb, openDb } from './db';
import { DataError, toDataError } from './errors';
import { CURRENT_VERSION, SCHEMA_VERSIONS, storesAt, type SchemaVersion } from './schema';
import { memoryIdb } from './testing/memory-db';
import { getSignal } from './repos/signals';
import { setSetting } from './repos/settings';
import { newId } from './ids';

const NEXT: SchemaVersion = {
  version: CURRENT_VERSION + 1,
  description: 'rehearsal: one more index',
  stores: { signals: `${storesAt(CURRENT_VERSION).signals}, preset` },
};

const opened: Dexie[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) d.close();
  vi.restoreAllMocks();
});

describe('openDb', () => {
  it('opens the current schema', async () => {
    const db = await openDb({ name: 'a', ...memoryIdb() });
    opened.push(db);
    expect(db.isOpen()).toBe(true);
    expect(db.verno).toBe(CURRENT_VERSION);
  });

  it('reports DB_UNAVAILABLE when the browser has no IndexedDB', async () => {
    expect((globalThis as { indexedDB?: unknown }).indexedDB).toBeUndefined();
    const err = await openDb({ name: 'a' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('DB_UNAVAILABLE');
    expect((err as DataError).message).toMatch(/IndexedDB is not available/);
  });

  it('reports DB_UNAVAILABLE when the browser refuses to open (private mode)', async () => {
    const { indexedDB, IDBKeyRange } = memoryIdb();
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    });
    const err = await openDb({ name: 'a', indexedDB, IDBKeyRange }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe('DB_UNAVAILABLE');
  });

  it('reports DB_BLOCKED when an older connection never lets go', async () => {
    const deps = memoryIdb();
    const stale = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = deps.indexedDB.open('b', 1);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    stale.onversionchange = () => undefined; // an old tab that ignores upgrade requests
    const onBlocked = vi.fn();
    const err = await openDb({ name: 'b', ...deps, onBlocked, blockedTimeoutMs: 30 }).catch((e: unknown) => e);
    expect(onBlocked).toHaveBeenCalled();
    expect((err as DataError).code).toBe('DB_BLOCKED');
    stale.close();
  });
});

describe('version change from another tab', () => {
  it('closes this connection at once, notifies, and refuses further writes with VERSION_CHANGED', async () => {
    const deps = memoryIdb();
    const oldTab = await openDb({ name: 'c', ...deps });
    opened.push(oldTab);
    const seen: unknown[] = [];
    oldTab.onVersionChange((info) => seen.push(info));
    const id = newId('sig');
    await oldTab.signals.put({ id, time: 1, symbol: 'BTC/USDT', timeframe: '1h', status: 'ACTIVE' } as never);

    const onBlocked = vi.fn();
    const newTab = await openDb({ name: 'c', ...deps, versions: [...SCHEMA_VERSIONS, NEXT], onBlocked, blockedTimeoutMs: 1000 });
    opened.push(newTab);
    expect(onBlocked).not.toHaveBeenCalled();
    expect(newTab.verno).toBe(CURRENT_VERSION + 1);
    expect(seen).toEqual([{ oldVersion: CURRENT_VERSION, newVersion: CURRENT_VERSION + 1 }]);
    expect(oldTab.versionChanged).toBe(true);
    expect(oldTab.isOpen()).toBe(false);

    const readErr = await getSignal(oldTab, id).catch((e: unknown) => e);
    expect((readErr as DataError).code).toBe('VERSION_CHANGED');
    const writeErr = await setSetting(oldTab, 'theme', 'dark').catch((e: unknown) => e);
    expect((writeErr as DataError).code).toBe('VERSION_CHANGED');
    expect(await newTab.settings.count()).toBe(0);
    expect(await newTab.signals.get(id)).toMatchObject({ id });
  });

  it('notifies with newVersion null when another tab deletes the database', async () => {
    const deps = memoryIdb();
    const db = new CandlelabDb({ name: 'd', ...deps });
    opened.push(db);
    await db.open();
    const seen: unknown[] = [];
    const off = db.onVersionChange((info) => seen.push(info));
    await new Promise<void>((resolve, reject) => {
      const req = deps.indexedDB.deleteDatabase('d');
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('delete blocked'));
    });
    off();
    expect(seen).toEqual([{ oldVersion: CURRENT_VERSION, newVersion: null }]);
  });
});

describe('toDataError', () => {
  it('finds a quota error however Dexie wrapped it', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(toDataError(quota).code).toBe('QUOTA_EXCEEDED');
    expect(toDataError(new Dexie.AbortError('aborted', quota)).code).toBe('QUOTA_EXCEEDED');
    expect(toDataError(new Dexie.BulkError('bulk failed', { 0: new Dexie.AbortError('x', quota) })).code).toBe('QUOTA_EXCEEDED');
    expect(toDataError(new Dexie.OpenFailedError(quota)).code).toBe('QUOTA_EXCEEDED');
  });

  it('maps the other Dexie and IndexedDB failures', () => {
    expect(toDataError(new Dexie.MissingAPIError()).code).toBe('DB_UNAVAILABLE');
    expect(toDataError(new Dexie.OpenFailedError(new DOMException('x', 'InvalidStateError'))).code).toBe('DB_UNAVAILABLE');
    expect(toDataError(new Dexie.OpenFailedError(new DOMException('x', 'VersionError'))).code).toBe('VERSION_CHANGED');
    expect(toDataError(new Dexie.OpenFailedError(new DOMException('x', 'UnknownError'))).code).toBe('DB_UNAVAILABLE');
    expect(toDataError(new Dexie.DatabaseClosedError()).code).toBe('DB_UNAVAILABLE');
    expect(toDataError(new Dexie.DatabaseClosedError(), { versionChanged: true }).code).toBe('VERSION_CHANGED');
    expect(toDataError(new Dexie.ConstraintError('dup')).code).toBe('INVALID');
    expect(toDataError(new Dexie.NotFoundError('no store')).code).toBe('NOT_FOUND');
    expect(toDataError(new Dexie.AbortError('aborted')).code).toBe('UNKNOWN');
    expect(toDataError('weird').code).toBe('UNKNOWN');
  });

  it('keeps DataErrors, also when Dexie wrapped one or it crossed from a worker', () => {
    const own = new DataError('NOT_FOUND', 'preset "p" not found');
    expect(toDataError(own)).toBe(own);
    expect(toDataError(new Dexie.DataError('wrapped', own))).toBe(own);
    const cloned = toDataError({ name: 'DataError', code: 'INVALID', message: 'limit: 0 is not a positive integer' });
    expect([cloned.code, cloned.message]).toEqual(['INVALID', 'limit: 0 is not a positive integer']);
  });
});
