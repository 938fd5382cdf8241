import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult, BenchSuite } from './types';

/**
 * `npm run bench [-- --json] [-- --filter <text>]`: runs every suite in ./suites and prints
 * a table (or `{"results":[...]}` with --json).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const fi = args.indexOf('--filter');
  const filter = fi >= 0 ? args[fi + 1] : undefined;
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'suites');
  const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  const results: BenchResult[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: BenchSuite };
    const suite = mod.default;
    if (filter && !suite.name.includes(filter)) continue;
    if (!json) process.stderr.write(`running ${suite.name}…\n`);
    for (const r of await suite.run()) {
      results.push(r);
      if (!json) process.stderr.write(`  ${r.name}: ${r.ms.toFixed(2)} ms\n`);
    }
  }
  if (json) {
    process.stdout.write(JSON.stringify({ results }, null, 2) + '\n');
    return;
  }
  const rows = results.map((r) => [
    r.name,
    r.ms.toFixed(2),
    r.referenceMs === null ? '—' : r.referenceMs.toFixed(2),
    r.ratio === null ? '—' : r.ratio.toFixed(2),
    r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`).join(' ') : '',
    r.goal ? `${r.goal} ${r.ok ? 'met' : 'MISSED'}` : '',
  ]);
  const head = ['name', 'ms', 'referenceMs', 'ratio', 'extra', 'goal'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
