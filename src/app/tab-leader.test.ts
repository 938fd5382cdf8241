import { describe, expect, it, vi } from 'vitest';
import { createTabLeader, leaderText, type LockApi } from './tab-leader';

/**
 * An in-memory Web Locks manager for one lock name space: exclusive locks granted in request
 * order, `ifAvailable` answered at once with null when held, queued requests dropped when their
 * signal aborts, and `crash(holder)` releasing a holder's lock the way a closed tab does.
 */
function fakeLocks() {
  const held = new Map<string, symbol>();
  const queue = new Map<string, Array<{ token: symbol; grant: () => void }>>();
  const releaseOf = new Map<symbol, () => void>();
  const grantNext = (name: string) => {
    const next = queue.get(name)?.shift();
    if (next) next.grant();
  };
  const api = (token: symbol): LockApi => ({
    request(name, options, callback) {
      const run = (): Promise<unknown> => {
        held.set(name, token);
        let done!: () => void;
        const released = new Promise<void>((r) => (done = r));
        releaseOf.set(token, done);
        const result = Promise.resolve(callback({ name }));
        void Promise.race([result, released]).then(() => {
          if (held.get(name) === token) {
            held.delete(name);
            grantNext(name);
          }
        });
        return result;
      };
      if (!held.has(name)) return run();
      if (options.ifAvailable) return Promise.resolve(callback(null));
      return new Promise((resolve, reject) => {
        const entry = { token, grant: () => void run().then(resolve, reject) };
        const list = queue.get(name) ?? [];
        list.push(entry);
        queue.set(name, list);
        options.signal?.addEventListener('abort', () => {
          const l = queue.get(name) ?? [];
          const i = l.indexOf(entry);
          if (i >= 0) l.splice(i, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
  });
  return { api, crash: (token: symbol) => releaseOf.get(token)?.(), holder: (name: string) => held.get(name) };
}

describe('tab leader', () => {
  it('one tab leads, the others follow; when the leader goes the next one leads', async () => {
    const locks = fakeLocks();
    const tabs = [Symbol('a'), Symbol('b'), Symbol('c')];
    const led: string[] = [];
    const leaders = tabs.map((t) => createTabLeader(() => void led.push(t.description!), { locks: locks.api(t), name: 'live' }));
    await vi.waitFor(() => expect(leaders.map((l) => l.role())).toEqual(['leader', 'follower', 'follower']));
    expect(led).toEqual(['a']);
    expect(leaders[0].coordinated).toBe(true);

    // The leading tab closes (its lock is released by the browser): the first follower leads.
    locks.crash(tabs[0]);
    await vi.waitFor(() => expect(leaders[1].role()).toBe('leader'));
    expect(leaders[2].role()).toBe('follower');
    expect(led).toEqual(['a', 'b']);
    expect(locks.holder('live')).toBe(tabs[1]);
  });

  it('stopping gives up the lock and runs the cleanup; a stopped follower never leads', async () => {
    const locks = fakeLocks();
    const [a, b, c] = [Symbol('a'), Symbol('b'), Symbol('c')];
    const events: string[] = [];
    const la = createTabLeader(() => {
      events.push('a leads');
      return () => events.push('a cleans up');
    }, { locks: locks.api(a), name: 'live' });
    await vi.waitFor(() => expect(la.role()).toBe('leader'));
    const lb = createTabLeader(() => void events.push('b leads'), { locks: locks.api(b), name: 'live' });
    const lc = createTabLeader(() => void events.push('c leads'), { locks: locks.api(c), name: 'live' });
    await vi.waitFor(() => expect([lb.role(), lc.role()]).toEqual(['follower', 'follower']));
    lb.stop();
    la.stop();
    // b was first in the queue: c leading proves b left it.
    await vi.waitFor(() => expect(lc.role()).toBe('leader'));
    expect(events).toEqual(['a leads', 'a cleans up', 'c leads']);
    expect(lb.role()).toBe('starting');
  });

  it('leads alone without Web Locks, and says what each role means', () => {
    let led = 0;
    const l = createTabLeader(() => void led++, { locks: null });
    expect([l.role(), l.coordinated, led]).toEqual(['leader', false, 1]);
    expect(leaderText('leader')).toBe('This tab runs the live work');
    expect(leaderText('follower')).toBe('Another tab runs the live work');
  });
});
