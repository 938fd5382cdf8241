import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildCli, cliBundleStale, CLI_BUNDLE } from '../../build-cli.mjs';
import { createRng } from '../../../src/core/util/rng';
import { SHARED_DATA_DIR } from '../../../tests/support/shared-data';
import type { BenchResult, BenchSuite } from '../types';

/** Whole-process goals of the bundled command line (wall time, node startup included). */
const STARTUP_GOAL_MS = 500;
const BACKTEST_GOAL_MS = 500;
/** A big nonsense file must be read in bounded memory with capped output. */
const NONSENSE_MB = 200;
const NONSENSE_RSS_GOAL_MB = 512;
const NONSENSE_OUTPUT_GOAL_BYTES = 64 * 1024;

interface ProcessRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: readonly string[], cwd: string): ProcessRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Median wall time of `runs` runs of `node …args` after one untimed run; throws when a run fails. */
function medianProcessMs(args: readonly string[], cwd: string, runs: number, okStatus = 0): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const r = runNode(args, cwd);
    if (r.status !== okStatus) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i > 0) times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** A header and then ~`mb` MB of seeded nonsense: random words, numbers, wrong field counts. */
function writeNonsense(path: string, mb: number): void {
  const rng = createRng(9);
  const words = ['foo', 'bar', 'NaN', 'x', '0x1f', '', '-3', '1e400', 'lorem ipsum', '2021-01-01'];
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'timestamp,open,high,low,close,volume\n');
    for (let size = 0; size < mb * 1024 * 1024; ) {
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++) {
        if (rng.next() < 0.5) {
          const p = () => (rng.next() * 100).toFixed(2);
          lines.push(`${Math.floor(rng.next() * 1e12)},${p()},${p()},${p()},${p()},${(rng.next() * 1000).toFixed(1)}`);
        } else {
          lines.push(Array.from({ length: 1 + rng.int(9) }, () => words[rng.int(words.length)]).join(','));
        }
      }
      const text = `${lines.join('\n')}\n`;
      writeSync(fd, text);
      size += text.length;
    }
  } finally {
    closeSync(fd);
  }
}

const suite: BenchSuite = {
  name: 'cli',
  async run(): Promise<BenchResult[]> {
    if (cliBundleStale()) await buildCli();
    const dir = mkdtempSync(join(tmpdir(), 'candlelab-bench-cli-'));
    try {
      const nodeMs = medianProcessMs(['-e', '0'], dir, 7);
      const startupMs = medianProcessMs([CLI_BUNDLE, '--help'], dir, 7);

      const btc = join(SHARED_DATA_DIR, 'binance_BTCUSDT_1h.csv');
      const backtest = [CLI_BUNDLE, 'backtest', '--candles', btc, '--timeframe', '1h', '--strategy', 'BALANCED', '--out', 'r.json'];
      const backtestMs = medianProcessMs(backtest, dir, 5);
      const engineMs = (JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { engineMs: number }).engineMs;

      // The whole check of a 200 MB nonsense file, with the child's peak memory.
      const nonsense = join(dir, 'nonsense.csv');
      writeNonsense(nonsense, NONSENSE_MB);
      const probe =
        `const m = await import(${JSON.stringify(pathToFileURL(CLI_BUNDLE).href)});` +
        `process.on('exit', () => process.stderr.write('maxRSS=' + process.resourceUsage().maxRSS + '\\n'));` +
        `m.main(['check', '--candles', ${JSON.stringify(nonsense)}, '--timeframe', '1h', '--json']);`;
      const check = runNode(['--input-type=module', '-e', probe], dir);
      const rssMb = Number(/maxRSS=(\d+)/.exec(check.stderr)?.[1] ?? NaN) / 1024;
      const listed = check.stdout.length > 0 ? (JSON.parse(check.stdout) as { invalid: unknown[]; invalidCount: number }) : null;

      return [
        {
          name: 'cli:startup',
          ms: startupMs,
          referenceMs: nodeMs,
          ratio: startupMs / nodeMs,
          goal: `ms <= ${STARTUP_GOAL_MS}`,
          ok: startupMs <= STARTUP_GOAL_MS,
        },
        {
          name: 'cli:backtest-btc-1h',
          ms: backtestMs,
          referenceMs: nodeMs,
          ratio: backtestMs / nodeMs,
          extra: { engineMs },
          goal: `ms <= ${BACKTEST_GOAL_MS}`,
          ok: backtestMs <= BACKTEST_GOAL_MS,
        },
        {
          name: `cli:check-nonsense-${NONSENSE_MB}mb`,
          ms: check.ms,
          referenceMs: null,
          ratio: null,
          extra: { maxRssMb: rssMb, outputBytes: check.stdout.length, listed: listed?.invalid.length ?? 0, invalidCount: listed?.invalidCount ?? 0 },
          goal: `maxRssMb <= ${NONSENSE_RSS_GOAL_MB}, output <= ${NONSENSE_OUTPUT_GOAL_BYTES} bytes`,
          ok: check.status === 1 && rssMb <= NONSENSE_RSS_GOAL_MB && check.stdout.length <= NONSENSE_OUTPUT_GOAL_BYTES && listed?.invalid.length === 100,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default suite;
