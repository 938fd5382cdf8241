/**
 * Exchange tasks of the data worker: markets, backfill jobs, update, gap re-fetch, live candles.
 *
 * Every task takes an optional `proxyUrl`: a string uses that CORS proxy, null uses none, and
 * absent uses the `exchangeProxies` setting for the exchange. ccxt is loaded on the first call.
 * Errors reach the caller with their code: `EXCHANGE_*` (see `src/data/exchange/errors.ts`),
 * data-layer codes (`QUOTA_EXCEEDED`, `NOT_FOUND`, …), `CANCELLED`, `INVALID_INPUT`.
 */
import type { SeriesKey } from '../../src/data';
import { getExchangeClient, type ExchangeClient } from '../../src/data/exchange/client';
import { DEFAULT_EXCHANGE, normalizeProxyUrl, requireExchangeId, type ExchangeId } from '../../src/data/exchange/exchanges';
import type { CandlelabDb } from '../../src/data/db';
import { replaceExchangeMarkets } from '../../src/data/repos/markets';
import { getSetting } from '../../src/data/repos/settings';
import { CancelledError, defineTask, type TaskContext } from '../bridge';
import {
  refetchGaps,
  resumeBackfill,
  resumeBackfills,
  runBackfill,
  updateSeries,
  type BackfillEnv,
  type StartBackfillArgs,
} from './backfill-task';
import { workerDb } from './db-connection';
import { watchLiveCandles, type WatchLiveArgs } from './live';

/** Proxy choice of a task: a URL, null for none, absent for the saved setting. */
export interface ProxyArg {
  proxyUrl?: string | null;
}

export interface LoadMarketsArgs extends ProxyArg {
  /** Default `binance`. */
  exchange?: ExchangeId;
  /** Fetch again even if this worker already loaded them. */
  reload?: boolean;
}

export interface LoadMarketsResult {
  exchange: ExchangeId;
  /** Spot markets stored. */
  count: number;
  /** Of which active. */
  active: number;
  /** Stored markets the exchange no longer lists, deleted (favourites are kept, marked inactive). */
  removed: number;
  fetchedAt: number;
}

/** The proxy to use for `exchange`: the argument when given, else the saved setting. */
export async function proxyFor(db: CandlelabDb, exchange: ExchangeId, proxyUrl: string | null | undefined): Promise<string | null> {
  if (proxyUrl !== undefined) return normalizeProxyUrl('proxyUrl', proxyUrl);
  const saved = (await getSetting(db, 'exchangeProxies'))[exchange];
  return normalizeProxyUrl(`exchangeProxies.${exchange}`, saved);
}

async function clientFor(db: CandlelabDb, exchange: ExchangeId, proxyUrl: string | null | undefined): Promise<ExchangeClient> {
  return getExchangeClient(exchange, { proxyUrl: await proxyFor(db, exchange, proxyUrl) });
}

function envFor(db: CandlelabDb, proxyUrl: string | null | undefined): BackfillEnv {
  return { db, client: (exchange) => clientFor(db, exchange, proxyUrl) };
}

/**
 * Loads an exchange's spot markets and stores them (replacing the stored list; favourites kept).
 * A failed load is not remembered: the next call tries again (with ccxt's reload).
 */
export async function loadMarketsInto(
  db: CandlelabDb,
  client: ExchangeClient,
  opts: { reload?: boolean; signal?: AbortSignal } = {},
): Promise<LoadMarketsResult> {
  const markets = await client.loadMarkets({ reload: opts.reload ?? false, signal: opts.signal });
  const { stored, removed } = await replaceExchangeMarkets(db, client.id, markets);
  return {
    exchange: client.id,
    count: stored,
    active: markets.filter((m) => m.active).length,
    removed,
    fetchedAt: markets[0]?.fetchedAt ?? Date.now(),
  };
}

async function loadMarketsTask(args: LoadMarketsArgs, ctx: TaskContext): Promise<LoadMarketsResult> {
  const exchange = requireExchangeId('exchange', args?.exchange ?? DEFAULT_EXCHANGE);
  const db = await workerDb();
  ctx.progress({ done: 0, total: 1, phase: 'markets', message: `Loading ${exchange} markets` });
  try {
    const client = await clientFor(db, exchange, args?.proxyUrl);
    const result = await loadMarketsInto(db, client, { reload: args?.reload, signal: ctx.signal });
    ctx.progress({ done: 1, total: 1, phase: 'done', message: `${result.count} markets` });
    return result;
  } catch (e) {
    if ((e as { name?: unknown })?.name === 'AbortError') throw new CancelledError('loading markets cancelled');
    throw e;
  }
}

export const exchangeTasks = {
  /** Loads and stores an exchange's spot markets. Progress: `{done, total: 1, phase: 'markets' | 'done'}`. */
  loadMarkets: defineTask(loadMarketsTask),
  /** Creates and runs a backfill job. Progress: `BackfillProgress`. Cancel: the job becomes CANCELLED (resumable). */
  startBackfill: defineTask(async (args: StartBackfillArgs & ProxyArg, ctx) => {
    const db = await workerDb();
    return runBackfill(envFor(db, args?.proxyUrl), args, ctx);
  }),
  /** Continues one job (CANCELLED, FAILED, or interrupted) from its cursors. */
  resumeBackfill: defineTask(async (args: { jobId: string } & ProxyArg, ctx) => {
    const db = await workerDb();
    return resumeBackfill(envFor(db, args?.proxyUrl), args?.jobId, ctx);
  }),
  /** Continues every job left PENDING or RUNNING (call once at start-up). */
  resumeBackfills: defineTask(async (args: ProxyArg | undefined, ctx) => {
    const db = await workerDb();
    return resumeBackfills(envFor(db, args?.proxyUrl), ctx);
  }),
  /** Fetches what is newer than a series' last stored candle (a backfill job of kind 'update'). */
  updateSeries: defineTask(async (args: SeriesKey & ProxyArg, ctx) => {
    const db = await workerDb();
    return updateSeries(envFor(db, args?.proxyUrl), args, ctx);
  }),
  /** Asks the exchange again for a series' open gaps; stores what it returns, records the rest as confirmed empty. */
  refetchGaps: defineTask(async (args: SeriesKey & ProxyArg, ctx) => {
    const db = await workerDb();
    return refetchGaps(envFor(db, args?.proxyUrl), args, ctx);
  }),
  /** Streams live candles over a transferred MessagePort until stopped or cancelled (see `live.ts`). */
  watchLiveCandles: defineTask(async (args: WatchLiveArgs & ProxyArg, ctx) => {
    const db = await workerDb();
    return watchLiveCandles({ db, client: (exchange) => clientFor(db, exchange, args?.proxyUrl) }, args, ctx);
  }),
};
