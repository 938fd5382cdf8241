/**
 * The order in which the live pipeline processes closed candles: by close time, and candles
 * closing at the same market time together as one step, ordered by timeframe (shorter first),
 * exchange and symbol. A 1h candle and the 4h candle closing with it are one step; so are the
 * candles of every watched symbol closing at 10:00.
 */
import { TIMEFRAMES, nextOpenTime, type Timeframe } from '../candles/timeframe';

/** One watched candle series. */
export interface LiveSeriesKey {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

/** A closed candle waiting to be processed, with whatever the caller attaches. */
export interface PendingBar<T> extends LiveSeriesKey {
  /** Open time of the candle. */
  time: number;
  item: T;
}

export interface Step<T> {
  /** Market time at which every candle of the step closed. */
  closeTime: number;
  bars: Array<PendingBar<T>>;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders pending candles into steps (see the module comment). Deterministic for any input order. */
export function planSteps<T>(bars: readonly PendingBar<T>[]): Array<Step<T>> {
  const byClose = new Map<number, Array<PendingBar<T>>>();
  for (const b of bars) {
    const close = nextOpenTime(b.time, b.timeframe);
    const list = byClose.get(close);
    if (list) list.push(b);
    else byClose.set(close, [b]);
  }
  return [...byClose.keys()]
    .sort((a, b) => a - b)
    .map((closeTime) => ({
      closeTime,
      bars: byClose
        .get(closeTime)!
        .sort(
          (a, b) =>
            TIMEFRAMES.indexOf(a.timeframe) - TIMEFRAMES.indexOf(b.timeframe) || cmp(a.exchange, b.exchange) || cmp(a.symbol, b.symbol),
        ),
    }));
}

/** A series key as text, `exchange:symbol:timeframe`. */
export function seriesId(k: LiveSeriesKey): string {
  return `${k.exchange}:${k.symbol}:${k.timeframe}`;
}
