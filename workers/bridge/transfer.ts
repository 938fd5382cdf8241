/**
 * Moving typed-array buffers across the boundary instead of copying them.
 *
 * `transferResult(value)` marks a value so that Comlink transfers every `ArrayBuffer` it holds. After
 * the message is posted those buffers are detached on the sending side (`byteLength === 0`), so the
 * sender must not use them (or any other view on them) afterwards.
 */
import { transfer } from 'comlink';

function isTransferableBuffer(b: ArrayBufferLike): b is ArrayBuffer {
  // SharedArrayBuffers are shared, not transferred; empty (or already detached) buffers are copied.
  return b instanceof ArrayBuffer && b.byteLength > 0;
}

function isWalkable(value: object): boolean {
  if (Array.isArray(value) || value instanceof Map || value instanceof Set) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The distinct, transferable `ArrayBuffer`s reachable from `value` through arrays, plain objects,
 * `Map`s and `Set`s: the buffers of typed arrays and `DataView`s, and bare `ArrayBuffer`s.
 * `SharedArrayBuffer`s and empty buffers are skipped; cycles are handled.
 */
export function collectTransferables(value: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (ArrayBuffer.isView(v)) {
      if (isTransferableBuffer(v.buffer)) buffers.add(v.buffer);
      continue;
    }
    if (v instanceof ArrayBuffer) {
      if (isTransferableBuffer(v)) buffers.add(v);
      continue;
    }
    if (seen.has(v) || !isWalkable(v)) continue;
    seen.add(v);
    if (v instanceof Map) {
      for (const [k, x] of v) stack.push(k, x);
    } else if (v instanceof Set) {
      for (const x of v) stack.push(x);
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else {
      for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return [...buffers];
}

/**
 * Marks `value` for Comlink so that its typed-array buffers are transferred rather than copied.
 * Returns `value` itself. Works for task results and for call arguments alike; values holding no
 * transferable buffer (and primitives) are returned unmarked.
 */
export function transferResult<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  const buffers = collectTransferables(value);
  return buffers.length === 0 ? value : transfer(value, buffers);
}
