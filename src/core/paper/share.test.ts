import { describe, expect, it } from 'vitest';
import { botPerformance, botSnapshot, botSnapshotHtml, botSnapshotJson, overlaySvg } from './share';
import { H, T0, tradeRecord } from './test-support';
import type { PaperTrade } from './types';


function trade(id: string, entry: number, exit: number | null, pnl: string | null, fees: string): PaperTrade {
  return tradeRecord({ id, account: 'SYSTEM', entryTime: T0 + entry * H, ...(exit === null ? {} : { exitHours: exit }), fees, profitLoss: pnl, confidence: 0.8 });
}

// Hand-computed: closed P&Ls in exit order 0.1, −0.3, 0.2 (the second exits last but entered first).
const trades = [trade('b', 0, 5, '0.2', '0.2'), trade('a', 1, 2, '0.1', '0.2'), trade('c', 2, 3, '-0.3', '0.2'), trade('d', 4, null, null, '0.1')];

describe('bot performance and its snapshot', () => {
  it('sums in decimal, counts wins and losses, and orders the curve by exit time', () => {
    const p = botPerformance(trades);
    expect(p).toMatchObject({ trades: 3, openTrades: 1, wins: 2, losses: 1, totalPnl: '0', totalFees: '0.7', averagePnl: '0', best: '0.2', worst: '-0.3' });
    expect(p.winRate).toBeCloseTo(2 / 3, 12);
    // 0.1 − 0.3 + 0.2 is exactly 0 in decimal (a float sum gives 2.8e-17).
    expect(p.curve).toEqual([
      { time: T0 + 2 * H, pnl: '0.1' },
      { time: T0 + 3 * H, pnl: '-0.2' },
      { time: T0 + 5 * H, pnl: '0' },
    ]);
    expect(botPerformance([])).toMatchObject({ trades: 0, winRate: null, averagePnl: null, curve: [] });
  });

  it('writes the same bytes for the same trades, as JSON and as one HTML file with no script or external resource', () => {
    const s = botSnapshot(trades, T0 + 6 * H);
    expect(botSnapshotJson(botSnapshot([...trades].reverse(), T0 + 6 * H))).toBe(botSnapshotJson(s));
    expect(JSON.parse(botSnapshotJson(s)).performance.totalFees).toBe('0.7');
    const html = botSnapshotHtml(s);
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('<svg');
    expect(html).toContain('data-stat="trades">3<');
    expect(html).toContain('data-stat="winRate">66.67%<');
    expect(html).toContain('01 Jan 2024 06:00 UTC');
  });

  it('overlays curves on one time axis, one line per non-empty curve', () => {
    const a = botPerformance(trades).curve;
    const svg = overlaySvg([a, [], a.slice(0, 1)], 'two sessions');
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    // The first curve spans the whole width (8 … 712).
    expect(svg).toMatch(/points="8\.0,[\d.]+ [\d.]+,[\d.]+ 712\.0,/);
    expect(overlaySvg([[]], 'none')).toContain('no closed trade');
  });
});
