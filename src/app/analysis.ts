/**
 * The Analysis screen's data: the sources a user can pick (completed backtests, paper accounts,
 * the SYSTEM trades), observed live, and the analyses of a source run in the interactive compute
 * worker (`workers/compute/analysis-tasks.ts`), which reads the trades, signals and candles itself.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import type { Dashboard, DashboardRange, PerformanceAnalysis, TradeAnalysis, TradeQuery } from '../core/analysis';
import { listBacktestJobs, listPaperAccounts, listPaperTrades, observeQuery, SYSTEM_ACCOUNT } from '../data';
import { isWorkerTaskError } from '../../workers/bridge';
import type { AnalysisSourceRef } from '../../workers/compute/analysis-tasks';
import { interactiveComputeWorker } from './worker-pools';
import { database } from './db-service';
import { downloadText } from './download';

export type { AnalysisSourceRef } from '../../workers/compute/analysis-tasks';

/** One entry of the source picker. */
export interface SourceOption {
  /** `backtest:<seq>`, `account:<id>` or `system` (the `?source=` of the page). */
  key: string;
  ref: AnalysisSourceRef;
  label: string;
  /** Paper sources, then backtests (newest first). */
  group: 'Paper trading' | 'Backtests';
}

/** The key of a source reference, as the page's `?source=` holds it. */
export function sourceKey(ref: AnalysisSourceRef): string {
  return ref.kind === 'backtest' ? `backtest:${ref.seq}` : ref.kind === 'account' ? `account:${ref.id}` : 'system';
}

/** The source a `?source=` key names, or null when it is not one. */
export function parseSourceKey(key: string | undefined): AnalysisSourceRef | null {
  if (key === undefined || key === '') return null;
  if (key === 'system') return { kind: 'system' };
  const b = /^backtest:(\d+)$/.exec(key);
  if (b) return { kind: 'backtest', seq: Number(b[1]) };
  const a = /^account:(.+)$/.exec(key);
  return a ? { kind: 'account', id: a[1] } : null;
}

/** Every source with trades to analyse, kept current; undefined while first read. */
export function createSourceOptions(): Accessor<SourceOption[] | undefined> {
  const [options, setOptions] = createSignal<SourceOption[] | undefined>(undefined);
  const sub = observeQuery(async () => {
    const db = database();
    const out: SourceOption[] = [];
    for (const a of await listPaperAccounts(db)) {
      out.push({ key: `account:${a.id}`, ref: { kind: 'account', id: a.id }, label: `Paper account: ${a.name}`, group: 'Paper trading' });
    }
    if ((await listPaperTrades(db, SYSTEM_ACCOUNT, { limit: 1 })).length > 0) {
      out.push({ key: 'system', ref: { kind: 'system' }, label: 'SYSTEM trades (every signal, 100 each)', group: 'Paper trading' });
    }
    for (const j of await listBacktestJobs(db, { status: 'COMPLETED', newestFirst: true })) {
      out.push({ key: `backtest:${j.seq}`, ref: { kind: 'backtest', seq: j.seq }, label: `Backtest #${j.seq} · ${j.name}`, group: 'Backtests' });
    }
    return out;
  }).subscribe(setOptions);
  onCleanup(() => sub.unsubscribe());
  return options;
}

/** An analysis as the page shows it: loading, its result, or why it failed. */
export type AnalysisState<T> = { status: 'idle' } | { status: 'loading' } | { status: 'done'; value: T } | { status: 'failed'; message: string };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs `task(args)` in the compute worker whenever `args()` changes (null = nothing to run) and
 * keeps the latest answer; a newer request makes an older answer be ignored. Call in a component.
 */
function createWorkerResult<A, T>(args: Accessor<A | null>, task: (a: A) => Promise<T>): Accessor<AnalysisState<T>> {
  const [state, setState] = createSignal<AnalysisState<T>>({ status: 'idle' });
  createEffect(() => {
    const a = args();
    let live = true;
    onCleanup(() => (live = false));
    if (a === null) {
      setState({ status: 'idle' });
      return;
    }
    setState({ status: 'loading' });
    task(a).then(
      (value) => live && setState({ status: 'done', value }),
      (e: unknown) => live && setState({ status: 'failed', message: isWorkerTaskError(e) || e instanceof Error ? messageOf(e) : String(e) }),
    );
  });
  return state;
}

/** The trade analysis of a source under a query (with the source's stored candles). */
export function createTradeAnalysis(args: Accessor<{ source: AnalysisSourceRef; query: TradeQuery } | null>): Accessor<AnalysisState<TradeAnalysis>> {
  return createWorkerResult(args, (a) => interactiveComputeWorker().run('tradeAnalysis', a));
}

/** The performance analysis of a source under a query. */
export function createPerformanceAnalysis(
  args: Accessor<{ source: AnalysisSourceRef; query: TradeQuery } | null>,
): Accessor<AnalysisState<PerformanceAnalysis>> {
  return createWorkerResult(args, (a) => interactiveComputeWorker().run('performanceAnalysis', a));
}

/** The analytics dashboard of a source over a range. */
export function createDashboard(args: Accessor<{ source: AnalysisSourceRef; range: DashboardRange } | null>): Accessor<AnalysisState<Dashboard>> {
  return createWorkerResult(args, (a) => interactiveComputeWorker().run('dashboard', a));
}

/** Downloads the trades behind a dashboard as CSV; resolves with the number of trades, rejects with a readable error. */
export async function exportDashboardCsv(source: AnalysisSourceRef, range: DashboardRange): Promise<number> {
  const file = await interactiveComputeWorker().run('dashboardCsv', { source, range });
  downloadText(file.fileName, file.text, 'text/csv;charset=utf-8');
  return file.trades;
}
