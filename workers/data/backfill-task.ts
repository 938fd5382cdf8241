/**
 * Backfill jobs: download candle history from an exchange into the candle store.
 *
 * A job is N symbols × M timeframes × a range (from/to, or the last N candles), persisted in
 * Dexie with one cursor per series. Each series is fetched page by page from its cursor (`since`)
 * at the exchange's maximum page size; every page goes through `cleanCandles` (the still-forming
 * candle is never stored) and is written together with the cursor move in ONE transaction
 * (`storeBackfillPage`), so a job interrupted at any point — cancel, crash, closed tab — resumes
 * from exactly where its stored candles end: no duplicates, no holes.
 *
 * Pages: the exchange returns the candles opening at or after the cursor (and at or before the
 * series' end), ascending. A page with candles moves the cursor past its last candle; a short page
 * does not end the series (a truncated answer must not lose the rest): the next request does.
 * One empty answer proves nothing (an exchange sometimes answers `[]` by mistake): it is asked
 * again, then probed (`settleEmptyPage`). Only a repeated empty answer that a probe further on
 * agrees with (the first candle at or after the cursor lies past the range, or the latest candle
 * the exchange has lies before the cursor) records the range as confirmed empty. Where the probe
 * shows the exchange does have candles there, the stretch it answered empty becomes an
 * *unconfirmed* range of the series (`CandleSeriesRecord.unconfirmed`) and the job carries on after
 * it; "Re-fetch gaps" asks for it again. Holes inside a page become the series' gaps (never
 * filled). Invalid candles the exchange sends (high below low, NaN…) are skipped, counted on the
 * job and the first few kept as examples (`rejectedExamples`).
 *
 * Only one backfill runs at a time per exchange (`backfill-lock.ts`), and every request goes
 * through the client's rate limiter and retry policy.
 */
import { cleanCandles, type RawCandleRows } from '../../src/core/candles/hygiene';
import { candleOpenTime, isTimeframe, nextOpenTime, timeframeMs, type Timeframe } from '../../src/core/candles/timeframe';
import { emptyCandles, sliceCandles, type CandleColumns } from '../../src/core/candles/types';
import { lowerBound } from '../../src/core/util/binary-search';
import { isCancellation } from '../../src/core/util/cancel';
import { formatDateTime } from '../../src/core/util/format-time';
import { getSeries, writeCandles, type CandlelabDb } from '../../src/data';
import { DataError } from '../../src/data/errors';
import type { ExchangeClient, RequestOptions } from '../../src/data/exchange/client';
import { describeExchangeCode } from '../../src/data/exchange/errors';
import { DEFAULT_EXCHANGE, requireExchangeId, type ExchangeId } from '../../src/data/exchange/exchanges';
import type { RetryInfo } from '../../src/data/exchange/retry';
import { REJECTED_EXAMPLES, type BackfillCursor, type BackfillJobRecord, type CandleSeriesRecord, type RejectedCandle, type SeriesKey } from '../../src/data/records/candles';
import type { JobStatus, TimeRange } from '../../src/data/records/common';
import {
  createBackfillJob,
  getBackfillJob,
  listResumableBackfillJobs,
  storeBackfillPage,
  updateBackfillJob,
} from '../../src/data/repos/backfill-jobs';
import { gapsToRefetch, prevOpenTime } from '../../src/data/series-gaps';
import { CancelledError, type Progress, type TaskContext } from '../bridge';
import { exchangeLock, type ExchangeLock } from './backfill-lock';

/** What the backfill needs from its surroundings (all injectable for tests). */
export interface BackfillEnv {
  db: CandlelabDb;
  /** The client of an exchange. */
  client: (exchange: ExchangeId) => Promise<ExchangeClient>;
  /** Wall clock, UTC ms: decides which candle is still forming (default `Date.now`). */
  now?: () => number;
  /** Monotonic clock for the ETA (default `performance.now`). */
  elapsed?: () => number;
  /** The per-exchange queue (default {@link exchangeLock}). */
  lock?: ExchangeLock;
  /** Called after each stored page (tests interrupt a job here). */
  afterPage?: (info: { jobId: string; key: SeriesKey; page: number; candles: number }) => void | Promise<void>;
}

