/**
 * The metrics of docs/metrics.md.
 *
 * Conventions beyond the document's table:
 * - A trade is breakeven when |pnl| < 1e-9 (`BREAKEVEN_EPSILON`), a win when pnl ≥ 1e-9, a loss when
 *   pnl ≤ -1e-9. `grossProfit` / `grossLoss` sum the wins / losses only, so `avgWin` and `avgLoss`
 *   average exactly the trades they count; `totalPnl` sums every trade.
 * - Counts and sums of an empty trade list are 0 (`totalTrades`, `wins`, `grossProfit`, …,
 *   `maxConsecutiveWins`); ratios and averages over no trades are null.
 * - `largestWin` / `largestLoss` are the max / min pnl over all trades, as the document defines them
 *   (so with only losing trades `largestWin` is the smallest loss).
 * - A drawdown period starts when the equity falls below the running peak; its duration runs from the
 *   latest point at that peak to the first point back at or above it, or to the last point. No
 *   drawdown gives 0 for `maxDrawdown`, `maxDrawdownPct` and `maxDrawdownDurationMs`.
 * - `sharpe` needs at least two daily returns and a non-zero standard deviation; `sortino` needs at
 *   least one daily return and a non-zero downside deviation. A daily return whose previous value is
 *   0 makes both null.
 * - `cagrPct` is null when the span is 0 or `E_end / C0` is negative; `calmar` when either factor is
 *   null or `maxDrawdownPct` is 0.
 * - `kelly` is null when `payoffRatio` is (no win or no loss).
 * - The equity curve's first value must be C0 (within 1e-9 relative), its times non-decreasing and
 *   every value finite. `finalEquity` is `C0 + totalPnl`; `cagrPct` reads the curve's last value.
 * - Daily returns: the UTC day of `t_0` is a day with points, so the first return compares C0 with
 *   the last point of that day. Days without points are skipped (no return for them).
 * - Every result that is not a finite number is null.
 */

import type { Trade } from '../backtest/trade';
import type { Metrics, MetricsInput } from './types';

/** A trade whose |pnl| is below this is breakeven. */
export const BREAKEVEN_EPSILON = 1e-9;
const DAY_MS = 86_400_000;
const SQRT_365 = Math.sqrt(365);

/** A Metrics object whose every field is null. */
export function nullMetrics(): Metrics {
  return {
    totalTrades: null,
    wins: null,
    losses: null,
    breakeven: null,
    winRate: null,
    grossProfit: null,
    grossLoss: null,
    totalPnl: null,
    totalFees: null,
    roiPct: null,
    finalEquity: null,
    profitFactor: null,
    avgWin: null,
    avgLoss: null,
    largestWin: null,
    largestLoss: null,
    payoffRatio: null,
    expectancy: null,
    maxDrawdownPct: null,
    maxDrawdown: null,
    maxDrawdownDurationMs: null,
    cagrPct: null,
    sharpe: null,
    sortino: null,
    calmar: null,
    sqn: null,
    kelly: null,
    exposurePct: null,
    avgTradeDurationMs: null,
    maxConsecutiveWins: null,
    maxConsecutiveLosses: null,
  };
}

