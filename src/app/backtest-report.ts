/**
 * The report page's data: the job of a number, observed live (status, progress, error), and once
 * it is completed, its report built in the interactive compute worker (`backtestReport`: metrics,
 * trades as columns, equity; then `backtestReportDetails`: breakdowns, entry heat, reasons), so
 * the page never reads or clones the trades itself.
 * And the stored candles of a traded symbol for the price chart.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';
import { timeframeMs, type Timeframe } from '../core/candles/timeframe';
import type { CandleColumns } from '../core/candles/types';
import type { BacktestReportDetails, BacktestReportView } from '../core/reports/backtest-report';
import { normaliseSymbol } from '../core/strategy/scripted';
import { getBacktestJobBySeq, listSeries, observeQuery, readCandles, type BacktestJobRecord } from '../data';
import { isWorkerTaskError } from '../../workers/bridge';
import type { BacktestReportAnswer } from '../../workers/compute/report-tasks';
import { interactiveComputeWorker } from './worker-pools';
import { database } from './db-service';

export type { BacktestReportDetails, BacktestReportView } from '../core/reports/backtest-report';

/** The report page of a job number: still loading, no such job, or the job (with its report once built). */
export type BacktestReportState =
  | { state: 'loading'; seq: number }
  | { state: 'missing'; seq: number }
  | {
      state: 'found';
      seq: number;
      job: BacktestJobRecord;
      /** The report of a COMPLETED job; undefined while it is built, for other statuses, or when its result is missing. */
      view: BacktestReportView | undefined;
      /** True while the report of a COMPLETED job is being built. */
      viewLoading: boolean;
      /** Breakdowns, entry heat and reasons: asked for once the view is there; undefined until then. */
      details: BacktestReportDetails | undefined;
      /** Why the report could not be built, or null. */
      error: string | null;
    };

function runKey(job: { id: string; finishedAt: number | null }): string {
  return `${job.id}@${job.finishedAt ?? ''}`;
}

/**
 * The job numbered `seq()` and its report, kept current. The report is asked for at once, while
 * the job is read, so the worker starts and reads the result in parallel; it is asked again when
 * the job completes later or is replaced. Call inside a component (the subscription and a request
 * under way end with it).
 */
export function createBacktestReport(seq: Accessor<number>): Accessor<BacktestReportState> {
  const [state, setState] = createSignal<BacktestReportState>({ state: 'loading', seq: seq() });
  createEffect(() => {
    const s = seq();
    setState({ state: 'loading', seq: s });
    const abort = new AbortController();
    let job: BacktestJobRecord | undefined;
    let jobRead = false;
    let answer: BacktestReportAnswer | null | undefined;
    let asked: string | null = null;
    let inFlight = false;
    let error: string | null = null;
    let details: { jobId: string; value: BacktestReportDetails } | undefined;

    const publish = () => {
      if (!jobRead) return;
      if (job === undefined) {
        setState({ state: 'missing', seq: s });
        return;
      }
      const completed = job.status === 'COMPLETED';
      const fresh = completed && answer !== undefined && answer !== null && answer.jobId === job.id && answer.finishedAt === job.finishedAt;
      setState({
        state: 'found',
        seq: s,
        job,
        view: fresh ? answer!.view : undefined,
        viewLoading: completed && !fresh && error === null && (inFlight || answer === undefined),
        details: fresh && details?.jobId === answer!.jobId ? details.value : undefined,
        error: completed ? error : null,
      });
    };
    const ask = (key: string | null) => {
      asked = key;
      inFlight = true;
      error = null;
      interactiveComputeWorker()
        .run('backtestReport', { seq: s }, { signal: abort.signal })
        .then(
          (a) => {
            answer = a;
            inFlight = false;
            sync();
            publish();
            if (a !== null) askDetails(a.jobId);
          },
          (e: unknown) => {
            inFlight = false;
            if (abort.signal.aborted || isWorkerTaskError(e, 'CANCELLED')) return;
            error = e instanceof Error ? e.message : String(e);
            publish();
          },
        );
    };
    const askDetails = (jobId: string) => {
      interactiveComputeWorker()
        .run('backtestReportDetails', { jobId }, { signal: abort.signal })
        .then(
          (d) => {
            if (d === null || answer?.jobId !== jobId) return;
            details = { jobId, value: d };
            publish();
          },
          (e: unknown) => {
            if (abort.signal.aborted || isWorkerTaskError(e, 'CANCELLED')) return;
            error = e instanceof Error ? e.message : String(e);
            publish();
          },
        );
    };
    /** Asks again when the completed job is not the one the last answer was for (and was not asked for yet). */
    const sync = () => {
      if (inFlight || job === undefined || job.status !== 'COMPLETED') return;
      const key = runKey(job);
      const have = answer ? runKey({ id: answer.jobId, finishedAt: answer.finishedAt }) : null;
      if (have !== key && asked !== key) ask(key);
    };

    ask(null);
    const sub = observeQuery(() => getBacktestJobBySeq(database(), s)).subscribe((j) => {
      job = j;
      jobRead = true;
      sync();
      publish();
    });
    onCleanup(() => {
      sub.unsubscribe();
      abort.abort();
    });
  });
  return state;
}

/** A stored candle series. */
export interface PriceSeries {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  candles: CandleColumns;
}

/**
 * The stored candles of `symbol` (matched without case or punctuation, so `BTC/USDT` finds
 * `BTCUSDT`) on `timeframe`, preferring `exchange`, with open times in [from, to] widened by
 * `marginBars` candles each side; null when no such series is stored.
 */
export async function loadPriceSeries(
  ref: { exchange: string; symbol: string; timeframe: Timeframe },
  from: number,
  to: number,
  marginBars = 200,
): Promise<PriceSeries | null> {
  const db = database();
  const want = normaliseSymbol(ref.symbol);
  const matches = (await listSeries(db)).filter((s) => s.timeframe === ref.timeframe && normaliseSymbol(s.symbol) === want);
  const series = matches.find((s) => s.exchange === ref.exchange) ?? matches[0];
  if (series === undefined) return null;
  const margin = marginBars * timeframeMs(ref.timeframe);
  const candles = await readCandles(db, { exchange: series.exchange, symbol: series.symbol, timeframe: ref.timeframe }, from - margin, to + margin + 1);
  return { exchange: series.exchange, symbol: series.symbol, timeframe: ref.timeframe, candles };
}
