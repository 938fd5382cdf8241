import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import type { CandleColumns } from '../core/candles/types';
import { chunkEndOf, getSeries, readCandles } from './candles-repo';
import { CandlelabDb, declareVersions } from './db';
import type { CandleChunkRecord, SeriesKey } from './records/candles';
import { CURRENT_VERSION, SCHEMA_VERSIONS, storesAt, type SchemaVersion } from './schema';
import { SCHEMA_FIXTURES } from './testing/fixtures';
import { memoryIdb } from './testing/memory-db';
import { getMarket } from './repos/markets';
import { getBackfillJob } from './repos/backfill-jobs';
import { getSignal, listSignals } from './repos/signals';
import { listDecisions } from './repos/decisions';
import { getPaperAccount, listPaperTrades } from './repos/paper';
import { listBotSessions } from './repos/bot-sessions';
import { getBacktestResult, listBacktestJobs } from './repos/backtests';
import { listMonteCarloRuns, listOptimisationRuns, listWalkForwardRuns } from './repos/robustness';
import { listPresetChanges, listPresets } from './repos/presets';
import { getSetting } from './repos/settings';
import { listLiveCursors } from './repos/live-cursors';
import type { SettingKey } from './records/settings';

/** A fixture row (fields differ per table). */
type Rec = any;

const V2_ACCOUNT_FIELDS = { feePct: 0.1, slippagePct: 0.05, allowLong: true, allowShort: true };

