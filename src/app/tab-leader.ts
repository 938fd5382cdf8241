/**
 * Tab leadership: the live work (signal stream, paper bot) runs in exactly one tab of this
 * browser profile, the one holding a Web Lock. The other tabs wait in the lock's queue and show
 * what the leader stores (Dexie live queries) and broadcasts; when the leader closes or crashes
 * the browser releases its lock and the next tab in the queue leads at once.
 *
 * Without Web Locks (very old browsers) the tab leads on its own: two such tabs could both run the
 * live work, which the stream survives (every step is idempotent) but which wastes work.
 */
import { createSignal, type Accessor } from 'solid-js';

/** Name of the lock the live work is held under. */
export const LIVE_LOCK = 'candlelab-live-leader';

export type LeaderRole = 'starting' | 'leader' | 'follower';

/** What a tab says about its role. */
export function leaderText(role: LeaderRole): string {
  return role === 'leader' ? 'This tab runs the live work' : role === 'follower' ? 'Another tab runs the live work' : 'Finding the tab that runs the live work…';
}

/** The part of the Web Locks API used here (`navigator.locks`). */
export interface LockApi {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

export interface TabLeader {
  readonly role: Accessor<LeaderRole>;
  /** True when Web Locks coordinate the tabs; false when this tab leads alone without them. */
  readonly coordinated: boolean;
  /** Gives up leadership (or the place in the queue); the `onLead` cleanup runs. */
  stop(): void;
}

/**
 * Joins the election for `name`. `onLead` runs once this tab leads; the function it returns runs
 * when leadership ends through {@link TabLeader.stop} (closing the tab ends it without running
 * anything). The first attempt does not wait (`ifAvailable`), so a tab learns at once whether
 * another leads; it then queues for the lock.
 */
export function createTabLeader(onLead: () => void | (() => void), options: { name?: string; locks?: LockApi | null } = {}): TabLeader {
  const name = options.name ?? LIVE_LOCK;
  const locks = options.locks === undefined ? ((globalThis.navigator as { locks?: LockApi } | undefined)?.locks ?? null) : options.locks;
  const [role, setRole] = createSignal<LeaderRole>('starting');
  const controller = new AbortController();
  let cleanup: void | (() => void);
  let release: (() => void) | null = null;

  const lead = (): Promise<void> => {
    if (controller.signal.aborted) return Promise.resolve();
    setRole('leader');
    cleanup = onLead();
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };

  if (!locks) {
    void lead();
    return {
      role,
      coordinated: false,
      stop: () => {
        controller.abort();
        cleanup?.();
        cleanup = undefined;
      },
    };
  }

  void locks
    .request(name, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await lead();
      return true;
    })
    .then((held) => {
      if (held || controller.signal.aborted) return;
      setRole('follower');
      return locks.request(name, { signal: controller.signal }, () => lead());
    })
    .catch(() => undefined);

  return {
    role,
    coordinated: true,
    stop: () => {
      controller.abort();
      const c = cleanup;
      cleanup = undefined;
      c?.();
      release?.();
      release = null;
      setRole('starting');
    },
  };
}
