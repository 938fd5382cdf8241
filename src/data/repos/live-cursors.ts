import { Dexie } from 'dexie';
import type { CandlelabDb } from '../db';
import { guard } from '../errors';
import type { SeriesKey } from '../records/candles';
import type { LiveCursorRecord } from '../records/live';
import { requireNumber, requireString, requireTimeframe } from '../validate';

function checkKey(k: SeriesKey): [string, string, string] {
  requireString('exchange', k.exchange);
  requireString('symbol', k.symbol);
  requireTimeframe('timeframe', k.timeframe);
  return [k.exchange, k.symbol, k.timeframe];
}

/** The live-stream cursor of a series, or undefined when the stream never processed it. */
export async function getLiveCursor(db: CandlelabDb, key: SeriesKey): Promise<LiveCursorRecord | undefined> {
  const pk = checkKey(key);
  return guard(db, () => db.liveCursors.get(pk));
}

/** Every live-stream cursor (of one exchange when given). */
export async function listLiveCursors(db: CandlelabDb, exchange?: string): Promise<LiveCursorRecord[]> {
  return guard(db, () =>
    exchange === undefined
      ? db.liveCursors.toArray()
      : db.liveCursors.where('[exchange+symbol+timeframe]').between([exchange, Dexie.minKey, Dexie.minKey], [exchange, Dexie.maxKey, Dexie.maxKey]).toArray(),
  );
}

/** Stores cursors (checked); inside a caller's transaction when there is one. */
export async function putLiveCursors(db: CandlelabDb, cursors: readonly LiveCursorRecord[]): Promise<void> {
  for (const c of cursors) {
    checkKey(c);
    requireNumber('last', c.last);
    requireNumber('updatedAt', c.updatedAt);
  }
  return guard(db, async () => {
    await db.liveCursors.bulkPut(cursors.map((c) => ({ exchange: c.exchange, symbol: c.symbol, timeframe: c.timeframe, last: c.last, updatedAt: c.updatedAt })));
  });
}

/** Forgets the cursors of one exchange (the demo market reloaded); returns how many. */
export async function deleteLiveCursors(db: CandlelabDb, exchange: string): Promise<number> {
  requireString('exchange', exchange);
  return guard(db, () =>
    db.liveCursors.where('[exchange+symbol+timeframe]').between([exchange, Dexie.minKey, Dexie.minKey], [exchange, Dexie.maxKey, Dexie.maxKey]).delete(),
  );
}
