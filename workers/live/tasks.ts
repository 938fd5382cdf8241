/**
 * Tasks of the live worker, which runs the live signal stream in the leader tab: the demo clock's
 * ticks (the demo market moved to a market time, then the stream), closed exchange candles
 * (stored, then the stream), and the stream alone (after a backfill "update" caught a series up).
 * Run them one at a time (a pool of one worker): each continues where the stored cursors are.
 */
import type { FormingCandle } from '../../src/core/candles/hygiene';
import { isTimeframe } from '../../src/core/candles/timeframe';
import type { LiveSeriesKey } from '../../src/core/live/steps';
import { writeCandles } from '../../src/data';
import { defineTask, type TaskContext } from '../bridge';
import { workerDb } from '../data/db-connection';
import { advanceDemoMarket, storedDemoMarket } from '../data/demo-live';
import { liveConsumers } from './consumers';
import { initLiveCursors, processPending, type LiveRunSummary, type PipelineEnv, type PipelineHooks } from './pipeline';
import { SeriesCache } from './series-cache';

export type { LiveRunSummary, LiveProblem } from './pipeline';

/** Market time the demo market advances by per round of catch-up (then the stream runs). */
export const DEMO_CATCH_UP_CHUNK_MS = 7 * 86_400_000;

export interface LiveDemoTickArgs {
  /** Market time of the demo clock (UTC ms). */
  until: number;
  watch: LiveSeriesKey[];
  /** The first run after the stream was not running (mark every step as catch-up). */
  catchUp?: boolean;
}

export interface LiveTickResult {
  /** Demo candles generated and stored (every series together). */
  generated: number;
  run: LiveRunSummary;
}

export interface LiveIngestArgs extends LiveSeriesKey {
  /** Closed candles of the series, ascending. */
  candles: FormingCandle[];
  watch: LiveSeriesKey[];
}

export interface LiveProcessArgs {
  watch: LiveSeriesKey[];
  catchUp?: boolean;
}

const cache = new SeriesCache();

async function pipelineEnv(): Promise<PipelineEnv> {
  return { db: await workerDb(), consumers: liveConsumers.list(), cache };
}

function emptyRun(): LiveRunSummary {
  return { candles: 0, steps: 0, signals: 0, expired: 0, cancelled: 0, firstClose: null, lastClose: null, preset: null, problems: [] };
}

function merge(a: LiveRunSummary, b: LiveRunSummary): LiveRunSummary {
  const problems = [...a.problems];
  for (const p of b.problems) if (!problems.some((q) => q.message === p.message)) problems.push(p);
  return {
    candles: a.candles + b.candles,
    steps: a.steps + b.steps,
    signals: a.signals + b.signals,
    expired: a.expired + b.expired,
    cancelled: a.cancelled + b.cancelled,
    firstClose: a.firstClose ?? b.firstClose,
    lastClose: b.lastClose ?? a.lastClose,
    preset: b.preset ?? a.preset,
    problems,
  };
}

function checkWatch(watch: unknown): LiveSeriesKey[] {
  if (!Array.isArray(watch)) throw new RangeError(`watch: ${JSON.stringify(watch)} is not a list of series`);
  return watch.map((w: Partial<LiveSeriesKey>, i) => {
    if (typeof w?.exchange !== 'string' || typeof w.symbol !== 'string' || !isTimeframe(w.timeframe)) {
      throw new RangeError(`watch[${i}]: ${JSON.stringify(w)} is not { exchange, symbol, timeframe }`);
    }
    return { exchange: w.exchange, symbol: w.symbol, timeframe: w.timeframe };
  });
}

function hooksOf(ctx: TaskContext, phase: string): PipelineHooks {
  return { progress: (done, total) => ctx.progress({ done, total, phase }), checkpoint: () => ctx.checkpoint() };
}

/** Moves the demo market to `until` in rounds of {@link DEMO_CATCH_UP_CHUNK_MS}, running the stream after each. */
export async function demoTick(args: LiveDemoTickArgs, ctx: TaskContext): Promise<LiveTickResult> {
  if (typeof args?.until !== 'number' || !Number.isFinite(args.until)) throw new RangeError(`until: ${String(args?.until)} is not a time in UTC ms`);
  const watch = checkWatch(args.watch);
  const env = await pipelineEnv();
  const db = env.db;
  await initLiveCursors(db, watch);
  const market = await storedDemoMarket(db);
  let run = emptyRun();
  let generated = 0;
  const from = market?.end ?? args.until;
  let t = from;
  do {
    t = Math.min(t + DEMO_CATCH_UP_CHUNK_MS, args.until);
    generated += (await advanceDemoMarket(db, t)).candles;
    run = merge(run, await processPending(env, { watch, catchUp: args.catchUp === true || t < args.until }, { checkpoint: () => ctx.checkpoint() }));
    if (args.until > from) ctx.progress({ done: t - from, total: args.until - from, phase: 'demo' });
    await ctx.checkpoint();
  } while (t < args.until);
  return { generated, run };
}

/** Stores closed exchange candles of one series, then runs the stream. */
export async function ingest(args: LiveIngestArgs, ctx: TaskContext): Promise<LiveRunSummary> {
  const watch = checkWatch(args?.watch);
  const [key] = checkWatch([args]);
  if (!Array.isArray(args.candles)) throw new RangeError(`candles: ${JSON.stringify(args.candles)} is not a list of candles`);
  const env = await pipelineEnv();
  const db = env.db;
  await initLiveCursors(db, watch);
  const c = args.candles;
  const col = (f: keyof FormingCandle) => Float64Array.from(c, (x) => x[f]);
  if (c.length > 0) {
    await writeCandles(db, key, { time: col('time'), open: col('open'), high: col('high'), low: col('low'), close: col('close'), volume: col('volume') }, { source: 'exchange' });
  }
  return processPending(env, { watch }, hooksOf(ctx, 'signals'));
}

/** Runs the stream over whatever is pending. */
export async function processOnly(args: LiveProcessArgs, ctx: TaskContext): Promise<LiveRunSummary> {
  const watch = checkWatch(args?.watch);
  return processPending(await pipelineEnv(), { watch, catchUp: args.catchUp }, hooksOf(ctx, 'signals'));
}

export const liveTasks = {
  liveDemoTick: defineTask(demoTick),
  liveIngest: defineTask(ingest),
  liveProcess: defineTask(processOnly),
};

export type LiveTasks = typeof liveTasks;
