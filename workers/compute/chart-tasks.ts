/**
 * The Chart page's computations, served by a compute worker: a {@link ChartSession} per opened
 * series (its candles read from the database here, never through the page), and windows,
 * forming candles, condition snapshots and bar look-ups asked of it. Typed arrays cross as
 * transfers. A session lives until closed or until the worker is replaced; a task on a session
 * that is gone fails with `CHART_SESSION_MISSING`, and the page opens it again.
 */
import { TIMEFRAMES, type Timeframe } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import {
  ChartSession,
  type ChartForming,
  type ChartSeriesInfo,
  type ChartStrategyInfo,
  type ChartStrategySpec,
  type ChartWindow,
  type WindowRequest,
} from '../../src/core/chart/session';
import type { ConditionSnapshot } from '../../src/core/chart/snapshot';
import type { OverlaySpec } from '../../src/core/chart/overlays';
import { listSeries, readCandles, type CandlelabDb, type SeriesKey } from '../../src/data';
import { defineTask, transferResult, WorkerTaskError, type TaskContext } from '../bridge';
import { CHART_SESSION_MISSING } from './chart-errors';
import { workerDb } from '../data/db-connection';

export { CHART_SESSION_MISSING };

/** Sessions kept at once (the page holds one; a second covers a switch while the first closes). */
const MAX_SESSIONS = 2;

const sessions = new Map<string, ChartSession>();


function sessionOf(id: unknown): ChartSession {
  const s = typeof id === 'string' ? sessions.get(id) : undefined;
  if (!s) throw new WorkerTaskError(CHART_SESSION_MISSING, `sessionId: ${JSON.stringify(id)} is not an open chart session`);
  // Most recently used last.
  sessions.delete(id as string);
  sessions.set(id as string, s);
  return s;
}

export interface ChartOpenArgs extends SeriesKey {
  sessionId: string;
}

/**
 * Reads a stored series and the stored series of the same exchange and symbol on longer
 * timeframes, and opens a session on them. Progress phase `read`.
 */
export async function openChartSession(db: CandlelabDb, args: ChartOpenArgs, ctx: Pick<TaskContext, 'progress' | 'checkpoint'>): Promise<ChartSeriesInfo> {
  if (typeof args?.sessionId !== 'string' || args.sessionId === '') throw new RangeError(`sessionId: ${JSON.stringify(args?.sessionId)} is not a session id`);
  const key: SeriesKey = { exchange: args.exchange, symbol: args.symbol, timeframe: args.timeframe };
  const all = await listSeries(db);
  const record = all.find((s) => s.exchange === key.exchange && s.symbol === key.symbol && s.timeframe === key.timeframe);
  if (!record) throw new RangeError(`series: no ${key.exchange} ${key.symbol} ${key.timeframe} candles are stored`);
  const longer = all.filter(
    (s) => s.exchange === key.exchange && s.symbol === key.symbol && TIMEFRAMES.indexOf(s.timeframe) > TIMEFRAMES.indexOf(key.timeframe),
  );
  const total = 1 + longer.length;
  ctx.progress({ done: 0, total, phase: 'read', message: `Reading ${record.count.toLocaleString('en-US')} ${key.timeframe} candles` });
  const candles = await readCandles(db, key);
  await ctx.checkpoint();
  const stored: Partial<Record<Timeframe, CandleColumns>> = {};
  for (let i = 0; i < longer.length; i++) {
    const s = longer[i];
    ctx.progress({ done: 1 + i, total, phase: 'read', message: `Reading the stored ${s.timeframe} candles` });
    stored[s.timeframe] = await readCandles(db, { exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe });
    await ctx.checkpoint();
  }
  const session = new ChartSession({ ...key, candles, stored });
  sessions.delete(args.sessionId);
  sessions.set(args.sessionId, session);
  while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
  ctx.progress({ done: total, total, phase: 'read' });
  return session.info;
}

export const chartTasks = {
  /** See {@link openChartSession}. */
  chartOpen: defineTask(async (args: ChartOpenArgs, ctx) => openChartSession(await workerDb(), args, ctx)),

  /** Prepares a strategy on the session's series (null clears it); its signals cross as transfers. Progress phase `signals`. */
  chartStrategy: defineTask((args: { sessionId: string; strategy: ChartStrategySpec | null }, ctx): ChartStrategyInfo | null => {
    const s = sessionOf(args?.sessionId);
    const info = s.setStrategy(args.strategy ?? null, (done, total) => ctx.progress({ done, total, phase: 'signals' }));
    if (info === null) return null;
    ctx.progress({ done: s.info.count, total: s.info.count, phase: 'signals' });
    // Copies: the session keeps its own columns.
    const signals = { bar: info.signals.bar.slice(), time: info.signals.time.slice(), direction: info.signals.direction.slice(), confidence: info.signals.confidence.slice() };
    return transferResult({ ...info, signals });
  }),

  /** A window of view candles with the overlays' values (see `ChartSession.window`). */
  chartWindow: defineTask((args: WindowRequest & { sessionId: string }): ChartWindow => transferResult(sessionOf(args?.sessionId).window(args))),

  /** The forming candle at a replay cursor, or null (see `ChartSession.forming`). */
  chartForming: defineTask((args: { sessionId: string; tf: Timeframe; bar: number; overlays: OverlaySpec[] }): ChartForming | null =>
    sessionOf(args?.sessionId).forming(args.tf, args.bar, args.overlays),
  ),

  /** The condition snapshot of a bar, or null without a strategy. */
  chartConditions: defineTask((args: { sessionId: string; bar: number }): ConditionSnapshot | null => sessionOf(args?.sessionId).conditions(args.bar)),

  /** The bar to stop at for a time, inside the date filter, or null when the filter keeps no bar. */
  chartLocate: defineTask((args: { sessionId: string; time: number; from?: number | null; to?: number | null }) =>
    sessionOf(args?.sessionId).locate(args.time, args.from, args.to),
  ),

  /** Drops a session. */
  chartClose: defineTask((args: { sessionId: string }) => sessions.delete(args?.sessionId)),
};
