/** Choosing backtests by number (`1 2 5-8`) for a report, a comparison or the volatility report. */
import { formatIdRanges, parseIdRanges } from '../core/util/id-ranges';
import { getBacktestJobsBySeq, type BacktestJobRecord } from '../data';
import { database } from './db-service';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What a selection of job numbers is for. */
export type SelectionAction = 'open' | 'compare' | 'volatility';

/** The outcome of {@link resolveSelection}: where to go, or why not. */
export type SelectionResult = { ok: true; seqs: number[]; href: string } | { ok: false; error: string };


function listSeqs(seqs: readonly number[]): string {
  const shown = seqs.slice(0, 5).map((s) => `#${s}`);
  return seqs.length > 5 ? `${shown.join(', ')} and ${seqs.length - 5} more` : shown.join(', ');
}

/**
 * Checks a selection typed as `1 2 5-8 10` for an action and gives the page to open: `open`
 * needs exactly one existing job (`/backtests/<seq>`); `compare` two or more completed jobs
 * (`/backtests/compare?ids=1,3`); `volatility` existing jobs, at least one completed
 * (`/backtests/volatility?ids=1-12`; the report lists the others as left out). Bad syntax, numbers
 * that do not exist and jobs that are not completed are refused with the reason.
 */
export async function resolveSelection(text: string, action: SelectionAction): Promise<SelectionResult> {
  let seqs: number[];
  try {
    seqs = parseIdRanges(text);
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
  if (seqs.length === 0) return { ok: false, error: 'ids: none given (type job numbers like 1 2 5-8 10)' };
  if (action === 'open' && seqs.length !== 1) {
    return { ok: false, error: `ids: "${text.trim()}" selects ${seqs.length} backtests; Open report takes exactly one` };
  }
  if (action === 'compare' && seqs.length < 2) {
    return { ok: false, error: `ids: "${text.trim()}" selects ${seqs.length} backtest${seqs.length === 1 ? '' : 's'}; Compare takes 2 or more` };
  }
  let jobs: Array<BacktestJobRecord | undefined>;
  try {
    jobs = await getBacktestJobsBySeq(database(), seqs);
  } catch (e) {
    return { ok: false, error: messageOf(e) };
  }
  const missing = seqs.filter((_, i) => jobs[i] === undefined);
  if (missing.length > 0) {
    return { ok: false, error: `ids: ${listSeqs(missing)} ${missing.length === 1 ? 'does' : 'do'} not exist` };
  }
  const notDone = jobs.filter((j): j is BacktestJobRecord => j !== undefined && j.status !== 'COMPLETED');
  if (action === 'compare' && notDone.length > 0) {
    const j = notDone[0];
    return { ok: false, error: `ids: #${j.seq} is ${j.status}, not completed (Compare needs results)` };
  }
  if (action === 'volatility' && notDone.length === seqs.length) {
    return { ok: false, error: `ids: none of ${listSeqs(seqs)} is completed yet` };
  }
  const list = formatIdRanges(seqs).replaceAll(' ', ',');
  const href =
    action === 'open' ? `/backtests/${seqs[0]}` : action === 'compare' ? `/backtests/compare?ids=${list}` : `/backtests/volatility?ids=${list}`;
  return { ok: true, seqs, href };
}
