/**
 * Numbered pages over a list read by key (keyset paging: each page is "the next `limit` entries
 * after this cursor"), without offsets. The trail remembers where every visited page starts, so
 * the next page, a re-read of the current one (live updates) or a step back costs one read,
 * whatever the depth. A read that finds a page ending somewhere new (entries were added or
 * removed before it) moves the start of the following page and forgets the starts after it.
 */

/** One page as the list returns it: its entries and the cursor after its last entry (null at the end). */
export interface KeyedPage<T, C> {
  items: T[];
  next: C | null;
}

export class PageTrail<T, C> {
  /** starts[k]: the cursor page k begins after (page 0: null, the top of the list). */
  private starts: Array<C | null> = [null];

  constructor(private readonly same: (a: C, b: C) => boolean) {}

  /** Forgets every page start (the list's filter changed). */
  reset(): void {
    this.starts = [null];
  }

  /**
   * Page `n` (0-based) read with `read(after)`: from the deepest known start at or before `n`, one
   * read per page still to walk. Past the end it returns the last page; `index` says which page it is.
   */
  async page(n: number, read: (after: C | null) => Promise<KeyedPage<T, C>>): Promise<{ page: KeyedPage<T, C>; index: number }> {
    let k = Math.max(0, Math.min(n, this.starts.length - 1));
    for (;;) {
      const page = await read(this.starts[k] ?? null);
      const known = this.starts[k + 1];
      if (page.next === null) this.starts.length = k + 1;
      else if (known === undefined || known === null || !this.same(known, page.next)) {
        this.starts.length = k + 1;
        this.starts.push(page.next);
      }
      if (k >= n || page.next === null) return { page, index: k };
      k += 1;
    }
  }
}
