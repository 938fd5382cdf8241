import { describe, expect, it } from 'vitest';
import { closedPositions } from './portfolio';
import { H, T0, tradeRecord } from './test-support';
import type { PaperTrade } from './types';

const trade = (id: string, symbol: string, exit: number | null, pnl: string | null, fees: string): PaperTrade =>
  tradeRecord({ id, symbol, direction: 'SHORT', mode: 'MANUAL', ...(exit === null ? {} : { exitHours: exit }), profitLoss: pnl, fees });

describe('closed positions by symbol', () => {
  it('sums P&L and fees in decimal, counts wins, losses and trades, and orders by the last close', () => {
    const list = closedPositions([
      trade('1', 'AAA/USDT', 1, '0.1', '0.05'),
      trade('2', 'BBB/USDT', 2, '-3.3', '0.1'),
      trade('3', 'AAA/USDT', 4, '0.2', '0.05'),
      trade('4', 'AAA/USDT', 3, '0', '0.1'),
      trade('5', 'CCC/USDT', null, null, '0.1'),
      trade('6', 'BBB/USDT', 4, '1.1', '0.1'),
    ]);
    // Hand-computed: AAA 0.1 + 0.2 + 0 = 0.3 exactly (a float sum gives 0.30000000000000004); BBB −3.3 + 1.1 = −2.2.
    // Both last closed at 4 h: ties by symbol. CCC is only open: not listed.
    expect(list).toEqual([
      { symbol: 'AAA/USDT', trades: 3, wins: 2, losses: 0, realisedPnl: '0.3', fees: '0.2', lastClosed: T0 + 4 * H },
      { symbol: 'BBB/USDT', trades: 2, wins: 1, losses: 1, realisedPnl: '-2.2', fees: '0.2', lastClosed: T0 + 4 * H },
    ]);
    expect(closedPositions([trade('1', 'AAA/USDT', 6, '-1', '0'), trade('2', 'BBB/USDT', 5, '1', '0')]).map((p) => p.symbol)).toEqual(['AAA/USDT', 'BBB/USDT']);
    expect(closedPositions([])).toEqual([]);
  });
});
