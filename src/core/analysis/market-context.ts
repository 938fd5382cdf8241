/**
 * What the candles say about each trade: the typical move of its timeframe when it was opened
 * (the ATR of the signal bar in percent of its close) and how far price went against and for it
 * while it was open (MAE / MFE, `reports/excursions.ts`).
 */
import type { CandleColumns } from '../candles/types';
import { lowerBound } from '../util/binary-search';
import { atr } from '../indicators/volatility';
import { tradeExcursion } from '../reports/excursions';
import { normaliseSymbol } from '../strategy/scripted';
import type { StrategyParams } from '../strategy/types';
import { isClosed, type AnalysisTrade } from './trade';

/** ATR period used when the strategy has none (the signal engine's default). */
export const DEFAULT_ATR_PERIOD = 14;

/** One trade's market context; null where the candles do not cover it. */
export interface TradeContext {
  /** ATR of the last bar before the entry, in percent of that bar's close. */
  atrPct: number | null;
  /** Maximum adverse / favourable excursion in percent of the entry price (closed trades only). */
  maePct: number | null;
  mfePct: number | null;
}

/** The ATR period of a strategy's parameters (`atr_period`), or {@link DEFAULT_ATR_PERIOD}. */
export function atrPeriodOf(params: StrategyParams | null): number {
  const p = params?.atr_period;
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 ? p : DEFAULT_ATR_PERIOD;
}

/**
 * The context of every trade, in the trades' order. `candlesOf(symbol)` gives the candles of the
 * trades' timeframe (ascending open times) or undefined when none are stored; trades of such a
 * symbol, and trades opened before the ATR has warmed up, get nulls.
 */
export function tradeContexts(
  trades: readonly AnalysisTrade[],
  candlesOf: (symbol: string) => CandleColumns | undefined,
  atrPeriod = DEFAULT_ATR_PERIOD,
): TradeContext[] {
  const atrBySymbol = new Map<string, { candles: CandleColumns; atr: Float64Array } | null>();
  const series = (symbol: string) => {
    const key = normaliseSymbol(symbol);
    let hit = atrBySymbol.get(key);
    if (hit === undefined) {
      const c = candlesOf(symbol);
      hit = c && c.time.length > 0 ? { candles: c, atr: atr(c.high, c.low, c.close, atrPeriod) } : null;
      atrBySymbol.set(key, hit);
    }
    return hit;
  };
  return trades.map((t) => {
    const s = series(t.symbol);
    if (s === null) return { atrPct: null, maePct: null, mfePct: null };
    const i = lowerBound(s.candles.time, t.entryTime) - 1;
    const a = i >= 0 ? s.atr[i] : NaN;
    const close = i >= 0 ? s.candles.close[i] : NaN;
    const atrPct = Number.isFinite(a) && close > 0 ? (a / close) * 100 : null;
    let maePct: number | null = null;
    let mfePct: number | null = null;
    const last = s.candles.time[s.candles.time.length - 1];
    if (isClosed(t) && t.entryPrice > 0 && t.entryTime >= s.candles.time[0] && t.exitTime <= last) {
      const x = tradeExcursion(
        { direction: t.direction, entryTime: t.entryTime, entryPrice: t.entryPrice, exitTime: t.exitTime, exitPrice: t.exitPrice, exitReason: t.exitReason ?? '', stop: t.stop ?? 0 },
        s.candles,
      );
      maePct = x.maePct;
      mfePct = x.mfePct;
    }
    return { atrPct, maePct, mfePct };
  });
}
