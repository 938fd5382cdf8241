/**
 * The ccxt REST classes, by named import only (the default export would pull every exchange into
 * the bundle). Imported dynamically by `client.ts`, so ccxt becomes its own chunk, loaded by the
 * data worker the first time an exchange is used.
 */
export { binance, coinbase, okx } from 'ccxt';
