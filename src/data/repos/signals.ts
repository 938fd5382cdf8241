import { Dexie } from 'dexie';
import type { Timeframe } from '../../core/candles/timeframe';
import { confidenceLevel } from '../../core/strategy/types';
import type { CandlelabDb } from '../db';
import { guard } from '../errors';
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