function unpack(chunk: CandleChunkRecord): CandleColumns {
  const n = chunk.count;
  const col = (j: number) => chunk.data.slice(j * n, (j + 1) * n);
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

/**
 * For every table of the current schema: how a stored record is read back through the
 * repositories (using the screens' list queries where there are some, so indexes are exercised),
 * and what that read should return for the stored record.
 */
const READERS: Record<string, { read: (db: CandlelabDb, r: Rec) => Promise<unknown>; expected?: (r: Rec) => unknown }> = {
  markets: { read: (db, r) => getMarket(db, r.exchange, r.symbol) },
  candleSeries: { read: (db, r) => getSeries(db, r as SeriesKey) },
  candleChunks: {
    read: (db, r) => readCandles(db, r as SeriesKey, r.start, chunkEndOf(r.start, r.timeframe)),
    expected: (r) => unpack(r),
  },
  backfillJobs: { read: (db, r) => getBackfillJob(db, r.id) },
  signals: {
    read: async (db, r) => {
      const inRange = await listSignals(db, { symbol: r.symbol, timeframe: r.timeframe, from: r.time, to: r.time });
      expect(inRange.map((s) => s.id)).toContain(r.id);
      return getSignal(db, r.id);
    },
  },
  decisions: { read: async (db, r) => (await listDecisions(db, r.account)).items.find((d) => d.id === r.id) },
  // Version 2 gave accounts a fee, slippage and directions, trades a timeframe, signal time and
  // confidence, and sessions a settings snapshot: older records read back with those filled in.
  paperAccounts: { read: (db, r) => getPaperAccount(db, r.id), expected: (r) => ({ ...V2_ACCOUNT_FIELDS, ...r }) },
  paperTrades: {
    read: async (db, r) => (await listPaperTrades(db, r.account, { status: r.status })).find((t) => t.id === r.id),
    expected: (r) => ({ timeframe: null, signalTime: null, confidence: null, ...r }),
  },
  botSessions: {
    read: async (db, r) => (await listBotSessions(db, r.account)).find((s) => s.id === r.id),
    expected: (r) => ({ accountSettings: null, ...r }),
  },
  botStates: { read: (db, r) => db.botStates.get(r.book) },
  backtestJobs: { read: async (db, r) => (await listBacktestJobs(db, { status: r.status })).find((j) => j.id === r.id) },
  backtestResults: { read: (db, r) => getBacktestResult(db, r.jobId) },
  monteCarloRuns: {
    read: async (db, r) => (await listMonteCarloRuns(db, { sourceBacktestId: r.sourceBacktestId })).find((x) => x.id === r.id),
  },
  walkForwardRuns: { read: async (db, r) => (await listWalkForwardRuns(db, r.status)).find((x) => x.id === r.id) },
  optimisationRuns: { read: async (db, r) => (await listOptimisationRuns(db, { strategy: r.strategy })).find((x) => x.id === r.id) },
  presets: { read: async (db, r) => (await listPresets(db, r.strategy)).find((p) => p.id === r.id) },
  presetChanges: { read: async (db, r) => (await listPresetChanges(db, r.preset)).find((c) => c.seq === r.seq) },
  settings: { read: (db, r) => getSetting(db, r.key as SettingKey), expected: (r) => r.value },
  liveCursors: { read: async (db, r) => (await listLiveCursors(db, r.exchange)).find((c) => c.symbol === r.symbol && c.timeframe === r.timeframe) },
};

let open: Dexie[] = [];
afterEach(() => {
  for (const d of open) d.close();
  open = [];
});

/** Creates a database at `version` with only the definitions up to it, filled with that version's fixtures. */
async function createAtVersion(deps: ReturnType<typeof memoryIdb>, version: number): Promise<void> {
  const old = new Dexie('candlelab-migration', deps);
  open.push(old);
  declareVersions(old, SCHEMA_VERSIONS.filter((v) => v.version <= version));
  await old.open();
  const fixtures = SCHEMA_FIXTURES[version];
  for (const [table, rows] of Object.entries(fixtures)) await old.table(table).bulkAdd(rows);
  old.close();
}

describe('schema versions', () => {
  it('are ascending, and the current database declares every table of the current version', async () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual([...SCHEMA_VERSIONS.map((v) => v.version)].sort((a, b) => a - b));
    const db = new CandlelabDb({ name: 'x', ...memoryIdb() });
    open.push(db);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(storesAt(CURRENT_VERSION)).sort());
    expect(Object.keys(READERS).sort()).toEqual(Object.keys(storesAt(CURRENT_VERSION)).sort());
  });

  for (const v of SCHEMA_VERSIONS) {
    it(`a version ${v.version} database opens with the current schema and keeps every record readable`, async () => {
      const tables = Object.keys(storesAt(v.version)).sort();
      expect(Object.keys(SCHEMA_FIXTURES[v.version] ?? {}).sort()).toEqual(tables);
      const deps = memoryIdb();
      await createAtVersion(deps, v.version);

      const db = new CandlelabDb({ name: 'candlelab-migration', ...deps });
      open.push(db);
      await db.open();
      expect(db.verno).toBe(CURRENT_VERSION);
      const current = storesAt(CURRENT_VERSION);
      for (const table of tables) {
        if (!(table in current)) continue;
        const rows = SCHEMA_FIXTURES[v.version][table];
        expect(await db.table(table).count(), table).toBe(rows.length);
        const reader = READERS[table];
        for (const row of rows) {
          const got = await reader.read(db, row);
          expect(got, `${table} ${JSON.stringify(row).slice(0, 60)}`).toEqual(reader.expected ? reader.expected(row) : row);
        }
      }
    });
  }

  it('upgrades a version 1 database in place, running the new version’s upgrade and dropping nothing', async () => {
    const deps = memoryIdb();
    await createAtVersion(deps, 1);
    const next: SchemaVersion = {
      version: CURRENT_VERSION + 1,
      description: 'rehearsal: index signals by preset and tag every signal',
      stores: { signals: `${storesAt(CURRENT_VERSION).signals}, preset` },
      upgrade: (tx) =>
        tx
          .table('signals')
          .toCollection()
          .modify((s: Rec) => {
            s.tags = ['migrated'];
          }),
    };
    const db = new CandlelabDb({ name: 'candlelab-migration', ...deps, versions: [...SCHEMA_VERSIONS, next] });
    open.push(db);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION + 1);
    for (const [table, rows] of Object.entries(SCHEMA_FIXTURES[1])) {
      expect(await db.table(table).count(), table).toBe(rows.length);
    }
    const sig = SCHEMA_FIXTURES[1].signals[0];
    expect(await db.signals.where('preset').equals(sig.preset as string).toArray()).toEqual([{ ...sig, tags: ['migrated'] }]);
    expect(await getPaperAccount(db, 'acc_1')).toEqual({ ...V2_ACCOUNT_FIELDS, ...SCHEMA_FIXTURES[1].paperAccounts[0] });
    db.close();

    // Reopening the upgraded database changes nothing.
    const again = new CandlelabDb({ name: 'candlelab-migration', ...deps, versions: [...SCHEMA_VERSIONS, next] });
    open.push(again);
    await again.open();
    expect(await again.signals.get(sig.id as string)).toEqual({ ...sig, tags: ['migrated'] });
    expect(await again.candleChunks.count()).toBe(1);
  });
});