/** Arguments of a new backfill. Give either `from` (and optionally `to`) or `lastN`. */
export interface StartBackfillArgs {
  /** Default `binance`. */
  exchange?: ExchangeId;
  /** ccxt unified symbols, e.g. `BTC/USDT`. */
  symbols: string[];
  timeframes: Timeframe[];
  /** First open time wanted (UTC ms): candles opening at or after it. */
  from?: number;
  /** Last open time wanted (UTC ms, inclusive): null or absent = up to the last closed candle. */
  to?: number | null;
  /** Instead of from/to: the last N closed candles of each series. */
  lastN?: number;
}

/** Progress of a backfill (the bridge's `Progress` plus details). `done`/`total` are per mille of the range. */
export interface BackfillProgress extends Progress {
  phase: 'queued' | 'markets' | 'fetching' | 'waiting' | 'done';
  jobId: string | null;
  /** Candles stored by the job so far. */
  candles: number;
  /** Share of the requested range covered, 0..1. */
  fraction: number;
  /** Estimated time to completion in ms, null until it can be estimated. */
  etaMs: number | null;
  /** The series being fetched, e.g. `BTC/USDT 1h`. */
  series: string | null;
  /** While waiting to retry a failed request: why and for how long. */
  retry: { attempt: number; maxAttempts: number; delayMs: number; code: string; message: string } | null;
}

/** One series of a finished (or stopped) job. */
export interface BackfillSeriesSummary {
  symbol: string;
  timeframe: Timeframe;
  /** Candles this job stored for the series. */
  fetched: number;
  /** Rows the exchange sent that failed candle hygiene. */
  rejected: number;
  /** Ranges the exchange answered empty without confirming it (stored on the series for "Re-fetch gaps"). */
  unconfirmed: TimeRange[];
  done: boolean;
  /** The stored series after the job (null when nothing is stored). */
  first: number | null;
  last: number | null;
  count: number;
  /** Gaps not confirmed empty, unconfirmed ranges included (what "Re-fetch gaps" asks for). */
  gaps: number;
  confirmedEmpty: TimeRange[];
}

export interface BackfillResult {
  /** Null when there was nothing to fetch and no job was created. */
  jobId: string | null;
  status: JobStatus;
  /** Candles stored by the job (all its runs). */
  candles: number;
  series: BackfillSeriesSummary[];
  /** The first invalid candles the exchange sent. */
  rejectedExamples: RejectedCandle[];
}

/** Result of {@link refetchGaps}. */
export interface RefetchGapsResult {
  key: SeriesKey;
  /** Gaps (not yet confirmed empty) before the re-fetch. */
  gapsBefore: number;
  /** Candles the exchange now returned inside the gaps. */
  filled: number;
  /** Ranges the exchange confirmed hold no candle, as stored on the series after the re-fetch. */
  confirmedEmpty: TimeRange[];
  /** Gaps still neither filled nor confirmed. */
  gapsAfter: number;
}

const PER_MILLE = 1000;

/** Open time of the latest candle closed at `now`. */
export function lastClosedOpen(now: number, tf: Timeframe): number {
  return candleOpenTime(candleOpenTime(now, tf) - 1, tf);
}

/** First open time at or after `t`. */
export function firstOpenAtOrAfter(t: number, tf: Timeframe): number {
  const o = candleOpenTime(t, tf);
  return o < t ? nextOpenTime(o, tf) : o;
}

/** Open time `n` candles before `open` (after it for a negative `n`). */
function stepBack(open: number, n: number, tf: Timeframe): number {
  if (tf === '1M') {
    const d = new Date(open);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - n, 1);
  }
  return open - n * timeframeMs(tf);
}

/** Last open time a series of the job fetches now: the range's end, but never a candle still forming. */
function seriesEnd(to: number | null, now: number, tf: Timeframe): number {
  const closed = lastClosedOpen(now, tf);
  return to === null ? closed : Math.min(candleOpenTime(to, tf), closed);
}

function cursorFrom(job: BackfillJobRecord, c: BackfillCursor): number {
  return c.from ?? job.range.from;
}

/** Share of the job's range covered, each series weighted by its number of candles. */
function jobFraction(job: BackfillJobRecord, now: number): number {
  let w = 0;
  let d = 0;
  for (const c of job.cursors) {
    const from = cursorFrom(job, c);
    const end = seriesEnd(job.range.to, now, c.timeframe);
    const ms = timeframeMs(c.timeframe);
    const span = Math.max(ms, nextOpenTime(end, c.timeframe) - from);
    const weight = span / ms;
    const frac = c.done ? 1 : Math.min(1, Math.max(0, (c.cursor - from) / span));
    w += weight;
    d += weight * frac;
  }
  return w > 0 ? d / w : 1;
}

