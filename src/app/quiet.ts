/**
 * Whether the app is doing heavy work a user waits for (loading the demo market, say), and a way
 * to put off background work (the service worker's first install, which compiles every script it
 * caches) until the app has been quiet for a while, so the two do not share this device's cores.
 */
let held = 0;
/** Called whenever heavy work starts or ends. */
const listeners = new Set<() => void>();

function change(by: number): void {
  held += by;
  for (const f of [...listeners]) f();
}

/** Marks heavy work as running until the returned function is called (once is enough). */
export function holdBusy(): () => void {
  change(1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    change(-1);
  };
}

/** True while some heavy work is running. */
export function busy(): boolean {
  return held > 0;
}

export interface Timers {
  set(f: () => void, ms: number): unknown;
  clear(id: unknown): void;
}

const DEFAULT_TIMERS: Timers = {
  set: (f, ms) => setTimeout(f, ms),
  clear: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/**
 * Calls `run` once no heavy work has run for `ms` in a row, counted from now; heavy work that
 * starts meanwhile restarts the count when it ends.
 */
export function whenQuietFor(ms: number, run: () => void, timers: Timers = DEFAULT_TIMERS): void {
  let timer: unknown = null;
  const check = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    if (busy()) return;
    timer = timers.set(() => {
      listeners.delete(check);
      run();
    }, ms);
  };
  listeners.add(check);
  check();
}
