/**
 * Builds the command line into one ES module, `dist-cli/candlelab.mjs`, that plain `node` runs
 * (the `candlelab` bin of package.json): `src/cli/main.ts` and everything it imports bundled by
 * esbuild, with a `<bundle>.inputs.json` beside it listing the source files it was built from.
 *
 * `node scripts/build-cli.mjs` builds it (part of `npm run build`); `cliBundleStale` tells whether
 * a source file changed since, which `scripts/cli.mjs` (`npm run cli`) uses to rebuild on demand.
 * Plain JavaScript, so that it runs before anything is compiled.
 */
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_ENTRY = join(ROOT, 'src/cli/main.ts');
export const CLI_BUNDLE = join(ROOT, 'dist-cli/candlelab.mjs');
/** Files whose change makes any bundle stale, besides the sources it was built from. */
const BUILD_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'package.json'), join(ROOT, 'package-lock.json')];

function inputsFile(outfile) {
  return `${outfile}.inputs.json`;
}

/** Bundles the CLI into `outfile` (default `dist-cli/candlelab.mjs`); resolves when it is written. */
export async function buildCli(outfile = CLI_BUNDLE) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    entryPoints: [CLI_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  chmodSync(outfile, 0o755);
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(ROOT, p));
  writeFileSync(inputsFile(outfile), `${JSON.stringify({ inputs }, null, 1)}\n`);
}

/** Whether `outfile` is missing or older than a file it was built from (or the build setup). */
export function cliBundleStale(outfile = CLI_BUNDLE) {
  let built;
  let inputs;
  try {
    built = statSync(outfile).mtimeMs;
    inputs = JSON.parse(readFileSync(inputsFile(outfile), 'utf8')).inputs;
  } catch {
    return true;
  }
  for (const p of [...inputs, ...BUILD_INPUTS]) {
    try {
      if (statSync(p).mtimeMs > built) return true;
    } catch {
      return true;
    }
  }
  return false;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? resolve(process.argv[2]) : CLI_BUNDLE;
  await buildCli(out);
  process.stdout.write(`built ${out}\n`);
}
