import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/util/cancel';
import {
  WorkerTaskError,
  asWorkerTaskError,
  cancelledTaskError,
  installErrorHandler,
  isWorkerTaskError,
  toWireError,
} from './errors';
import { rejection } from './test-support/rejection';

const openPorts: MessagePort[] = [];
afterEach(() => {
  for (const p of openPorts.splice(0)) p.close();
});

/** Exposes `api` on one end of a Node MessageChannel and returns a Comlink remote on the other. */
function connect<T>(api: T): Comlink.Remote<T> {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  Comlink.expose(api, port1);
  return Comlink.wrap<T>(port2);
}

describe('toWireError', () => {
  it('maps CancelledError to CANCELLED', () => {
    expect(toWireError(new CancelledError('stop'))).toEqual({ code: 'CANCELLED', message: 'stop' });
  });

  it('maps an AbortError to CANCELLED', () => {
    const e = new DOMException('The operation was aborted', 'AbortError');
    expect(toWireError(e)).toEqual({ code: 'CANCELLED', message: 'The operation was aborted' });
  });

  it('maps RangeError, SyntaxError and TypeError to INVALID_INPUT with their message', () => {
    expect(toWireError(new RangeError('period: 0 is not a positive integer'))).toEqual({
      code: 'INVALID_INPUT',
      message: 'period: 0 is not a positive integer',
    });
    expect(toWireError(new SyntaxError('bad json'))).toEqual({ code: 'INVALID_INPUT', message: 'bad json' });
    expect(toWireError(new TypeError('x is not a function'))).toEqual({
      code: 'INVALID_INPUT',
      message: 'x is not a function',
    });
  });

  it('maps a DataCloneError to INVALID_INPUT', () => {
    let thrown: unknown;
    try {
      structuredClone({ f: () => 1 });
    } catch (e) {
      thrown = e;
    }
    expect(toWireError(thrown).code).toBe('INVALID_INPUT');
  });

  it('passes through any error with a string code, with cloneable details', () => {
    class DataError extends Error {
      readonly code = 'SERIES_NOT_FOUND';
      readonly details = { symbol: 'BTCUSDT' };
    }
    expect(toWireError(new DataError('series: BTCUSDT 1h not found'))).toEqual({
      code: 'SERIES_NOT_FOUND',
      message: 'series: BTCUSDT 1h not found',
      details: { symbol: 'BTCUSDT' },
    });
    expect(toWireError(new WorkerTaskError('DATA_GAP', 'gap', { at: 5 }))).toEqual({
      code: 'DATA_GAP',
      message: 'gap',
      details: { at: 5 },
    });
  });

  it('replaces details that cannot be cloned by their string form', () => {
    const wire = toWireError(new WorkerTaskError('X', 'm', { f: () => 1 }));
    expect(wire).toEqual({ code: 'X', message: 'm', details: '[object Object]' });
    expect(() => structuredClone(wire)).not.toThrow();
  });

  it('does not treat a numeric code (DOMException) as a code', () => {
    const e = new DOMException('quota', 'QuotaExceededError');
    expect(typeof (e as unknown as { code: unknown }).code).toBe('number');
    expect(toWireError(e)).toEqual({ code: 'INTERNAL', message: 'quota' });
  });

  it('maps anything else to INTERNAL', () => {
    expect(toWireError(new Error('broke'))).toEqual({ code: 'INTERNAL', message: 'broke' });
    expect(toWireError('just a string')).toEqual({ code: 'INTERNAL', message: 'just a string' });
    expect(toWireError(42)).toEqual({ code: 'INTERNAL', message: '42' });
  });
});

describe('asWorkerTaskError / isWorkerTaskError', () => {
  it('keeps an existing WorkerTaskError and converts others', () => {
    const own = new WorkerTaskError('A', 'a');
    expect(asWorkerTaskError(own)).toBe(own);
    const converted = asWorkerTaskError(new RangeError('r'));
    expect(converted).toBeInstanceOf(WorkerTaskError);
    expect(converted.code).toBe('INVALID_INPUT');
    expect(isWorkerTaskError(converted, 'INVALID_INPUT')).toBe(true);
    expect(isWorkerTaskError(converted, 'INTERNAL')).toBe(false);
    expect(isWorkerTaskError(new Error('x'))).toBe(false);
  });

  it('turns the CancelledError of cancelled work into a CANCELLED WorkerTaskError', () => {
    const converted = asWorkerTaskError(new CancelledError('stopped'));
    expect(converted).toBeInstanceOf(WorkerTaskError);
    expect(isWorkerTaskError(converted, 'CANCELLED')).toBe(true);
    expect(converted.message).toBe('stopped');
    expect(cancelledTaskError()).toMatchObject({ code: 'CANCELLED', message: 'task cancelled' });
  });
});

describe('installErrorHandler over a Comlink channel', () => {
  it('is idempotent', () => {
    installErrorHandler();
    const first = Comlink.transferHandlers.get('throw');
    installErrorHandler();
    expect(Comlink.transferHandlers.get('throw')).toBe(first);
  });

  it('delivers thrown errors as WorkerTaskErrors with code and message', async () => {
    installErrorHandler();
    const remote = connect({
      range: () => {
        throw new RangeError('period: 0 is not a positive integer');
      },
      cancelled: async () => {
        throw new CancelledError('stopped');
      },
      coded: () => {
        throw new WorkerTaskError('DATA_GAP', 'candles: gap', { from: 1, to: 2 });
      },
      plain: () => {
        throw new Error('broke');
      },
      ok: (x: number) => x * 2,
    });

    const range = await rejection(remote.range());
    expect(range).toBeInstanceOf(WorkerTaskError);
    expect(range).toMatchObject({ code: 'INVALID_INPUT', message: 'period: 0 is not a positive integer' });

    const cancelled = await rejection(remote.cancelled());
    expect(cancelled).toBeInstanceOf(WorkerTaskError);
    expect(cancelled).toMatchObject({ code: 'CANCELLED', message: 'stopped' });

    const coded = await rejection(remote.coded());
    expect(coded).toMatchObject({ code: 'DATA_GAP', message: 'candles: gap', details: { from: 1, to: 2 } });

    const plain = await rejection(remote.plain());
    expect(plain).toMatchObject({ code: 'INTERNAL', message: 'broke' });

    expect(await remote.ok(21)).toBe(42);
  });
});
