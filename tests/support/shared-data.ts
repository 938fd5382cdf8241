import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStandardCsv } from '../../src/core/candles/csv';
import type { CandleColumns } from '../../src/core/candles/types';

const here = dirname(fileURLToPath(import.meta.url));
/** `../shared/data` beside the project checkout (or SHARED_DATA_DIR). */
export const SHARED_DATA_DIR = process.env.SHARED_DATA_DIR ?? resolve(here, '../../../shared/data');

export function sharedDataPath(file: string): string {
  const p = join(SHARED_DATA_DIR, file);
  if (!existsSync(p)) throw new Error(`shared data file missing: ${p} (is ../shared beside the checkout?)`);
  return p;
}

const cache = new Map<string, CandleColumns>();

/** Loads `binance_<SYMBOL>_<tf>.csv` from the shared real-candle folder. */
export function loadSharedCandles(symbol: string, tf: string): CandleColumns {
  const file = `binance_${symbol}_${tf}.csv`;
  let c = cache.get(file);
  if (!c) {
    c = parseStandardCsv(readFileSync(sharedDataPath(file), 'utf8'));
    cache.set(file, c);
  }
  return c;
}
