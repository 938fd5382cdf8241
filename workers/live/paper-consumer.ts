/**
 * The paper bot on the live stream: a consumer of the live pipeline (`consumers.ts`) that turns
 * each step's closed candles and the signals fired on them into one bot tick per timeframe and
 * applies it to every book it concerns (`applyPaperTick`, one transaction). Steps replayed after
 * the tab was closed reach it in order like live ones, so the ledger catches up with the same
 * code. A signal on which an account's bot opened a trade is marked TRIGGERED.
 */
import type { BotBar, BotSignal, BotTick } from '../../src/core/paper/bot';
import { SYSTEM_ACCOUNT } from '../../src/core/paper/types';
import type { Timeframe } from '../../src/core/candles/timeframe';
import type { Signal } from '../../src/core/strategy/types';
import { applyPaperTick, markSignalTriggered, type CandlelabDb, type SignalRecord } from '../../src/data';
import type { LiveConsumer, LiveStep } from './consumers';

/** The engine's signal of a stored record. */
function signalOf(r: SignalRecord, barIndex: number): Signal {
  const s: Signal = {
    symbol: r.symbol,
    time: r.time,
    barIndex,
    direction: r.direction,
    price: r.price,
    confidence: r.confidence,
    stopFraction: r.stopFraction,
    targetFraction: r.targetFraction,
    reasons: r.reasons,
    strategy: r.strategy,
  };
  if (r.preset !== null) s.preset = r.preset;
  return s;
}

/** The step as bot ticks, one per timeframe (a tick holds the candles of one open time). */
export function ticksOfStep(step: LiveStep): Array<{ timeframe: Timeframe; tick: BotTick }> {
  const byKey = new Map<string, { timeframe: Timeframe; time: number; bars: BotBar[]; signals: BotSignal[] }>();
  for (const c of step.candles) {
    const key = `${c.timeframe}:${c.time}`;
    let t = byKey.get(key);
    if (t === undefined) byKey.set(key, (t = { timeframe: c.timeframe, time: c.time, bars: [], signals: [] }));
    if (t.bars.some((b) => b.symbol === c.symbol)) continue;
    t.bars.push({ symbol: c.symbol, time: c.time, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume });
    if (c.signal !== null && c.signal.status === 'ACTIVE') t.signals.push({ signal: signalOf(c.signal, c.barIndex), id: c.signal.id });
  }
  return [...byKey.values()].map(({ timeframe, time, bars, signals }) => ({ timeframe, tick: { time, bars, signals } }));
}

/** Marks TRIGGERED the ACTIVE signals on which an account opened a trade at `time`. */
async function markTriggered(db: CandlelabDb, time: number, at: number): Promise<void> {
  const trades = await db.paperTrades.where('[status+entryTime]').anyOf([['OPEN', time], ['CLOSED', time]]).toArray();
  for (const t of trades) {
    if (t.account === SYSTEM_ACCOUNT || t.signalId === null) continue;
    const s = await db.signals.get(t.signalId);
    if (s?.status === 'ACTIVE') await markSignalTriggered(db, s.id, at);
  }
}

/**
 * The consumer. A tick's time for runtime limits and records is the step's close: market time,
 * the clock sessions start on (the demo clock's on the demo source), so a session's limit ends it
 * at the same candle whether the tab was open or caught up later.
 */
export function createPaperConsumer(): LiveConsumer {
  return {
    name: 'paper bot',
    async onStep(step, { db }) {
      for (const { timeframe, tick } of ticksOfStep(step)) {
        await applyPaperTick(db, { timeframe, tick, now: step.closeTime });
        await markTriggered(db, tick.time, step.closeTime);
      }
    },
  };
}
