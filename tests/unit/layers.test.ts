import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layerViolation } from '../../scripts/lint/layers.mjs';

/**
 * Dependencies point inward only: ui → app → workers/data → core. The rules live in
 * scripts/lint/layers.mjs, shared with the ESLint rule `candlelab/layers`; this test walks every
 * source file with them, including the `new URL(…, import.meta.url)` worker references.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;

export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

export function violations(file: string, source: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    const v = layerViolation(root, file, spec);
    if (v) out.push(v);
  }
  return out;
}

describe('layer boundaries', () => {
  const files = [...walk(join(root, 'src')), ...walk(join(root, 'workers'))];

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('no file imports against the direction of the layers', () => {
    const found: string[] = [];
    for (const f of files) {
      for (const v of violations(f, readFileSync(f, 'utf8'))) found.push(`${relative(root, f)}: ${v}`);
    }
    expect(found).toEqual([]);
  });

  it('the checker itself catches each kind of violation', () => {
    const core = join(root, 'src/core/x.ts');
    const ui = join(root, 'src/ui/x.tsx');
    expect(violations(core, `import Dexie from 'dexie';`)).toHaveLength(1);
    expect(violations(core, `import { binance } from 'ccxt';`)).toHaveLength(1);
    expect(violations(core, `import { createSignal } from 'solid-js';`)).toHaveLength(1);
    expect(violations(core, `import * as Comlink from 'comlink';`)).toHaveLength(1);
    expect(violations(core, `import { x } from '../data/db';`)).toHaveLength(1);
    expect(violations(core, `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
    expect(violations(ui, `import Dexie from 'dexie';`)).toHaveLength(1);
    expect(violations(ui, `import { db } from '../data/db';`)).toHaveLength(1);
    expect(violations(ui, `import * as Comlink from 'comlink';`)).toHaveLength(1);
    expect(violations(ui, `const m = await import('../../workers/x');`)).toHaveLength(1);
    expect(violations(join(root, 'src/data/x.ts'), `import { s } from '../app/store';`)).toHaveLength(1);
    expect(violations(ui, `import { db } from '../../data';`)).toHaveLength(1);
    expect(violations(ui, `import { s } from '../app/store';\nimport { sma } from '../core/indicators';`)).toEqual([]);
  });
});
