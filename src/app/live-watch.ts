/**
 * Which series the live signal stream follows, and from which source: the watch list setting
 * (or its default, the demo market's symbols on 1h when the demo market is stored), split by the
 * live source — the demo clock feeds demo series, the exchanges feed the others.
 */
import type { Timeframe } from '../core/candles/timeframe';
import { DEMO_EXCHANGE, isDemoSymbol } from '../core/demo/demo-market';
import type { LiveSeriesKey as WatchKey } from '../core/live/steps';

export type { WatchKey };
export { seriesId as watchId } from '../core/live/steps';

export type LiveSource = 'demo' | 'live';

/** Timeframe of the default watch list. */
export const DEFAULT_WATCH_TIMEFRAME: Timeframe = '1h';

/** The watch list in force: the setting, or the stored demo symbols on 1h when it is not set. */
export function effectiveWatchList(setting: readonly WatchKey[] | null, stored: readonly WatchKey[]): WatchKey[] {
  if (setting !== null) return setting.map((w) => ({ exchange: w.exchange, symbol: w.symbol, timeframe: w.timeframe }));
  return stored
    .filter((s) => s.exchange === DEMO_EXCHANGE && s.timeframe === DEFAULT_WATCH_TIMEFRAME && isDemoSymbol(s.symbol))
    .map((s) => ({ exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** The entries a source feeds: demo series for the demo clock, exchange series for the exchanges. */
export function watchedBy(source: LiveSource, watch: readonly WatchKey[]): WatchKey[] {
  return watch.filter((w) => (w.exchange === DEMO_EXCHANGE) === (source === 'demo'));
}
