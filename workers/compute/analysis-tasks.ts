/**
 * Analysis tasks of the compute workers: read a source's trades (a completed backtest, a paper
 * account, the SYSTEM trades), its signals and the candles of the traded symbols from the
 * database, and run the analysis engine (`src/core/analysis`) on them, off the main thread.
 */
import {
  analyseTrades,
  analysePerformance,
  analysisTradesCsv,
  buildDashboard,
  jobSource,
  paperSource,
  selectTrades,
  SYSTEM_BOOK_CAPITAL,
  type AnalysisSignal,
  type AnalysisSource,
  type Dashboard,
  type DashboardRange,
  type PerformanceAnalysis,
  type TradeAnalysis,
  type TradeQuery,
} from '../../src/core/analysis';
import { timeframeMs, type Timeframe } from '../../src/core/candles/timeframe';
import type { CandleColumns } from '../../src/core/candles/types';
import { normaliseSymbol } from '../../src/core/strategy/scripted';
import {
  getBacktestJobBySeq,
  getBacktestResult,
  getPaperAccount,
  listBotSessions,
  listPaperTrades,
  listRecentSignals,
  listSignals,
  readCandles,
  SYSTEM_ACCOUNT,
  type BotSessionRecord,
  type CandlelabDb,
  type SignalRecord,
} from '../../src/data';
import { defineTask, type TaskContext } from '../bridge';
import { workerDb } from '../data/db-connection';

/** What to analyse: a completed backtest by number, a paper account by id, or the SYSTEM trades. */
export type AnalysisSourceRef = { kind: 'backtest'; seq: number } | { kind: 'account'; id: string } | { kind: 'system' };

/** The `code` of the error when the source does not exist (or a backtest has no result). */
export const SOURCE_NOT_FOUND = 'SOURCE_NOT_FOUND';

class SourceNotFound extends Error {
  override name = 'SourceNotFound';
  readonly code = SOURCE_NOT_FOUND;
}

/** Stored signals read for the SYSTEM book at most (the newest). */
export const MAX_SYSTEM_SIGNALS = 100_000;

/** A source read from the database, with where its candles are. */
export interface LoadedSource {
  source: AnalysisSource;
  /** Exchange of the candles of its trades; null when unknown. */
  exchange: string | null;
}

function signalOf(s: SignalRecord): AnalysisSignal {
  return { time: s.time, symbol: s.symbol, direction: s.direction, confidence: s.confidence };
}

async function sessionSignals(db: CandlelabDb, sessions: readonly BotSessionRecord[]): Promise<AnalysisSignal[] | null> {
  if (sessions.length === 0) return null;
  const seen = new Map<string, AnalysisSignal>();
  for (const s of sessions) {
    for (const symbol of s.symbols) {
      const list = await listSignals(db, { symbol, timeframe: s.timeframe, from: s.startedAt, to: s.stoppedAt ?? undefined });
      for (const r of list) if (r.strategy === s.strategy) seen.set(r.id, signalOf(r));
    }
  }
  return [...seen.values()];
}

function strategyOfSession(s: BotSessionRecord | undefined) {
  return s === undefined ? null : { name: s.preset ?? s.strategy, preset: s.preset, params: { ...s.config } };
}

/** Reads a source's trades and what the analysis needs to judge them. */
export async function loadSource(db: CandlelabDb, ref: AnalysisSourceRef): Promise<LoadedSource> {
  if (ref?.kind === 'backtest') {
    const job = await getBacktestJobBySeq(db, ref.seq);
    if (job === undefined) throw new SourceNotFound(`seq: there is no backtest #${ref.seq}`);
    const result = job.status === 'COMPLETED' ? await getBacktestResult(db, job.id) : undefined;
    if (result === undefined) throw new SourceNotFound(`seq: backtest #${ref.seq} is ${job.status}, it has no trades yet`);
    return { source: jobSource(`Backtest #${job.seq} ${job.name}`, job.config, result.trades), exchange: job.config.exchange };
  }
  if (ref?.kind === 'account') {
    const account = await getPaperAccount(db, ref.id);
    if (account === undefined) throw new SourceNotFound(`id: there is no paper account ${JSON.stringify(ref.id)}`);
    const trades = await listPaperTrades(db, account.id);
    const sessions = await listBotSessions(db, account.id);
    const latest = sessions[0];
    return {
      source: paperSource({
        label: `Paper account ${account.name}`,
        trades,
        initialBalance: Number(account.initialBalance),
        strategy: strategyOfSession(latest),
        account: { stopLossPct: account.stopLossPct, takeProfitPct: account.takeProfitPct },
        timeframe: latest?.timeframe ?? null,
        signals: await sessionSignals(db, sessions),
      }),
      exchange: latest?.exchange ?? null,
    };
  }
  if (ref?.kind === 'system') {
    const trades = await listPaperTrades(db, SYSTEM_ACCOUNT);
    const latest = (await listBotSessions(db))[0];
    const signals = (await listRecentSignals(db, MAX_SYSTEM_SIGNALS)).map(signalOf);
    return {
      source: paperSource({
        label: 'SYSTEM trades',
        trades,
        initialBalance: SYSTEM_BOOK_CAPITAL,
        strategy: strategyOfSession(latest),
        account: null,
        timeframe: latest?.timeframe ?? null,
        signals,
      }),
      exchange: latest?.exchange ?? null,
    };
  }
  throw new RangeError(`source: ${JSON.stringify(ref)} is not a backtest, a paper account or the SYSTEM trades`);
}

