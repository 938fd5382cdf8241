import { afterEach, describe, expect, it } from 'vitest';
import type { CandlelabDb } from './db';
import { DataError } from './errors';
import { cleanupDatabase, CLEANUP_KIND_LIST, CLEANUP_KINDS, countCleanup, type CleanupKind } from './cleanup';
import { CURRENT_VERSION } from './schema';
import { SCHEMA_FIXTURES } from './testing/fixtures';
import { memoryDb } from './testing/memory-db';

let db: CandlelabDb;
afterEach(() => db?.close());

async function populated(): Promise<CandlelabDb> {
  const d = await memoryDb();
  for (const [table, rows] of Object.entries(SCHEMA_FIXTURES[CURRENT_VERSION])) await d.table(table).bulkPut(rows.map((r) => structuredClone(r)));
  // No bot session runs unless a test starts one.
  await d.botSessions.toCollection().modify({ status: 'STOPPED' });
  return d;
}

async function everything(d: CandlelabDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of d.tables) out[t.name] = await t.toArray();
  return out;
}

async function refusal(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('database cleanup', () => {
  it('counts every kind, and every kind has records in the fixtures', async () => {
    db = await populated();
    const counts = await countCleanup(db);
    expect(Object.keys(counts)).toEqual(CLEANUP_KIND_LIST);
    for (const k of CLEANUP_KIND_LIST) expect(counts[k], k).toBeGreaterThan(0);
  });

  it.each(['yes', 'Yes', 'YES ', '', 'y'])('deletes nothing when the confirmation is %j', async (word) => {
    db = await populated();
    const before = await everything(db);
    const e = await refusal(cleanupDatabase(db, ['signals', 'paperTrades', 'candles'], word));
    expect(e.code).toBe('INVALID');
    expect(e.message).toBe(`confirmation: ${JSON.stringify(word)} is not YES (type YES in capitals to delete); nothing was deleted`);
    expect(await everything(db)).toEqual(before);
  });

  it('keeping the accounts leaves exactly the accounts (and the kinds not chosen)', async () => {
    db = await populated();
    const before = await everything(db);
    const kinds: CleanupKind[] = ['signals', 'paperTrades', 'decisions', 'sessions', 'backtests', 'robustness', 'candles'];
    const counts = await countCleanup(db);
    const r = await cleanupDatabase(db, kinds, 'YES');
    expect(r.deleted).toEqual(Object.fromEntries(kinds.map((k) => [k, counts[k]])));
    for (const k of kinds) expect(r.after[k]).toBe(0);
    const after = await everything(db);
    expect(after.paperAccounts).toEqual(before.paperAccounts);
    const emptied = new Set(kinds.flatMap((k) => CLEANUP_KINDS[k]));
    for (const t of db.tables) {
      if (emptied.has(t.name as never)) expect(after[t.name], t.name).toEqual([]);
      else expect(after[t.name], t.name).toEqual(before[t.name]);
    }
  });

  it('refuses while a bot session runs, deleting nothing', async () => {
    db = await populated();
    const [s] = await db.botSessions.toArray();
    await db.botSessions.update(s.id, { status: 'RUNNING' });
    const before = await everything(db);
    const e = await refusal(cleanupDatabase(db, ['signals'], 'YES'));
    expect(e.code).toBe('BOT_RUNNING');
    expect(e.message).toContain('stop it first; nothing was deleted');
    expect(await everything(db)).toEqual(before);
  });

  it('refuses accounts without their trades, no kind, and an unknown kind', async () => {
    db = await populated();
    const before = await everything(db);
    expect((await refusal(cleanupDatabase(db, ['paperAccounts'], 'YES'))).message).toContain('paper accounts can only be deleted with their paper trades');
    expect((await refusal(cleanupDatabase(db, [], 'YES'))).message).toBe('kinds: none chosen; nothing was deleted');
    expect((await refusal(cleanupDatabase(db, ['photos' as CleanupKind], 'YES'))).message).toContain('kinds: "photos" is not one of signals');
    expect(await everything(db)).toEqual(before);
    await cleanupDatabase(db, ['paperAccounts', 'paperTrades'], 'YES');
    expect([await db.paperAccounts.count(), await db.paperTrades.count()]).toEqual([0, 0]);
  });
});
