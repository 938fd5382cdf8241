import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CandlelabDb } from './db';
import { DataError } from './errors';
import { backupFileName, CANDLE_TABLES, countRecords, exportBackup, inspectBackup, restoreBackup } from './backup';
import { CURRENT_VERSION, DB_NAME, SCHEMA_VERSIONS, storesAt, type SchemaVersion } from './schema';
import { installBlobReader } from './testing/blob-reader';
import { SCHEMA_FIXTURES } from './testing/fixtures';
import { memoryIdb } from './testing/memory-db';
import { writeCandles } from './candles-repo';
import { emptyCandles } from '../core/candles/types';

beforeAll(() => installBlobReader());

const open: CandlelabDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A database named as the app's (a backup names its database), on its own in-memory IndexedDB. */
async function fresh(): Promise<CandlelabDb> {
  const db = new CandlelabDb({ name: DB_NAME, ...memoryIdb() });
  await db.open();
  open.push(db);
  return db;
}

/** Every record of every table, read back in key order. */
async function snapshot(db: CandlelabDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of db.tables) out[t.name] = await t.toArray();
  return out;
}

/** The current version's fixtures in every table, plus 40,000 hourly candles (three chunks). */
async function populate(db: CandlelabDb): Promise<void> {
  const fixtures = SCHEMA_FIXTURES[CURRENT_VERSION];
  for (const [table, rows] of Object.entries(fixtures)) await db.table(table).bulkPut(rows.map((r) => structuredClone(r)));
  const n = 40_000;
  const c = emptyCandles(n);
  const t0 = Date.UTC(2019, 0, 1);
  for (let i = 0; i < n; i++) {
    const p = 100 + Math.sin(i / 50) * 10 + i / 1000;
    c.time[i] = t0 + i * 3_600_000;
    c.open[i] = p;
    c.high[i] = p + 1.25;
    c.low[i] = p - 0.75;
    c.close[i] = p + 0.1;
    c.volume[i] = 1000 + (i % 97) / 3;
  }
  await writeCandles(db, { exchange: 'binance', symbol: 'ETH/USDT', timeframe: '1h' }, c, { source: 'file', label: 'eth.csv' });
}

function fileOf(blob: Blob, name = 'backup.json'): Blob {
  return new File([blob], name, { type: 'application/json' });
}

async function text(blob: Blob): Promise<string> {
  return new TextDecoder().decode(await blob.arrayBuffer());
}

