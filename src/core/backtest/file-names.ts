/** Names of the files a backtest is exported as. */

/** A file name part from free text: lower case letters, digits and dashes, at most 40 characters. */
export function fileSlug(s: string): string {
  const slug = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? 'backtest' : slug;
}

/** `backtest-<seq>-<name>.json`: the result file of backtest `seq`. */
export function resultFileName(seq: number, name: string): string {
  return `backtest-${seq}-${fileSlug(name)}.json`;
}

/** `backtest-<seq>-<name>-trades.csv`: the trades CSV of backtest `seq`. */
export function tradesCsvFileName(seq: number, name: string): string {
  return `backtest-${seq}-${fileSlug(name)}-trades.csv`;
}
