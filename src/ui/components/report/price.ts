const PRICE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

/** A price or quantity as the report shows it: up to 8 significant digits, thousands separated, never a raw float. */
export function formatPrice(v: number): string {
  return PRICE.format(Number(v.toPrecision(8)));
}
