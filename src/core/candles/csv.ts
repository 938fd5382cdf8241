import { emptyCandles, type CandleColumns } from './types';

/**
 * Parses the standard candle CSV (`timestamp,open,high,low,close,volume`, UTC ms open time,
 * ascending). Strict: a bad header or a non-numeric cell throws naming the line and field.
 */
export function parseStandardCsv(text: string): CandleColumns {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().toLowerCase();
  if (header !== 'timestamp,open,high,low,close,volume') {
    throw new SyntaxError(`header: expected "timestamp,open,high,low,close,volume", got "${lines[0] ?? ''}"`);
  }
  let n = 0;
  for (let i = 1; i < lines.length; i++) if (lines[i].trim() !== '') n++;
  const c = emptyCandles(n);
  const cols = [c.time, c.open, c.high, c.low, c.close, c.volume];
  const names = ['timestamp', 'open', 'high', 'low', 'close', 'volume'];
  let k = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const parts = line.split(',');
    if (parts.length !== 6) throw new SyntaxError(`line ${i + 1}: expected 6 fields, got ${parts.length}`);
    for (let j = 0; j < 6; j++) {
      const v = Number(parts[j]);
      if (parts[j] === '' || !Number.isFinite(v)) {
        throw new SyntaxError(`line ${i + 1}: ${names[j]} "${parts[j]}" is not a number`);
      }
      cols[j][k] = v;
    }
    k++;
  }
  return c;
}

/** Writes candles in the standard format. */
export function formatStandardCsv(c: CandleColumns): string {
  const out: string[] = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < c.time.length; i++) {
    out.push(`${c.time[i]},${c.open[i]},${c.high[i]},${c.low[i]},${c.close[i]},${c.volume[i]}`);
  }
  return out.join('\n') + '\n';
}
