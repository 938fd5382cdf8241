import { Dexie } from 'dexie';
import type { Timeframe } from '../../core/candles/timeframe';
import { confidenceLevel, type ConfidenceLevel, type Direction } from '../../core/strategy/types';
import type { CandlelabDb } from '../db';
import { DataError, guard, invalid } from '../errors';
import { CONFIDENCE_LEVELS, DIRECTIONS } from '../../core/metrics/breakdowns';
import type { LiveCursorRecord } from '../records/live';
import { putLiveCursors } from './live-cursors';
import { newId } from '../ids';
import { SIGNAL_STATUSES, type SignalRecord, type SignalStatus } from '../records/signals';
import { requireInRange, requireNumber, requireOneOf, requireString, requireTimeframe } from '../validate';
import { updateExisting } from './common';

/** A signal to store; id, level, status and times are filled in when omitted. */
export type SignalInput = Omit<SignalRecord, 'id' | 'level' | 'status' | 'statusAt' | 'createdAt'> &
  Partial<Pick<SignalRecord, 'id' | 'status' | 'statusAt' | 'createdAt'>>;

/** Stores a signal (ACTIVE unless given); the confidence level is derived from the confidence. */
export async function saveSignal(db: CandlelabDb, input: SignalInput, now = Date.now()): Promise<SignalRecord> {
  requireString('symbol', input.symbol);
  requireTimeframe('timeframe', input.timeframe);
  requireNumber('time', input.time);
  requireOneOf('direction', input.direction, ['LONG', 'SHORT'] as const);
  requireInRange('confidence', input.confidence, 0, 1);
  requireNumber('price', input.price);
  const status = input.status ?? 'ACTIVE';
  requireOneOf('status', status, SIGNAL_STATUSES);
  const record: SignalRecord = {
    ...input,
    id: input.id ?? newId('sig'),
    level: confidenceLevel(input.confidence),
    status,
    statusAt: input.statusAt ?? now,
    createdAt: input.createdAt ?? now,
  };
  return guard(db, async () => {
    await db.signals.put(record);
    return record;
  });
}

export async function getSignal(db: CandlelabDb, id: string): Promise<SignalRecord | undefined> {
  return guard(db, () => db.signals.get(id));
}

export interface SignalRangeQuery {
  symbol: string;
  timeframe: Timeframe;
  /** Signal bar open time range [from, to] (inclusive); open-ended when omitted. */
  from?: number;
  to?: number;
  limit?: number;
  newestFirst?: boolean;
}

/** Signals of one symbol and timeframe over a time range (chart markers, history). */
export async function listSignals(db: CandlelabDb, q: SignalRangeQuery): Promise<SignalRecord[]> {
  const lo = q.from ?? Dexie.minKey;
  const hi = q.to ?? Dexie.maxKey;
  return guard(db, () => {
    let c = db.signals.where('[symbol+timeframe+time]').between([q.symbol, q.timeframe, lo], [q.symbol, q.timeframe, hi], true, true);
    if (q.newestFirst) c = c.reverse();
    return (q.limit !== undefined ? c.limit(q.limit) : c).toArray();
  });
}

/** Signals in one status, newest first (the stream shows ACTIVE ones). */
export async function listSignalsByStatus(db: CandlelabDb, status: SignalStatus, limit?: number): Promise<SignalRecord[]> {
  requireOneOf('status', status, SIGNAL_STATUSES);
  return guard(db, () => {
    const c = db.signals.where('[status+time]').between([status, Dexie.minKey], [status, Dexie.maxKey]).reverse();
    return (limit !== undefined ? c.limit(limit) : c).toArray();
  });
}

/** Most recent signals of every symbol, newest first. */
export async function listRecentSignals(db: CandlelabDb, limit: number): Promise<SignalRecord[]> {
  return guard(db, () => db.signals.orderBy('time').reverse().limit(limit).toArray());
}

/** Moves a signal to a new status (ACTIVE → TRIGGERED / EXPIRED / CANCELLED). */
export async function setSignalStatus(db: CandlelabDb, id: string, status: SignalStatus, now = Date.now()): Promise<void> {
  requireOneOf('status', status, SIGNAL_STATUSES);
  return guard(db, () => updateExisting(db.signals, id, { status, statusAt: now }, 'signal'));
}

/** Deletes signals whose bar opened before `time`; returns how many. */
export async function deleteSignalsBefore(db: CandlelabDb, time: number): Promise<number> {
  return guard(db, () => db.signals.where('time').below(time).delete());
}

/** Filters of the signal stream; every field optional. */
export interface SignalFilter {
  exchange?: string;
  symbol?: string;
  direction?: Direction;
  level?: ConfidenceLevel;
  status?: SignalStatus;
}

/** One page of the stream, newest first, and what the whole filtered stream holds. */
export interface SignalPage {
  items: SignalRecord[];
  /** Signals matching the filter. */
  total: number;
  /** Of those, LONG (bullish) and SHORT (bearish). */
  long: number;
  short: number;
}

function matches(s: SignalRecord, f: SignalFilter): boolean {
  return (
    (f.exchange === undefined || s.exchange === f.exchange) &&
    (f.symbol === undefined || s.symbol === f.symbol) &&
    (f.direction === undefined || s.direction === f.direction) &&
    (f.level === undefined || s.level === f.level) &&
    (f.status === undefined || s.status === f.status)
  );
}

