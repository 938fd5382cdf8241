import { describe, expect, it } from 'vitest';
import { PageTrail, type KeyedPage } from './page-trail';

interface Entry {
  time: number;
  id: string;
}
type Cursor = Entry;

/** A log listed newest first, read by key like the decisions repository: entries strictly older than the cursor. */
function keyedLog(entries: Entry[]) {
  const log = { entries, reads: 0 };
  const older = (e: Entry, c: Cursor) => e.time < c.time || (e.time === c.time && e.id < c.id);
  const read = (limit: number) => async (after: Cursor | null): Promise<KeyedPage<Entry, Cursor>> => {
    log.reads += 1;
    const sorted = [...log.entries].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1));
    const from = after === null ? sorted : sorted.filter((e) => older(e, after));
    const items = from.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: from.length > limit && last ? { time: last.time, id: last.id } : null };
  };
  return { log, read };
}

const same = (a: Cursor, b: Cursor) => a.time === b.time && a.id === b.id;
// 103 entries, times with ties (three per instant), ids unique.
const entries = Array.from({ length: 103 }, (_, i) => ({ time: Math.floor(i / 3), id: `d${String(i).padStart(3, '0')}` }));
const newestFirst = [...entries].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1));

describe('keyed paging with a trail of page starts', () => {
  it('reads the same pages as offsets would, one read per step however deep', async () => {
    const { log, read } = keyedLog([...entries]);
    const trail = new PageTrail<Entry, Cursor>(same);
    for (let n = 0; n < 11; n++) {
      const before = log.reads;
      const { page, index } = await trail.page(n, read(10));
      expect(log.reads - before).toBe(1);
      expect(index).toBe(n);
      expect(page.items).toEqual(newestFirst.slice(n * 10, n * 10 + 10));
    }
    // A re-read of a deep page (a live update) and a step back: one read each.
    let before = log.reads;
    expect((await trail.page(9, read(10))).page.items).toEqual(newestFirst.slice(90, 100));
    expect((await trail.page(4, read(10))).page.items).toEqual(newestFirst.slice(40, 50));
    expect(log.reads - before).toBe(2);
    // The last page has 3 entries and no next; past the end answers the last page.
    before = log.reads;
    const past = await trail.page(40, read(10));
    expect(past.index).toBe(10);
    expect(past.page.items).toEqual(newestFirst.slice(100));
    expect(past.page.next).toBeNull();
    expect(log.reads - before).toBe(1);
  });

  it('a jump walks from the deepest known start; reset forgets the starts', async () => {
    const { log, read } = keyedLog([...entries]);
    const trail = new PageTrail<Entry, Cursor>(same);
    expect((await trail.page(5, read(10))).page.items).toEqual(newestFirst.slice(50, 60));
    expect(log.reads).toBe(6);
    expect((await trail.page(7, read(10))).page.items).toEqual(newestFirst.slice(70, 80));
    // Page 5's end told where page 6 starts: pages 6 and 7 are read.
    expect(log.reads).toBe(8);
    trail.reset();
    await trail.page(1, read(10));
    expect(log.reads).toBe(10);
  });

  it('a page held open stays put while entries arrive; re-reading the top moves the following start so nothing is skipped', async () => {
    const { log, read } = keyedLog([...entries]);
    const trail = new PageTrail<Entry, Cursor>(same);
    await trail.page(0, read(10));
    const second = (await trail.page(1, read(10))).page.items;
    log.entries.push({ time: 100, id: 'n1' }, { time: 101, id: 'n2' });
    // Page 1 re-read from its start: the same entries, not shifted by the two new ones.
    expect((await trail.page(1, read(10))).page.items).toEqual(second);
    // Back to the top: the new entries lead; the next page then starts right after, as offsets would.
    const all = [{ time: 101, id: 'n2' }, { time: 100, id: 'n1' }, ...newestFirst];
    expect((await trail.page(0, read(10))).page.items).toEqual(all.slice(0, 10));
    expect((await trail.page(1, read(10))).page.items).toEqual(all.slice(10, 20));
    expect((await trail.page(2, read(10))).page.items).toEqual(all.slice(20, 30));
  });
});