/** What a page tells: clean candles to store, where the cursor goes, what is known empty. */
interface PageDigest {
  candles: CandleColumns;
  cursor: number;
  done: boolean;
  /** The exchange sent nothing inside the window: not settled yet (see {@link settleEmptyPage}). */
  empty: boolean;
  confirmedEmpty: TimeRange[];
  unconfirmed: TimeRange[];
  rejected: number;
  /** The first invalid rows: open time as sent and the problems. */
  problems: Array<{ time: number; reason: string }>;
}

/** Reads one page fetched for [cursor, end] (see the module comment for the rules). */
export function digestPage(rows: RawCandleRows, tf: Timeframe, cursor: number, end: number, now: number): PageDigest {
  const report = cleanCandles(rows, tf, { now });
  const c = report.candles;
  const lo = lowerBound(c.time, cursor);
  let hi = lowerBound(c.time, end + 1);
  if (hi < lo) hi = lo;
  const candles = lo === 0 && hi === c.time.length ? c : sliceCandles(c, lo, hi);
  const problems = report.invalid.slice(0, REJECTED_EXAMPLES).map((p) => ({ time: Number(rows.time[p.line - 1]), reason: p.reason }));
  const base = { candles, confirmedEmpty: [], unconfirmed: [], rejected: report.invalid.length, problems };
  // Latest open time the exchange sent inside the window, valid or not: the cursor moves past it.
  let latest = -Infinity;
  for (let i = 0; i < rows.time.length; i++) {
    const t = rows.time[i];
    if (Number.isFinite(t) && t >= cursor && t <= end && t > latest) latest = t;
  }
  if (latest === -Infinity) return { ...base, cursor, done: false, empty: true };
  const next = nextOpenTime(candleOpenTime(latest, tf), tf);
  return { ...base, cursor: next, done: next > end, empty: false };
}

/** Times asked again after an empty answer before probing. */
const EMPTY_RETRIES = 1;

function finiteTimes(time: RawCandleRows['time']): number[] {
  const out: number[] = [];
  for (let i = 0; i < time.length; i++) if (Number.isFinite(time[i])) out.push(time[i]);
  return out;
}

/**
 * Settles an empty answer for [cursor, end]: asks again ({@link EMPTY_RETRIES} times), then probes.
 * - The probe asks for the first candle at or after `cursor` (no end). One inside the range proves
 *   the empty answers wrong: it is stored, and the stretch before it is unconfirmed.
 * - One past `end` agrees with them: [cursor, end] is confirmed empty.
 * - None at all: the latest candle the exchange has decides. Before `cursor`, the exchange
 *   simply has nothing from there on (confirmed empty). At or after `cursor`, it contradicts the
 *   answers: the page's window (`pageLimit` candles) is unconfirmed and the job carries on after
 *   it. No candle at all: nothing can be told, so the rest of the range is unconfirmed.
 */
async function settleEmptyPage(
  client: ExchangeClient,
  symbol: string,
  tf: Timeframe,
  cursor: number,
  end: number,
  now: number,
  opts: RequestOptions,
): Promise<PageDigest> {
  for (let k = 0; k < EMPTY_RETRIES; k++) {
    const again = digestPage((await client.fetchCandlePage(symbol, tf, cursor, { ...opts, until: end })).rows, tf, cursor, end, now);
    if (!again.empty) return again;
  }
  const none = { candles: emptyCandles(0), rejected: 0, problems: [], empty: false };
  const confirmed: PageDigest = { ...none, cursor: nextOpenTime(end, tf), done: true, confirmedEmpty: [{ from: cursor, to: end }], unconfirmed: [] };
  const probe = await client.fetchCandlePage(symbol, tf, cursor, { ...opts, limit: 1 });
  const after = finiteTimes(probe.rows.time).filter((t) => t >= cursor);
  if (after.length > 0) {
    const q = Math.min(...after);
    if (q > end) return confirmed;
    const d = digestPage(probe.rows, tf, cursor, end, now);
    const first = candleOpenTime(q, tf);
    return first > cursor ? { ...d, unconfirmed: [{ from: cursor, to: prevOpenTime(first, tf) }] } : d;
  }
  const latest = finiteTimes((await client.fetchLatestCandles(symbol, tf, 1, opts)).rows.time);
  if (latest.length > 0 && Math.max(...latest) < cursor) return confirmed;
  const windowEnd = latest.length === 0 ? end : Math.min(end, stepBack(cursor, -(client.pageLimit - 1), tf));
  const next = nextOpenTime(windowEnd, tf);
  return { ...none, cursor: next, done: next > end, confirmedEmpty: [], unconfirmed: [{ from: cursor, to: windowEnd }] };
}

