/**
 * The live signal stream: stored candles of the watched series that the stream has not
 * processed yet (after each series' cursor) are run, in step order, through the active preset.
 *
 * For each series with pending candles the strategy is prepared once on every stored candle up to
 * the last one, exactly as a backtest over the stored series prepares it, and read on the pending
 * bars (`signalAt(i)` uses bars 0..i only, which the bias check proves for every built-in
 * strategy), so the signal on a bar equals what a backtest over the same candles fires on it, and
 * processing ten missed candles at once gives what ten separate closes would have.
 *
 * Steps (candles closing at one market time, see `planSteps`) are then written one at a time, each
 * in one transaction (lifecycle changes, new signals, cursors), and handed to the consumers
 * (`consumers.ts`) before the next step. A series seen for the first time starts at its last
 * stored candle: the stream covers what closes from then on.
 *
 * Everything written depends only on the candles, the preset and the step order (signal ids,
 * status times and creation times are derived from market times), so a stream interrupted and
 * resumed later holds the same records as one that ran without a break.
 */
import { nextOpenTime } from '../../src/core/candles/timeframe';
import { lowerBound } from '../../src/core/util/binary-search';
import { cancelledBy, expiredAt, type OpenSignal } from '../../src/core/live/lifecycle';
import { resolvePreset, type ResolvedPreset } from '../../src/core/live/presets';
import { planSteps, seriesId, type LiveSeriesKey, type PendingBar } from '../../src/core/live/steps';
import { confidenceLevel, type PreparedStrategy, type Signal } from '../../src/core/strategy/types';
import {
  ensureStarterPresets,
  getActivePreset,
  getLiveCursor,
  getSeries,
  listActiveSignals,
  putLiveCursors,
  readCandles,
  recordLiveStep,
  type CandlelabDb,
  type LiveCursorRecord,
  type PresetRecord,
  type SignalRecord,
} from '../../src/data';
import type { LiveConsumer, LiveStep, LiveStepCandle } from './consumers';
import type { SeriesCache } from './series-cache';

/** A problem met while processing; the rest of the run goes on. */
export interface LiveProblem {
  /** `exchange:symbol:timeframe`, or null when it concerns the whole run. */
  series: string | null;
  /** The consumer that failed, when one did. */
  consumer?: string;
  message: string;
}

/** What one run of the pipeline did. */
export interface LiveRunSummary {
  /** Watched candles processed (each is one bar of one series). */
  candles: number;
  steps: number;
  /** Signals fired and stored. */
  signals: number;
  expired: number;
  cancelled: number;
  /** Market time of the first and last step processed; null when none. */
  firstClose: number | null;
  lastClose: number | null;
  /** The preset that ran, null when none is active. */
  preset: string | null;
  problems: LiveProblem[];
}

export interface PipelineEnv {
  db: CandlelabDb;
  consumers: readonly LiveConsumer[];
  /** Candles kept between runs (the live worker's); without it every run reads whole series. */
  cache?: SeriesCache;
}

export interface PipelineHooks {
  progress?(done: number, total: number): void;
  /** Awaited between steps (cancellation, yielding). */
  checkpoint?(): Promise<void>;
}

export interface ProcessArgs {
  watch: readonly LiveSeriesKey[];
  /** Mark every step as catch-up (the first run after the stream was not running). */
  catchUp?: boolean;
}

/** The id of the signal of a series' bar: the same on every run. */
export function liveSignalId(k: LiveSeriesKey, time: number): string {
  return `sig_${seriesId(k)}:${time}`;
}

/** A fired signal as the record the stream stores (ACTIVE, times = the bar's close). */
export function signalRecordOf(sig: Signal, k: LiveSeriesKey, preset: string): SignalRecord {
  const closeTime = nextOpenTime(sig.time, k.timeframe);
  const long = sig.direction === 'LONG';
  const level = (f: number, away: boolean): number | null => (f > 0 && Number.isFinite(f) ? sig.price * (away === long ? 1 + f : 1 - f) : null);
  return {
    id: liveSignalId(k, sig.time),
    exchange: k.exchange,
    symbol: k.symbol,
    timeframe: k.timeframe,
    time: sig.time,
    direction: sig.direction,
    market: 'spot',
    price: sig.price,
    stopFraction: sig.stopFraction,
    targetFraction: sig.targetFraction,
    stopPrice: level(sig.stopFraction, false),
    targetPrice: level(sig.targetFraction, true),
    confidence: sig.confidence,
    level: confidenceLevel(sig.confidence),
    strategy: sig.strategy,
    preset,
    reasons: sig.reasons.map((r) => ({ ...r })),
    status: 'ACTIVE',
    statusAt: closeTime,
    createdAt: closeTime,
  };
}

function uniqueWatch(watch: readonly LiveSeriesKey[]): LiveSeriesKey[] {
  const seen = new Set<string>();
  const out: LiveSeriesKey[] = [];
  for (const w of watch) {
    const id = seriesId(w);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ exchange: w.exchange, symbol: w.symbol, timeframe: w.timeframe });
  }
  return out;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Starts the cursor of every watched series that has none at its last stored candle. Returns the cursors made. */
export async function initLiveCursors(db: CandlelabDb, watch: readonly LiveSeriesKey[]): Promise<LiveCursorRecord[]> {
  const made: LiveCursorRecord[] = [];
  for (const k of uniqueWatch(watch)) {
    if (await getLiveCursor(db, k)) continue;
    const series = await getSeries(db, k);
    if (series) made.push({ ...k, last: series.last, updatedAt: nextOpenTime(series.last, k.timeframe) });
  }
  if (made.length > 0) await putLiveCursors(db, made);
  return made;
}

