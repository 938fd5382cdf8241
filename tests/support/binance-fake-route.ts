/**
 * The fake Binance for Playwright: serves Binance's REST hosts from {@link BinanceFake} through
 * `context.route`, and fails every request to any other host (and every page WebSocket to any
 * other host), so an end-to-end test never reaches the network. Requests from the app's own origin
 * (`allowHosts`, default localhost and 127.0.0.1) pass through. Launch Chromium with
 * {@link NO_NETWORK_CHROMIUM_ARGS} as well: worker WebSockets escape Playwright's routing.
 *
 * The fake's clock defaults to the real one, which is also the app's: every row of the shared files
 * is then in the past, so a backfill "up to now" stores each file's rows exactly (the unfinished last
 * row included, as nothing can tell it from a closed one). For live candles, shift the data to now
 * (`shiftMs: shiftToNow(Date.UTC(2023, 5, 1))`) so the app's clock falls inside it.
 *
 * ```ts
 * const binance = await routeBinance(context);
 * binance.fake.inject({ path: 'klines', fault: { type: 'status', status: 429, retryAfterSec: 1 } });
 * // … drive the UI …
 * expect(binance.blocked).toEqual([]);
 * ```
 */
import type { BrowserContext, Route } from '@playwright/test';
import { BinanceFake, type BinanceFakeOptions } from './binance-fake-handler';

/**
 * Chromium launch arguments that make every host name except localhost unresolvable. Requests
 * served by `context.route` never reach DNS, so the fake keeps working, while anything the routes
 * cannot see fails: WebSockets opened by dedicated workers (ccxt's `watchOHLCV` in the data worker)
 * are not intercepted by `context.routeWebSocket` (Chromium, Playwright 1.65). Add them to
 * `launchOptions.args` of tests that use {@link routeBinance}.
 */
export const NO_NETWORK_CHROMIUM_ARGS: readonly string[] = ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'];

/** Hosts ccxt's binance may use for public spot data. */
export const BINANCE_HOSTS: readonly string[] = [
  'api.binance.com',
  'api1.binance.com',
  'api2.binance.com',
  'api3.binance.com',
  'api4.binance.com',
  'api-gcp.binance.com',
  'data-api.binance.vision',
];

export interface RouteBinanceOptions extends BinanceFakeOptions {
  /** Serve this fake (default: a new one built from the other options). */
  fake?: BinanceFake;
  /** Hosts allowed to reach the network (the app under test). Default localhost and 127.0.0.1. */
  allowHosts?: readonly string[];
  /** Hosts that act as a CORS proxy in front of Binance (`https://proxy.example/https://api.binance.com/…`): served by the fake too. */
  proxyHosts?: readonly string[];
  /** URL prefixes of CORS proxies on an allowed host (e.g. the app's own origin), answered like Binance too. */
  proxyPrefixes?: readonly string[];
}

export interface RoutedBinance {
  fake: BinanceFake;
  /** URLs that were refused (any host that is neither Binance nor allowed), HTTP and WebSocket. */
  blocked: string[];
}

/** Installs the routes on `context` (call before opening pages). */
export async function routeBinance(context: BrowserContext, options: RouteBinanceOptions = {}): Promise<RoutedBinance> {
  const fake = options.fake ?? new BinanceFake(options);
  const allow = new Set(options.allowHosts ?? ['localhost', '127.0.0.1']);
  const blocked: string[] = [];
  const proxies = new Set(options.proxyHosts ?? []);
  const prefixes = options.proxyPrefixes ?? [];
  const isBinance = (url: URL): boolean =>
    BINANCE_HOSTS.includes(url.hostname) || proxies.has(url.hostname) || prefixes.some((p) => url.href.startsWith(p));
  const isAllowed = (url: URL): boolean => allow.has(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:';

  // Registered first, so it runs last: Playwright tries routes in reverse registration order.
  await context.route(
    (url) => !isBinance(url),
    async (route: Route) => {
      const url = new URL(route.request().url());
      if (isAllowed(url)) {
        await route.fallback();
        return;
      }
      blocked.push(url.toString());
      await route.abort('blockedbyclient');
    },
  );
  await context.route(isBinance, async (route: Route) => {
    const req = route.request();
    const res = fake.handle(req.url(), { method: req.method() });
    const delay = res.delayMs ?? 0;
    if (delay > 0) {
      if (!Number.isFinite(delay)) return;
      await new Promise((r) => setTimeout(r, delay));
    }
    await route.fulfill({ status: res.status, headers: res.headers, body: res.body }).catch(() => undefined);
  });
  await context.routeWebSocket(
    (url) => !allow.has(url.hostname),
    (ws) => {
      blocked.push(ws.url());
      ws.close({ code: 1008, reason: 'blocked by the test: no network' }).catch(() => undefined);
    },
  );
  return { fake, blocked };
}
