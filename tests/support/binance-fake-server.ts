/**
 * The fake Binance as a real HTTP server on 127.0.0.1 (random port), for Node tests that run the
 * real ccxt code path. Point ccxt at it with `proxyUrl: server.proxyUrl`: ccxt then requests
 * `http://127.0.0.1:PORT/https://api.binance.com/api/v3/…`, exactly as through a CORS proxy.
 * Plain paths (`server.url + '/api/v3/klines?…'`) work too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BinanceFake, type BinanceFakeOptions } from './binance-fake-handler';

export interface BinanceFakeServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/`: a ccxt `proxyUrl`. */
  proxyUrl: string;
  fake: BinanceFake;
  /** Stops the server, dropping requests that are being held (timeouts). */
  close(): Promise<void>;
}

export interface BinanceFakeServerOptions extends BinanceFakeOptions {
  /** Serve this fake (default: a new one built from the other options). */
  fake?: BinanceFake;
}

/** Starts the fake Binance HTTP server. */
export async function startBinanceFakeServer(options: BinanceFakeServerOptions = {}): Promise<BinanceFakeServer> {
  const fake = options.fake ?? new BinanceFake(options);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const held = new Set<ServerResponse>();
  let base = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let answer;
    try {
      answer = fake.handle(new URL(req.url ?? '/', base), { method: req.method });
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
      return;
    }
    const send = (): void => {
      held.delete(res);
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    };
    const delay = answer.delayMs ?? 0;
    if (delay <= 0) {
      send();
    } else {
      held.add(res);
      if (Number.isFinite(delay)) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, delay);
        timers.add(timer);
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    proxyUrl: `${base}/`,
    fake,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const res of held) res.destroy();
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
