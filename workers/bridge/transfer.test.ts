import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { collectTransferables, transferResult } from './transfer';

const openPorts: MessagePort[] = [];
afterEach(() => {
  for (const p of openPorts.splice(0)) p.close();
});

/** Sends `value` over a Node MessageChannel with the given transfer list and returns what arrived. */
function postAndReceive<T>(value: T, transfer: Transferable[]): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  openPorts.push(port1, port2);
  const received = new Promise<T>((resolve) => {
    port2.onmessage = (ev) => resolve(ev.data as T);
  });
  port1.postMessage(value, transfer);
  return received;
}

describe('collectTransferables', () => {
  it('finds the buffers of nested typed arrays, DataViews and bare ArrayBuffers, once each', () => {
    const shared = new ArrayBuffer(64);
    const a = new Float64Array(shared, 0, 4);
    const b = new Uint8Array(shared, 32, 8);
    const c = new Int32Array(10);
    const d = new DataView(new ArrayBuffer(8));
    const bare = new ArrayBuffer(16);
    const value = { a, nested: { list: [b, c], again: a }, d, bare, map: new Map([['k', c]]), set: new Set([d]) };
    const buffers = collectTransferables(value);
    expect(buffers).toHaveLength(4);
    expect(new Set(buffers)).toEqual(new Set([shared, c.buffer, d.buffer, bare]));
  });

  it('skips SharedArrayBuffers, empty buffers, primitives and class instances', () => {
    const sab = new Float64Array(new SharedArrayBuffer(32));
    class Holder {
      constructor(readonly data = new Float64Array(4)) {}
    }
    expect(collectTransferables({ sab, empty: new Float64Array(0), n: 1, s: 'x', h: new Holder() })).toEqual([]);
    expect(collectTransferables(null)).toEqual([]);
    expect(collectTransferables(7)).toEqual([]);
  });

  it('handles cycles', () => {
    const data = new Float32Array(3);
    const node: { data: Float32Array; self?: unknown; list: unknown[] } = { data, list: [] };
    node.self = node;
    node.list.push(node, [node]);
    expect(collectTransferables(node)).toEqual([data.buffer]);
  });
});

describe('transferResult', () => {
  it('marks in place; posting with the collected buffers detaches them and delivers the data intact', async () => {
    const closes = Float64Array.from([1.5, 2.5, 3.5]);
    const flags = Uint8Array.from([1, 0, 1]);
    const result = { closes, more: [{ flags }] };
    const marked = transferResult(result);
    expect(marked).toBe(result);

    const received = await postAndReceive(marked, collectTransferables(marked));
    expect(closes.buffer.byteLength).toBe(0);
    expect(flags.buffer.byteLength).toBe(0);
    expect(Array.from(received.closes)).toEqual([1.5, 2.5, 3.5]);
    expect(Array.from(received.more[0].flags)).toEqual([1, 0, 1]);
  });

  it('makes Comlink transfer a returned value (and plain returns copy)', async () => {
    const sentTransferred = new Float64Array([1, 2, 3, 4]);
    const sentCopied = new Float64Array([5, 6]);
    const { port1, port2 } = new MessageChannel();
    openPorts.push(port1, port2);
    Comlink.expose(
      {
        moved: () => transferResult({ series: sentTransferred }),
        copied: () => ({ series: sentCopied }),
      },
      port1,
    );
    const remote = Comlink.wrap<{
      moved(): { series: Float64Array };
      copied(): { series: Float64Array };
    }>(port2);

    const moved = await remote.moved();
    expect(Array.from(moved.series)).toEqual([1, 2, 3, 4]);
    expect(sentTransferred.buffer.byteLength).toBe(0);

    const copied = await remote.copied();
    expect(Array.from(copied.series)).toEqual([5, 6]);
    expect(sentCopied.buffer.byteLength).toBe(16);
  });

  it('transfers call arguments marked with it', async () => {
    const { port1, port2 } = new MessageChannel();
    openPorts.push(port1, port2);
    Comlink.expose({ sum: (xs: { v: Float64Array }) => xs.v.reduce((s, x) => s + x, 0) }, port1);
    const remote = Comlink.wrap<{ sum(xs: { v: Float64Array }): number }>(port2);
    const v = new Float64Array([1, 2, 3]);
    expect(await remote.sum(transferResult({ v }))).toBe(6);
    expect(v.buffer.byteLength).toBe(0);
  });

  it('returns primitives and buffer-free values unmarked', async () => {
    expect(transferResult(5)).toBe(5);
    const plain = { a: 1 };
    expect(transferResult(plain)).toBe(plain);
  });
});
