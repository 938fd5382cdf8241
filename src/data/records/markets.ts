/** One tradable market of an exchange, as listed by the exchange (ccxt `loadMarkets`). */
export interface MarketRecord {
  /** ccxt exchange id, e.g. `binance`. */
  exchange: string;
  /** ccxt unified symbol, e.g. `BTC/USDT`. */
  symbol: string;
  base: string;
  quote: string;
  /** Market type; the product trades spot only. */
  type: 'spot';
  active: boolean;
  /** Price precision as the exchange reports it (decimal places or tick size), null when unknown. */
  pricePrecision: number | null;
  /** Amount precision as the exchange reports it, null when unknown. */
  amountPrecision: number | null;
  /** Minimum order amount in base units, null when unknown. */
  minAmount: number | null;
  /** Minimum order value in quote units, null when unknown. */
  minCost: number | null;
  favourite: boolean;
  /** When the market list was fetched (UTC ms). */
  fetchedAt: number;
}
