/**
 * Bot sessions: one run of the paper bot on an account, from start to stop, with a snapshot of the
 * strategy and account settings it ran with; its statistics and its CSV export.
 *
 * Statistics: P&L, fees and balances are decimal sums of the session's closed trades; win rate,
 * profit factor, averages, expectancy and streaks come from the one metrics implementation
 * (`computeTradeMetrics`, docs/metrics.md) over those trades in numbers, with the starting balance
 * as capital.
 */
import type { Timeframe } from '../candles/timeframe';
import { computeTradeMetrics, formatMetric, type Metrics } from '../metrics';
import type { StrategyParams } from '../strategy/types';
import type { PaperAccountSettings } from './account';
import { Money, moneyString, sumMoney, type DecimalString } from './money';
import { csvRow as row, isoCell as iso, TRADE_CSV_COLUMNS, tradeCsvCells } from './trades-csv';
import { DECISIONS, type BotDecision, type Decision, type PaperTrade } from './types';

export type SessionStatus = 'STARTING' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'COMPLETED' | 'ERROR';
export const SESSION_STATUSES: readonly SessionStatus[] = ['STARTING', 'RUNNING', 'PAUSED', 'STOPPED', 'COMPLETED', 'ERROR'];
/** Statuses of a session that is still going: such a session cannot be deleted. */
export const ACTIVE_SESSION_STATUSES: readonly SessionStatus[] = ['STARTING', 'RUNNING', 'PAUSED'];
/** How a running session may end. */
export type SessionEnd = 'STOPPED' | 'COMPLETED' | 'ERROR';

/** One run of the paper bot on an account. */
export interface BotSession {
  id: string;
  name: string;
  account: string;
  exchange: string;
  strategy: string;
  preset: string | null;
  /** The strategy parameters in force when the session started. */
  config: StrategyParams;
  /** The account's settings when the session started (null for sessions recorded before snapshots were kept). */
  accountSettings: PaperAccountSettings | null;
  symbols: string[];
  timeframe: Timeframe;
  status: SessionStatus;
  startedAt: number;
  stoppedAt: number | null;
  /** Stop after this long (ms); null = no limit. */
  runtimeLimitMs: number | null;
  startingBalance: DecimalString;
  endingBalance: DecimalString | null;
  stopReason: string | null;
}

export interface SessionStats {
  /** Closed trades. */
  trades: number;
  openTrades: number;
  wins: number;
  losses: number;
  /** wins / trades; null without trades. */
  winRate: number | null;
  totalPnl: DecimalString;
  totalFees: DecimalString;
  /** totalPnl / startingBalance × 100. */
  returnPct: number;
  /** endingBalance − startingBalance, when the session has ended. */
  balanceChange: DecimalString | null;
  /** From the start to the stop (or to `now` while running). */
  durationMs: number;
  /** Decision log entries by decision. */
  decisions: Record<Decision, number>;
  /** The trade-based metrics (equity-curve metrics are null). */
  metrics: Metrics;
}

/** The session's statistics from its trades and decisions (file comment); `now` ends a running session's duration. */
export function sessionStats(session: BotSession, trades: readonly PaperTrade[], decisions: readonly BotDecision[], now: number): SessionStats {
  const closed = trades.filter((t) => t.status === 'CLOSED').sort((a, b) => (a.exitTime as number) - (b.exitTime as number));
  const totalPnl = sumMoney(closed.map((t) => t.profitLoss ?? '0'));
  const metrics = computeTradeMetrics(
    closed.map((t) => ({ pnl: Number(t.profitLoss), fees: Number(t.fees), entryTime: t.entryTime, exitTime: t.exitTime as number })),
    Number(session.startingBalance),
  );
  const counts = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
  for (const d of decisions) counts[d.decision] += 1;
  const start = new Money(session.startingBalance);
  return {
    trades: closed.length,
    openTrades: trades.filter((t) => t.status === 'OPEN').length,
    wins: metrics.wins ?? 0,
    losses: metrics.losses ?? 0,
    winRate: metrics.winRate,
    totalPnl: moneyString(totalPnl),
    totalFees: moneyString(sumMoney(closed.map((t) => t.fees))),
    returnPct: totalPnl.div(start).mul(100).toNumber(),
    balanceChange: session.endingBalance === null ? null : moneyString(new Money(session.endingBalance).minus(start)),
    durationMs: Math.max(0, (session.stoppedAt ?? now) - session.startedAt),
    decisions: counts,
    metrics,
  };
}

