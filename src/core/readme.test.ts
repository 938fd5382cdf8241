import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/** The fenced blocks of a Markdown text with the given info string, in order. */
function blocks(markdown: string, info: string): string[] {
  const out: string[] = [];
  const re = new RegExp('^```' + info + '\\n([\\s\\S]*?)^```', 'gm');
  for (const m of markdown.matchAll(re)) out.push(m[1]);
  return out;
}

describe('src/core/README.md', () => {
  it('its backtest from plain data runs as written and prints what the README says', () => {
    const readme = readFileSync(join(here, 'README.md'), 'utf8');
    const [code] = blocks(readme, 'ts');
    const [printed] = blocks(readme, 'text');
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(8);
    const dir = mkdtempSync(join(tmpdir(), 'candlelab-readme-'));
    const file = join(dir, 'snippet.ts');
    writeFileSync(file, code.replace("from './index'", `from ${JSON.stringify(join(here, 'index.ts'))}`));
    const run = spawnSync('npx', ['tsx', file], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(printed);
  });
});