/**
 * The stored candles of the sample's symbols on the source's timeframe, from the series' first
 * candle (the ATR is smoothed from there, as the command line does over a whole file) to two bars
 * after the sample's last exit; an empty map when the exchange or the timeframe is unknown.
 */
export async function sampleCandles(
  db: CandlelabDb,
  loaded: LoadedSource,
  query: TradeQuery,
  ctx?: TaskContext,
): Promise<Map<string, CandleColumns>> {
  const out = new Map<string, CandleColumns>();
  const tf: Timeframe | null = loaded.source.timeframe;
  if (loaded.exchange === null || tf === null) return out;
  const sample = selectTrades(loaded.source.trades, query).sample;
  const bar = timeframeMs(tf);
  const until = new Map<string, number>();
  for (const t of sample) until.set(t.symbol, Math.max(until.get(t.symbol) ?? -Infinity, (t.exitTime ?? t.entryTime) + 2 * bar));
  for (const [symbol, to] of until) {
    const c = await readCandles(db, { exchange: loaded.exchange, symbol, timeframe: tf }, undefined, to);
    if (c.time.length > 0) out.set(normaliseSymbol(symbol), c);
    await ctx?.checkpoint();
  }
  return out;
}

/** What the Analysis screen asks for. */
export interface AnalysisArgs {
  source: AnalysisSourceRef;
  query: TradeQuery;
}

/** The trade analysis of a stored source, with the stored candles of its timeframe. */
export async function storedTradeAnalysis(db: CandlelabDb, args: AnalysisArgs, ctx?: TaskContext): Promise<TradeAnalysis> {
  const loaded = await loadSource(db, args.source);
  ctx?.progress({ done: 1, total: 3, phase: 'candles', message: 'Reading the candles of the traded symbols' });
  const candles = await sampleCandles(db, loaded, args.query, ctx);
  ctx?.progress({ done: 2, total: 3, phase: 'analyse', message: 'Diagnosing stops and targets' });
  const a = analyseTrades(loaded.source, args.query, candles.size > 0 ? (s) => candles.get(normaliseSymbol(s)) : undefined);
  ctx?.progress({ done: 3, total: 3, phase: 'done' });
  return a;
}

export const analysisTasks = {
  /** See {@link storedTradeAnalysis}. */
  tradeAnalysis: defineTask(async (args: AnalysisArgs, ctx): Promise<TradeAnalysis> => storedTradeAnalysis(await workerDb(), args, ctx)),

  /** The performance analysis of a stored source. */
  performanceAnalysis: defineTask(async (args: AnalysisArgs): Promise<PerformanceAnalysis> => {
    const loaded = await loadSource(await workerDb(), args.source);
    return analysePerformance(loaded.source, args.query);
  }),

  /** The analytics dashboard of a stored source over a range of days. */
  dashboard: defineTask(async (args: { source: AnalysisSourceRef; range: DashboardRange }): Promise<Dashboard> => {
    const loaded = await loadSource(await workerDb(), args.source);
    return buildDashboard(loaded.source, args.range);
  }),

  /** The trades behind a dashboard as CSV (`analysisTradesCsv`). */
  dashboardCsv: defineTask(async (args: { source: AnalysisSourceRef; range: DashboardRange }): Promise<{ fileName: string; text: string; trades: number }> => {
    const loaded = await loadSource(await workerDb(), args.source);
    const d = buildDashboard(loaded.source, args.range);
    const day = (t: number | null) => (t === null ? 'none' : new Date(t).toISOString().slice(0, 10));
    const slug = loaded.source.label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
    return { fileName: `${slug}-trades-${day(d.from)}-to-${day(d.to)}.csv`, text: analysisTradesCsv(d.trades), trades: d.trades.length };
  }),
};