function fin(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function div(a: number, b: number): number | null {
  return b === 0 ? null : fin(a / b);
}

/** The fields of a trade the trade-based metrics read (a backtest Trade, or a closed paper trade in numbers). */
export type TradeResult = Pick<Trade, 'pnl' | 'fees' | 'entryTime' | 'exitTime'>;

/** Throws unless `initialCapital` is a positive finite number. */
export function checkCapital(initialCapital: number): void {
  if (typeof initialCapital !== 'number' || !Number.isFinite(initialCapital) || initialCapital <= 0) {
    throw new Error(`initialCapital: ${String(initialCapital)} is not a positive finite number`);
  }
}

/** Throws unless the trade's pnl, fees and times are finite and it exits no earlier than it enters. */
export function checkTrade(t: TradeResult, i: number): void {
  if (!Number.isFinite(t.pnl)) throw new Error(`trades[${i}].pnl: ${String(t.pnl)} is not a finite number`);
  if (!Number.isFinite(t.fees)) throw new Error(`trades[${i}].fees: ${String(t.fees)} is not a finite number`);
  if (!Number.isFinite(t.entryTime)) {
    throw new Error(`trades[${i}].entryTime: ${String(t.entryTime)} is not a finite number`);
  }
  if (!Number.isFinite(t.exitTime)) {
    throw new Error(`trades[${i}].exitTime: ${String(t.exitTime)} is not a finite number`);
  }
  if (t.exitTime < t.entryTime) {
    throw new Error(`trades[${i}].exitTime: ${t.exitTime} is before its entryTime ${t.entryTime}`);
  }
}

/** 1 for a win, -1 for a loss, 0 for a breakeven trade. */
export function tradeOutcome(pnl: number): 1 | -1 | 0 {
  if (pnl >= BREAKEVEN_EPSILON) return 1;
  if (pnl <= -BREAKEVEN_EPSILON) return -1;
  return 0;
}

function consecutiveRuns(trades: readonly TradeResult[]): { wins: number; losses: number } {
  const n = trades.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (trades[i].exitTime < trades[i - 1].exitTime) {
      sorted = false;
      break;
    }
  }
  let order: number[] | null = null;
  if (!sorted) {
    order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => trades[a].exitTime - trades[b].exitTime || a - b);
  }
  let maxW = 0;
  let maxL = 0;
  let runW = 0;
  let runL = 0;
  for (let k = 0; k < n; k++) {
    const o = tradeOutcome(trades[order === null ? k : order[k]].pnl);
    if (o === 1) {
      runW++;
      runL = 0;
      if (runW > maxW) maxW = runW;
    } else if (o === -1) {
      runL++;
      runW = 0;
      if (runL > maxL) maxL = runL;
    } else {
      runW = 0;
      runL = 0;
    }
  }
  return { wins: maxW, losses: maxL };
}

/** Fills the trade-based fields of `m` (every field other than the equity-curve ones and exposure). */
function fillTradeMetrics(m: Metrics, trades: readonly TradeResult[], initialCapital: number): void {
  const n = trades.length;
  let wins = 0;
  let losses = 0;
  let breakeven = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let totalPnl = 0;
  let totalFees = 0;
  let maxPnl = -Infinity;
  let minPnl = Infinity;
  let durationSum = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const t = trades[i];
    checkTrade(t, i);
    const pnl = t.pnl;
    const o = tradeOutcome(pnl);
    if (o === 1) {
      wins++;
      grossProfit += pnl;
    } else if (o === -1) {
      losses++;
      grossLoss -= pnl;
    } else {
      breakeven++;
    }
    totalPnl += pnl;
    totalFees += t.fees;
    if (pnl > maxPnl) maxPnl = pnl;
    if (pnl < minPnl) minPnl = pnl;
    durationSum += t.exitTime - t.entryTime;
    const d = pnl - mean;
    mean += d / (i + 1);
    m2 += d * (pnl - mean);
  }
  m.totalTrades = n;
  m.wins = wins;
  m.losses = losses;
  m.breakeven = breakeven;
  m.winRate = div(wins, n);
  m.grossProfit = grossProfit;
  m.grossLoss = grossLoss;
  m.totalPnl = totalPnl;
  m.totalFees = totalFees;
  m.roiPct = fin((totalPnl / initialCapital) * 100);
  m.finalEquity = fin(initialCapital + totalPnl);
  m.profitFactor = div(grossProfit, grossLoss);
  m.avgWin = div(grossProfit, wins);
  m.avgLoss = losses === 0 ? null : fin(-grossLoss / losses);
  m.largestWin = n === 0 ? null : maxPnl;
  m.largestLoss = n === 0 ? null : minPnl;
  m.payoffRatio = m.avgWin === null || m.avgLoss === null ? null : div(m.avgWin, Math.abs(m.avgLoss));
  m.expectancy = div(totalPnl, n);
  const std = n >= 2 ? Math.sqrt(m2 / (n - 1)) : 0;
  m.sqn = std > 0 ? fin((Math.sqrt(n) * mean) / std) : null;
  m.kelly =
    m.winRate === null || m.payoffRatio === null || m.payoffRatio === 0
      ? null
      : fin(m.winRate - (1 - m.winRate) / m.payoffRatio);
  m.avgTradeDurationMs = div(durationSum, n);
  const runs = consecutiveRuns(trades);
  m.maxConsecutiveWins = runs.wins;
  m.maxConsecutiveLosses = runs.losses;
}