/** Fetches and reads the page at `cursor` (up to `end`), settling an empty answer. */
async function fetchPage(client: ExchangeClient, symbol: string, tf: Timeframe, cursor: number, end: number, now: number, opts: RequestOptions): Promise<PageDigest> {
  const res = await client.fetchCandlePage(symbol, tf, cursor, { ...opts, until: end });
  const d = digestPage(res.rows, tf, cursor, end, now);
  return d.empty ? settleEmptyPage(client, symbol, tf, cursor, end, now, opts) : d;
}

function checkArgs(args: StartBackfillArgs): { exchange: ExchangeId; symbols: string[]; timeframes: Timeframe[] } {
  if (typeof args !== 'object' || args === null) throw new RangeError(`args: ${String(args)} is not an object`);
  const exchange = requireExchangeId('exchange', args.exchange ?? DEFAULT_EXCHANGE);
  if (!Array.isArray(args.symbols) || args.symbols.length === 0) throw new RangeError(`symbols: ${JSON.stringify(args.symbols)} is not a non-empty list`);
  args.symbols.forEach((s, i) => {
    if (typeof s !== 'string' || s.trim() === '') throw new RangeError(`symbols[${i}]: ${JSON.stringify(s)} is not a symbol`);
  });
  if (!Array.isArray(args.timeframes) || args.timeframes.length === 0) throw new RangeError(`timeframes: ${JSON.stringify(args.timeframes)} is not a non-empty list`);
  args.timeframes.forEach((tf, i) => {
    if (!isTimeframe(tf)) throw new RangeError(`timeframes[${i}]: ${JSON.stringify(tf)} is not a timeframe`);
  });
  const hasFrom = args.from !== undefined && args.from !== null;
  const hasLastN = args.lastN !== undefined && args.lastN !== null;
  if (hasFrom === hasLastN) throw new RangeError(`from: ${args.from}, lastN: ${args.lastN}: give exactly one of from and lastN`);
  if (hasFrom && !Number.isFinite(args.from)) throw new RangeError(`from: ${args.from} is not a time`);
  if (args.to !== undefined && args.to !== null) {
    if (!Number.isFinite(args.to)) throw new RangeError(`to: ${args.to} is not a time`);
    if (hasFrom && args.to < (args.from as number)) throw new RangeError(`to: ${args.to} is before from ${args.from}`);
    if (hasLastN) throw new RangeError(`to: ${args.to}: not allowed with lastN`);
  }
  if (hasLastN && !(Number.isInteger(args.lastN) && (args.lastN as number) > 0)) throw new RangeError(`lastN: ${args.lastN} is not a positive integer`);
  return { exchange, symbols: [...new Set(args.symbols)], timeframes: [...new Set(args.timeframes)] };
}

/** Checks every symbol and timeframe against the exchange before anything is queued (fail fast). */
async function checkMarkets(client: ExchangeClient, symbols: string[], timeframes: Timeframe[], opts: RequestOptions): Promise<void> {
  for (const tf of timeframes) client.requireTimeframe(tf);
  for (const s of symbols) await client.requireMarket(s, opts);
}

/** Reports progress and retries of one run. */
class Reporter {
  private readonly started: number;
  private readonly fraction0: number;
  retry: BackfillProgress['retry'] = null;

  constructor(
    private readonly ctx: TaskContext,
    private readonly elapsed: () => number,
    private readonly now: () => number,
    private job: BackfillJobRecord | null,
  ) {
    this.started = elapsed();
    this.fraction0 = job ? jobFraction(job, now()) : 0;
  }

  setJob(job: BackfillJobRecord): void {
    this.job = job;
  }

  send(phase: BackfillProgress['phase'], series: string | null, message: string, final = false): void {
    const job = this.job;
    const fraction = final ? 1 : job ? Math.min(jobFraction(job, this.now()), 0.999) : 0;
    const gained = fraction - this.fraction0;
    const etaMs = final ? 0 : gained > 0 ? Math.round(((this.elapsed() - this.started) * (1 - fraction)) / gained) : null;
    const p: BackfillProgress = {
      done: final ? PER_MILLE : Math.floor(fraction * PER_MILLE),
      total: PER_MILLE,
      phase,
      message,
      jobId: job?.id ?? null,
      candles: job?.candles ?? 0,
      fraction,
      etaMs,
      series,
      retry: this.retry,
    };
    this.ctx.progress(p);
  }

