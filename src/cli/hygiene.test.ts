import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataPath } from '../../tests/support/shared-data';
import { runCli, tempDir } from './testing';

const HOUR = 3_600_000;
const HEADER = 'timestamp,open,high,low,close,volume';
/** The real BTCUSDT 1h data lines (without the header), as written. */
const BTC = readFileSync(sharedDataPath('binance_BTCUSDT_1h.csv'), 'utf8').split('\n').slice(1).filter((l) => l !== '');

/** Real BTCUSDT 1h rows 0…n-1, with `edit(fields, i)` applied to each row's cells; a null result drops the row. */
function btcFile(n: number, edit: (f: string[], i: number) => string[] | null = (f) => f): string {
  const out = [HEADER];
  for (let i = 0; i < n; i++) {
    const f = edit(BTC[i].split(','), i);
    if (f !== null) out.push(f.join(','));
  }
  return `${out.join('\n')}\n`;
}

/** The report text without its one varying key. */
function canonical(text: string): string {
  return text.replace(/^ {2}"engineMs": [^\n]*\n/m, '');
}

const BAD: Array<[string, (f: string[]) => string[], RegExp]> = [
  ['a blank close cell', (f) => [f[0], f[1], f[2], f[3], ' ', f[5]], /line 302: close is empty/],
  ['a hex number', (f) => [f[0], f[1], '0x10', f[3], f[4], f[5]], /line 302: high: "0x10" is not a number/],
  ['a negative price', (f) => [f[0], `-${f[1]}`, f[2], f[3], f[4], f[5]], /line 302: open: -\d+(\.\d+)? is not a positive price/],
  ['high below low', (f) => [f[0], f[1], f[3], f[2], f[4], f[5]], /line 302: high \d+(\.\d+)? is below low \d+(\.\d+)?/],
];

