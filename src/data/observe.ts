import { liveQuery } from 'dexie';

/** An observable query: emits its result now and again whenever the tables it read change (in any tab or worker). */
export function observeQuery<T>(query: () => Promise<T>): { subscribe(next: (v: T) => void): { unsubscribe(): void } } {
  const obs = liveQuery(query);
  return {
    subscribe: (next) => obs.subscribe({ next, error: () => undefined }),
  };
}
