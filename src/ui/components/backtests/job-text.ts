import { isTimeframe, timeframeMs } from '../../../core/candles/timeframe';

/**
 * "STRATEGY · SYMBOLS · TF" for a backtest, or null when its name already says all of it (names
 * the batch form gives do; imported results may be named anything).
 */
export function jobDetail(name: string, strategy: unknown, symbols: unknown, timeframe: unknown): string | null {
  const list = Array.isArray(symbols) ? symbols.map(String) : [];
  const parts = [String(strategy ?? ''), String(timeframe ?? ''), ...list];
  if (parts.every((p) => p !== '' && name.includes(p))) return null;
  return `${String(strategy ?? '—')} · ${list.join(', ') || '—'} · ${String(timeframe ?? '—')}`;
}

/** The bar length of a backtest's timeframe in ms, 0 when it is not a timeframe. */
export function barMsOf(timeframe: unknown): number {
  return isTimeframe(timeframe) ? timeframeMs(timeframe) : 0;
}