describe('every command that computes on candles refuses bad rows, naming line, field and value', () => {
  const dir = tempDir();

  it.each(BAD)('backtest, indicator and bias-check refuse %s; --skip-bad-rows leaves the row out and says so', (_name, edit, message) => {
    writeFileSync(join(dir, 'binance_BTCUSDT_1h.csv'), btcFile(2000, (f, i) => (i === 300 ? edit(f) : f)));
    const before = readdirSync(dir).sort();
    const commands = [
      ['backtest', '--candles', 'binance_BTCUSDT_1h.csv', '--timeframe', '1h', '--strategy', 'AGGRESSIVE', '--out', 'r.json'],
      ['indicator', '--candles', 'binance_BTCUSDT_1h.csv', '--name', 'rsi', '--out', 'rsi.csv'],
      ['bias-check', '--candles', 'binance_BTCUSDT_1h.csv', '--timeframe', '1h', '--strategy', 'AGGRESSIVE', '--samples', '2'],
    ];
    for (const argv of commands) {
      const r = runCli(argv, dir);
      expect(r.code, argv[0]).toBe(1);
      expect(r.stderr).toMatch(/^error: --candles binance_BTCUSDT_1h\.csv: 1 bad rows .*--skip-bad-rows/);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(readdirSync(dir).sort()).toEqual(before);

    // Skipped: the same report as on the file without that row.
    const skipped = runCli([...commands[0], '--skip-bad-rows'], dir);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toMatch(/^warning: --candles binance_BTCUSDT_1h\.csv: skipped 1 bad rows \(--skip-bad-rows\):\n/);
    expect(skipped.stderr).toMatch(message);
    const withSkip = canonical(readFileSync(join(dir, 'r.json'), 'utf8'));
    writeFileSync(join(dir, 'binance_BTCUSDT_1h.csv'), btcFile(2000, (f, i) => (i === 300 ? null : f)));
    expect(runCli(commands[0], dir)).toMatchObject({ code: 0, stderr: '' });
    expect(withSkip).toBe(canonical(readFileSync(join(dir, 'r.json'), 'utf8')));
  });

  it('duplicate open times keep the last row, as on import, with a warning', () => {
    const file = btcFile(500, (f, i) => (i === 100 ? [BTC[99].split(',')[0], ...f.slice(1)] : f));
    writeFileSync(join(dir, 'binance_BTCUSDT_1h.csv'), file);
    const r = runCli(['indicator', '--candles', 'binance_BTCUSDT_1h.csv', '--name', 'sma', '--period', '3'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: --candles binance_BTCUSDT_1h.csv: 1 rows repeat an earlier open time; the last row of each open time is used\n');
    expect(r.stdout.split('\n').length).toBe(1 + 499 + 1);
  });
});

describe('open times in seconds or microseconds', () => {
  const dir = tempDir();
  const seconds = btcFile(300, (f) => [String(Number(f[0]) / 1000), ...f.slice(1)]);
  const micros = btcFile(300, (f) => [String(Number(f[0]) * 1000), ...f.slice(1)]);
  writeFileSync(join(dir, 'binance_SECUSDT_1h.csv'), seconds);
  writeFileSync(join(dir, 'binance_MICUSDT_1h.csv'), micros);

  it.each([
    ['binance_SECUSDT_1h.csv', /line 2: timestamp 1617566400 is not an open time in UTC milliseconds .*looks like seconds \(2021-04-04T20:00:00\.000Z\)/],
    ['binance_MICUSDT_1h.csv', /line 2: timestamp 1617566400000000 is not an open time in UTC milliseconds .*looks like microseconds \(2021-04-04T20:00:00\.000Z\)/],
  ])('%s is refused by indicator as by backtest', (file, message) => {
    const ind = runCli(['indicator', '--candles', file, '--name', 'sma', '--period', '5'], dir);
    const bt = runCli(['backtest', '--candles', file, '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'x.json'], dir);
    for (const r of [ind, bt]) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });
});

describe('indicator: a period longer than the data is an error', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'binance_BTCUSDT_1h.csv'), btcFile(30));

  it.each([
    [['--name', 'sma', '--period', '31'], /--period: 31 needs 31 candles for its first value, longer than the data: binance_BTCUSDT_1h\.csv has 30 candles/],
    [['--name', 'rsi', '--period', '30'], /--period: 30 needs 31 candles/],
    [['--name', 'macd'], /--name macd fast=12 slow=26 signal=9 needs 34 candles for its first value/],
  ])('%j', (flags, message) => {
    const r = runCli(['indicator', '--candles', 'binance_BTCUSDT_1h.csv', ...flags], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('a period that fits gives its values', () => {
    const r = runCli(['indicator', '--candles', 'binance_BTCUSDT_1h.csv', '--name', 'sma', '--period', '30'], dir);
    expect(r.code).toBe(0);
    const last = r.stdout.trim().split('\n').at(-1) as string;
    const closes = BTC.slice(0, 30).map((l) => Number(l.split(',')[4]));
    expect(Number(last.split(',')[1])).toBeCloseTo(closes.reduce((s, x) => s + x, 0) / 30, 8);
  });
});

describe('scripted signals that can fire nowhere are reported', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'binance_BTCUSDT_1h.csv'), btcFile(200));
  const t = (i: number) => Number(BTC[i].split(',')[0]);
  writeFileSync(
    join(dir, 'signals.csv'),
    [
      'time,symbol,direction,stopPct,targetPct',
      `${t(10)},BTCUSDT,LONG,0,0`, // 2: fires
      `${t(20)},ETHUSDT,LONG,0,0`, // 3: no such symbol
      `${t(30) + 1_800_000},BTCUSDT,SHORT,0,0`, // 4: half past: no bar
      `${t(199) + 10 * HOUR},BTCUSDT,LONG,0,0`, // 5: after the data
      `${t(40)},SOLUSDT,SHORT,0,0`, // 6: no such symbol
    ].join('\n'),
  );

  it('backtest warns with counts and the first rows, and still runs', () => {
    const r = runCli(
      ['backtest', '--candles', 'binance_BTCUSDT_1h.csv', '--timeframe', '1h', '--strategy', 'scripted', '--signals', 'signals.csv', '--out', 's.json'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'warning: --signals signals.csv: 4 of 5 signals can fire nowhere and are not traded:\n' +
        '  2 name no symbol of the run (BTCUSDT): line 3: ETHUSDT LONG at 2021-04-05 16:00; line 6: SOLUSDT SHORT at 2021-04-06 12:00\n' +
        "  2 name no candle's open time: line 4: BTCUSDT SHORT at 2021-04-06 02:30; line 5: BTCUSDT LONG at 2021-04-13 13:00\n",
    );
    const report = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(report.trades.map((x: { entryTime: number }) => x.entryTime)).toEqual([t(11)]);
  });

  it('bias-check gives the same warning', () => {
    const r = runCli(['bias-check', '--candles', 'binance_BTCUSDT_1h.csv', '--timeframe', '1h', '--strategy', 'scripted', '--signals', 'signals.csv', '--samples', '2'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: --signals signals\.csv: 4 of 5 signals can fire nowhere/);
  });
});

describe('check and convert on big and broken files', () => {
  const dir = tempDir();

  it('list the first 100 problems and count the rest; check exits 1 when any row is bad', () => {
    const lines = [HEADER];
    for (let i = 0; i < 5000; i++) lines.push(`${Date.UTC(2024, 0, 1) + i * HOUR},1,0.5,2,1,${i % 2 ? 'x' : '1'}`);
    writeFileSync(join(dir, 'bad.csv'), lines.join('\n'));
    const json = runCli(['check', '--candles', 'bad.csv', '--timeframe', '1h', '--json'], dir);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.invalid.length).toBe(100);
    expect(report.invalidCount).toBe(5000);
    expect(report.invalid.map((p: { line: number }) => p.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(report.invalid[0].reason).toBe('high 0.5 is below low 2; high 0.5 is below max(open, close) 1; low 2 is above min(open, close) 1');
    expect(report.invalid[1].reason).toBe('volume: "x" is not a number');
    expect(json.stdout.length).toBeLessThan(20_000);
    const text = runCli(['check', '--candles', 'bad.csv', '--timeframe', '1h'], dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('invalid rows  5000\n');
    expect(text.stdout).toContain('  … 4980 more\n');
    expect(text.stdout.split('\n').length).toBeLessThan(50);
  });

  it('convert exits 1 and writes nothing when no row is a valid candle', () => {
    writeFileSync(join(dir, 'none.csv'), `${HEADER}\n1704067200000,1,0.5,2,1,1\n1704070800000,1,2,0.5,abc,1\n`);
    const r = runCli(['convert', '--in', 'none.csv', '--out', 'none-out.csv', '--timeframe', '1h'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: --in none\.csv: no valid candle to write \(2 bad rows\); nothing written to none-out\.csv\n {2}line 2: high 0\.5 is below low 2/);
    expect(existsSync(join(dir, 'none-out.csv'))).toBe(false);
  });

  it('a header error quotes at most 200 characters of a huge first line, and a huge row is skipped, not held', () => {
    writeFileSync(join(dir, 'wide.csv'), `${'nonsense,'.repeat(200_000)}\n1,2,3\n`);
    for (const argv of [
      ['check', '--candles', 'wide.csv'],
      ['convert', '--in', 'wide.csv', '--out', 'wide-out.csv'],
      ['backtest', '--candles', 'wide.csv', '--symbol', 'X', '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'w.json'],
      ['indicator', '--candles', 'wide.csv', '--name', 'sma'],
    ]) {
      const r = runCli(argv, dir);
      expect(r.code, argv[0]).toBe(1);
      expect(r.stderr).toMatch(/unrecognised candle file \(1800007 characters\): first line "(nonsense,?)+…"/);
      expect(r.stderr.length).toBeLessThan(1000);
      expect((r.stderr.match(/nonsense/g) ?? []).length).toBeLessThanOrEqual(200 / 'nonsense,'.length);
    }
    const big = `${HEADER}\n${BTC[0]}\n${'9'.repeat(3_000_000)}\n${BTC[1]}\n`;
    writeFileSync(join(dir, 'long-row.csv'), big);
    const r = runCli(['check', '--candles', 'long-row.csv', '--timeframe', '1h', '--json'], dir);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, invalid: [{ line: 3, reason: 'longer than 1048576 characters' }], invalidCount: 1 });
  });
});
