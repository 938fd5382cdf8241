/**
 * The Content-Security-Policy of the app: read from the `<meta http-equiv>` in index.html (the one
 * place it is written), extended with extra `connect-src` origins (a CORS proxy) at build time, and
 * turned into the HTTP header form (which adds `frame-ancestors`, a directive a meta tag cannot carry).
 */

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/;

/** The policy of the CSP meta tag of `html`; throws when there is none. */
export function policyOf(html: string): string {
  const m = META.exec(html);
  if (!m) throw new Error('index.html: no <meta http-equiv="Content-Security-Policy" content="…"> tag');
  return m[1].trim();
}

/** `html` with its CSP meta tag holding `policy`. */
export function withPolicy(html: string, policy: string): string {
  policyOf(html);
  return html.replace(META, (tag, old: string) => tag.replace(old, policy));
}

/** `html` without its CSP meta tag (the development server injects styles and a reload socket). */
export function withoutPolicy(html: string): string {
  return html.replace(META, '');
}

/** The directives of a policy by name, each with its sources. */
export function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

function format(d: Map<string, string[]>): string {
  return [...d].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/**
 * Checks extra connect-src origins (comma or space separated, e.g. a CORS proxy
 * `https://proxy.example:8443`): each must be an http(s) or ws(s) origin without a path.
 */
export function parseOrigins(field: string, text: string | undefined): string[] {
  const out: string[] = [];
  for (const item of (text ?? '').split(/[\s,]+/)) {
    if (item === '') continue;
    let u: URL;
    try {
      u = new URL(item);
    } catch {
      throw new RangeError(`${field}: "${item}" is not an origin (expected e.g. https://proxy.example)`);
    }
    if (!['https:', 'http:', 'wss:', 'ws:'].includes(u.protocol) || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
      throw new RangeError(`${field}: "${item}" is not an origin (expected scheme://host[:port], no path)`);
    }
    out.push(u.origin === 'null' ? `${u.protocol}//${u.host}` : u.origin);
  }
  return out;
}

/** `policy` with `origins` added to its connect-src (once each). */
export function withConnectOrigins(policy: string, origins: readonly string[]): string {
  const d = directives(policy);
  const connect = d.get('connect-src') ?? [...(d.get('default-src') ?? [])];
  for (const o of origins) if (!connect.includes(o)) connect.push(o);
  d.set('connect-src', connect);
  return format(d);
}

/** The header form of a meta policy: the same directives plus `frame-ancestors 'none'`. */
export function headerPolicy(policy: string): string {
  const d = directives(policy);
  d.set('frame-ancestors', ["'none'"]);
  return format(d);
}

function defaultPort(scheme: string): string {
  return scheme === 'https:' || scheme === 'wss:' ? '443' : '80';
}

/**
 * Whether `policy`'s connect-src lets the page at `self` open `url` (host sources with scheme,
 * host and optional port, and 'self'; the subset of CSP source matching this policy uses).
 */
export function allowsConnection(policy: string, url: string, self: string): boolean {
  const d = directives(policy);
  const sources = d.get('connect-src') ?? d.get('default-src') ?? [];
  const u = new URL(url);
  const port = u.port || defaultPort(u.protocol);
  const secure = (p: string) => (p === 'ws:' ? 'http:' : p === 'wss:' ? 'https:' : p);
  for (const s of sources) {
    if (s === "'self'") {
      const me = new URL(self);
      if (u.hostname === me.hostname && (u.port || defaultPort(u.protocol)) === (me.port || defaultPort(me.protocol)) && secure(u.protocol) === me.protocol) return true;
      continue;
    }
    const m = /^(https?:|wss?:)\/\/([^/:]+)(?::(\d+))?$/.exec(s);
    if (!m) continue;
    if (m[1] === u.protocol && m[2] === u.hostname && (m[3] ?? defaultPort(m[1])) === port) return true;
  }
  return false;
}
