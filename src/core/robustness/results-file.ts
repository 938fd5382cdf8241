/**
 * Optimisation results as JSON lines, the format `optimise` writes and `merge` combines.
 *
 * Line 1 is the header: the run's configuration, the number of candidates and the shard (`i/n`;
 * `1/1` for a whole run). Every other line is one evaluation, in index order. Each line is
 * `JSON.stringify` of an object built with a fixed key order, so the same run gives the same bytes;
 * merging the shards of a run gives exactly the lines of the unsharded run.
 */
import type { Evaluation } from './evaluation';

export const RESULTS_FORMAT = 'candlelab-optimisation/1';

export interface ResultsHeader {
  format: string;
  /** Everything that defines the run (strategy, data, settings, optimiser configuration). */
  run: Record<string, unknown>;
  total: number;
  shard: string;
}

export function headerLine(run: Record<string, unknown>, total: number, shard: { i: number; n: number }): string {
  return JSON.stringify({ format: RESULTS_FORMAT, run, total, shard: `${shard.i}/${shard.n}` });
}

export function evaluationLine(e: Evaluation): string {
  return JSON.stringify({ index: e.index, params: e.params, score: e.score, error: e.error, metrics: e.metrics, returns: e.returns });
}

/** The results file text: the header, then the evaluations in index order. */
export function resultsText(run: Record<string, unknown>, total: number, shard: { i: number; n: number }, evals: readonly Evaluation[]): string {
  const lines = [headerLine(run, total, shard), ...[...evals].sort((a, b) => a.index - b.index).map(evaluationLine)];
  return `${lines.join('\n')}\n`;
}

/** Parses a results file; `name` prefixes errors. */
export function parseResults(text: string, name: string): { header: ResultsHeader; evaluations: Evaluation[] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new RangeError(`${name}: empty (expected a header line)`);
  let header: ResultsHeader;
  try {
    header = JSON.parse(lines[0]) as ResultsHeader;
  } catch (e) {
    throw new RangeError(`${name}: line 1 is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (header.format !== RESULTS_FORMAT) throw new RangeError(`${name}: line 1 format ${JSON.stringify(header.format)} is not ${RESULTS_FORMAT}`);
  const evaluations = lines.slice(1).map((l, i) => {
    try {
      return JSON.parse(l) as Evaluation;
    } catch (e) {
      throw new RangeError(`${name}: line ${i + 2} is not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  });
  return { header, evaluations };
}

/**
 * Merges the shards of one run: every file must have the same run and total, the shards must be
 * 1..n of the same n, each once, and together hold every index once. Returns the whole run's text.
 */
export function mergeResults(files: ReadonlyArray<{ name: string; text: string }>): { text: string; header: ResultsHeader; evaluations: Evaluation[] } {
  if (files.length === 0) throw new RangeError('--in: none given (name every shard file)');
  const parsed = files.map((f) => ({ name: f.name, ...parseResults(f.text, f.name) }));
  const first = parsed[0];
  const runKey = JSON.stringify(first.header.run);
  const n = Number(first.header.shard.split('/')[1]);
  const seenShards = new Map<number, string>();
  const byIndex = new Map<number, Evaluation>();
  for (const p of parsed) {
    if (JSON.stringify(p.header.run) !== runKey || p.header.total !== first.header.total) {
      throw new RangeError(`${p.name}: a shard of another run than ${first.name} (configuration or size differs)`);
    }
    const [i, m] = p.header.shard.split('/').map(Number);
    if (m !== n) throw new RangeError(`${p.name}: shard ${p.header.shard}, but ${first.name} is one of ${n}`);
    const dup = seenShards.get(i);
    if (dup !== undefined) throw new RangeError(`${p.name}: shard ${p.header.shard} is given twice (also ${dup})`);
    seenShards.set(i, p.name);
    for (const e of p.evaluations) {
      if (byIndex.has(e.index)) throw new RangeError(`${p.name}: evaluation ${e.index} is in two shards`);
      byIndex.set(e.index, e);
    }
  }
  for (let i = 1; i <= n; i++) if (!seenShards.has(i)) throw new RangeError(`--in: shard ${i}/${n} is missing`);
  for (let k = 0; k < first.header.total; k++) if (!byIndex.has(k)) throw new RangeError(`--in: evaluation ${k} of ${first.header.total} is missing`);
  const evaluations = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return { text: resultsText(first.header.run, first.header.total, { i: 1, n: 1 }, evaluations), header: first.header, evaluations };
}
