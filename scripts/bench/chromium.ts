/**
 * Running bench suites in the system Chromium: build a set of pages with Vite into a temporary
 * folder, serve it on a free loopback port, open it in a persistent profile (IndexedDB on disk, as
 * for a user), and clean everything up afterwards.
 *
 * - {@link withBenchPages}: pages of `scripts/bench/browser/` (each an `.html` entry with its
 *   script, and any worker it starts).
 * - {@link withBuiltApp}: the app itself, built with the project's Vite config (service worker
 *   included), exactly as `npm run build` makes it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build } from 'vite';
import { chromiumExecutable, CHROMIUM_ARGS } from '../../tests/support/chromium';
import { serveStatic } from '../../tests/support/static-server';

const here = dirname(fileURLToPath(import.meta.url));
export const BENCH_PAGES_DIR = join(here, 'browser');
const REPO_ROOT = resolve(here, '../..');

/** What a suite's body receives: a page of the profile and the served site's origin. */
export interface ChromiumSession {
  page: Page;
  baseUrl: string;
}

async function withServedBuild<T>(buildInto: (outDir: string) => Promise<void>, fn: (s: ChromiumSession) => Promise<T>): Promise<T> {
  const outDir = await mkdtemp(join(tmpdir(), 'candlelab-bench-site-'));
  const profile = await mkdtemp(join(tmpdir(), 'candlelab-bench-profile-'));
  try {
    await buildInto(outDir);
    const server = await serveStatic(outDir);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      args: CHROMIUM_ARGS,
      headless: true,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(300_000);
      return await fn({ page, baseUrl: server.url });
    } finally {
      await context.close();
      await server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

/** Builds the named `.html` pages of `scripts/bench/browser/` and runs `fn` in Chromium. */
export function withBenchPages<T>(pages: string[], fn: (s: ChromiumSession) => Promise<T>): Promise<T> {
  return withServedBuild(async (outDir) => {
    await build({
      root: BENCH_PAGES_DIR,
      configFile: false,
      logLevel: 'error',
      worker: { format: 'es' },
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: { input: Object.fromEntries(pages.map((p) => [p.replace(/\.html$/, ''), join(BENCH_PAGES_DIR, p)])) },
      },
    });
  }, fn);
}

/** Builds the app (the project's `vite.config.ts`) and runs `fn` in Chromium. */
export function withBuiltApp<T>(fn: (s: ChromiumSession) => Promise<T>): Promise<T> {
  return withServedBuild(async (outDir) => {
    await build({ root: REPO_ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  }, fn);
}
