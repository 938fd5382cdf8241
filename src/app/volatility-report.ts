import { downloadText } from './download';
import { createSignal, getOwner, onCleanup, type Accessor } from 'solid-js';
import { formatIdRanges } from '../core/util/id-ranges';
import { volatilityReportCsv, type VolatilityReport, type VolatilityReportEntry } from '../core/reports/volatility-report';
import { getBacktestJobsBySeq, observeQuery, type JobStatus } from '../data';
import { isWorkerTaskError, type Progress } from '../../workers/bridge';
import type { SkippedBacktest } from '../../workers/compute/volatility-tasks';
import { database } from './db-service';
import { reportWorker } from './worker-pools';

export type { SkippedBacktest } from '../../workers/compute/volatility-tasks';

/** What the volatility report page shows while it gathers its data. */
export interface VolatilityReportData {
  /** The selected job numbers, ascending. */
  seqs: number[];
  /** The completed backtests with their volatility (ascending seq). */
  entries: VolatilityReportEntry[];
  /** The selected jobs left out (not completed, or not found). */
  skipped: SkippedBacktest[];
  /** True while the worker reads jobs and candles. */
  loading: boolean;
  /** Progress of the current read, null when idle. */
  progress: Progress | null;
  /** Why the last read failed, or null. */
  error: string | null;
  /** True once a read has finished (successfully or not). */
  loaded: boolean;
}

export interface VolatilityReportLoader {
  data: Accessor<VolatilityReportData>;
  /** Reads the jobs `seqs` (a new selection replaces the old; a read under way is cancelled). */
  load(seqs: readonly number[]): void;
  /** Stops the read under way; what was shown before stays. */
  cancel(): void;
  /** Stops watching the jobs (called automatically when the owning component goes away). */
  dispose(): void;
}

const EMPTY: VolatilityReportData = { seqs: [], entries: [], skipped: [], loading: false, progress: null, error: null, loaded: false };

/** Status of each loaded job as the report saw it: COMPLETED for entries, the skipped status otherwise. */
function statusKey(seqs: readonly number[], statuses: ReadonlyMap<number, JobStatus | 'MISSING'>): string {
  return seqs.map((s) => `${s}:${statuses.get(s) ?? 'MISSING'}`).join(' ');
}

/**
 * The volatility report's data for a selection of jobs: the compute worker reads each job, its
 * result and the candles of its period and measures the volatility, so the page only groups the
 * small entries it gets back (cheap enough to redo on every threshold change). While the page is
 * open it watches the selected jobs: when one of them completes, fails or is deleted, the
 * selection is read again, so a report opened during a batch fills in as the batch runs.
 */
export function createVolatilityReportLoader(): VolatilityReportLoader {
  const [data, setData] = createSignal<VolatilityReportData>(EMPTY);
  let abort: AbortController | undefined;
  let watch: { unsubscribe(): void } | undefined;
  let loadedKey = '';
  let observedKey = '';
  let disposed = false;

  const stopWatching = () => {
    watch?.unsubscribe();
    watch = undefined;
  };

  const read = async (seqs: number[]) => {
    abort?.abort();
    const ac = new AbortController();
    abort = ac;
    setData((d) => ({ ...d, seqs, loading: true, progress: { done: 0, total: seqs.length }, error: null }));
    try {
      const out = await reportWorker().run('volatilityReportEntries', { seqs }, { signal: ac.signal, onProgress: (p) => setData((d) => ({ ...d, progress: p })) });
      if (abort !== ac || disposed) return;
      const statuses = new Map<number, JobStatus | 'MISSING'>();
      for (const e of out.entries) statuses.set(e.seq, 'COMPLETED');
      for (const s of out.skipped) statuses.set(s.seq, s.status);
      loadedKey = statusKey(seqs, statuses);
      setData({ seqs, entries: out.entries, skipped: out.skipped, loading: false, progress: null, error: null, loaded: true });
      if (observedKey !== '' && observedKey !== loadedKey) void read(seqs);
    } catch (e) {
      if (abort !== ac || disposed) return;
      if (isWorkerTaskError(e, 'CANCELLED')) {
        setData((d) => ({ ...d, loading: false, progress: null }));
        return;
      }
      setData((d) => ({ ...d, loading: false, progress: null, error: e instanceof Error ? e.message : String(e), loaded: true }));
    }
  };

  const load = (input: readonly number[]) => {
    const seqs = [...new Set(input)].sort((a, b) => a - b);
    stopWatching();
    loadedKey = '';
    observedKey = '';
    setData({ ...EMPTY, seqs });
    if (seqs.length === 0) {
      abort?.abort();
      setData({ ...EMPTY, loaded: true });
      return;
    }
    void read(seqs);
    watch = observeQuery(async () => {
      const jobs = await getBacktestJobsBySeq(database(), seqs);
      const statuses = new Map<number, JobStatus | 'MISSING'>();
      jobs.forEach((j, i) => statuses.set(seqs[i], j?.status ?? 'MISSING'));
      return statusKey(seqs, statuses);
    }).subscribe((key) => {
      observedKey = key;
      if (loadedKey !== '' && key !== loadedKey && !data().loading) void read(seqs);
    });
  };

  const cancel = () => {
    abort?.abort();
    abort = undefined;
    setData((d) => ({ ...d, loading: false, progress: null }));
  };

  const dispose = () => {
    disposed = true;
    stopWatching();
    abort?.abort();
  };

  if (getOwner()) onCleanup(dispose);
  return { data, load, cancel, dispose };
}

/** `volatility-report-1-12.csv`, `volatility-report-1_3_7.csv`: the selection in the file name. */
export function volatilityCsvFileName(seqs: readonly number[]): string {
  const ids = seqs.length === 0 ? 'empty' : formatIdRanges(seqs).replace(/ /g, '_');
  return `volatility-report-${ids.length > 60 ? `${seqs[0]}-${seqs[seqs.length - 1]}` : ids}.csv`;
}

/** Downloads the report as CSV (see `volatilityReportCsv` for the columns); returns the file name. */
export function downloadVolatilityCsv(report: VolatilityReport, seqs: readonly number[]): string {
  const fileName = volatilityCsvFileName(seqs);
  downloadText(fileName, volatilityReportCsv(report));
  return fileName;
}
