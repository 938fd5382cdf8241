/**
 * ccxt's WebSocket ("pro") classes, one module per exchange. The package exports only its root, and
 * the root's `pro` object would bundle every exchange, so the build maps these ids to the files
 * (`vite.config.ts` `resolve.alias`). Where they cannot be resolved (Node tests), importing them
 * fails and live candles fall back to polling.
 */
declare module 'ccxt/pro/binance' {
  import type { pro } from 'ccxt';
  const Binance: typeof pro.binance;
  export default Binance;
}
declare module 'ccxt/pro/coinbase' {
  import type { pro } from 'ccxt';
  const Coinbase: typeof pro.coinbase;
  export default Coinbase;
}
declare module 'ccxt/pro/okx' {
  import type { pro } from 'ccxt';
  const Okx: typeof pro.okx;
  export default Okx;
}
