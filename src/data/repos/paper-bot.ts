/**
 * The paper bot against storage: one tick (the closed candles of one time and their signals)
 * stepped through every book it concerns and written in ONE transaction, and catch-up as a run of
 * such ticks. This is what the app's live pipeline calls (through the data worker).
 *
 * Books of a tick of timeframe `tf`:
 * - every account with a RUNNING session on `tf`: the bars and signals of the session's symbols;
 *   a signal belongs to the session when it names the session's preset (or, without a preset, its
 *   strategy). A session past its runtime limit completes first and trades no more.
 *   Positions it holds on other symbols of the tick are managed too (stops and targets).
 * - every other account holding an open position on a symbol of the tick, unless its bot runs on
 *   another timeframe: its stops and targets are managed, signals are ignored.
 * - the SYSTEM trades of `tf`: every bar and every signal.
 */
import type { BotContext, BotSignal, BotTick } from '../../core/paper/bot';
import { stepBot } from '../../core/paper/bot';
import { catchUpTicks, type CatchUpSeries } from '../../core/paper/catch-up';
import { newBotState } from '../../core/paper/state';
import { SYSTEM_ACCOUNT } from '../../core/paper/types';
import type { Signal } from '../../core/strategy/types';
import type { Timeframe } from '../../core/candles/timeframe';
import type { CandlelabDb } from '../db';
import { guard } from '../errors';
import type { BotSessionRecord } from '../records/bot-sessions';
import { requireNumber, requireTimeframe } from '../validate';
import { endSessionIn } from './bot-sessions';
import { asInvalid, ledgerTables, loadBook, saveStep } from './paper-ledger';
import { Dexie } from 'dexie';

export interface PaperTickInput {
  timeframe: Timeframe;
  tick: BotTick;
  /** Wall-clock time (UTC ms): session runtime limits and record timestamps. The bot itself runs on the candles' times. */
  now: number;
}

/** What one book did in a tick. */
export interface PaperBookOutcome {
  book: string;
  session: string | null;
  opened: number;
  closed: number;
  decisions: number;
}

export interface PaperTickResult {
  books: PaperBookOutcome[];
  /** Sessions completed by their runtime limit in this tick. */
  completedSessions: string[];
}

/** True when `signal` comes from the strategy the session runs. */
export function signalOfSession(signal: Signal, session: Pick<BotSessionRecord, 'strategy' | 'preset'>): boolean {
  return session.preset !== null ? signal.preset === session.preset : signal.strategy === session.strategy;
}

function only(tick: BotTick, symbols: ReadonlySet<string>, keep: (s: BotSignal) => boolean): BotTick {
  const t: BotTick = {
    time: tick.time,
    bars: tick.bars.filter((b) => symbols.has(b.symbol)),
    signals: tick.signals.filter((s) => symbols.has(s.signal.symbol) && keep(s)),
  };
  if (tick.final !== undefined) t.final = tick.final.filter((s) => symbols.has(s));
  return t;
}