  onRetry(series: string): (info: RetryInfo) => void {
    return (info) => {
      this.retry = { attempt: info.attempt, maxAttempts: info.maxAttempts, delayMs: info.delayMs, code: info.error.code, message: info.error.message };
      this.send('waiting', series, `${describeExchangeCode(info.error.code)}; retrying ${series} in ${Math.ceil(info.delayMs / 1000)} s (attempt ${info.attempt + 1} of ${info.maxAttempts})`);
      this.retry = null;
    };
  }
}

async function summarize(db: CandlelabDb, job: BackfillJobRecord): Promise<BackfillResult> {
  const series: BackfillSeriesSummary[] = [];
  for (const c of job.cursors) {
    const s = await getSeries(db, { exchange: job.exchange, symbol: c.symbol, timeframe: c.timeframe });
    series.push({
      symbol: c.symbol,
      timeframe: c.timeframe,
      fetched: c.fetched ?? 0,
      rejected: c.rejected ?? 0,
      unconfirmed: c.unconfirmed ?? [],
      done: c.done,
      first: s?.first ?? null,
      last: s?.last ?? null,
      count: s?.count ?? 0,
      gaps: s ? gapsToRefetch(s).length : 0,
      confirmedEmpty: s?.confirmedEmpty ?? [],
    });
  }
  return { jobId: job.id, status: job.status, candles: job.candles ?? 0, series, rejectedExamples: job.rejectedExamples ?? [] };
}

/** Marks a job stopped; a failure to do so (storage gone) is not allowed to hide the original error. */
async function markStopped(db: CandlelabDb, id: string, status: 'CANCELLED' | 'FAILED', error: string | null, code: string | null, now: number): Promise<void> {
  try {
    await updateBackfillJob(db, id, { status, error, errorCode: code }, now);
  } catch {
    // The job stays RUNNING and is resumed by resumeBackfills.
  }
}

/**
 * Runs (or continues) job `jobId` to completion under the exchange's lock. Cancellation leaves it
 * CANCELLED with its cursors (resumable); an error leaves it FAILED with the error's message and
 * code (resumable with {@link resumeBackfill}).
 */
