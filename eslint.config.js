// ESLint: typescript-eslint's recommended rules, Solid's rules for components, and the
// project's layer rule (scripts/lint/layers.mjs, shared with tests/unit/layers.test.ts).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import solid from 'eslint-plugin-solid/configs/typescript';
import tseslint from 'typescript-eslint';
import { layerViolation } from './scripts/lint/layers.mjs';

const root = dirname(fileURLToPath(import.meta.url));

/** Reports every import (static, dynamic, re-export, worker URL) that points against the layers. */
const layersRule = {
  meta: { type: 'problem', docs: { description: 'dependencies point inward only: ui → app → workers/data → core' }, schema: [] },
  create(context) {
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      const why = layerViolation(root, context.filename, spec);
      if (why) context.report({ node, message: `Layer violation: ${why}` });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      NewExpression(node) {
        const [first, second] = node.arguments;
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'URL' || first?.type !== 'Literal') return;
        if (second?.type === 'MemberExpression' && second.object.type === 'MetaProperty') check(first, first.value);
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-cli/', 'dev-dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/ui/**/*.tsx'],
    ...solid,
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: globals.browser, sourceType: 'script' },
  },
  {
    // Tests build damaged records and quote values digit for digit; published coefficients keep every digit their source gives.
    files: ['**/*.test.ts', '**/testing/**', '**/test-support/**', 'src/core/robustness/stats.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-loss-of-precision': 'off' },
  },
  {
    plugins: { candlelab: { rules: { layers: layersRule } } },
    rules: {
      'candlelab/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
