import { createMemo, createRoot, from } from 'solid-js';
import { deleteSeries as removeSeries, listSeries, observeQuery, seriesSizeBytes, type CandleSeriesRecord } from '../data';
import { database, reportWriteError } from './db-service';
import type { Timeframe } from '../core/candles/timeframe';

/** Bytes of candle data per candle: the unit of `SeriesView.sizeBytes`. */
export { BYTES_PER_CANDLE } from '../data';

/** A stored candle series as the pages show it. */
export interface SeriesView {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  first: number;
  last: number;
  count: number;
  gapCount: number;
  gaps: Array<{ from: number; to: number; missing: number }>;
  missing: number;
  sizeBytes: number;
  source: string;
  label: string | null;
  lastUpdate: number;
}

function toView(s: CandleSeriesRecord): SeriesView {
  return {
    exchange: s.exchange,
    symbol: s.symbol,
    timeframe: s.timeframe,
    first: s.first,
    last: s.last,
    count: s.count,
    // Ranges answered empty without confirmation before the first or after the last candle count too.
    gapCount: s.gaps.length + (s.unconfirmed ?? []).filter((r) => r.to < s.first || r.from > s.last).length,
    gaps: s.gaps.map((g) => ({ from: g.from, to: g.to, missing: g.missing })),
    missing: s.gaps.reduce((n, g) => n + g.missing, 0),
    sizeBytes: seriesSizeBytes(s),
    source: s.source,
    label: s.label,
    lastUpdate: s.lastUpdate,
  };
}

const TF_ORDER = ['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w', '1M'];

function createStore() {
  return createRoot(() => {
  const list = from(
    observeQuery(async () => {
      const rows = (await listSeries(database())).map(toView);
      return rows.sort(
        (a, b) =>
          a.exchange.localeCompare(b.exchange) ||
          a.symbol.localeCompare(b.symbol) ||
          TF_ORDER.indexOf(a.timeframe) - TF_ORDER.indexOf(b.timeframe),
      );
    }),
  );
  const hasDemo = createMemo(() => (list() ?? []).some((s) => s.source === 'demo'));
  return { list, hasDemo };
  });
}

let store: ReturnType<typeof createStore> | undefined;
/** The store subscribes on first use, once the database is open. */
function getStore(): ReturnType<typeof createStore> {
  store ??= createStore();
  return store;
}

/** Every stored series, kept current across tabs and workers; undefined while first read. */
export const seriesList = (): SeriesView[] | undefined => getStore().list();
export const hasDemoSeries = (): boolean => getStore().hasDemo();

export async function deleteSeries(s: Pick<SeriesView, 'exchange' | 'symbol' | 'timeframe'>): Promise<void> {
  try {
    await removeSeries(database(), { exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe });
  } catch (e) {
    reportWriteError(e);
  }
}
