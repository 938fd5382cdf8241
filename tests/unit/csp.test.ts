import { readFileSync } from 'node:fs';
import { binance, coinbase, okx, pro } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { EXCHANGES } from '../../src/data/exchange/exchanges';
import { allowsConnection, directives, headerPolicy, parseOrigins, policyOf, withConnectOrigins, withoutPolicy, withPolicy } from '../../scripts/csp';

const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
const policy = policyOf(html);
const d = directives(policy);
const SELF = 'https://candlelab.example';

/** Every URL ccxt opens for our exchanges' spot market data: REST roots and candle WebSockets. */
function exchangeUrls(): string[] {
  const b = new binance(EXCHANGES.binance.ccxtOptions);
  const c = new coinbase(EXCHANGES.coinbase.ccxtOptions);
  const o = new okx(EXCHANGES.okx.ccxtOptions);
  const okxRest = String(o.urls.api.rest).replace('{hostname}', String(o.hostname));
  const bWs = new pro.binance();
  const cWs = new pro.coinbase();
  const oWs = new pro.okx();
  return [
    String(b.urls.api.public),
    String(c.urls.api.rest),
    okxRest,
    String((bWs.urls.api.ws as Record<string, string>).spot),
    String(cWs.urls.api.ws),
    String(oWs.urls.api.ws),
  ];
}

describe("index.html's Content-Security-Policy", () => {
  it('allows scripts, workers and everything else from this site only, no plugins, no inline script', () => {
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('worker-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.get('style-src-elem')).toEqual(["'self'"]);
    // data: only for images (the charts' colour-scale legends are data: images); nowhere else, and no blob: or wildcard.
    expect(d.get('img-src')).toEqual(["'self'", 'data:']);
    const { 'img-src': _images, ...others } = Object.fromEntries(d);
    expect(Object.values(others).flat().join(' ')).not.toMatch(/unsafe-eval|\*|data:|blob:/);
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("lets the page reach every host ccxt uses for Binance, Coinbase and OKX spot candles, and nothing else of theirs", { timeout: 30_000 }, () => {
    const urls = exchangeUrls();
    expect(urls).toHaveLength(6);
    for (const url of urls) expect(allowsConnection(policy, url, SELF), url).toBe(true);
    for (const other of ['https://fapi.binance.com/fapi/v1', 'wss://fstream.binance.com/ws', 'https://proxy.example/', 'https://evil.example'])
      expect(allowsConnection(policy, other, SELF), other).toBe(false);
    expect(allowsConnection(policy, `${SELF}/assets/x.js`, SELF)).toBe(true);
  });
});

describe("the README's deploy notes", () => {
  it('give the header form of exactly this policy', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith('Content-Security-Policy: '));
    expect(line).toBe(`Content-Security-Policy: ${headerPolicy(policy)}`);
  });
});

describe('policy helpers', () => {
  it('the header form adds frame-ancestors, which a meta tag cannot carry', () => {
    expect(headerPolicy(policy)).toBe(`${policy}; frame-ancestors 'none'`);
  });

  it('a proxy origin is added to connect-src once', () => {
    const p = withConnectOrigins(policy, parseOrigins('CANDLELAB_CONNECT_SRC', 'https://proxy.example:8443, https://proxy.example:8443 wss://ws.proxy.example'));
    expect(allowsConnection(p, 'https://proxy.example:8443/https://api.binance.com/api/v3/klines', SELF)).toBe(true);
    expect(allowsConnection(p, 'wss://ws.proxy.example/stream', SELF)).toBe(true);
    expect(allowsConnection(p, 'https://proxy.example/', SELF)).toBe(false);
    expect(directives(p).get('connect-src')!.filter((s) => s === 'https://proxy.example:8443')).toHaveLength(1);
    expect(withConnectOrigins(policy, [])).toBe(policy);
  });

  it('refuses anything but an origin, naming the field and the value', () => {
    expect(parseOrigins('F', undefined)).toEqual([]);
    expect(() => parseOrigins('F', 'https://proxy.example/path')).toThrow('F: "https://proxy.example/path" is not an origin');
    expect(() => parseOrigins('F', 'proxy.example')).toThrow('F: "proxy.example" is not an origin');
    expect(() => parseOrigins('F', 'ftp://proxy.example')).toThrow('F: "ftp://proxy.example" is not an origin');
  });

  it('rewrites and removes the meta tag, and fails loudly without one', () => {
    expect(policyOf(withPolicy(html, "default-src 'none'"))).toBe("default-src 'none'");
    expect(() => policyOf(withoutPolicy(html))).toThrow('no <meta http-equiv="Content-Security-Policy"');
  });

  it("matches ports and 'self' like a browser", () => {
    const p = "connect-src 'self' https://a.example wss://b.example:9443";
    expect(allowsConnection(p, 'https://a.example:443/x', SELF)).toBe(true);
    expect(allowsConnection(p, 'https://a.example:8443/x', SELF)).toBe(false);
    expect(allowsConnection(p, 'wss://b.example:9443/ws', SELF)).toBe(true);
    expect(allowsConnection(p, 'wss://b.example/ws', SELF)).toBe(false);
    expect(allowsConnection(p, 'wss://candlelab.example/socket', SELF)).toBe(true);
    expect(allowsConnection(p, 'http://a.example/x', SELF)).toBe(false);
  });
});
