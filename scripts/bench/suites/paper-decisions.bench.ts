import { performance } from 'node:perf_hooks';
import { PageTrail } from '../../../src/app/page-trail';
import { listDecisions, type DecisionCursor, type DecisionPage } from '../../../src/data/repos/decisions';
import type { DecisionRecord } from '../../../src/data/records/decisions';
import { memoryDb } from '../../../src/data/testing/memory-db';
import { collectGarbage, median } from '../timing';
import type { BenchResult, BenchSuite } from '../types';

const ENTRIES = 5_000;
const PAGE_SIZE = 25;
/** The 101st page: entries 2,501–2,525. */
const DEEP_PAGE = 100;
const RUNS = 7;
/** One read instead of one per page above it. */
const RATIO_GOAL = 0.1;

/**
 * `paper:decision-deep-page`: the decision stream's page 100 of 25 entries (5,000 decisions of one
 * account in fake-indexeddb), reached by key from the trail of page starts the pages before it
 * left (one read: what a step to the next page or a live re-read costs) — against the reference,
 * walking every page from the top as the stream did before. Both must return the same entries.
 */
const suite: BenchSuite = {
  name: 'paper-decisions',
  async run(): Promise<BenchResult[]> {
    const db = await memoryDb();
    const rows: DecisionRecord[] = Array.from({ length: ENTRIES }, (_, i) => ({
      id: `dec_${String(i).padStart(6, '0')}`,
      time: Date.UTC(2024, 0, 1) + Math.floor(i / 6) * 3_600_000,
      account: 'acc_bench',
      symbol: `S${i % 6}/USDT`,
      timeframe: '1h',
      decision: 'HOLD',
      confidence: 0.5,
      level: 'LOW',
      riskScore: 40,
      opportunityScore: 20,
      reasoning: `no edge at ${i}`,
      keyFactors: [],
      snapshot: { price: 1, indicators: {} },
      strategy: 'bench',
      preset: null,
      session: null,
      signalId: null,
    }));
    await db.decisions.bulkAdd(rows);
    const read = (after: DecisionCursor | null): Promise<DecisionPage> => listDecisions(db, 'acc_bench', { limit: PAGE_SIZE, after });
    const walk = async (): Promise<DecisionPage> => {
      let after: DecisionCursor | null = null;
      let p: DecisionPage = { items: [], next: null };
      for (let i = 0; i <= DEEP_PAGE; i++) {
        p = await read(after);
        after = p.next;
      }
      return p;
    };
    const keyed: number[] = [];
    const walked: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const trail = new PageTrail<DecisionRecord, DecisionCursor>((a, b) => a.time === b.time && a.id === b.id);
      for (let i = 0; i < DEEP_PAGE; i++) await trail.page(i, read);
      collectGarbage();
      let t0 = performance.now();
      const byKey = (await trail.page(DEEP_PAGE, read)).page.items;
      const k = performance.now() - t0;
      collectGarbage();
      t0 = performance.now();
      const byWalk = (await walk()).items;
      const w = performance.now() - t0;
      if (byKey.map((d) => d.id).join() !== byWalk.map((d) => d.id).join() || byKey.length !== PAGE_SIZE) throw new Error('the keyed page differs from the walked page');
      if (run === 0) continue;
      keyed.push(k);
      walked.push(w);
    }
    db.close();
    const ms = median(keyed);
    const referenceMs = median(walked);
    const ratio = ms / referenceMs;
    return [{ name: 'paper:decision-deep-page', ms, referenceMs, ratio, goal: `ratio <= ${RATIO_GOAL}`, ok: ratio <= RATIO_GOAL }];
  },
};

export default suite;
