/**
 * The stored signal stream as the pages read it: live queries (updated whenever any tab or
 * worker stores or changes a signal) over a filter and a page.
 */
import { createEffect, createRoot, createSignal, from, onCleanup, type Accessor } from 'solid-js';
import { listSignalSymbols, observeQuery, querySignals, type SignalFilter, type SignalPage, type SignalRecord, type SignalStatus } from '../data';
import { SIGNAL_STATUSES } from '../data/records/signals';
import { database } from './db-service';

export type { SignalFilter, SignalPage, SignalRecord, SignalStatus };
export { SIGNAL_STATUSES };
export { CONFIDENCE_LEVELS, DIRECTIONS } from '../core/metrics/breakdowns';
export { SIGNAL_EXPIRY_BARS } from '../core/live/lifecycle';

/** Signals per page of the stream. */
export const SIGNAL_PAGE_SIZE = 25;

/**
 * One page of the filtered stream, newest first, kept current; undefined while first read (a new
 * filter or page keeps showing the previous result until its own arrives). Call inside a
 * component (the query is dropped with it).
 */
export function signalStream(filter: Accessor<SignalFilter>, page: Accessor<number>, size = SIGNAL_PAGE_SIZE): Accessor<SignalPage | undefined> {
  const [result, setResult] = createSignal<SignalPage | undefined>(undefined);
  createEffect(() => {
    const f = filter();
    const offset = page() * size;
    const sub = observeQuery(() => querySignals(database(), f, offset, size)).subscribe((v) => setResult(v));
    onCleanup(() => sub.unsubscribe());
  });
  return result;
}

let symbols: Accessor<string[] | undefined> | undefined;

/** Symbols that have signals, sorted, kept current. */
export function signalSymbols(): string[] | undefined {
  symbols ??= createRoot(() => from(observeQuery(() => listSignalSymbols(database()))));
  return symbols();
}

/** The Chart page at a signal's symbol, timeframe and bar. */
export function chartLink(s: Pick<SignalRecord, 'exchange' | 'symbol' | 'timeframe' | 'time'>): string {
  const q = new URLSearchParams({ exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe, time: String(s.time) });
  return `/chart?${q.toString()}`;
}