/** The active preset resolved, or the problem that stops the run. */
async function activeStrategy(db: CandlelabDb): Promise<{ record: PresetRecord; resolved: ResolvedPreset } | LiveProblem> {
  let record = await getActivePreset(db);
  if (!record && (await ensureStarterPresets(db)).length > 0) record = await getActivePreset(db);
  if (!record) return { series: null, message: 'No strategy preset is active: activate one in Settings → Presets.' };
  try {
    return { record, resolved: resolvePreset(record) };
  } catch (e) {
    return { series: null, message: `The active preset ${JSON.stringify(record.name)} cannot run: ${message(e)}` };
  }
}

interface Pending {
  candle: Omit<LiveStepCandle, 'signal'>;
  signal: SignalRecord | null;
}

/** Processes every pending candle of the watched series (see the module comment). */
export async function processPending(env: PipelineEnv, args: ProcessArgs, hooks: PipelineHooks = {}): Promise<LiveRunSummary> {
  const { db } = env;
  const summary: LiveRunSummary = { candles: 0, steps: 0, signals: 0, expired: 0, cancelled: 0, firstClose: null, lastClose: null, preset: null, problems: [] };
  const active = await activeStrategy(db);
  if ('message' in active) {
    summary.problems.push(active);
    return summary;
  }
  const { record: preset, resolved } = active;
  summary.preset = preset.name;

  const bars: Array<PendingBar<Pending>> = [];
  for (const k of uniqueWatch(args.watch)) {
    const series = await getSeries(db, k);
    if (!series) {
      summary.problems.push({ series: seriesId(k), message: `${k.symbol} ${k.timeframe} on ${k.exchange} is not stored.` });
      continue;
    }
    const cursor = await getLiveCursor(db, k);
    if (!cursor) {
      await putLiveCursors(db, [{ ...k, last: series.last, updatedAt: nextOpenTime(series.last, k.timeframe) }]);
      continue;
    }
    if (series.last <= cursor.last) continue;
    const candles = env.cache ? await env.cache.read(db, k) : await readCandles(db, k);
    const first = lowerBound(candles.time, cursor.last + 1);
    let prepared: PreparedStrategy;
    try {
      prepared = resolved.strategy.prepare({ symbol: k.symbol, timeframe: k.timeframe, candles }, resolved.params);
    } catch (e) {
      summary.problems.push({ series: seriesId(k), message: `${preset.name} cannot run on ${k.symbol} ${k.timeframe}: ${message(e)}` });
      continue;
    }
    for (let i = first; i < candles.time.length; i++) {
      const sig = prepared.signalAt(i);
      bars.push({
        ...k,
        time: candles.time[i],
        item: {
          candle: {
            ...k,
            time: candles.time[i],
            open: candles.open[i],
            high: candles.high[i],
            low: candles.low[i],
            close: candles.close[i],
            volume: candles.volume[i],
            barIndex: i,
          },
          signal: sig ? signalRecordOf(sig, k, preset.name) : null,
        },
      });
    }
  }

  const steps = planSteps(bars);
  const ctx = { db, preset };
  for (let s = 0; s < steps.length; s++) {
    const { closeTime, bars: stepBars } = steps[s];
    const open: OpenSignal[] = (await listActiveSignals(db)).map((x) => ({ id: x.id, exchange: x.exchange, symbol: x.symbol, timeframe: x.timeframe, time: x.time, direction: x.direction }));
    const expire = expiredAt(open, closeTime);
    let live = open.filter((x) => !expire.includes(x.id));
    const cancel: string[] = [];
    const added: SignalRecord[] = [];
    for (const b of stepBars) {
      const sig = b.item.signal;
      if (!sig) continue;
      const gone = cancelledBy(live, sig);
      live = live.filter((x) => !gone.includes(x.id));
      for (const id of gone) {
        const fresh = added.find((a) => a.id === id);
        if (fresh) {
          fresh.status = 'CANCELLED';
          fresh.statusAt = closeTime;
        } else cancel.push(id);
      }
      added.push(sig);
      live.push({ id: sig.id, exchange: sig.exchange, symbol: sig.symbol, timeframe: sig.timeframe, time: sig.time, direction: sig.direction });
    }
    const cursors = stepBars.map((b) => ({ exchange: b.exchange, symbol: b.symbol, timeframe: b.timeframe, last: b.time, updatedAt: closeTime }));
    const done = await recordLiveStep(db, { at: closeTime, expire, cancel, add: added, cursors });
    const step: LiveStep = {
      closeTime,
      candles: stepBars.map((b) => ({ ...b.item.candle, signal: b.item.signal })),
      expired: done.expired,
      cancelled: [...done.cancelled, ...added.filter((a) => a.status === 'CANCELLED').map((a) => a.id)],
      catchUp: args.catchUp === true || s < steps.length - 1,
    };
    summary.candles += stepBars.length;
    summary.steps++;
    summary.signals += done.added.length;
    summary.expired += step.expired.length;
    summary.cancelled += step.cancelled.length;
    summary.firstClose ??= closeTime;
    summary.lastClose = closeTime;
    for (const c of env.consumers) {
      try {
        await c.onStep(step, ctx);
      } catch (e) {
        summary.problems.push({ series: null, consumer: c.name, message: `${c.name} failed at ${new Date(closeTime).toISOString()}: ${message(e)}` });
      }
    }
    hooks.progress?.(s + 1, steps.length);
    await hooks.checkpoint?.();
  }
  return summary;
}