/**
 * The signal stream newest first (bar open time, then id), filtered, one page of `limit` from
 * `offset`, with the counts of the whole filtered stream.
 */
export async function querySignals(db: CandlelabDb, filter: SignalFilter = {}, offset = 0, limit = 25): Promise<SignalPage> {
  if (filter.direction !== undefined) requireOneOf('direction', filter.direction, DIRECTIONS);
  if (filter.level !== undefined) requireOneOf('level', filter.level, CONFIDENCE_LEVELS);
  if (filter.status !== undefined) requireOneOf('status', filter.status, SIGNAL_STATUSES);
  if (!(Number.isInteger(offset) && offset >= 0)) throw invalid(`offset: ${offset} is not a non-negative integer`);
  if (!(Number.isInteger(limit) && limit > 0)) throw invalid(`limit: ${limit} is not a positive integer`);
  return guard(db, async () => {
    const items: SignalRecord[] = [];
    let total = 0;
    let long = 0;
    const base =
      filter.status !== undefined
        ? db.signals.where('[status+time]').between([filter.status, Dexie.minKey], [filter.status, Dexie.maxKey])
        : db.signals.orderBy('time');
    await base.reverse().each((s) => {
      if (!matches(s, filter)) return;
      if (total >= offset && items.length < limit) items.push(s);
      total++;
      if (s.direction === 'LONG') long++;
    });
    return { items, total, long, short: total - long };
  });
}

/** Symbols that have signals, sorted. */
export async function listSignalSymbols(db: CandlelabDb): Promise<string[]> {
  return guard(db, async () => {
    const keys = await db.signals.orderBy('[symbol+timeframe+time]').uniqueKeys();
    return [...new Set(keys.map((k) => String((k as unknown[])[0])))].sort();
  });
}

/** Every ACTIVE signal, oldest first. */
export async function listActiveSignals(db: CandlelabDb): Promise<SignalRecord[]> {
  return guard(db, () => db.signals.where('[status+time]').between(['ACTIVE', Dexie.minKey], ['ACTIVE', Dexie.maxKey]).toArray());
}

/**
 * Marks an ACTIVE signal TRIGGERED: a trade was opened on it (the paper bot calls this in the
 * step that delivered the signal). Refuses, naming the status, a signal that is no longer ACTIVE;
 * NOT_FOUND when there is no such signal. Returns the updated record.
 */
export async function markSignalTriggered(db: CandlelabDb, id: string, at: number): Promise<SignalRecord> {
  requireString('id', id);
  requireNumber('at', at);
  return guard(db, () =>
    db.transaction('rw', db.signals, async () => {
      const s = await db.signals.get(id);
      if (!s) throw new DataError('NOT_FOUND', `signal ${JSON.stringify(id)} not found`);
      if (s.status !== 'ACTIVE') throw invalid(`signal ${JSON.stringify(id)}: is ${s.status}, not ACTIVE, so no trade can be opened on it`);
      const next: SignalRecord = { ...s, status: 'TRIGGERED', statusAt: at };
      await db.signals.put(next);
      return next;
    }),
  );
}

/** What one step of the live stream writes (see {@link recordLiveStep}). */
export interface LiveStepWrite {
  /** Market time of the step (UTC ms): the statusAt of every change. */
  at: number;
  /** ACTIVE signals to mark EXPIRED, then CANCELLED (ids; others are left as they are). */
  expire: readonly string[];
  cancel: readonly string[];
  /** New ACTIVE signals; a signal whose id is already stored is kept as stored. */
  add: readonly SignalRecord[];
  /** Cursors of the series the step processed. */
  cursors: readonly LiveCursorRecord[];
}

/**
 * Writes one step of the live stream in one transaction: status changes, new signals and the
 * cursors move together, so a step is either wholly recorded or not at all (and then processed
 * again on the next run). Returns the ids actually expired, cancelled and added.
 */
export async function recordLiveStep(db: CandlelabDb, w: LiveStepWrite): Promise<{ expired: string[]; cancelled: string[]; added: string[] }> {
  requireNumber('at', w.at);
  return guard(db, () =>
    db.transaction('rw', db.signals, db.liveCursors, async () => {
      const expired: string[] = [];
      const cancelled: string[] = [];
      const added: string[] = [];
      const change = async (ids: readonly string[], status: SignalStatus, done: string[]) => {
        const rows = await db.signals.bulkGet([...ids]);
        const next = rows.filter((s): s is SignalRecord => s !== undefined && s.status === 'ACTIVE').map((s) => ({ ...s, status, statusAt: w.at }));
        if (next.length > 0) await db.signals.bulkPut(next);
        for (const s of next) done.push(s.id);
      };
      await change(w.expire, 'EXPIRED', expired);
      await change(w.cancel, 'CANCELLED', cancelled);
      if (w.add.length > 0) {
        const have = await db.signals.bulkGet(w.add.map((s) => s.id));
        const fresh = w.add.filter((_, i) => have[i] === undefined);
        if (fresh.length > 0) await db.signals.bulkAdd(fresh);
        for (const s of fresh) added.push(s.id);
      }
      if (w.cursors.length > 0) await putLiveCursors(db, w.cursors);
      return { expired, cancelled, added };
    }),
  );
}
