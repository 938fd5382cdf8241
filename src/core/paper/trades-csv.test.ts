import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../tests/support/csv';
import { TRADE_CSV_COLUMNS, tradesCsv } from './trades-csv';
import { tradeRecord } from './test-support';
import type { PaperTrade } from './types';

const T0 = Date.UTC(2025, 0, 1, 10);

const closed: PaperTrade = tradeRecord({
  id: 'trd_1',
  signalId: 'sig_1',
  session: 'ses_1',
  entryTime: T0,
  entryPrice: '0.000012345678901234567890123',
  quantity: '81000000.12345678901234567',
  positionSize: '1000.000000000000000000000001',
  stopPrice: '0.0000121',
  status: 'CLOSED',
  exitTime: T0 + 3_600_000,
  exitPrice: '0.0000125',
  exitReason: 'TP',
  fees: '0.2',
  profitLoss: '-1e-7',
  profitLossPct: '12.5000000000000000000000001',
  signalTime: T0 - 3_600_000,
  confidence: 0.75,
});

describe('the trades CSV writer', () => {
  it('writes the header, then each trade in the order given, decimal strings exactly as stored, times in ISO 8601 UTC', () => {
    const open: PaperTrade = { ...closed, id: 'trd_2', status: 'OPEN', exitTime: null, exitPrice: null, exitReason: null, profitLoss: null, profitLossPct: null, signalTime: null, confidence: null, mode: 'MANUAL' };
    const text = tradesCsv([closed, open]);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines[0]).toBe('id,symbol,direction,mode,status,signalTime,entryTime,entryPrice,quantity,positionSize,stopPrice,targetPrice,exitTime,exitPrice,exitReason,fees,profitLoss,profitLossPct,confidence');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...TRADE_CSV_COLUMNS]);
    const at = (r: number, c: (typeof TRADE_CSV_COLUMNS)[number]) => rows[r][TRADE_CSV_COLUMNS.indexOf(c)];
    expect(at(1, 'entryPrice')).toBe('0.000012345678901234567890123');
    expect(at(1, 'quantity')).toBe('81000000.12345678901234567');
    expect(at(1, 'positionSize')).toBe('1000.000000000000000000000001');
    expect(at(1, 'profitLoss')).toBe('-1e-7');
    expect(at(1, 'profitLossPct')).toBe('12.5000000000000000000000001');
    expect(at(1, 'entryTime')).toBe('2025-01-01T10:00:00.000Z');
    expect(at(1, 'signalTime')).toBe('2025-01-01T09:00:00.000Z');
    expect(at(1, 'confidence')).toBe('0.75');
    expect(rows[2].slice(0, 5)).toEqual(['trd_2', 'AAA/USDT', 'LONG', 'MANUAL', 'OPEN']);
    expect([at(2, 'exitTime'), at(2, 'exitPrice'), at(2, 'profitLoss'), at(2, 'confidence'), at(2, 'targetPrice')]).toEqual(['', '', '', '', '']);
    expect(rows).toHaveLength(3);
    expect(tradesCsv([])).toBe(`${TRADE_CSV_COLUMNS.join(',')}\n`);
  });

  it('quotes a cell holding a comma, a quote or a line break (RFC 4180)', () => {
    const text = tradesCsv([{ ...closed, id: 'a,"b"\nc', symbol: 'X/Y' }]);
    expect(text.split('\n')[1].startsWith('"a,""b""')).toBe(true);
    expect(parseCsv(text)[1][0]).toBe('a,"b"\nc');
    expect(parseCsv(text)[1][1]).toBe('X/Y');
  });
});