/**
 * The trade-based metrics of a list of trades. The fields that need an equity curve
 * (`maxDrawdownPct`, `maxDrawdown`, `maxDrawdownDurationMs`, `cagrPct`, `sharpe`, `sortino`,
 * `calmar`) and `exposurePct` (which needs bar counts) are null. `roiPct` and `finalEquity` are the
 * trades' contribution: `totalPnl / C0 * 100` and `C0 + totalPnl`.
 */
export function computeTradeMetrics(trades: readonly TradeResult[], initialCapital: number): Metrics {
  checkCapital(initialCapital);
  const m = nullMetrics();
  fillTradeMetrics(m, trades, initialCapital);
  return m;
}

/** Fills the equity-curve fields of `m` in a single pass over the curve. */
function fillEquityMetrics(m: Metrics, time: ArrayLike<number>, value: ArrayLike<number>, c0: number): void {
  const len = time.length;
  if (value.length !== len) {
    throw new Error(`equityValue: length ${value.length} differs from equityTime length ${len}`);
  }
  if (len === 0) throw new Error('equityTime: empty, expected at least the first point [t_0, initialCapital]');
  const t0 = time[0];
  const v0 = value[0];
  if (!Number.isFinite(t0)) throw new Error(`equityTime[0]: ${String(t0)} is not a finite number`);
  if (!(Math.abs(v0 - c0) <= 1e-9 * c0)) {
    throw new Error(`equityValue[0]: ${String(v0)} is not the initialCapital ${c0}`);
  }

  let peak = v0;
  let peakTime = t0;
  let inDrawdown = false;
  let maxDd = 0;
  let maxDdPct = 0;
  let maxDur = 0;

  let dayEnd = Math.floor(t0 / DAY_MS) * DAY_MS + DAY_MS;
  let prevClose = c0;
  let last = v0;
  let nRet = 0;
  let meanRet = 0;
  let m2Ret = 0;
  let down2 = 0;
  let zeroBase = false;

  let prevT = t0;
  let bad = -1;
  for (let i = 0; i < len; i++) {
    const t = time[i];
    const e = value[i];
    // A throw inside this loop keeps V8 from optimising it; the bad index is reported after the loop.
    if (!(t >= prevT) || !(e - e === 0)) {
      bad = i;
      break;
    }
    if (t >= dayEnd) {
      if (prevClose === 0) zeroBase = true;
      const r = last / prevClose - 1;
      nRet++;
      const d = r - meanRet;
      meanRet += d / nRet;
      m2Ret += d * (r - meanRet);
      if (r < 0) down2 += r * r;
      prevClose = last;
      dayEnd = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS;
    }
    last = e;
    if (e >= peak) {
      if (inDrawdown) {
        const dur = t - peakTime;
        if (dur > maxDur) maxDur = dur;
        inDrawdown = false;
      }
      peak = e;
      peakTime = t;
    } else {
      inDrawdown = true;
      const dd = peak - e;
      if (dd > maxDd) maxDd = dd;
      const pct = (dd / peak) * 100;
      if (pct > maxDdPct) maxDdPct = pct;
    }
    prevT = t;
  }
  if (bad >= 0) {
    const t = time[bad];
    const e = value[bad];
    if (Number.isNaN(t)) throw new Error(`equityTime[${bad}]: NaN is not a finite number`);
    if (!(t >= prevT)) throw new Error(`equityTime[${bad}]: ${t} is before equityTime[${bad - 1}] ${prevT}`);
    throw new Error(`equityValue[${bad}]: ${String(e)} is not a finite number`);
  }
  if (!Number.isFinite(prevT)) throw new Error(`equityTime[${len - 1}]: ${prevT} is not a finite number`);
  {
    if (prevClose === 0) zeroBase = true;
    const r = last / prevClose - 1;
    nRet++;
    const d = r - meanRet;
    meanRet += d / nRet;
    m2Ret += d * (r - meanRet);
    if (r < 0) down2 += r * r;
  }
  if (inDrawdown) {
    const dur = prevT - peakTime;
    if (dur > maxDur) maxDur = dur;
  }

  m.maxDrawdown = maxDd;
  m.maxDrawdownPct = maxDdPct;
  m.maxDrawdownDurationMs = maxDur;

  const span = prevT - t0;
  const growth = last / c0;
  m.cagrPct = span > 0 && growth >= 0 ? fin((Math.pow(growth, (365.25 * DAY_MS) / span) - 1) * 100) : null;

  if (zeroBase) {
    m.sharpe = null;
    m.sortino = null;
  } else {
    const std = nRet >= 2 ? Math.sqrt(m2Ret / (nRet - 1)) : 0;
    m.sharpe = std > 0 ? fin((meanRet / std) * SQRT_365) : null;
    const downDev = Math.sqrt(down2 / nRet);
    m.sortino = downDev > 0 ? fin((meanRet / downDev) * SQRT_365) : null;
  }
  m.calmar = m.cagrPct === null || maxDdPct === 0 ? null : fin(m.cagrPct / maxDdPct);
}