async function runJob(env: BackfillEnv, jobId: string, ctx: TaskContext, signal: AbortSignal, reporter: Reporter): Promise<BackfillResult> {
  const { db } = env;
  const now = env.now ?? Date.now;
  let job = await getBackfillJob(db, jobId);
  if (!job) throw new DataError('NOT_FOUND', `backfill job ${JSON.stringify(jobId)} not found`);
  if (job.status === 'COMPLETED') return summarize(db, job);
  reporter.setJob(job);
  const exchange = requireExchangeId(`backfill job ${jobId} exchange`, job.exchange);
  try {
    await updateBackfillJob(db, jobId, { status: 'RUNNING', error: null, errorCode: null }, now());
    job = { ...job, status: 'RUNNING', error: null, errorCode: null };
    reporter.send('markets', null, `Loading ${exchange} markets`);
    const client = await env.client(exchange);
    for (let i = 0; i < job.cursors.length; i++) {
      if (job.cursors[i].done) continue;
      const { symbol, timeframe: tf } = job.cursors[i];
      const key: SeriesKey = { exchange, symbol, timeframe: tf };
      const label = `${symbol} ${tf}`;
      const opts: RequestOptions = { signal, onRetry: reporter.onRetry(label) };
      client.requireTimeframe(tf);
      await client.requireMarket(symbol, opts);
      let page = 0;
      // Unconfirmed ranges found before the series has a record: stored with its first candles.
      let carried: TimeRange[] = [];
      while (!job.cursors[i].done) {
        await ctx.checkpoint();
        const t = now();
        const cursor = job.cursors[i].cursor;
        const end = seriesEnd(job.range.to, t, tf);
        let digest: PageDigest;
        if (cursor > end) {
          digest = { candles: emptyCandles(0), cursor, done: true, empty: false, confirmedEmpty: [], unconfirmed: [], rejected: 0, problems: [] };
        } else {
          reporter.send('fetching', label, `Fetching ${label} from ${formatDateTime(cursor)}`);
          digest = await fetchPage(client, symbol, tf, cursor, end, t, opts);
        }
        if (signal.aborted) throw new CancelledError();
        const next = { ...job, cursors: job.cursors.map((c, k) => (k === i ? { ...c, cursor: digest.cursor, done: digest.done } : c)) };
        const stored = await storeBackfillPage(db, {
          jobId,
          key,
          candles: digest.candles,
          confirmedEmpty: digest.confirmedEmpty,
          unconfirmed: [...carried, ...digest.unconfirmed],
          cursor: digest.cursor,
          done: digest.done,
          rejected: digest.rejected,
          rejectedExamples: digest.problems.map((p) => ({ symbol, timeframe: tf, time: p.time, reason: p.reason })),
          progress: Math.min(1, jobFraction(next, t)),
          now: t,
        });
        carried = stored.series === null ? [...carried, ...digest.unconfirmed] : [];
        job = stored.job;
        reporter.setJob(job);
        page++;
        reporter.send('fetching', label, `Stored ${digest.candles.time.length} ${label} candles`);
        await env.afterPage?.({ jobId, key, page, candles: digest.candles.time.length });
      }
    }
    await updateBackfillJob(db, jobId, { status: 'COMPLETED', progress: 1, error: null, errorCode: null }, now());
    job = { ...job, status: 'COMPLETED', progress: 1 };
    reporter.setJob(job);
    const holes = job.cursors.reduce((n, c) => n + (c.unconfirmed?.length ?? 0), 0);
    reporter.send('done', null, `Backfill complete: ${job.candles ?? 0} candles${holes > 0 ? `; ${holes} unconfirmed ${holes === 1 ? 'gap' : 'gaps'} to re-fetch` : ''}`, true);
    return summarize(db, job);
  } catch (e) {
    if (isCancellation(e) || ctx.signal.aborted || signal.aborted) {
      await markStopped(db, jobId, 'CANCELLED', 'Cancelled; resume to continue from where it stopped', 'CANCELLED', now());
      throw new CancelledError(`backfill ${jobId} cancelled; it can be resumed`);
    }
    const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'INTERNAL';
    const message = e instanceof Error ? e.message : String(e);
    await markStopped(db, jobId, 'FAILED', message, code, now());
    throw e;
  }
}

/**
 * Runs `fn` with the task's cancellation as a signal, holding the exchange's queue slot. A job
 * (`jobId`) cancelled while still waiting in the queue is marked CANCELLED, so it is not picked
 * up again by `resumeBackfills`.
 */
async function queued<T>(
  env: BackfillEnv,
  exchange: string,
  ctx: TaskContext,
  reporter: Reporter,
  fn: (signal: AbortSignal) => Promise<T>,
  jobId: string | null = null,
): Promise<T> {
  const signal = ctx.signal;
  let started = false;
  try {
    reporter.send('queued', null, `Waiting for other ${exchange} downloads to finish`);
    return await (env.lock ?? exchangeLock)(
      exchange,
      () => {
        started = true;
        return fn(signal);
      },
      signal,
    );
  } catch (e) {
    if (!started && jobId !== null && (isCancellation(e) || ctx.signal.aborted)) {
      const job = await getBackfillJob(env.db, jobId).catch(() => undefined);
      if (job?.status === 'PENDING') await markStopped(env.db, jobId, 'CANCELLED', 'Cancelled before it started; resume to run it', 'CANCELLED', (env.now ?? Date.now)());
    }
    if (isCancellation(e) && !(e instanceof CancelledError)) throw new CancelledError('backfill cancelled');
    throw e;
  }
}

function makeReporter(env: BackfillEnv, ctx: TaskContext, job: BackfillJobRecord | null): Reporter {
  const elapsed = env.elapsed ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  return new Reporter(ctx, elapsed, env.now ?? Date.now, job);
}

/**
 * Creates a backfill job and runs it. Symbols and timeframes are checked against the exchange
 * first (EXCHANGE_BAD_SYMBOL / EXCHANGE_NOT_SUPPORTED before anything is stored).
 */