function section(title: string, header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [row([title]), row(header), ...rows.map(row), ''];
}

/**
 * The session as one CSV file of five sections, each a title row, a header row, its rows and a
 * blank line: Overview, Performance, Trade statistics, Configuration (strategy parameters and the
 * account settings snapshot) and Trades (one row per trade, oldest entry first). Money is written
 * exactly (decimal strings), times as ISO 8601 UTC, formatted metrics as the app shows them.
 */
export function sessionCsv(session: BotSession, trades: readonly PaperTrade[], stats: SessionStats): string {
  const m = stats.metrics;
  const out: string[] = [];
  out.push(
    ...section('Overview', ['field', 'value'], [
      ['id', session.id],
      ['name', session.name],
      ['account', session.account],
      ['exchange', session.exchange],
      ['strategy', session.strategy],
      ['preset', session.preset ?? ''],
      ['symbols', session.symbols.join(' ')],
      ['timeframe', session.timeframe],
      ['status', session.status],
      ['startedAt', iso(session.startedAt)],
      ['stoppedAt', iso(session.stoppedAt)],
      ['durationMs', String(stats.durationMs)],
      ['runtimeLimitMs', session.runtimeLimitMs === null ? '' : String(session.runtimeLimitMs)],
      ['stopReason', session.stopReason ?? ''],
    ]),
  );
  out.push(
    ...section('Performance', ['metric', 'value'], [
      ['startingBalance', session.startingBalance],
      ['endingBalance', session.endingBalance ?? ''],
      ['balanceChange', stats.balanceChange ?? ''],
      ['totalPnl', stats.totalPnl],
      ['returnPct', String(stats.returnPct)],
      ['totalFees', stats.totalFees],
      ['profitFactor', formatMetric('profitFactor', m.profitFactor, m)],
      ['expectancy', formatMetric('expectancy', m.expectancy)],
      ['sqn', formatMetric('sqn', m.sqn)],
    ]),
  );
  out.push(
    ...section('Trade statistics', ['metric', 'value'], [
      ['closedTrades', String(stats.trades)],
      ['openTrades', String(stats.openTrades)],
      ['wins', String(stats.wins)],
      ['losses', String(stats.losses)],
      ['winRate', formatMetric('winRate', stats.winRate)],
      ['avgWin', formatMetric('avgWin', m.avgWin)],
      ['avgLoss', formatMetric('avgLoss', m.avgLoss)],
      ['largestWin', formatMetric('largestWin', m.largestWin)],
      ['largestLoss', formatMetric('largestLoss', m.largestLoss)],
      ['avgTradeDuration', formatMetric('avgTradeDurationMs', m.avgTradeDurationMs)],
      ['maxConsecutiveWins', String(m.maxConsecutiveWins ?? 0)],
      ['maxConsecutiveLosses', String(m.maxConsecutiveLosses ?? 0)],
      ...DECISIONS.map((d) => [`decisions ${d}`, String(stats.decisions[d])]),
    ]),
  );
  const config: string[][] = Object.keys(session.config)
    .sort()
    .map((k) => [`strategy.${k}`, String(session.config[k])]);
  if (session.accountSettings !== null) {
    const a = session.accountSettings;
    for (const k of Object.keys(a).sort() as Array<keyof PaperAccountSettings>) {
      if (k === 'circuitBreaker') {
        for (const [ck, cv] of Object.entries(a.circuitBreaker)) config.push([`account.circuitBreaker.${ck}`, String(cv)]);
      } else config.push([`account.${k}`, String(a[k])]);
    }
  }
  out.push(...section('Configuration', ['setting', 'value'], config));
  const sorted = [...trades].sort((a, b) => a.entryTime - b.entryTime || (a.id < b.id ? -1 : 1));
  out.push(
    ...section(
      'Trades',
      TRADE_CSV_COLUMNS,
      sorted.map(tradeCsvCells),
    ),
  );
  out.pop();
  return `${out.join('\n')}\n`;
}
