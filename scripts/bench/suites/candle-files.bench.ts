import type { BenchResult, BenchSuite } from '../types';
import { medianMs, ratio } from '../timing';
import { createRng } from '../../../src/core/util/rng';
import { parseCandleFile } from '../../../src/core/candles/formats';
import { cleanCandles } from '../../../src/core/candles/hygiene';

const N = 1_000_000;
const GOAL_MS = 2000;

/** A standard-format CSV of `n` 1m candles from a seeded random walk, prices to 2 decimals. */
function syntheticCsv(n: number, seed: number): string {
  const rng = createRng(seed);
  const lines: string[] = ['timestamp,open,high,low,close,volume'];
  let p = 30_000;
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = p;
    const close = Math.round(open * (1 + rng.normal() * 0.002) * 100) / 100;
    const high = Math.round(Math.max(open, close) * (1 + rng.next() * 0.001) * 100) / 100;
    const low = Math.round(Math.min(open, close) * (1 - rng.next() * 0.001) * 100) / 100;
    const volume = Math.round(rng.next() * 1e8) / 1e6;
    lines.push(`${t0 + i * 60_000},${open},${high},${low},${close},${volume}`);
    p = close;
  }
  return lines.join('\n') + '\n';
}

/** The plainest reading of the same text: split into lines and fields, Number() each field. */
function referenceParse(text: string): number {
  const lines = text.split('\n');
  let n = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i] !== '') n++;
  const cols = [0, 1, 2, 3, 4, 5].map(() => new Float64Array(n));
  let k = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const parts = lines[i].split(',');
    for (let j = 0; j < 6; j++) cols[j][k] = Number(parts[j]);
    k++;
  }
  return k;
}

const suite: BenchSuite = {
  name: 'candle-files',
  async run(): Promise<BenchResult[]> {
    const text = syntheticCsv(N, 4242);
    let candles = 0;
    let problems = 0;
    const ms = medianMs(
      () => {
        const parsed = parseCandleFile(text);
        const report = cleanCandles(parsed.rows, '1m');
        candles = report.candles.time.length;
        problems = parsed.rowErrors.length + report.invalid.length + report.duplicates + report.gaps.length;
      },
      5,
      1,
    );
    const parsedOnce = parseCandleFile(text);
    const cleanMs = medianMs(() => cleanCandles(parsedOnce.rows, '1m'), 5, 1);
    let refRows = 0;
    const referenceMs = medianMs(
      () => {
        refRows = referenceParse(text);
      },
      5,
      1,
    );
    return [
      {
        name: 'import:parse-1M',
        ms,
        referenceMs,
        ratio: ratio(ms, referenceMs),
        extra: { cleanMs, candles, referenceRows: refRows, problems, megabytes: text.length / 1e6 },
        goal: `ms <= ${GOAL_MS}`,
        ok: ms <= GOAL_MS && candles === N && refRows === N && problems === 0,
      },
    ];
  },
};

export default suite;
