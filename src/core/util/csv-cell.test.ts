import { describe, expect, it } from 'vitest';
import { csvCell } from './csv-cell';

/** An independent RFC 4180 reader of one line of cells, for the round trip. */
function readCells(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else cell += line[i++];
      }
    } else {
      while (i < line.length && line[i] !== ',') cell += line[i++];
    }
    out.push(cell);
    if (i >= line.length) return out;
    i++;
  }
}

describe('csvCell', () => {
  it('leaves plain text alone and quotes commas, quotes and line breaks', () => {
    expect(csvCell('BTC/USDT')).toBe('BTC/USDT');
    expect(csvCell('')).toBe('');
    expect(csvCell('rsi 55 (threshold 45) pass; adx 30 pass')).toBe('rsi 55 (threshold 45) pass; adx 30 pass');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('reads back to the same cells', () => {
    const cells = ['plain', 'a,b', '"', '""x""', 'line\r\nbreak', '', ' spaced ', 'mix, "of" all\n'];
    expect(readCells(cells.map(csvCell).join(','))).toEqual(cells);
  });
});
