import type { Exchange } from 'ccxt';
import type { ExchangeId } from './exchanges';

/** Constructor of a ccxt exchange class. */
export type ExchangeClass = new (config?: Record<string, unknown>) => Exchange;

/**
 * The ccxt WebSocket class of an exchange, loaded on demand (see `ccxt-pro-modules.d.ts`); null when it
 * cannot be loaded in this environment.
 */
export async function loadProClass(id: ExchangeId): Promise<ExchangeClass | null> {
  try {
    switch (id) {
      case 'binance':
        return (await import('ccxt/pro/binance')).default as unknown as ExchangeClass;
      case 'coinbase':
        return (await import('ccxt/pro/coinbase')).default as unknown as ExchangeClass;
      case 'okx':
        return (await import('ccxt/pro/okx')).default as unknown as ExchangeClass;
    }
  } catch {
    return null;
  }
}
