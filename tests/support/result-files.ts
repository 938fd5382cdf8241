/**
 * Backtest result files built in Node from real candles, for the result-file unit tests and the
 * report end-to-end tests: the backtest runs with `runBacktestRequest` on a shared candle file and
 * its result is wrapped in the app's export format (`candlelab.backtest-result`).
 */
import { DEFAULT_BACKTEST_CONFIG, type BacktestConfig } from '../../src/core/backtest/config';
import { jobReport, jobResult, type BacktestJobConfig } from '../../src/core/backtest/job';
import { runBacktestRequest, type BacktestReport } from '../../src/core/backtest/request';
import { buildResultFile, resultOfFile, serializeResultFile, type ResultFile } from '../../src/core/backtest/result-file';
import type { Timeframe } from '../../src/core/candles/timeframe';
import { sliceCandles, type CandleColumns } from '../../src/core/candles/types';
import type { StrategyParams } from '../../src/core/strategy/types';
import { loadSharedCandles } from './shared-data';
import { importBacktestResult, writeCandles, type CandlelabDb } from '../../src/data';

/** One backtest to run and wrap. */
export interface ResultFileSpec {
  name: string;
  /** Shared-data symbol, e.g. `BTCUSDT` (file `binance_BTCUSDT_<tf>.csv`). */
  symbol: string;
  timeframe: Timeframe;
  /** A preset or strategy id; SCRIPTED needs `script`. */
  strategy: string;
  params?: StrategyParams;
  script?: string;
  /** Open-time window of the trading bars (UTC ms, inclusive). */
  from?: number;
  to?: number;
  /** Overrides of the engine defaults. */
  config?: Partial<BacktestConfig>;
}

/** The built file, its canonical text and the report it wraps. */
export interface BuiltResultFile {
  file: ResultFile;
  text: string;
  report: BacktestReport;
}

/** `BTCUSDT` → `BTC/USDT`: the symbol the Markets import gives a `binance_BTCUSDT_1h.csv` file. */
export function appSymbol(shared: string): string {
  return shared.endsWith('USDT') ? `${shared.slice(0, -4)}/USDT` : shared;
}

/**
 * The job configuration snapshot of a spec, as the Backtests page queues it: exchange, symbols,
 * timeframe, strategy, its parameters (and script), the window and the engine settings
 * (`backtest`).
 */
export function configSnapshot(spec: ResultFileSpec): BacktestJobConfig {
  const cfg: BacktestJobConfig = {
    exchange: 'binance',
    symbols: [appSymbol(spec.symbol)],
    timeframe: spec.timeframe,
    strategy: spec.strategy,
    params: { ...(spec.params ?? {}) },
    from: spec.from ?? null,
    to: spec.to ?? null,
    backtest: engineConfig(spec),
  };
  if (spec.script !== undefined) cfg.script = spec.script;
  return cfg;
}

function engineConfig(spec: ResultFileSpec): BacktestConfig {
  const engine: BacktestConfig = { ...DEFAULT_BACKTEST_CONFIG, ...spec.config };
  return { ...engine, sizing: { ...engine.sizing } };
}

/**
 * Runs the spec's backtest on the shared candles and wraps the result as the app exports a
 * completed job: the configuration snapshot with the run's `report` (settings, strategy, summary)
 * that the queue adds on completion, the trades, the per-bar equity points, the metrics and the
 * breakdowns (computed from the trades).
 */
export function buildResultFileFromCandles(spec: ResultFileSpec, candles?: CandleColumns): BuiltResultFile {
  const engine = engineConfig(spec);
  const report = runBacktestRequest({
    config: engine,
    strategy: { name: spec.strategy, params: spec.params, ...(spec.script === undefined ? {} : { script: spec.script }) },
    series: [{ symbol: appSymbol(spec.symbol), timeframe: spec.timeframe, candles: candles ?? loadSharedCandles(spec.symbol, spec.timeframe) }],
    from: spec.from,
    to: spec.to,
  });
  const config = configSnapshot(spec);
  config.report = jobReport(report);
  const file = buildResultFile({ name: spec.name, config, ...jobResult(report) });
  return { file, text: serializeResultFile(file), report };
}

/**
 * A signal script firing every `every` bars on the first `count` signal bars of `candles`
 * (alternating LONG and SHORT, stop and target `pct` percent, confidence cycling through the five
 * levels), for results with many trades.
 */
export function frequentSignalScript(candles: CandleColumns, symbol: string, count: number, every: number, pct: number): string {
  const confidences = [0.95, 0.8, 0.65, 0.5, 0.3];
  const lines = ['time,symbol,direction,stopPct,targetPct,confidence'];
  for (let k = 0; k < count; k++) {
    const i = k * every;
    if (i >= candles.time.length - 1) throw new RangeError(`count: ${count} signals every ${every} bars need more than ${candles.time.length} candles`);
    lines.push(`${candles.time[i]},${symbol},${k % 2 === 0 ? 'LONG' : 'SHORT'},${pct},${pct},${confidences[k % 5]}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Stores `built` as a completed backtest in `db` with the candles it ran on (the shared BTCUSDT 1h
 * file, as an import would store them); returns the job's number.
 */
export async function storeBuiltBacktest(db: CandlelabDb, built: BuiltResultFile): Promise<number> {
  await writeCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, loadSharedCandles('BTCUSDT', '1h'), { source: 'file', label: 'binance_BTCUSDT_1h.csv' });
  const f = built.file;
  const job = await importBacktestResult(db, { name: f.job.name, config: f.job.config }, resultOfFile(f));
  return job.seq;
}

/**
 * A result of 10,000 scripted trades on BTCUSDT 1m (a signal every 4 bars, closed by stop, target
 * or a 3-bar time limit), for the report's end-to-end test and benchmark.
 */
export function tenThousandTradeResult(): BuiltResultFile {
  const candles = sliceCandles(loadSharedCandles('BTCUSDT', '1m'), 0, 40_100);
  const script = frequentSignalScript(candles, appSymbol('BTCUSDT'), 10_000, 4, 0.15);
  return buildResultFileFromCandles(
    { name: 'BTC scripted 1m, 10k trades', symbol: 'BTCUSDT', timeframe: '1m', strategy: 'SCRIPTED', script, config: { maxBars: 3, exitOnOpposite: true } },
    candles,
  );
}
