import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../support/shared-data';
import { runCli, tempDir } from '../../src/cli/testing';
import { parseStandardCsv } from '../../src/core/candles/csv';
import { parseCandleFile } from '../../src/core/candles/formats';
import { cleanCandles } from '../../src/core/candles/hygiene';
import { CANDLE_FIELDS, type CandleColumns } from '../../src/core/candles/types';
import { DEMO_SYMBOLS, generateDemoSeries } from '../../src/core/demo/demo-market';
import { readCandles, type CandlelabDb } from '../../src/data';
import { memoryDb } from '../../src/data/testing/memory-db';
import { createTaskContext } from '../../workers/bridge';
import { digestPage } from '../../workers/data/backfill-task';
import { importCandles } from '../../workers/data/import-task';

/**
 * One messy candle file through every path that reads candles: the command line (check, convert,
 * backtest), the app's import worker, the backfill's page digest and the demo generator. They all
 * go through `cleanCandles`, so they keep the same candles and name the same bad rows.
 */
const HEADER = 'timestamp,open,high,low,close,volume';
const BTC = readFileSync(sharedDataPath('binance_BTCUSDT_1h.csv'), 'utf8').split('\n').slice(1).filter((l) => l !== '');

function messyFile(): string {
  const rows = BTC.slice(0, 600).map((l) => l.split(','));
  const out = rows.map((f, i) => {
    if (i === 10) return [f[0], f[1], f[2], f[3], ' ', f[5]]; // blank close
    if (i === 20) return [f[0], f[1], '0x10', f[3], f[4], f[5]]; // hex
    if (i === 30) return [f[0], `-${f[1]}`, f[2], f[3], f[4], f[5]]; // negative price
    if (i === 40) return [f[0], f[1], f[3], f[2], f[4], f[5]]; // high below low
    if (i === 50) return [String(Number(f[0]) + 60_000), ...f.slice(1)]; // off the 1h grid
    return f;
  });
  [out[70], out[71]] = [out[71], out[70]]; // out of order
  out.splice(100, 0, [rows[60][0], rows[60][1], rows[60][2], rows[60][3], rows[60][4], '999']); // a later row for hour 60
  return `${[HEADER, ...out.map((f) => f.join(','))].join('\n')}\n`;
}

function expectSameCandles(a: CandleColumns, b: CandleColumns): void {
  for (const f of CANDLE_FIELDS) expect(Array.from(a[f]), f).toEqual(Array.from(b[f]));
}

let db: CandlelabDb;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(() => db.close());

describe('one candle hygiene for every path', () => {
  const dir = tempDir();
  const text = messyFile();
  writeFileSync(join(dir, 'binance_BTCUSDT_1h.csv'), text);

  it('the CLI, the import worker and the backfill keep the same candles and name the same bad rows', async () => {
    const check = runCli(['check', '--candles', 'binance_BTCUSDT_1h.csv', '--json'], dir);
    expect(check.code).toBe(1);
    const cli = JSON.parse(check.stdout);
    expect(cli.invalid.map((p: { line: number }) => p.line)).toEqual([12, 22, 32, 42, 52]);
    expect(cli.invalid[0].reason).toBe('close is empty');
    expect(cli.invalid[1].reason).toBe('high: "0x10" is not a number');
    expect(cli.duplicates).toBe(1);
    expect(cli.rows).toBe(595);
    expect(runCli(['convert', '--in', 'binance_BTCUSDT_1h.csv', '--out', 'clean.csv'], dir).code).toBe(0);
    const converted = parseStandardCsv(readFileSync(join(dir, 'clean.csv'), 'utf8'));
    expect(converted.volume[Array.from(converted.time).indexOf(Number(BTC[60].split(',')[0]))]).toBe(999);

    const report = await importCandles(db, { fileName: 'binance_BTCUSDT_1h.csv', text, now: Date.UTC(2030, 0, 1) }, createTaskContext(new AbortController().signal, () => {}));
    expect(report.invalid).toEqual(cli.invalid);
    expect([report.imported, report.duplicates, report.invalidCount, report.gapCount, report.missing]).toEqual([
      cli.rows,
      cli.duplicates,
      cli.invalidCount,
      cli.gapCount,
      cli.missing,
    ]);
    expectSameCandles(await readCandles(db, { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }), converted);

    const rows = parseCandleFile(text).rows;
    const page = digestPage(rows, '1h', rows.time[0], converted.time[converted.time.length - 1], Date.UTC(2030, 0, 1));
    expectSameCandles(page.candles, converted);
    expect(page.rejected).toBe(cleanCandles(rows, '1h').invalidCount);
  });

  it('a backtest that skips the bad rows runs on exactly the candles the import stores', () => {
    const argv = (file: string, out: string) => ['backtest', '--candles', file, '--symbol', 'BTCUSDT', '--timeframe', '1h', '--strategy', 'AGGRESSIVE', '--out', out];
    expect(runCli(argv('binance_BTCUSDT_1h.csv', 'messy.json'), dir).code).toBe(1);
    expect(runCli([...argv('binance_BTCUSDT_1h.csv', 'messy.json'), '--skip-bad-rows'], dir).code).toBe(0);
    expect(runCli(['convert', '--in', 'binance_BTCUSDT_1h.csv', '--out', 'clean.csv'], dir).code).toBe(0);
    expect(runCli(argv('clean.csv', 'clean.json'), dir)).toMatchObject({ code: 0, stderr: '' });
    const strip = (f: string) => readFileSync(join(dir, f), 'utf8').replace(/^ {2}"engineMs": [^\n]*\n/m, '');
    expect(strip('messy.json')).toBe(strip('clean.json'));
  });

  it('the demo market comes out of the hygiene pass unchanged', () => {
    const start = Date.UTC(2024, 0, 1);
    const c = generateDemoSeries(DEMO_SYMBOLS[0], { seed: 1, start, end: start + 30 * 86_400_000 });
    const again = cleanCandles(c, '5m');
    expect([again.invalidCount, again.duplicates, again.gapCount]).toEqual([0, 0, 0]);
    expectSameCandles(again.candles, c);
  });
});
