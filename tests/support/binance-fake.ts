/**
 * A faithful fake Binance (public spot REST API) serving the real candles of `../shared/data`:
 *
 * - {@link handleBinanceRequest}: the pure request → response function;
 * - {@link BinanceFake}: clock, request log, weight headers and fault injection;
 * - {@link startBinanceFakeServer}: a Node HTTP server on 127.0.0.1 for Vitest (real ccxt, `proxyUrl`);
 * - {@link routeBinance}: Playwright routes for Binance's hosts plus a catch-all that fails every other host.
 */
export * from './binance-fake-data';
export * from './binance-fake-handler';
export * from './binance-fake-server';
export * from './binance-fake-route';
