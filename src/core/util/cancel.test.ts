import { describe, expect, it } from 'vitest';
import { CancelledError, cancelledBy, isCancellation } from './cancel';

describe('CancelledError', () => {
  it('is an Error with code CANCELLED and its message', () => {
    const e = new CancelledError('backtest cancelled');
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'CancelledError', code: 'CANCELLED', message: 'backtest cancelled' });
    expect(new CancelledError().message).toBe('cancelled');
  });
});

describe('isCancellation', () => {
  it('recognises a CancelledError, an AbortError and a CANCELLED code, and nothing else', () => {
    expect(isCancellation(new CancelledError())).toBe(true);
    expect(isCancellation(new DOMException('aborted', 'AbortError'))).toBe(true);
    expect(isCancellation({ code: 'CANCELLED', message: 'task cancelled' })).toBe(true);
    const controller = new AbortController();
    controller.abort();
    expect(isCancellation(controller.signal.reason)).toBe(true);
    expect(isCancellation(new Error('broke'))).toBe(false);
    expect(isCancellation(new RangeError('period: 0'))).toBe(false);
    expect(isCancellation({ code: 'QUOTA_EXCEEDED' })).toBe(false);
    expect(isCancellation(null)).toBe(false);
    expect(isCancellation('CANCELLED')).toBe(false);
  });
});

describe('cancelledBy', () => {
  it("returns the signal's CancelledError reason, or a new CancelledError", () => {
    const withReason = new AbortController();
    const reason = new CancelledError('stopped by the caller');
    withReason.abort(reason);
    expect(cancelledBy(withReason.signal, 'other')).toBe(reason);

    const plain = new AbortController();
    plain.abort();
    const made = cancelledBy(plain.signal, 'backtest cancelled');
    expect(made).toBeInstanceOf(CancelledError);
    expect(made.message).toBe('backtest cancelled');
  });
});
