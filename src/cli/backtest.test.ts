import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import type { BacktestReport } from '../core/backtest/request';
import { runCli, tempDir } from './testing';

const PRESETS = ['BALANCED', 'AGGRESSIVE', 'CONSERVATIVE', 'SCALPER', 'SWING'];
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const file = (symbol: string, tf = '1h') => sharedDataPath(`binance_${symbol}_${tf}.csv`);

function readReport(path: string): BacktestReport {
  return JSON.parse(readFileSync(path, 'utf8')) as BacktestReport;
}

describe('backtest: every preset on real 1h candles', () => {
  const dir = tempDir();
  for (const preset of PRESETS) {
    it.each(SYMBOLS)(`${preset} on %s gives trades and metrics`, (symbol) => {
      const out = `${preset}-${symbol}.json`;
      const r = runCli(['backtest', '--candles', file(symbol), '--timeframe', '1h', '--strategy', preset, '--out', out], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const report = readReport(join(dir, out));
      expect(report.trades.length).toBeGreaterThan(0);
      expect(report.metrics.totalTrades).toBe(report.trades.length);
      expect(report.strategy).toMatchObject({ name: preset, id: 'SIGNAL_ENGINE', preset });
      expect(report.trades.every((t) => t.symbol === symbol)).toBe(true);
      // Percent flags: the default fee 0.1 % is the fraction 0.001; the CLI's default slippage is 0.
      expect(report.config.feeRate).toBeCloseTo(0.001, 15);
      expect(report.config.slippage).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^${preset} on ${symbol} \\(1h\\)`));
      expect(r.stdout).toMatch(new RegExp(`trades +${report.trades.length.toLocaleString('en-US')} `));
      expect(r.stdout).toContain(`wrote ${out}`);
    });
  }
});

describe('backtest: metrics in result.json, checked independently', () => {
  const dir = tempDir();
  const out = join(dir, 'result.json');
  const code = runCli(
    ['backtest', '--candles', file('ETHUSDT'), '--timeframe', '1h', '--strategy', 'AGGRESSIVE', '--fee', '0.075', '--out', out],
    dir,
  ).code;
  const report = readReport(out);
  const C0 = 10_000;
  const close = (a: number | null, b: number) => {
    expect(a).not.toBeNull();
    expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
  };

  it('ran', () => {
    expect(code).toBe(0);
    expect(report.trades.length).toBeGreaterThan(50);
    expect(report.config.feeRate).toBeCloseTo(0.00075, 15);
  });

  it('totalPnl, winRate and profitFactor from the trades', () => {
    const pnl = report.trades.map((t) => t.pnl);
    const total = pnl.reduce((s, x) => s + x, 0);
    const wins = pnl.filter((x) => x > 0);
    const losses = pnl.filter((x) => x < 0);
    close(report.metrics.totalPnl, total);
    close(report.metrics.winRate, wins.length / pnl.length);
    close(report.metrics.profitFactor, wins.reduce((s, x) => s + x, 0) / -losses.reduce((s, x) => s + x, 0));
    // The equity curve ends at the cash after every exit.
    close(report.equity[report.equity.length - 1][1], C0 + total);
  });

  it('maxDrawdownPct and sharpe from the equity points', () => {
    const values = [C0, ...report.equity.map((p) => p[1])];
    let peak = -Infinity;
    let maxDd = 0;
    for (const v of values) {
      peak = Math.max(peak, v);
      maxDd = Math.max(maxDd, ((peak - v) / peak) * 100);
    }
    close(report.metrics.maxDrawdownPct, maxDd);
    // Daily closes: C0, then the last equity of each UTC day.
    const lastOfDay = new Map<number, number>();
    for (const [t, v] of report.equity) lastOfDay.set(Math.floor(t / 86_400_000), v);
    const closes = [C0, ...lastOfDay.values()];
    const r = closes.slice(1).map((v, i) => v / closes[i] - 1);
    const mean = r.reduce((s, x) => s + x, 0) / r.length;
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1));
    close(report.metrics.sharpe, (mean / sd) * Math.sqrt(365));
  });
});

describe('backtest: result.json is the canonical report plus engineMs', () => {
  it('two runs give the same bytes but for the engineMs line, which holds the time in the engine', () => {
    const dir = tempDir();
    const argv = (out: string) => ['backtest', '--candles', file('SOLUSDT'), '--timeframe', '1h', '--strategy', 'SWING', '--out', out];
    expect(runCli(argv('a.json'), dir).code).toBe(0);
    expect(runCli(argv('b.json'), dir).code).toBe(0);
    const a = readFileSync(join(dir, 'a.json'), 'utf8');
    const b = readFileSync(join(dir, 'b.json'), 'utf8');
    const line = /^ {2}"engineMs": (\d+(?:\.\d+)?),\n/m;
    expect(a).toMatch(line);
    expect(Number(line.exec(a)?.[1])).toBeGreaterThan(0);
    expect(a.replace(line, '')).toBe(b.replace(line, ''));
    const { engineMs, ...report } = JSON.parse(a);
    expect(engineMs).toBe(Number(line.exec(a)?.[1]));
    expect(Object.keys(report).sort()).toEqual(['config', 'equity', 'metrics', 'skipped', 'strategy', 'summary', 'trades']);
  });
});

describe('backtest: portfolio, windows and scripts', () => {
  it('runs several --candles files as one portfolio', () => {
    const dir = tempDir();
    const r = runCli(
      ['backtest', ...SYMBOLS.flatMap((s) => ['--candles', file(s)]), '--timeframe', '1h', '--strategy', 'SCALPER', '--max-open', '2', '--out', 'p.json'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = readReport(join(dir, 'p.json'));
    expect(report.summary.series.map((s) => s.symbol)).toEqual(SYMBOLS);
    expect(new Set(report.trades.map((t) => t.symbol)).size).toBe(3);
    expect(report.config.maxOpenTrades).toBe(2);
    // With at most two positions, at no time are three open.
    const events = report.trades.flatMap((t) => [
      [t.entryTime, 1],
      [t.exitTime, -1],
    ]);
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    for (const [, d] of events) {
      open += d;
      expect(open).toBeLessThanOrEqual(2);
    }
    expect(report.skipped.some((s) => s.reason === 'max open trades (2) reached')).toBe(true);
  });

  it('trades only between --from and --to', () => {
    const dir = tempDir();
    const r = runCli(
      ['backtest', '--candles', file('BTCUSDT'), '--timeframe', '1h', '--strategy', 'balanced', '--from', '2022-01-01', '--to', '2022-06-30T23:00Z', '--out', 'w.json'],
      dir,
    );
    expect(r.code).toBe(0);
    const report = readReport(join(dir, 'w.json'));
    const from = Date.UTC(2022, 0, 1);
    const to = Date.UTC(2022, 5, 30, 23);
    expect(report.equity[0][0]).toBe(from);
    expect(report.equity[report.equity.length - 1][0]).toBe(to);
    expect(report.trades.length).toBeGreaterThan(0);
    for (const t of report.trades) {
      expect(t.signalTime).toBeGreaterThanOrEqual(from);
      expect(t.exitTime).toBeLessThanOrEqual(to);
    }
  });

  it('replays --signals with --strategy scripted and the symbol from --symbol', () => {
    const dir = tempDir();
    const rows = readFileSync(file('BTCUSDT'), 'utf8').split('\n').slice(1, 201).join('\n');
    writeFileSync(join(dir, 'btc.csv'), `timestamp,open,high,low,close,volume\n${rows}\n`);
    const times = rows.split('\n').map((l) => Number(l.split(',')[0]));
    writeFileSync(
      join(dir, 'signals.csv'),
      `time,symbol,direction,stopPct,targetPct\n${times[10]},BTC/USDT,LONG,0,0\n${times[50]},BTCUSDT,SHORT,0,0\n${new Date(times[120]).toISOString()},btcusdt,LONG,0,0\n`,
    );
    const r = runCli(
      ['backtest', '--candles', 'btc.csv', '--symbol', 'BTCUSDT', '--timeframe', '1h', '--strategy', 'scripted', '--signals', 'signals.csv', '--sizing', 'fixed:1000', '--out', 's.json'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = readReport(join(dir, 's.json'));
    // LONG at 11, reversed at the open of 51, reversed again at 121, closed at the end (bar 199).
    expect(report.trades.map((t) => [t.direction, t.entryTime, t.exitTime, t.exitReason])).toEqual([
      ['LONG', times[11], times[51], 'SIGNAL'],
      ['SHORT', times[51], times[121], 'SIGNAL'],
      ['LONG', times[121], times[199], 'END'],
    ]);
    expect(report.strategy).toMatchObject({ name: 'SCRIPTED', scriptRows: 3 });
  });

  it('reads --strategy config.json with parameters', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hma.json'), JSON.stringify({ strategy: 'HMA_SMA', params: { higher_tf_1: '4h', higher_tf_2: '1d', sma_period: 100 } }));
    const r = runCli(['backtest', '--candles', file('SOLUSDT'), '--timeframe', '1h', '--strategy', 'hma.json', '--out', 'h.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = readReport(join(dir, 'h.json'));
    expect(report.strategy).toMatchObject({ id: 'HMA_SMA', params: { higher_tf_1: '4h', higher_tf_2: '1d', sma_period: 100, hma_period: 200 } });
    expect(report.trades.length).toBeGreaterThan(0);
  });
});

describe('backtest: bad input exits 1, names the flag and writes nothing', () => {
  const btc = file('BTCUSDT');
  const base = ['--candles', btc, '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'out.json'];
  const dir = tempDir();
  writeFileSync(join(dir, 'binance_BADUSDT_1h.csv'), 'time,o,h,l,c,v\n1,2,3,1,2,5\n');
  const lines = readFileSync(btc, 'utf8').split('\n');
  writeFileSync(join(dir, 'binance_FEWUSDT_1h.csv'), `${lines.slice(0, 31).join('\n')}\n`);
  writeFileSync(join(dir, 'range.json'), JSON.stringify({ strategy: 'BALANCED', params: { rsi_period: 500 } }));
  writeFileSync(join(dir, 'unknown-param.json'), JSON.stringify({ strategy: 'SWING', params: { rsi_len: 14 } }));
  writeFileSync(join(dir, 'no-name.json'), JSON.stringify({ params: {} }));
  writeFileSync(join(dir, 'broken.json'), '{"strategy": ');
  writeFileSync(join(dir, 'bad-signals.csv'), 'time,symbol,direction,stopPct,targetPct\n2022-01-01,BTCUSDT,UP,1,2\n');
  const before = readdirSync(dir).sort();

  const cases: Array<[string, string[], RegExp]> = [
    ['bad header', ['backtest', '--candles', 'binance_BADUSDT_1h.csv', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'o.json'], /--candles binance_BADUSDT_1h\.csv: unrecognised candle file \(27 characters\): first line "time,o,h,l,c,v" \(6 fields, not a known header\); accepted formats: standard CSV/],
    ['flag given twice', ['backtest', ...base, '--strategy', 'MOON'], /--strategy: given twice \("BALANCED" and "MOON"\)/],
    ['unknown strategy name', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'MOON', '--out', 'o.json'], /--strategy: "MOON" is not a strategy or preset/],
    ['parameter out of range', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'range.json', '--out', 'o.json'], /--strategy range\.json: rsi_period: 500 is out of range \[2, 100\]/],
    ['unknown parameter', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'unknown-param.json', '--out', 'o.json'], /--strategy unknown-param\.json: rsi_len: 14 is not a parameter/],
    ['config without a strategy', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'no-name.json', '--out', 'o.json'], /--strategy no-name\.json: strategy: missing is not a strategy name/],
    ['config not JSON', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'broken.json', '--out', 'o.json'], /--strategy broken\.json: not valid JSON/],
    ['missing config file', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'nope.json', '--out', 'o.json'], /--strategy: cannot read "nope\.json" \(no such file\)/],
    ['timeframe not matching the data', ['backtest', '--candles', btc, '--timeframe', '4h', '--strategy', 'BALANCED', '--out', 'o.json'], /--timeframe: "4h" does not match the candles: their most common step is 1h/],
    ['unknown timeframe', ['backtest', '--candles', btc, '--timeframe', '2h', '--strategy', 'BALANCED', '--out', 'o.json'], /--timeframe: "2h" is not a timeframe/],
    ['fewer candles than the warm-up', ['backtest', '--candles', 'binance_FEWUSDT_1h.csv', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'o.json'], /--candles binance_FEWUSDT_1h\.csv: 30 candles, fewer than the 50 bars BALANCED needs to warm up/],
    ['window before the warm-up', ['backtest', ...base, '--to', '2021-04-05'], /--candles .*: 5 candles up to --to 2021-04-05, fewer than the 50 bars/],
    ['window without candles', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'BALANCED', '--from', '2025-01-01', '--out', 'o.json'], /--candles .*: no candle between --from 2025-01-01 and --to \(end\)/],
    ['from after to', ['backtest', ...base, '--from', '2022-02-01', '--to', '2022-01-01'], /--from: 2022-02-01 is after --to 2022-01-01/],
    ['bad --from', ['backtest', ...base, '--from', 'yesterday'], /--from: "yesterday" is not an ISO 8601 time/],
    ['scripted without --signals', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'scripted', '--out', 'o.json'], /--signals: missing/],
    ['bad signal script', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'scripted', '--signals', 'bad-signals.csv', '--out', 'o.json'], /--signals bad-signals\.csv: line 2: direction "UP" is not LONG or SHORT/],
    ['--signals without scripted', ['backtest', ...base, '--signals', 'bad-signals.csv'], /--signals: given, but --strategy BALANCED is not scripted/],
    ['HMA_SMA higher timeframe equal to the base', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'HMA_SMA', '--out', 'o.json'], /--strategy HMA_SMA: higher_tf_1: "1h" is not longer than the base timeframe 1h/],
    ['--symbol with two files', ['backtest', ...base, '--candles', file('ETHUSDT'), '--symbol', 'X'], /--symbol: "X" can name the symbol of one --candles file only \(2 given\)/],
    ['same symbol twice', ['backtest', ...base, '--candles', btc], /--candles .*: symbol BTCUSDT is already given by/],
    ['symbol not in the file name', ['backtest', '--candles', 'range.json', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'o.json'], /--candles range\.json: cannot tell the symbol from the file name/],
    ['missing candle file', ['backtest', '--candles', 'binance_NOPE_1h.csv', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'o.json'], /--candles: cannot read "binance_NOPE_1h\.csv" \(no such file\)/],
    ['fee not a number', ['backtest', ...base, '--fee', '0.1%'], /--fee: "0\.1%" is not a number/],
    ['fee out of range', ['backtest', ...base, '--fee', '50'], /--fee: 50 is out of range \(must be between 0 and 10 percent\)/],
    ['slippage negative', ['backtest', ...base, '--slippage', '-1'], /--slippage: -1 is out of range/],
    ['initial too small', ['backtest', ...base, '--initial', '50'], /--initial: 50 is out of range \(must be between 100 and 1000000\)/],
    ['bad sizing', ['backtest', ...base, '--sizing', 'all-in'], /--sizing: "all-in" is not a sizing/],
    ['sizing out of range', ['backtest', ...base, '--sizing', 'equity:150'], /--sizing\.value: 150 must be between 0 and 100/],
    ['max-open not an integer', ['backtest', ...base, '--max-open', '1.5'], /--max-open: 1\.5 is not an integer/],
    ['unknown flag', ['backtest', ...base, '--leverage', '10'], /backtest: unknown flag --leverage/],
    ['missing --out', ['backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'BALANCED'], /--out: missing \(required\)/],
    ['missing --candles', ['backtest', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'o.json'], /--candles: missing/],
    ['flag without a value', ['backtest', ...base, '--fee'], /--fee: needs a value/],
    ['positional argument', ['backtest', 'BALANCED', ...base], /backtest: unexpected argument "BALANCED"/],
  ];

  it.each(cases)('%s', (_name, argv, message) => {
    const r = runCli(argv, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('an unknown command exits 1; --help exits 0 and writes the usage', () => {
    expect(runCli(['backtets'], dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/"backtets" is not a command/) });
    const help = runCli(['backtest', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--fee +fee per fill in PERCENT/);
    expect(runCli(['--help'], dir).stdout).toMatch(/bias-check/);
    expect(runCli([], dir).code).toBe(1);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });
});
