import { createSignal } from 'solid-js';
import { isWorkerTaskError } from '../../workers/bridge';
import { dataWorker } from './worker-pools';
import { reportWriteError } from './db-service';
import { requestPersistence } from './storage-health';
import { holdBusy } from './quiet';

export interface DemoJobState {
  running: boolean;
  progress: { done: number; total: number; phase?: string; message?: string };
  error: string | null;
}

const idle: DemoJobState = { running: false, progress: { done: 0, total: 1 }, error: null };
const [demoJob, setDemoJob] = createSignal<DemoJobState>(idle);
let abort: AbortController | undefined;

/** State of the demo-market load: progress while it runs, the error if it failed. */
export { demoJob };

/**
 * Starts the data worker and opens its database as the pointer reaches (or focus lands on) the
 * button that loads the demo market, so that the click goes straight to generating; the first page
 * load stays free of the worker's code. Harmless when already started.
 */
export function prepareDemoMarket(): void {
  void dataWorker()
    .run('openDatabase', {})
    .catch(() => undefined);
}

/** Generates and stores the synthetic demo market in the data worker. */
export async function loadDemoMarket(): Promise<void> {
  if (demoJob().running) return;
  abort = new AbortController();
  setDemoJob({ running: true, progress: { done: 0, total: 1, message: 'Starting' }, error: null });
  const release = holdBusy();
  try {
    await dataWorker().run('loadDemoMarket', {}, {
      signal: abort.signal,
      onProgress: (p) => setDemoJob((s) => ({ ...s, progress: p })),
    });
    setDemoJob(idle);
    void requestPersistence();
  } catch (e) {
    if (isWorkerTaskError(e, 'CANCELLED')) {
      setDemoJob(idle);
      return;
    }
    if (isWorkerTaskError(e, 'QUOTA_EXCEEDED')) reportWriteError(e);
    setDemoJob({ ...idle, error: `The demo market could not be stored: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    release();
  }
}

export function cancelDemoMarket(): void {
  abort?.abort();
}
