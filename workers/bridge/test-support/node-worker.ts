/**
 * Test support: runs a TypeScript worker module in a `worker_threads` Worker and presents it with the
 * DOM `Worker` surface the pool uses (`postMessage`, `addEventListener`, `terminate`).
 *
 * `error` listeners receive `{ message, error }` when the thread throws an uncaught error or exits
 * without being terminated; `messageerror` is forwarded as is.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerLike } from '../pool';

const bootstrap = new URL('./tsx-bootstrap.mjs', import.meta.url);

type Listener = EventListenerOrEventListenerObject;

/** A `worker_threads` Worker behind the {@link WorkerLike} interface. */
export interface NodeWorkerHandle extends WorkerLike {
  readonly thread: Worker;
  /** Resolves with the exit code once the thread has stopped. */
  readonly exited: Promise<number>;
}

function call(listener: Listener, event: unknown): void {
  if (typeof listener === 'function') listener(event as Event);
  else listener.handleEvent(event as Event);
}

/** Starts `entry` (a TypeScript module URL) in a new worker thread; `data` joins its `workerData`. */
export function spawnNodeWorker(entry: URL, data: Record<string, unknown> = {}): NodeWorkerHandle {
  const thread = new Worker(bootstrap, { workerData: { ...data, entry: entry.href } });
  const listeners = new Map<string, Map<Listener, (arg: unknown) => void>>();
  let terminated = false;
  let exitedWith: number | undefined;
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const emitError = (message: string, error?: unknown): void => {
    for (const l of listeners.get('error')?.keys() ?? []) call(l, { type: 'error', message, error });
  };
  thread.on('error', (error: Error) => emitError(error.message, error));
  thread.on('exit', (code: number) => {
    exitedWith = code;
    if (!terminated) emitError(`worker exited with code ${code}`);
  });
  return {
    thread,
    exited,
    postMessage(message: unknown, transfer?: Transferable[]) {
      if (exitedWith !== undefined) return;
      thread.postMessage(message, transfer as never);
    },
    addEventListener(type: string, listener: Listener) {
      let byType = listeners.get(type);
      if (byType === undefined) listeners.set(type, (byType = new Map()));
      if (byType.has(listener)) return;
      if (type === 'message' || type === 'messageerror') {
        const wrapped = (data: unknown): void => call(listener, { type, data });
        byType.set(listener, wrapped);
        thread.on(type, wrapped);
      } else {
        byType.set(listener, () => {});
      }
    },
    removeEventListener(type: string, listener: Listener) {
      const byType = listeners.get(type);
      const wrapped = byType?.get(listener);
      if (wrapped === undefined) return;
      byType!.delete(listener);
      if (type === 'message' || type === 'messageerror') thread.off(type, wrapped);
    },
    terminate() {
      terminated = true;
      void thread.terminate();
    },
  };
}
