/**
 * Paper trades and ledger files for tests, built from a backtest's trades: each closed trade as the
 * paper ledger stores it (prices, amounts and P&L as decimal strings), plus a few open and
 * cancelled trades, and a ledger file in the shape the `paper` command writes.
 */
import type { ReportStrategy } from '../../src/core/backtest/request';
import type { Trade } from '../../src/core/backtest/trade';
import type { PaperTradeInput } from '../../src/core/analysis/trade';

/** A paper trade record: the analysis fields plus what the ledger stores besides. */
export type PaperTradeFixture = PaperTradeInput & {
  account: string;
  signalId: string | null;
  session: string | null;
  positionSize: string;
  mode: 'MANUAL' | 'AUTOMATIC';
  updatedAt: number;
  timeframe: string | null;
  signalTime: number | null;
  confidence: number | null;
};

const dec = (x: number) => String(Number(x.toPrecision(12)));

/** A backtest trade as a closed paper trade of `account` (ids `<prefix>_<n>`). */
export function paperTradeOf(t: Trade, i: number, account: string, prefix = 'pt', session: string | null = null, timeframe: string | null = '1h'): PaperTradeFixture {
  return {
    id: `${prefix}_${String(i + 1).padStart(5, '0')}`,
    account,
    signalId: null,
    session,
    symbol: t.symbol,
    direction: t.direction,
    status: 'CLOSED',
    entryTime: t.entryTime,
    entryPrice: dec(t.entryPrice),
    quantity: dec(t.quantity),
    positionSize: dec(t.quantity * t.entryPrice),
    stopPrice: t.stop > 0 ? dec(t.stop) : null,
    targetPrice: t.target > 0 ? dec(t.target) : null,
    exitTime: t.exitTime,
    exitPrice: dec(t.exitPrice),
    exitReason: t.exitReason,
    fees: dec(t.fees),
    profitLoss: dec(t.pnl),
    profitLossPct: dec(t.pnlPct),
    mode: 'AUTOMATIC',
    updatedAt: t.exitTime,
    timeframe,
    signalTime: t.signalTime,
    confidence: t.confidence,
  };
}

/** The last `n` trades opened again as OPEN (no exit), and one CANCELLED, after the closed ones. */
export function withOpenTrades(closed: PaperTradeFixture[], n: number): PaperTradeFixture[] {
  const last = closed[closed.length - 1];
  const extra: PaperTradeFixture[] = [];
  for (let k = 0; k < n + 1; k++) {
    const base = closed[closed.length - 1 - k];
    extra.push({
      ...base,
      id: `${base.id}_again`,
      status: k < n ? 'OPEN' : 'CANCELLED',
      entryTime: last.exitTime! + (k + 1) * 3_600_000,
      exitTime: null,
      exitPrice: null,
      exitReason: null,
      profitLoss: null,
      profitLossPct: null,
      updatedAt: last.exitTime! + (k + 1) * 3_600_000,
    });
  }
  return [...closed, ...extra];
}

/** A ledger file as `paper --out` writes it: the account's closed trades and the SYSTEM trades. */
export function ledgerFile(input: {
  strategy: ReportStrategy;
  timeframe: string;
  symbols: string[];
  initialBalance: string;
  trades: Trade[];
  systemTrades: Trade[];
}): Record<string, unknown> {
  const trades = input.trades.map((t, i) => paperTradeOf(t, i, 'CLI', 'acc'));
  const system = input.systemTrades.map((t, i) => ({ ...paperTradeOf(t, i, 'SYSTEM', 'sys'), positionSize: '100' }));
  const total = trades.reduce((s, t) => s + Number(t.profitLoss), 0);
  return {
    strategy: input.strategy,
    settings: { name: 'CLI', autoTrading: true, stopLossPct: 2, takeProfitPct: 5, maxPositionSizePct: 10, maxOpenTrades: 5 },
    timeframe: input.timeframe,
    symbols: input.symbols,
    start: input.trades[0]?.entryTime ?? 0,
    end: input.trades[input.trades.length - 1]?.exitTime ?? 0,
    initialBalance: input.initialBalance,
    finalBalance: dec(Number(input.initialBalance) + total),
    totalPnl: dec(total),
    trades,
    decisions: [],
    system: { trades: system, decisions: [], totalPnl: dec(system.reduce((s, t) => s + Number(t.profitLoss), 0)) },
  };
}