export async function runBackfill(env: BackfillEnv, args: StartBackfillArgs, ctx: TaskContext): Promise<BackfillResult> {
  const { exchange, symbols, timeframes } = checkArgs(args);
  const now = (env.now ?? Date.now)();
  try {
    const client = await env.client(exchange);
    await checkMarkets(client, symbols, timeframes, { signal: ctx.signal });
  } catch (e) {
    if (isCancellation(e)) throw new CancelledError('backfill cancelled');
    throw e;
  }
  let range: { from: number; to: number | null };
  let starts: Array<{ symbol: string; timeframe: Timeframe; from: number }> = [];
  if (args.lastN !== undefined && args.lastN !== null) {
    const n = args.lastN;
    starts = symbols.flatMap((symbol) => timeframes.map((timeframe) => ({ symbol, timeframe, from: stepBack(lastClosedOpen(now, timeframe), n - 1, timeframe) })));
    range = { from: Math.min(...starts.map((s) => s.from)), to: null };
  } else {
    const from = args.from as number;
    starts = symbols.flatMap((symbol) => timeframes.map((timeframe) => ({ symbol, timeframe, from: firstOpenAtOrAfter(from, timeframe) })));
    range = { from, to: args.to ?? null };
  }
  const job = await createBackfillJob(
    env.db,
    { exchange, symbols, timeframes, range, kind: args.lastN !== undefined && args.lastN !== null ? 'lastN' : 'range', lastN: args.lastN ?? null, starts },
    now,
  );
  const reporter = makeReporter(env, ctx, job);
  return queued(env, exchange, ctx, reporter, (signal) => runJob(env, job.id, ctx, signal, reporter), job.id);
}

/** Continues one job (PENDING, RUNNING, CANCELLED or FAILED) from its cursors. */
export async function resumeBackfill(env: BackfillEnv, jobId: string, ctx: TaskContext): Promise<BackfillResult> {
  if (typeof jobId !== 'string' || jobId === '') throw new RangeError(`jobId: ${JSON.stringify(jobId)} is not a job id`);
  const job = await getBackfillJob(env.db, jobId);
  if (!job) throw new DataError('NOT_FOUND', `backfill job ${JSON.stringify(jobId)} not found`);
  const reporter = makeReporter(env, ctx, job);
  return queued(env, job.exchange, ctx, reporter, (signal) => runJob(env, jobId, ctx, signal, reporter));
}

/** Result of {@link resumeBackfills}: each interrupted job's outcome. */
export interface ResumeBackfillsResult {
  jobs: Array<{ jobId: string; status: JobStatus; candles: number; error: string | null; errorCode: string | null }>;
}

/**
 * Continues every job left PENDING or RUNNING (its tab closed, crashed or reloaded), oldest first,
 * each from its cursors. A job that fails does not stop the others; cancelling stops them all
 * (the current one becomes CANCELLED, the rest stay as they were).
 */
export async function resumeBackfills(env: BackfillEnv, ctx: TaskContext): Promise<ResumeBackfillsResult> {
  const jobs = await listResumableBackfillJobs(env.db);
  const out: ResumeBackfillsResult['jobs'] = [];
  for (const j of jobs) {
    const reporter = makeReporter(env, ctx, j);
    try {
      const r = await queued(env, j.exchange, ctx, reporter, async (signal) => {
        // Re-read under the lock: another tab may have finished it meanwhile.
        const fresh = await getBackfillJob(env.db, j.id);
        if (!fresh || (fresh.status !== 'RUNNING' && fresh.status !== 'PENDING')) return null;
        return runJob(env, j.id, ctx, signal, reporter);
      });
      if (r) out.push({ jobId: j.id, status: r.status, candles: r.candles, error: null, errorCode: null });
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      const after = await getBackfillJob(env.db, j.id).catch(() => undefined);
      out.push({
        jobId: j.id,
        status: after?.status ?? 'FAILED',
        candles: after?.candles ?? 0,
        error: e instanceof Error ? e.message : String(e),
        errorCode: typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : null,
      });
    }
  }
  return { jobs: out };
}

function checkKey(key: SeriesKey): { exchange: ExchangeId; key: SeriesKey } {
  if (typeof key !== 'object' || key === null) throw new RangeError(`key: ${String(key)} is not a series key`);
  const exchange = requireExchangeId('key.exchange', key.exchange);
  if (typeof key.symbol !== 'string' || key.symbol === '') throw new RangeError(`key.symbol: ${JSON.stringify(key.symbol)} is not a symbol`);
  if (!isTimeframe(key.timeframe)) throw new RangeError(`key.timeframe: ${JSON.stringify(key.timeframe)} is not a timeframe`);
  return { exchange, key: { exchange, symbol: key.symbol, timeframe: key.timeframe } };
}

