import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBinanceFakeServer, type BinanceFakeServer } from '../../../tests/support/binance-fake';
import { createExchangeClient, ExchangeClient, getExchangeClient } from './client';
import type { ExchangeId } from './exchanges';

/** A stand-in for ccxt's WebSocket class: it loads, so only the proxy can keep it from being used. */
vi.mock('./ccxt-pro', () => ({
  loadProClass: async () =>
    class {
      setMarkets(): void {}
      async watchOHLCV(): Promise<never> {
        throw Object.assign(new Error('no network in tests'), { name: 'NetworkError' });
      }
      async close(): Promise<void> {}
    },
}));

let server: BinanceFakeServer;
beforeAll(async () => {
  server = await startBinanceFakeServer({ now: Date.UTC(2023, 5, 1) });
});
afterAll(async () => {
  await server.close();
});

describe('exchange client choices', () => {
  it('with a CORS proxy, live candles never open a WebSocket (it would bypass the proxy): they poll through it', async () => {
    const client = await createExchangeClient('binance', { proxyUrl: server.proxyUrl, rateLimitMs: 1, retry: { sleep: async () => {} } });
    expect(await client.supportsWebSocket()).toBe(false);
    await expect(client.watchCandles('BTC/USDT', '1m')).rejects.toMatchObject({ code: 'EXCHANGE_NOT_SUPPORTED' });
    // Polling goes through the proxy.
    const page = await client.fetchCandlePage('BTC/USDT', '1h', Date.UTC(2023, 4, 31), { limit: 3 });
    expect(page.count).toBe(3);
    expect(server.fake.requestsTo('klines')).toHaveLength(1);
  });

  it('an unknown exchange name is refused, naming it', async () => {
    const unknown = 'kraken' as ExchangeId;
    await expect(getExchangeClient(unknown)).rejects.toThrow('exchange: "kraken" is not an exchange Candlelab reads; use one of binance, coinbase, okx');
    await expect(createExchangeClient(unknown)).rejects.toThrow('exchange: "kraken"');
    const { binance } = await import('./ccxt-rest');
    expect(() => new ExchangeClient(unknown, binance as never)).toThrow('exchange: "kraken" is not an exchange Candlelab reads');
  });
});
