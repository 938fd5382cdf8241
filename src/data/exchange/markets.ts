import type { Market } from 'ccxt';
import type { MarketInput } from '../repos/markets';

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Our market records from ccxt's loaded markets: spot markets only (`spot` true, no settle
 * suffix in the symbol), symbol unified (`BTC/USDT`), precision as ccxt reports it (tick size for
 * binance, okx and coinbase) and minimum order amount/cost when known. A market whose `active`
 * ccxt leaves undefined counts as active. Sorted by symbol.
 */
export function toMarketInputs(exchange: string, markets: Record<string, Market> | readonly Market[], fetchedAt: number): MarketInput[] {
  const list = Array.isArray(markets) ? markets : Object.values(markets);
  const out: MarketInput[] = [];
  for (const m of list) {
    if (!m || m.spot !== true || typeof m.symbol !== 'string' || m.symbol.includes(':')) continue;
    out.push({
      exchange,
      symbol: m.symbol,
      base: m.base,
      quote: m.quote,
      type: 'spot',
      active: m.active !== false,
      pricePrecision: num(m.precision?.price),
      amountPrecision: num(m.precision?.amount),
      minAmount: num(m.limits?.amount?.min),
      minCost: num(m.limits?.cost?.min),
      fetchedAt,
    });
  }
  out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return out;
}
