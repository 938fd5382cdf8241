/**
 * Distribution of trade durations, in bars of the backtest's timeframe (docs/metrics.md, "Report
 * additions"). A trade's duration in bars is `(exitTime - entryTime) / barMs`, rounded; a trade
 * that exits on its entry bar lasts 0 bars ("same bar"). Bins double in width: 0, 1, 2–3, 4–7,
 * 8–15, … up to the longest trade.
 */
import type { Trade } from '../backtest/trade';
import { tradeOutcome } from '../metrics/compute';

export interface DurationBin {
  /** Inclusive bounds, in bars. */
  minBars: number;
  maxBars: number;
  count: number;
  wins: number;
  losses: number;
  /** Sum of the bin's trades' P&L. */
  totalPnl: number;
}

/** Trades binned by duration in bars; empty for no trades. */
export function durationHistogram(trades: readonly Trade[], barMs: number): DurationBin[] {
  if (!(barMs > 0) || !Number.isFinite(barMs)) throw new RangeError(`barMs: ${String(barMs)} is not a positive duration`);
  const bins: DurationBin[] = [];
  const binOf = (bars: number): number => (bars === 0 ? 0 : Math.floor(Math.log2(bars)) + 1);
  for (const t of trades) {
    const bars = Math.max(0, Math.round((t.exitTime - t.entryTime) / barMs));
    const k = binOf(bars);
    while (bins.length <= k) {
      const i = bins.length;
      const minBars = i === 0 ? 0 : 2 ** (i - 1);
      bins.push({ minBars, maxBars: i === 0 ? 0 : 2 * minBars - 1, count: 0, wins: 0, losses: 0, totalPnl: 0 });
    }
    const b = bins[k];
    b.count++;
    const o = tradeOutcome(t.pnl);
    if (o === 1) b.wins++;
    else if (o === -1) b.losses++;
    b.totalPnl += t.pnl;
  }
  return bins;
}