function checkBars(barsInMarket: number, totalBars: number): void {
  if (!Number.isInteger(totalBars) || totalBars < 0) {
    throw new Error(`totalBars: ${String(totalBars)} is not a non-negative integer`);
  }
  if (!Number.isInteger(barsInMarket) || barsInMarket < 0) {
    throw new Error(`barsInMarket: ${String(barsInMarket)} is not a non-negative integer`);
  }
  if (barsInMarket > totalBars) {
    throw new Error(`barsInMarket: ${barsInMarket} exceeds totalBars ${totalBars}`);
  }
}

/**
 * Every metric of docs/metrics.md from the closed trades and the equity curve. O(trades) plus one
 * pass over the equity arrays (the trades are sorted by exit time only when they are not already).
 * Throws on bad input, naming the field and the value.
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const { initialCapital, trades, equityTime, equityValue, barsInMarket, totalBars } = input;
  checkCapital(initialCapital);
  checkBars(barsInMarket, totalBars);
  const m = nullMetrics();
  fillTradeMetrics(m, trades, initialCapital);
  fillEquityMetrics(m, equityTime, equityValue, initialCapital);
  m.exposurePct = totalBars === 0 ? null : fin((barsInMarket / totalBars) * 100);
  return m;
}

/** The metrics {@link isInfiniteProfitFactor} reads (a `Metrics` object or a stored metric record). */
export type ProfitFactorInputs = Readonly<Partial<Record<'profitFactor' | 'grossLoss' | 'grossProfit', number | null>>>;

/**
 * True when the profit factor is infinite: no losing trade and some profit (then `profitFactor` is
 * null). The one rule every view and stored flag follows.
 */
export function isInfiniteProfitFactor(m: ProfitFactorInputs): boolean {
  return m.profitFactor === null && m.grossLoss === 0 && typeof m.grossProfit === 'number' && m.grossProfit > 0;
}
