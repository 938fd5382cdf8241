import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'candlelab/layers').map((m) => m.message);
}

describe('ESLint encodes the layers (eslint.config.js, rule candlelab/layers)', () => {
  it('reports imports against the direction of the layers: static, dynamic, re-export and worker URL', async () => {
    expect(await layerMessages('src/core/x.ts', `import Dexie from 'dexie';\nexport const d = Dexie;\n`)).toEqual(['Layer violation: core imports package dexie']);
    expect(await layerMessages('src/core/x.ts', `export { openDb } from '../data/db';\n`)).toEqual(['Layer violation: core imports ../data/db (data)']);
    expect(await layerMessages('src/ui/x.ts', `export const m = () => import('../../workers/compute/tasks');\n`)).toHaveLength(1);
    expect(await layerMessages('src/ui/x.ts', `export const w = new URL('../../workers/data/data.worker.ts', import.meta.url);\n`)).toHaveLength(1);
  });

  it('accepts imports that point inward', async () => {
    expect(await layerMessages('src/ui/x.ts', `import { sma } from '../core/indicators';\nimport { database } from '../app/db-service';\nexport const v = [sma, database];\n`)).toEqual([]);
    expect(await layerMessages('src/app/x.ts', `export const w = new URL('../../workers/data/data.worker.ts', import.meta.url);\n`)).toEqual([]);
  });
});
