import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect, waitForServiceWorker } from './fixtures';
import { chromiumExecutable, CHROMIUM_ARGS } from '../support/chromium';
import { serveStatic } from '../support/static-server';

test('manifest describes an installable standalone app with real icons', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await request.get(href!)).json();
  expect(manifest.name).toContain('Candlelab');
  expect(manifest.short_name).toBe('Candlelab');
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}:${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.headers()['content-type']).toContain('image/png');
    expect((await res.body()).length).toBeGreaterThan(5000);
  }
});

test('Chromium reports the app installable (persistent profile, as a user has)', async ({ baseURL }) => {
  const profile = await mkdtemp(join(tmpdir(), 'candlelab-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    args: CHROMIUM_ARGS,
    baseURL,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await waitForServiceWorker(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('offline: reload and a deep link still work through the service worker', async ({ page, context, errors }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Candlelab' })).toBeVisible();
  await page.goto('/backtests');
  await expect(page.getByRole('heading', { level: 1, name: 'Backtests' })).toBeVisible();
  await page.goto('/robustness');
  await expect(page.getByRole('heading', { level: 1, name: 'Robustness' })).toBeVisible();
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await context.setOffline(false);
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
  errors.length = 0;
});

test('every worker chunk is precached', async ({ page }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  expect(cached).toContain('/index.html');
  const workers = cached.filter((u) => /worker/i.test(u) && u.endsWith('.js') && !u.endsWith('/sw.js'));
  expect(workers.length).toBeGreaterThanOrEqual(1);
});

test.describe('update flow', () => {
  let dir: string;
  let server: { url: string; close(): Promise<void> };
  test.beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'candlelab-dist-'));
    await cp('dist', dir, { recursive: true });
    server = await serveStatic(dir);
  });
  test.afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a waiting version is offered in every tab and Reload activates it once everywhere', async ({ context }) => {
    const a = await context.newPage();
    await a.goto(server.url + '/');
    await waitForServiceWorker(a);
    const b = await context.newPage();
    await b.goto(server.url + '/settings');
    await expect(b.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    const oldScript = await a.evaluate(() => navigator.serviceWorker.controller!.scriptURL);

    const sw = join(dir, 'sw.js');
    await writeFile(sw, (await readFile(sw, 'utf8')) + '\n// release 2\n');
    await b.getByRole('button', { name: 'Check for updates' }).click();

    for (const p of [a, b]) await expect(p.getByTestId('update-banner')).toContainText('New version available', { timeout: 30_000 });
    const loads = { a: 0, b: 0 };
    a.on('load', () => loads.a++);
    b.on('load', () => loads.b++);
    await a.getByTestId('update-banner').getByRole('button', { name: 'Reload' }).click();
    // Each tab reloads when the new version takes control.
    await expect.poll(() => loads).toEqual({ a: 1, b: 1 });
    for (const p of [a, b]) {
      await p.waitForLoadState('load');
      // The switch is over: the page is controlled by the active worker and nothing else is on
      // its way, so no further change of controller (and reload) can come.
      await p.waitForFunction(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        const controller = navigator.serviceWorker.controller;
        return controller !== null && reg?.active?.scriptURL === controller.scriptURL && reg.active.state === 'activated' && !reg.waiting && !reg.installing;
      });
      await expect(p.getByTestId('update-banner')).toHaveCount(0);
    }
    expect(loads).toEqual({ a: 1, b: 1 });
    const active = await a.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: reg?.waiting ?? null, body: await (await fetch(reg!.active!.scriptURL, { cache: 'no-store' })).text() };
    });
    expect(active.waiting).toBeNull();
    expect(active.body).toContain('release 2');
    expect(oldScript).toContain('/sw.js');
  });
});
