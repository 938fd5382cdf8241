/**
 * Sources built from what Candlelab stores and writes: a backtest job (its configuration snapshot
 * and trades — stored in the app or exported as a result file), the command line's backtest report,
 * a paper account's ledger, and the `paper` command's ledger file. The app and the command line
 * build their sources here, so both analyse the same trades the same way.
 */
import { DEFAULT_BACKTEST_CONFIG } from '../backtest/config';
import { RESULT_FILE_FORMAT, strategyOfConfig, validateResultFile } from '../backtest/result-file';
import type { Trade } from '../backtest/trade';
import { isTimeframe, type Timeframe } from '../candles/timeframe';
import { TRADING_DEFAULTS } from '../defaults';
import type { StrategyParams } from '../strategy/types';
import type { AccountLevels } from './levels';
import { signalsOfTrades, backtestSource, type AnalysisSignal, type AnalysisSource, type AnalysisStrategy } from './source';
import { fromPaperTrade, type PaperTradeInput } from './trade';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

/** A backtest job's configuration snapshot: the fields the analysis reads. */
export interface JobConfigLike {
  strategy: string;
  timeframe?: unknown;
  [key: string]: unknown;
}

/** The initial capital of a job: its engine settings', the completed run's, or the default. */
export function jobInitialCapital(cfg: JobConfigLike): number {
  const bt = isObject(cfg.backtest) ? positive(cfg.backtest.initialCapital) : null;
  const report = isObject(cfg.report) && isObject(cfg.report.config) ? positive(cfg.report.config.initialCapital) : null;
  return bt ?? report ?? DEFAULT_BACKTEST_CONFIG.initialCapital;
}

/** The strategy of a job as the analysis names it: the name chosen, its preset and complete parameters. */
export function jobStrategy(cfg: JobConfigLike): AnalysisStrategy | null {
  const s = strategyOfConfig(cfg);
  return s === null ? null : { name: cfg.strategy, preset: s.preset, params: { ...s.params } };
}

/** A backtest job's trades as a source (the app's stored job, or a result file's `job`). */
export function jobSource(label: string, cfg: JobConfigLike, trades: readonly Trade[]): AnalysisSource {
  return backtestSource({
    label,
    trades,
    initialCapital: jobInitialCapital(cfg),
    strategy: jobStrategy(cfg),
    timeframe: isTimeframe(cfg.timeframe) ? cfg.timeframe : null,
  });
}

/**
 * Capital the SYSTEM book is measured against: it trades a fixed size per signal and holds no
 * balance, so its return and Sharpe are read against the default initial balance.
 */
export const SYSTEM_BOOK_CAPITAL = TRADING_DEFAULTS.initialBalance;

/** A paper book (an account's trades, or the SYSTEM trades) as a source. */
export function paperSource(input: {
  label: string;
  trades: readonly PaperTradeInput[];
  initialBalance: number;
  strategy: AnalysisStrategy | null;
  account: AccountLevels | null;
  timeframe: Timeframe | null;
  /** The signals the book saw; null to take each trade's own signal. */
  signals: AnalysisSignal[] | null;
  /** Names the trades in error messages (default `trades`). */
  where?: string;
}): AnalysisSource {
  const where = input.where ?? 'trades';
  const trades = input.trades.map((t, i) => fromPaperTrade(t, `${where}[${i}]`));
  return {
    label: input.label,
    trades,
    initialCapital: input.initialBalance,
    strategy: input.strategy,
    account: input.account,
    timeframe: input.timeframe,
    signals: input.signals ?? signalsOfTrades(trades),
  };
}

/** Which book of a ledger to analyse: the account's trades or the SYSTEM trades. */
export type LedgerBook = 'account' | 'system';

/** The file kinds {@link sourceFromJson} reads. */
export type AnalysisFileKind = 'result-file' | 'backtest-report' | 'paper-ledger';

function strategyOfReport(v: unknown, name?: unknown): AnalysisStrategy | null {
  if (!isObject(v) || !isObject(v.params)) return null;
  const params: StrategyParams = {};
  for (const [k, p] of Object.entries(v.params)) if (typeof p === 'number' || typeof p === 'string' || typeof p === 'boolean') params[k] = p;
  const label = typeof name === 'string' ? name : typeof v.name === 'string' ? v.name : typeof v.id === 'string' ? v.id : 'strategy';
  return { name: label, preset: typeof v.preset === 'string' ? v.preset : null, params };
}