describe('backup and restore', () => {
  it('round trip: backup → wipe → restore gives every table back record by record', async () => {
    const db = await fresh();
    await populate(db);
    const original = await snapshot(db);
    expect(Object.keys(original).sort()).toEqual(Object.keys(storesAt(CURRENT_VERSION)).sort());
    for (const [name, rows] of Object.entries(original)) expect(rows.length, name).toBeGreaterThan(0);
    const progress: number[] = [];
    const blob = await exportBackup(db, { includeCandles: true, onProgress: (p) => progress.push(p.done) });
    expect(progress.at(-1)).toBe(Object.values(await countRecords(db)).reduce((a, b) => a + b, 0));

    const other = await fresh();
    const report = await restoreBackup(other, fileOf(blob));
    expect(report.mode).toBe('replace');
    const restored = await snapshot(other);
    for (const name of Object.keys(original)) expect(restored[name], name).toEqual(original[name]);
    const chunk = restored.candleChunks[0] as { data: Float64Array };
    expect(chunk.data).toBeInstanceOf(Float64Array);
    expect(report.counts).toEqual(await countRecords(db));
  });

  it('without candles: the file skips the candle tables and a replace keeps the stored candles', async () => {
    const db = await fresh();
    await populate(db);
    const blob = await exportBackup(db, { includeCandles: false });
    const summary = await inspectBackup(blob);
    expect(summary.withCandles).toBe(false);
    expect(summary.tables.map((t) => t.name)).not.toContain('candleChunks');
    const before = await snapshot(db);
    await db.paperAccounts.clear();
    const r = await restoreBackup(db, blob, { mode: 'replace' });
    const after = await snapshot(db);
    for (const t of CANDLE_TABLES) expect(after[t], t).toEqual(before[t]);
    expect(after.paperAccounts).toEqual(before.paperAccounts);
    expect(r.counts.candleChunks).toBe(before.candleChunks.length);
  });

  it('asks replace or merge before writing into a database that holds records', async () => {
    const db = await fresh();
    await populate(db);
    const blob = await exportBackup(db, { includeCandles: false });
    const target = await fresh();
    await target.settings.put({ key: 'theme', value: 'dark', updatedAt: 1 });
    const e = await restoreBackup(target, blob).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toBe('mode: missing; the database holds 1 records: choose replace (the backup only) or merge (both)');
    expect(await target.settings.count()).toBe(1);
  });

  it('merge keeps stored records, replaces those with the same key, and renumbers clashing backtest jobs', async () => {
    const db = await fresh();
    await populate(db);
    const blob = await exportBackup(db, { includeCandles: false });
    const target = await fresh();
    const job = { ...(SCHEMA_FIXTURES[CURRENT_VERSION].backtestJobs[0] as Record<string, unknown>), id: 'bt_mine', name: 'mine' };
    await target.backtestJobs.add(job as never);
    await target.settings.put({ key: 'theme', value: 'light', updatedAt: 1 });
    await restoreBackup(target, blob, { mode: 'merge' });
    const jobs = await target.backtestJobs.orderBy('seq').toArray();
    expect(jobs.map((j) => j.id)).toEqual(['bt_mine', ...(await db.backtestJobs.orderBy('seq').toArray()).map((j) => j.id)]);
    expect(new Set(jobs.map((j) => j.seq)).size).toBe(jobs.length);
    expect(await target.paperTrades.toArray()).toEqual(await db.paperTrades.toArray());
    expect((await target.settings.get('theme'))?.value).toEqual((await db.settings.get('theme'))?.value ?? 'light');
  });

  it('refuses a file of another app, a newer schema, an unknown table or no backup at all, before writing', async () => {
    const target = await fresh();
    await target.settings.put({ key: 'theme', value: 'dark', updatedAt: 1 });
    const db = await fresh();
    await populate(db);
    const good = JSON.parse(await text(await exportBackup(db, { includeCandles: false }))) as { data: { databaseName: string; databaseVersion: number; tables: Array<{ name: string; schema: string }> } };
    const variant = (f: (j: typeof good) => void) => {
      const j = structuredClone(good);
      f(j);
      return new Blob([JSON.stringify(j)]);
    };
    const cases: Array<[Blob, string]> = [
      [variant((j) => (j.data.databaseName = 'notes-app')), 'file: a backup of the database "notes-app", not of Candlelab ("candlelab"); nothing was restored'],
      [variant((j) => (j.data.databaseVersion = CURRENT_VERSION + 1)), `file: written by a newer Candlelab (schema version ${CURRENT_VERSION + 1}; this app reads up to ${CURRENT_VERSION})`],
      [variant((j) => (j.data.tables[0].name = 'photos')), 'file: table "photos" is not part of Candlelab\'s schema version'],
      [variant((j) => (j.data.tables[0].schema = 'uuid,name')), 'has the primary key "uuid"'],
      [new Blob(['{"hello": "world"}']), 'file: not a Candlelab backup'],
      [new Blob(['timestamp,open,high,low,close,volume\n1,2,3,4,5,6\n']), 'file: not a Candlelab backup'],
    ];
    for (const [blob, msg] of cases) {
      const e = await restoreBackup(target, blob, { mode: 'replace' }).catch((x: unknown) => x);
      expect(e, msg).toBeInstanceOf(DataError);
      expect((e as DataError).code).toBe('INVALID');
      expect((e as DataError).message).toContain(msg);
      expect(await snapshot(target)).toEqual({ ...Object.fromEntries(target.tables.map((t) => [t.name, []])), settings: [{ key: 'theme', value: 'dark', updatedAt: 1 }] });
    }
  });

  it('a restore that fails midway leaves the database as it was', async () => {
    const db = await fresh();
    await populate(db);
    const blob = await exportBackup(db, { includeCandles: true });
    const target = await fresh();
    await target.settings.put({ key: 'theme', value: 'dark', updatedAt: 1 });
    let calls = 0;
    const e = await restoreBackup(target, blob, {
      mode: 'replace',
      onProgress: () => {
        if (++calls === 3) throw new Error('cancelled');
      },
    }).catch((x: unknown) => x);
    expect(String(e)).toContain('cancelled');
    expect(await countRecords(target)).toEqual({ ...Object.fromEntries(target.tables.map((t) => [t.name, 0])), settings: 1 });
  });

  it('a file of an older schema version gets the later versions’ upgrades', async () => {
    const db = await fresh();
    await populate(db);
    const blob = await exportBackup(db, { includeCandles: false });
    const next: SchemaVersion = {
      version: CURRENT_VERSION + 1,
      description: 'rehearsal: tag every signal',
      stores: { signals: `${storesAt(CURRENT_VERSION).signals}, preset` },
      upgrade: (tx) =>
        tx
          .table('signals')
          .toCollection()
          .modify((s: Record<string, unknown>) => {
            s.tag = 'upgraded';
          }),
    };
    const versions = [...SCHEMA_VERSIONS, next];
    const target = new CandlelabDb({ name: DB_NAME, ...memoryIdb(), versions });
    open.push(target);
    await target.open();
    await restoreBackup(target, blob, { versions });
    const signals = await target.signals.toArray();
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((s) => (s as unknown as { tag: string }).tag === 'upgraded')).toBe(true);
    expect(await target.paperTrades.toArray()).toEqual(await db.paperTrades.toArray());
  });

  it('names backup files by their UTC time', () => {
    expect(backupFileName(Date.UTC(2024, 3, 4, 10, 5), true)).toBe('candlelab-backup-2024-04-04-1005.json');
    expect(backupFileName(Date.UTC(2024, 3, 4, 10, 5), false)).toBe('candlelab-backup-2024-04-04-1005-no-candles.json');
  });
});