/** Steps every book the tick concerns (file comment) and writes all of it in one transaction. */
export async function applyPaperTick(db: CandlelabDb, input: PaperTickInput): Promise<PaperTickResult> {
  requireTimeframe('timeframe', input.timeframe);
  requireNumber('now', input.now);
  const { timeframe: tf, tick, now } = input;
  return guard(db, () =>
    db.transaction('rw', ledgerTables(db), async () => {
      const out: PaperTickResult = { books: [], completedSessions: [] };
      const running = await db.botSessions.where('[status+startedAt]').between(['RUNNING', Dexie.minKey], ['RUNNING', Dexie.maxKey]).toArray();
      // Accounts whose bot runs on another timeframe are stepped by that timeframe's ticks only.
      const elsewhere = new Set(running.filter((s) => s.timeframe !== tf).map((s) => s.account));
      const trading = new Map<string, BotSessionRecord>();
      for (const s of running) {
        if (s.timeframe !== tf) continue;
        if (s.runtimeLimitMs !== null && now >= s.startedAt + s.runtimeLimitMs) {
          await endSessionIn(db, s, 'COMPLETED', 'runtime limit reached', now);
          out.completedSessions.push(s.id);
        } else if (!trading.has(s.account)) trading.set(s.account, s);
      }
      const tickSymbols = new Set(tick.bars.map((b) => b.symbol));
      // Symbols of the tick on which each account holds a position (its stops and targets are managed too).
      const holding = new Map<string, Set<string>>();
      const open = await db.paperTrades.where('[status+entryTime]').between(['OPEN', Dexie.minKey], ['OPEN', Dexie.maxKey]).toArray();
      for (const t of open) {
        if (t.account === SYSTEM_ACCOUNT || elsewhere.has(t.account) || !tickSymbols.has(t.symbol)) continue;
        let set = holding.get(t.account);
        if (set === undefined) holding.set(t.account, (set = new Set()));
        set.add(t.symbol);
      }
      const step = async (book: string, sub: BotTick, ctx: BotContext) => {
        if (sub.bars.length === 0) return;
        const loaded = await loadBook(db, book, tf);
        const r = asInvalid(() => stepBot(loaded.state, loaded.config, sub, ctx));
        await saveStep(db, loaded, r, now);
        let opened = 0;
        let closed = 0;
        for (const e of r.events) {
          if (e.type === 'OPEN') opened++;
          else if (e.type === 'CLOSE') closed++;
        }
        out.books.push({ book, session: ctx.session, opened, closed, decisions: r.decisions.length });
      };
      for (const [account, s] of [...trading].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const watched = new Set(s.symbols);
        await step(account, only(tick, new Set([...watched, ...(holding.get(account) ?? [])]), (x) => watched.has(x.signal.symbol) && signalOfSession(x.signal, s)), {
          session: s.id,
          trading: true,
          strategy: s.strategy,
          preset: s.preset,
        });
      }
      for (const [account, symbols] of [...holding].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (trading.has(account)) continue;
        await step(account, only(tick, symbols, () => false), { session: null, trading: false, strategy: 'MANUAL', preset: null });
      }
      await step(SYSTEM_ACCOUNT, tick, { session: null, trading: true, strategy: SYSTEM_ACCOUNT, preset: null });
      return out;
    }),
  );
}

export interface PaperCatchUpInput {
  timeframe: Timeframe;
  /** The closed candles of each watched symbol since (at least) the last one the bot processed. */
  series: CatchUpSeries[];
  /** The signals fired on those candles. */
  signals: BotSignal[];
  now: number;
}

export interface CatchUpHooks {
  /** After each tick: ticks done and in all. */
  onProgress?(done: number, total: number): void;
  /** Awaited between ticks (the worker's cancellation checkpoint). */
  checkpoint?(): Promise<void>;
}

/**
 * Replays missed candles in time order, one {@link applyPaperTick} (one transaction) per open
 * time: every book skips what it already processed, so the ledger ends as if the tab had never
 * closed, and an interrupted catch-up resumes where it stopped.
 */
export async function applyPaperCatchUp(db: CandlelabDb, input: PaperCatchUpInput, hooks: CatchUpHooks = {}): Promise<PaperTickResult> {
  requireTimeframe('timeframe', input.timeframe);
  const bySymbolTime = new Map<string, BotSignal>();
  for (const s of input.signals) bySymbolTime.set(`${s.signal.symbol}\u0000${s.signal.time}`, s);
  const ticks = [...catchUpTicks(newBotState('catch-up', '0'), input.series, (symbol, _i, time) => bySymbolTime.get(`${symbol}\u0000${time}`) ?? null)];
  const all: PaperTickResult = { books: [], completedSessions: [] };
  for (let i = 0; i < ticks.length; i++) {
    await hooks.checkpoint?.();
    const r = await applyPaperTick(db, { timeframe: input.timeframe, tick: ticks[i], now: input.now });
    all.books.push(...r.books);
    all.completedSessions.push(...r.completedSessions);
    hooks.onProgress?.(i + 1, ticks.length);
  }
  return all;
}
