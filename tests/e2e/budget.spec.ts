import { gzipSync } from 'node:zlib';
import type { Response } from '@playwright/test';
import { test, expect } from './fixtures';

test('the first page load fetches at most 150 KB of gzipped JavaScript', async ({ page }) => {
  const scripts: Array<Promise<{ url: string; gz: number }>> = [];
  const onResponse = (res: Response) => {
    const type = res.request().resourceType();
    if (type === 'script' || (res.headers()['content-type'] ?? '').includes('javascript')) {
      if (new URL(res.url()).pathname.endsWith('/sw.js')) return;
      scripts.push(res.body().then((b) => ({ url: res.url(), gz: gzipSync(b, { level: 9 }).length })));
    }
  };
  page.on('response', onResponse);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Candlelab' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  // Responses after the load settled are not part of it (and reading them could outlive the test).
  page.off('response', onResponse);
  const all = await Promise.all(scripts);
  const total = all.reduce((s, x) => s + x.gz, 0);
  console.log(`first-load JavaScript: ${(total / 1024).toFixed(1)} KB gzipped in ${all.length} files`);
  expect(total).toBeLessThanOrEqual(150 * 1024);
});