async function requireSeries(db: CandlelabDb, key: SeriesKey): Promise<CandleSeriesRecord> {
  const s = await getSeries(db, key);
  if (!s) throw new DataError('NOT_FOUND', `series ${key.exchange} ${key.symbol} ${key.timeframe} is not stored`);
  return s;
}

/**
 * "Update": fetches everything newer than the series' last stored candle, as a backfill job from
 * there to now. When the series is already up to date no job is created (`jobId` null).
 */
export async function updateSeries(env: BackfillEnv, rawKey: SeriesKey, ctx: TaskContext): Promise<BackfillResult> {
  const { exchange, key } = checkKey(rawKey);
  const series = await requireSeries(env.db, key);
  const now = (env.now ?? Date.now)();
  const from = nextOpenTime(series.last, key.timeframe);
  if (from > lastClosedOpen(now, key.timeframe)) {
    return {
      jobId: null,
      status: 'COMPLETED',
      candles: 0,
      series: [
        {
          symbol: key.symbol,
          timeframe: key.timeframe,
          fetched: 0,
          rejected: 0,
          unconfirmed: [],
          done: true,
          first: series.first,
          last: series.last,
          count: series.count,
          gaps: gapsToRefetch(series).length,
          confirmedEmpty: series.confirmedEmpty,
        },
      ],
      rejectedExamples: [],
    };
  }
  const job = await createBackfillJob(env.db, { exchange, symbols: [key.symbol], timeframes: [key.timeframe], range: { from, to: null }, kind: 'update' }, now);
  const reporter = makeReporter(env, ctx, job);
  return queued(env, exchange, ctx, reporter, (signal) => runJob(env, job.id, ctx, signal, reporter), job.id);
}

/**
 * "Re-fetch gaps": asks the exchange again for every gap of the series not yet confirmed empty,
 * and for every range it answered empty without confirming (`unconfirmed`). Candles it now returns
 * are stored (the gap shrinks or closes); the stretches a page skips between candles it returns are
 * confirmed empty; an empty answer is settled as in the backfill (asked again, then probed), so a
 * range is confirmed empty only when a probe agrees. Each page is one transaction.
 */
export async function refetchGaps(env: BackfillEnv, rawKey: SeriesKey, ctx: TaskContext): Promise<RefetchGapsResult> {
  const { exchange, key } = checkKey(rawKey);
  const before = await requireSeries(env.db, key);
  const gaps = gapsToRefetch(before);
  const tf = key.timeframe;
  const now = env.now ?? Date.now;
  const reporter = makeReporter(env, ctx, null);
  let filled = 0;
  await queued(env, exchange, ctx, reporter, async (signal) => {
    const client = await env.client(exchange);
    const label = `${key.symbol} ${tf}`;
    const opts: RequestOptions = { signal, onRetry: reporter.onRetry(label) };
    client.requireTimeframe(tf);
    await client.requireMarket(key.symbol, opts);
    for (let g = 0; g < gaps.length; g++) {
      const gap = gaps[g];
      let cursor = gap.from;
      while (cursor <= gap.to) {
        await ctx.checkpoint();
        ctx.progress({ done: g, total: gaps.length, phase: 'fetching', message: `Re-fetching ${label} gap ${g + 1} of ${gaps.length}` });
        const t = now();
        const digest = await fetchPage(client, key.symbol, tf, cursor, gap.to, t, opts);
        const n = digest.candles.time.length;
        // A page with candles holds every candle the exchange has from `cursor` to its last one
        // (from its first one when the stretch before it is unconfirmed): what is missing in
        // between is confirmed empty (writeCandles keeps only the missing parts).
        const from = digest.unconfirmed.length > 0 ? digest.candles.time[0] : cursor;
        const between = n > 0 ? [{ from, to: digest.candles.time[n - 1] }] : [];
        if (signal.aborted) throw new CancelledError();
        await writeCandles(env.db, key, digest.candles, {
          source: 'exchange',
          confirmedEmpty: [...digest.confirmedEmpty, ...between],
          unconfirmed: digest.unconfirmed,
          now: t,
        });
        filled += n;
        cursor = digest.cursor;
      }
    }
  });
  ctx.progress({ done: gaps.length, total: gaps.length, phase: 'done', message: `Re-fetched ${gaps.length} gaps of ${key.symbol} ${tf}` });
  const after = await requireSeries(env.db, key);
  return { key, gapsBefore: gaps.length, filled, confirmedEmpty: after.confirmedEmpty, gapsAfter: gapsToRefetch(after).length };
}