function tradesOf(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new RangeError(`${field}: ${v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 40)} is not a list of trades`);
  return v;
}

/** What kind of analysis input a parsed JSON file is; throws naming what is missing. */
export function analysisFileKind(json: unknown): AnalysisFileKind {
  if (!isObject(json)) throw new RangeError('file: is not a JSON object (a result file, a backtest report or a paper ledger)');
  if (json.format === RESULT_FILE_FORMAT) return 'result-file';
  if (Array.isArray(json.trades) && Array.isArray(json.equity) && isObject(json.summary) && isObject(json.config)) return 'backtest-report';
  if (Array.isArray(json.trades) && (typeof json.initialBalance === 'string' || json.trades.some((t) => isObject(t) && typeof t.entryPrice === 'string'))) return 'paper-ledger';
  if (Array.isArray(json.trades) && json.trades.length === 0) return 'paper-ledger';
  throw new RangeError(
    `file: not a result file ("format": "${RESULT_FILE_FORMAT}"), a backtest report (trades, equity, summary, config) or a paper ledger (trades with decimal-string prices)`,
  );
}

/**
 * The source in a parsed JSON file: an app result file (checked field by field), a `backtest`
 * report of the command line, or a `paper` ledger (`book` picks the account's trades or the SYSTEM
 * trades). `label` names it in the report. Throws a RangeError naming the bad field.
 */
export function sourceFromJson(json: unknown, label: string, book: LedgerBook = 'account'): AnalysisSource {
  const kind = analysisFileKind(json);
  const o = json as Record<string, unknown>;
  if (kind === 'result-file') {
    const file = validateResultFile(json);
    return jobSource(label, file.job.config, file.trades);
  }
  if (kind === 'backtest-report') {
    const cfg = o.config as Record<string, unknown>;
    const summary = o.summary as Record<string, unknown>;
    const series = Array.isArray(summary.series) ? summary.series : [];
    const tf = isObject(series[0]) ? series[0].timeframe : undefined;
    const trades = tradesOf(o.trades, 'trades') as Trade[];
    trades.forEach((t, i) => {
      if (!isObject(t) || typeof t.pnl !== 'number' || typeof t.entryPrice !== 'number') throw new RangeError(`trades[${i}]: is not a backtest trade`);
    });
    return backtestSource({
      label,
      trades,
      initialCapital: positive(cfg.initialCapital) ?? DEFAULT_BACKTEST_CONFIG.initialCapital,
      strategy: strategyOfReport(o.strategy),
      timeframe: isTimeframe(tf) ? tf : null,
    });
  }
  const settings = isObject(o.settings) ? o.settings : null;
  const account: AccountLevels | null =
    settings !== null && typeof settings.stopLossPct === 'number' && typeof settings.takeProfitPct === 'number'
      ? { stopLossPct: settings.stopLossPct, takeProfitPct: settings.takeProfitPct }
      : null;
  const system = isObject(o.system) ? o.system : null;
  const raw = book === 'system' ? tradesOf(system?.trades, 'system.trades') : tradesOf(o.trades, 'trades');
  const prefix = book === 'system' ? 'system.trades' : 'trades';
  const systemTrades = system !== null && Array.isArray(system.trades) ? system.trades : null;
  const signals: AnalysisSignal[] = [];
  (systemTrades ?? []).forEach((t) => {
    if (isObject(t) && typeof t.signalTime === 'number' && typeof t.confidence === 'number' && typeof t.symbol === 'string' && (t.direction === 'LONG' || t.direction === 'SHORT')) {
      signals.push({ time: t.signalTime, symbol: t.symbol, direction: t.direction, confidence: t.confidence });
    }
  });
  const initial = typeof o.initialBalance === 'string' ? Number(o.initialBalance) : NaN;
  return paperSource({
    label,
    trades: raw as PaperTradeInput[],
    where: prefix,
    initialBalance: book === 'system' ? SYSTEM_BOOK_CAPITAL : Number.isFinite(initial) && initial > 0 ? initial : TRADING_DEFAULTS.initialBalance,
    strategy: strategyOfReport(o.strategy),
    account: book === 'system' ? null : account,
    timeframe: isTimeframe(o.timeframe) ? o.timeframe : null,
    signals: systemTrades !== null ? signals : null,
  });
}
