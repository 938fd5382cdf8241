import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Dependencies point inward only: ui → app → workers/data → core. Each layer lists the layers
 * and packages it may import; anything else is a violation.
 */
type Layer = 'core' | 'data' | 'workers' | 'app' | 'ui' | 'cli';

const RULES: Record<Layer, { layers: Layer[]; packages: string[] }> = {
  core: { layers: ['core'], packages: ['technicalindicators', 'decimal.js'] },
  data: { layers: ['data', 'core'], packages: ['dexie', 'ccxt', 'decimal.js'] },
  workers: { layers: ['workers', 'data', 'core'], packages: ['comlink', 'dexie', 'ccxt', 'decimal.js'] },
  app: { layers: ['app', 'workers', 'data', 'core'], packages: ['solid-js', 'workbox-window', 'comlink', 'decimal.js'] },
  ui: { layers: ['ui', 'app', 'core'], packages: ['solid-js', '@solidjs/router', 'lightweight-charts', '@tanstack/solid-virtual', '@observablehq/plot', 'decimal.js'] },
  cli: { layers: ['cli', 'core'], packages: ['decimal.js'] },
};
/** Test files may also use Node, the test runner and the shared test support. */
const TEST_PACKAGES = ['vitest', 'fake-indexeddb', 'technicalindicators', 'comlink'];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function layerOf(file: string): Layer | null {
  const rel = relative(root, file).split('\\').join('/') + '/';
  if (rel.startsWith('src/core/')) return 'core';
  if (rel.startsWith('src/data/')) return 'data';
  if (rel.startsWith('workers/')) return 'workers';
  if (rel.startsWith('src/app/')) return 'app';
  if (rel.startsWith('src/ui/')) return 'ui';
  if (rel.startsWith('src/cli/')) return 'cli';
  return null;
}

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

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function violations(file: string, source: string): string[] {
  const layer = layerOf(file);
  if (!layer) return [];
  const isTest = /\.test\.tsx?$|[/\\](test-support|testing)[/\\]/.test(file);
  const rule = RULES[layer];
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const tl = layerOf(target);
      const rel = relative(root, target).split('\\').join('/');
      if (isTest && rel.startsWith('tests/support')) continue;
      if (tl === null || !rule.layers.includes(tl)) out.push(`${layer} imports ${spec} (${tl ?? rel})`);
      continue;
    }
    if (spec.startsWith('node:')) {
      if (!(isTest || layer === 'cli')) out.push(`${layer} imports ${spec}`);
      continue;
    }
    const pkg = packageName(spec);
    if (rule.packages.includes(pkg)) continue;
    if (isTest && TEST_PACKAGES.includes(pkg)) continue;
    if (spec.startsWith('virtual:')) {
      if (layer === 'app') continue;
    }
    out.push(`${layer} imports package ${spec}`);
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
