import { test as base, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import { APP_ROUTES, loadDemoWithBacktests, openRoute } from './app-routes';
import { test, expect, waitForServiceWorker } from './fixtures';

const CSP_MESSAGE = /Content.Security.Policy|Refused to (connect|load|execute|apply|create|frame)/i;

/**
 * Watches `page` (from its first script on) and its workers for Content-Security-Policy
 * violations: `securitypolicyviolation` events of the document, console messages that mention the
 * policy, and the browser's own log (DevTools protocol `Log`), where Chromium reports what it
 * refused in the page and in its dedicated workers. Returns what was seen so far; the document's
 * events are read from the page now showing.
 */
async function watchCsp(context: BrowserContext, page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const messages: string[] = [];
  const seen: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (CSP_MESSAGE.test(m.text())) messages.push(`console ${m.type()}: ${m.text()}`);
  };
  page.on('console', onConsole);
  page.on('worker', (w) => w.on('console', onConsole));
  const cdp = await context.newCDPSession(page);
  cdp.on('Log.entryAdded', ({ entry }) => {
    if (CSP_MESSAGE.test(entry.text)) messages.push(`log ${entry.source}: ${entry.text}`);
  });
  await cdp.send('Log.enable');
  return async () => {
    const events = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => []);
    for (const e of events) if (!seen.includes(e)) seen.push(e);
    return [...messages, ...seen];
  };
}

test('the built app ships its policy: a meta tag in index.html and, from the server, the header form', async ({ request }) => {
  const res = await request.get('/');
  const header = res.headers()['content-security-policy'];
  const html = await res.text();
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
  expect(meta).toBeDefined();
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  for (const directive of ["default-src 'self'", "script-src 'self'", "worker-src 'self'", "object-src 'none'", "style-src-elem 'self'"]) {
    expect(meta).toContain(directive);
  }
  expect(meta).toContain('connect-src \'self\' https://api.binance.com wss://stream.binance.com:9443 https://api.coinbase.com');
  // No inline script: every <script> has a src.
  expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
  // The worker and service worker scripts carry the policy too.
  const sw = await request.get('/sw.js');
  expect(sw.headers()['content-security-policy']).toBe(header);
});

test('every route, the demo load, backtests in the worker pool and the service worker offline run with zero violations', async ({ context, page, errors }) => {
  test.setTimeout(300_000);
  const violations = await watchCsp(context, page);
  // Workers under the policy: the data worker generates and stores the demo market, the compute pool runs two backtests.
  await loadDemoWithBacktests(page);
  expect(await violations()).toEqual([]);
  for (const route of APP_ROUTES) {
    await openRoute(page, route);
    // The report draws its charts (the chart library) and the heat table: wait for the canvas.
    if (route.path === '/backtests/1') await expect(page.locator('.chart-box canvas').first()).toBeVisible();
    expect(await violations(), route.path).toEqual([]);
  }
  // The service worker answers offline, with the same policy in the page it serves.
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto('/backtests/1');
  await expect(page.getByRole('heading', { level: 1, name: 'Backtest #1' })).toBeVisible();
  await expect(page.getByTestId('metric-cards')).toBeVisible();
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("script-src 'self'");
  await context.setOffline(false);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

base('a connection outside connect-src is refused before it leaves the browser, also from a worker', async ({ context, page }) => {
  const requested: string[] = [];
  await context.route(/proxy\.example/, async (route) => {
    requested.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  const violations = await watchCsp(context, page);
  // Through a CORS proxy the policy does not name, the data worker cannot load Binance's markets.
  await page.goto('/markets');
  const proxy = page.getByTestId('proxy-setting-binance');
  await proxy.getByLabel('Binance CORS proxy URL (optional)').fill('https://proxy.example/');
  await proxy.getByRole('button', { name: 'Save proxy' }).click();
  await expect(proxy.getByRole('status')).toContainText('Saved');
  await page.getByRole('button', { name: 'Load markets' }).click();
  await expect(page.getByTestId('markets-error')).toBeVisible({ timeout: 30_000 });
  expect(requested).toEqual([]);
  await expect.poll(violations).toContainEqual(expect.stringMatching(/^log worker: .*proxy\.example.*violates the following Content Security Policy directive: "connect-src/));
  // And in the page itself.
  const refused = await page.evaluate(() => fetch('https://evil.example/').then(() => 'fetched', (e: unknown) => String(e)));
  expect(refused).toMatch(/Failed to fetch/);
  await expect.poll(violations).toContainEqual(expect.stringMatching(/connect-src blocked https:\/\/evil\.example/));
  expect(requested).toEqual([]);
});
