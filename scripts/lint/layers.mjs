/**
 * The project's layers and what each may import: dependencies point inward only,
 * ui → app → workers/data → core. Read by the ESLint rule `candlelab/layers`
 * (eslint.config.js) and by the layer test (tests/unit/layers.test.ts).
 */
import { dirname, relative, resolve } from 'node:path';

/** @typedef {'core' | 'data' | 'workers' | 'app' | 'ui' | 'cli'} Layer */

/** @type {Record<Layer, { layers: Layer[]; packages: string[] }>} */
export const RULES = {
  core: { layers: ['core'], packages: ['technicalindicators', 'decimal.js'] },
  data: { layers: ['data', 'core'], packages: ['dexie', 'ccxt', 'decimal.js', 'dexie-export-import'] },
  workers: { layers: ['workers', 'data', 'core'], packages: ['comlink', 'dexie', 'ccxt', 'decimal.js', 'dexie-export-import'] },
  app: { layers: ['app', 'workers', 'data', 'core'], packages: ['solid-js', 'workbox-window', 'comlink', 'decimal.js'] },
  ui: { layers: ['ui', 'app', 'core'], packages: ['solid-js', '@solidjs/router', 'lightweight-charts', '@observablehq/plot', 'decimal.js', '@tanstack/solid-virtual'] },
  cli: { layers: ['cli', 'core'], packages: ['decimal.js'] },
};

/** Test files may also use Node, the test runner and the shared test support. */
export const TEST_PACKAGES = ['vitest', 'fake-indexeddb', 'technicalindicators', 'comlink', 'tsx'];

/** The layer a file (absolute path) belongs to, or null outside the layered tree. */
export function layerOf(root, file) {
  const rel = relative(root, file).split('\\').join('/') + '/';
  if (rel.startsWith('src/core/')) return 'core';
  if (rel.startsWith('src/data/')) return 'data';
  if (rel.startsWith('workers/')) return 'workers';
  if (rel.startsWith('src/app/')) return 'app';
  if (rel.startsWith('src/ui/')) return 'ui';
  if (rel.startsWith('src/cli/')) return 'cli';
  return null;
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** True for test files and test support, which may import test tooling and Node. */
export function isTestFile(file) {
  return /\.test\.tsx?$|[/\\](test-support|testing)[/\\]/.test(file);
}

/**
 * Why `file` may not import `spec`, or null when it may.
 * @param {string} root the repository root (absolute)
 * @param {string} file the importing file (absolute)
 * @param {string} spec the import specifier as written
 * @returns {string | null}
 */
export function layerViolation(root, file, spec) {
  const layer = layerOf(root, file);
  if (!layer) return null;
  const isTest = isTestFile(file);
  const rule = RULES[layer];
  if (spec.startsWith('.')) {
    const target = resolve(dirname(file), spec);
    const tl = layerOf(root, target);
    const rel = relative(root, target).split('\\').join('/');
    if (isTest && rel.startsWith('tests/support')) return null;
    if (tl === null || !rule.layers.includes(tl)) return `${layer} imports ${spec} (${tl ?? rel})`;
    return null;
  }
  if (spec.startsWith('node:')) return isTest || layer === 'cli' ? null : `${layer} imports ${spec}`;
  const pkg = packageName(spec);
  if (rule.packages.includes(pkg)) return null;
  if (isTest && TEST_PACKAGES.includes(pkg)) return null;
  if (spec.startsWith('virtual:') && layer === 'app') return null;
  return `${layer} imports package ${spec}`;
}
