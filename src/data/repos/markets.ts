import { Dexie } from 'dexie';
import type { CandlelabDb } from '../db';
import { guard, invalid } from '../errors';
import type { MarketRecord } from '../records/markets';
import { requireNumber, requireString } from '../validate';

/** A market as fetched; `favourite` is kept from the stored record when omitted. */
export type MarketInput = Omit<MarketRecord, 'favourite'> & { favourite?: boolean };

/** Stores fetched markets, keeping each stored market's favourite flag unless one is given. */
export async function saveMarkets(db: CandlelabDb, markets: readonly MarketInput[]): Promise<void> {
  markets.forEach((m, i) => {
    requireString(`markets[${i}].exchange`, m.exchange);
    requireString(`markets[${i}].symbol`, m.symbol);
    requireNumber(`markets[${i}].fetchedAt`, m.fetchedAt);
  });
  return guard(db, () =>
    db.transaction('rw', db.markets, async () => {
      const stored = await db.markets.bulkGet(markets.map((m) => [m.exchange, m.symbol] as [string, string]));
      await db.markets.bulkPut(markets.map((m, i) => ({ ...m, favourite: m.favourite ?? stored[i]?.favourite ?? false })));
    }),
  );
}

export async function getMarket(db: CandlelabDb, exchange: string, symbol: string): Promise<MarketRecord | undefined> {
  return guard(db, () => db.markets.get([exchange, symbol]));
}

/** One exchange's markets, sorted by symbol. */
export async function listMarkets(db: CandlelabDb, exchange: string): Promise<MarketRecord[]> {
  return guard(db, () =>
    db.markets.where('[exchange+symbol]').between([exchange, Dexie.minKey], [exchange, Dexie.maxKey]).toArray(),
  );
}

/** Favourite markets of every exchange, sorted by exchange then symbol. */
export async function listFavouriteMarkets(db: CandlelabDb): Promise<MarketRecord[]> {
  return guard(db, () => db.markets.filter((m) => m.favourite).toArray());
}

/** Sets a market's favourite flag; returns false when the market is not stored. */
export async function setFavourite(db: CandlelabDb, exchange: string, symbol: string, favourite: boolean): Promise<boolean> {
  return guard(db, async () => (await db.markets.update([exchange, symbol], { favourite })) === 1);
}

/**
 * Replaces one exchange's stored market list with a freshly fetched one, in one transaction:
 * fetched markets are stored (keeping favourite flags), stored markets the exchange no longer
 * lists are deleted, except favourites, which are kept and marked inactive. Returns how many
 * markets were stored and removed.
 */
export async function replaceExchangeMarkets(
  db: CandlelabDb,
  exchange: string,
  markets: readonly MarketInput[],
): Promise<{ stored: number; removed: number }> {
  requireString('exchange', exchange);
  markets.forEach((m, i) => {
    if (m.exchange !== exchange) throw invalid(`markets[${i}].exchange: ${JSON.stringify(m.exchange)} is not ${JSON.stringify(exchange)}`);
    requireString(`markets[${i}].symbol`, m.symbol);
    requireNumber(`markets[${i}].fetchedAt`, m.fetchedAt);
  });
  return guard(db, () =>
    db.transaction('rw', db.markets, async () => {
      const stored = await db.markets.where('[exchange+symbol]').between([exchange, Dexie.minKey], [exchange, Dexie.maxKey]).toArray();
      const bySymbol = new Map(stored.map((m) => [m.symbol, m]));
      const fresh = new Set(markets.map((m) => m.symbol));
      const gone = stored.filter((m) => !fresh.has(m.symbol));
      const removed = gone.filter((m) => !m.favourite);
      await db.markets.bulkDelete(removed.map((m) => [m.exchange, m.symbol] as [string, string]));
      await db.markets.bulkPut([
        ...gone.filter((m) => m.favourite).map((m) => ({ ...m, active: false })),
        ...markets.map((m) => ({ ...m, favourite: m.favourite ?? bySymbol.get(m.symbol)?.favourite ?? false })),
      ]);
      return { stored: markets.length, removed: removed.length };
    }),
  );
}
