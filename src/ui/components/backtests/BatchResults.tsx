import { A, useNavigate } from '@solidjs/router';
import { createEffect, createMemo, createResource, createSignal, For, Index, on, Show } from 'solid-js';
import { createBatchList, deleteJobs, exportBatchCsv, loadBatchTable, type BatchSummary } from '../../../app/batch-results';
import { formatMetric, metricDefinition, METRIC_DEFINITIONS, type MetricKey } from '../../../core/metrics';
import {
  batchCell,
  batchChoices,
  filterBatchRows,
  NO_BATCH_FILTER,
  sortBatchRows,
  variedParams,
  type BatchFilter,
  type BatchRow,
  type BatchSortKey,
  type MetricThreshold,
} from '../../../core/reports/batch-table';
import { formatIdRanges } from '../../../core/util/id-ranges';
import { formatDateTime, formatInt } from '../../format';
import { barMsOf } from './job-text';
import './backtests.css';

/** Metric columns shown until the user picks others: the ones a batch is usually ranked by. */
const DEFAULT_BATCH_METRICS: readonly MetricKey[] = ['totalTrades', 'roiPct', 'winRate', 'profitFactor', 'sharpe', 'maxDrawdownPct'];

function batchLabel(b: BatchSummary): string {
  return `#${b.firstSeq}–#${b.lastSeq} · ${formatInt(b.count)} backtests · ${formatDateTime(b.createdAt)}`;
}

function paramText(v: number | string | null): string {
  if (v === null) return '—';
  return typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;
}

/**
 * The results table of a batch: every backtest of the batch as a row, the parameters that vary
 * across it and every metric as sortable columns; filters by symbol, timeframe, strategy, status
 * and metric thresholds; rows picked to compare or delete; the whole batch deleted with its
 * results; the rows shown downloaded as CSV. `version` changes when jobs finish or are added or
 * removed, so the table follows running batches.
 */
export function BatchResults(props: { version: string }) {
  const navigate = useNavigate();
  const batches = createBatchList();
  const [batchId, setBatchId] = createSignal<string>('');
  const batch = createMemo(() => {
    const list = batches() ?? [];
    return list.find((b) => b.batch === batchId()) ?? list[0];
  });
  const [rows, { refetch }] = createResource(
    () => {
      const b = batch();
      return b ? { batch: b.batch, version: props.version } : false;
    },
    (src) => loadBatchTable(src.batch),
  );
  const [filter, setFilter] = createSignal<BatchFilter>(NO_BATCH_FILTER);
  const [sortKey, setSortKey] = createSignal<BatchSortKey>('seq');
  const [sortDir, setSortDir] = createSignal<1 | -1>(1);
  const [picked, setPicked] = createSignal<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = createSignal<'selection' | 'batch' | null>(null);
  const [message, setMessage] = createSignal<string | null>(null);

  createEffect(on(() => batch()?.batch, () => {
    setPicked(new Set<string>());
    setFilter(NO_BATCH_FILTER);
    setConfirming(null);
  }, { defer: true }));

  const all = () => rows.latest ?? [];
  const params = createMemo(() => variedParams(all()));
  const shown = createMemo(() => sortBatchRows(filterBatchRows(all(), filter()), sortKey(), sortDir()));
  const pickedRows = createMemo(() => all().filter((r) => picked().has(r.id)));

  const sortBy = (key: BatchSortKey) => {
    if (sortKey() === key) setSortDir((d) => (d === 1 ? -1 : 1));
    else {
      setSortKey(key);
      const metric = key.startsWith('metric:') ? metricDefinition(key.slice(7) as MetricKey) : null;
      setSortDir(metric?.better === 'higher' ? -1 : 1);
    }
  };
  const ariaSort = (key: BatchSortKey) => (sortKey() !== key ? 'none' : sortDir() === 1 ? 'ascending' : 'descending');
  const toggle = (id: string, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const allShownPicked = () => shown().length > 0 && shown().every((r) => picked().has(r.id));
  const pickShown = (on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      for (const r of shown()) {
        if (on) next.add(r.id);
        else next.delete(r.id);
      }
      return next;
    });
  const setField = (field: 'symbol' | 'timeframe' | 'strategy' | 'status', value: string) => setFilter((f) => ({ ...f, [field]: value }));
  const setThreshold = (i: number, patch: Partial<MetricThreshold>) =>
    setFilter((f) => ({ ...f, thresholds: f.thresholds.map((t, k) => (k === i ? { ...t, ...patch } : t)) }));
  const addThreshold = () => setFilter((f) => ({ ...f, thresholds: [...f.thresholds, { key: 'totalTrades', op: '>=', value: 30 }] }));
  const removeThreshold = (i: number) => setFilter((f) => ({ ...f, thresholds: f.thresholds.filter((_, k) => k !== i) }));

  const compare = () => {
    const done = pickedRows().filter((r) => r.status === 'COMPLETED');
    if (done.length < 2) {
      setMessage('Pick at least two completed backtests to compare.');
      return;
    }
    navigate(`/backtests/compare?ids=${formatIdRanges(done.map((r) => r.seq)).replaceAll(' ', ',')}`);
  };
  const remove = async (ids: string[], what: string) => {
    setConfirming(null);
    try {
      const { deleted, running } = await deleteJobs(ids);
      setPicked(new Set<string>());
      setMessage(
        `Deleted ${formatInt(deleted.length)} ${what}${deleted.length === 1 ? '' : 's'} with ${deleted.length === 1 ? 'its result' : 'their results'}.` +
          (running.length > 0 ? ` ${formatInt(running.length)} still running ${running.length === 1 ? 'was' : 'were'} kept: cancel ${running.length === 1 ? 'it' : 'them'} first.` : ''),
      );
      void refetch();
    } catch (e) {
      setMessage(`Nothing was deleted: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const [columns, setColumns] = createSignal<ReadonlySet<MetricKey>>(new Set(DEFAULT_BATCH_METRICS));
  const shownMetrics = () => METRIC_DEFINITIONS.filter((d) => columns().has(d.key));
  const toggleColumn = (key: MetricKey, on: boolean) =>
    setColumns((c) => {
      const next = new Set(c);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const metricText = (r: BatchRow, key: MetricKey) => {
    const v = r.metrics?.[key];
    return r.metrics === null ? '—' : formatMetric(key, typeof v === 'number' ? v : null, r.metrics, { barMs: barMsOf(r.timeframe) });
  };
  const header = (key: BatchSortKey, label: string, title?: string, num = false) => (
    <th scope="col" class={num ? 'num' : undefined} aria-sort={ariaSort(key)} title={title}>
      <button type="button" class="sort" data-sort={key} onClick={() => sortBy(key)}>
        {label}
        <span aria-hidden="true">{sortKey() === key ? (sortDir() === 1 ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );

  return (
    <section class="card batch-results" aria-labelledby="batch-results-title" data-testid="batch-results">
      <h2 id="batch-results-title" style={{ 'margin-top': '0' }}>
        Results of a batch
      </h2>
      <Show when={(batches() ?? []).length > 0} fallback={<p class="muted">{batches() === undefined ? 'Reading batches…' : 'No batch yet: queue several backtests at once and their results gather here.'}</p>}>
        <div class="batch-controls">
          <label>
            Batch
            <select data-testid="batch-select" value={batch()?.batch ?? ''} onChange={(e) => setBatchId(e.currentTarget.value)}>
              <For each={batches()}>{(b) => <option value={b.batch}>{batchLabel(b)}</option>}</For>
            </select>
          </label>
          <For each={[['symbol', 'Symbol'], ['timeframe', 'Timeframe'], ['strategy', 'Strategy'], ['status', 'Status']] as const}>
            {([field, label]) => (
              <label>
                {label}
                <select data-testid={`batch-filter-${field}`} value={filter()[field]} onChange={(e) => setField(field, e.currentTarget.value)}>
                  <option value="">All</option>
                  <For each={batchChoices(all(), field)}>{(v) => <option value={v}>{v}</option>}</For>
                </select>
              </label>
            )}
          </For>
        </div>
        <div class="batch-thresholds" role="group" aria-label="Metric thresholds">
          <Index each={filter().thresholds}>
            {(t, i) => (
              <span class="batch-threshold" data-testid="batch-threshold">
                <select aria-label={`Threshold ${i + 1} metric`} value={t().key} onChange={(e) => setThreshold(i, { key: e.currentTarget.value as MetricKey })}>
                  <For each={METRIC_DEFINITIONS}>{(d) => <option value={d.key}>{d.label}</option>}</For>
                </select>
                <select aria-label={`Threshold ${i + 1} comparison`} value={t().op} onChange={(e) => setThreshold(i, { op: e.currentTarget.value as '>=' | '<=' })}>
                  <option value=">=">≥</option>
                  <option value="<=">≤</option>
                </select>
                <input
                  type="number"
                  step="any"
                  aria-label={`Threshold ${i + 1} value`}
                  value={t().value}
                  onInput={(e) => {
                    const v = e.currentTarget.valueAsNumber;
                    if (Number.isFinite(v)) setThreshold(i, { value: v });
                  }}
                />
                <button type="button" class="btn" aria-label={`Remove threshold ${i + 1}`} onClick={() => removeThreshold(i)}>
                  ×
                </button>
              </span>
            )}
          </Index>
          <button type="button" class="btn" onClick={addThreshold}>
            Add threshold
          </button>
          <span class="muted" aria-live="polite" data-testid="batch-count">
            {formatInt(shown().length)} of {formatInt(all().length)} backtests · {formatInt(pickedRows().length)} picked
          </span>
        </div>
        <div class="batch-actions">
          <button type="button" class="btn" disabled={pickedRows().length < 2} onClick={compare}>
            Compare picked
          </button>
          <Show
            when={confirming() === 'selection'}
            fallback={
              <button type="button" class="btn danger" disabled={pickedRows().length === 0} onClick={() => setConfirming('selection')}>
                Delete picked
              </button>
            }
          >
            <button type="button" class="btn danger" onClick={() => void remove(pickedRows().map((r) => r.id), 'backtest')}>
              Confirm: delete {formatInt(pickedRows().length)} picked
            </button>
          </Show>
          <Show
            when={confirming() === 'batch'}
            fallback={
              <button type="button" class="btn danger" onClick={() => setConfirming('batch')}>
                Delete batch
              </button>
            }
          >
            <button type="button" class="btn danger" onClick={() => void remove(all().map((r) => r.id), 'backtest')}>
              Confirm: delete all {formatInt(all().length)} of the batch
            </button>
          </Show>
          <Show when={confirming()}>
            <button type="button" class="btn" onClick={() => setConfirming(null)}>
              Keep them
            </button>
          </Show>
          <button type="button" class="btn" disabled={shown().length === 0} onClick={() => exportBatchCsv(shown(), params(), batch()!)}>
            Export CSV
          </button>
        </div>
        <details class="batch-columns" data-testid="batch-columns">
          <summary>
            Metric columns: {formatInt(columns().size)} of {formatInt(METRIC_DEFINITIONS.length)} shown (the CSV holds every metric)
          </summary>
          <div class="batch-column-list">
            <For each={METRIC_DEFINITIONS}>
              {(d) => (
                <label title={d.explanation}>
                  <input type="checkbox" checked={columns().has(d.key)} onChange={(e) => toggleColumn(d.key, e.currentTarget.checked)} /> {d.label}
                </label>
              )}
            </For>
          </div>
        </details>
        <Show when={message()}>
          <p role="status" data-testid="batch-message">
            {message()}
          </p>
        </Show>
        <Show when={rows.error}>
          <p class="bt-error" role="alert">
            The table could not be read: {rows.error instanceof Error ? rows.error.message : String(rows.error)}
          </p>
        </Show>
        <div class="table-wrap batch-scroll">
          <table class="batch-table" data-testid="batch-table">
            <caption class="visually-hidden">Backtests of the batch: varied parameters and the chosen metrics; sort by any column</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" aria-label="Pick every row shown" checked={allShownPicked()} onChange={(e) => pickShown(e.currentTarget.checked)} />
                </th>
                {header('seq', '#')}
                {header('status', 'Status')}
                {header('symbols', 'Symbols')}
                {header('timeframe', 'TF', 'Timeframe')}
                {header('strategy', 'Strategy')}
                <For each={params()}>{(k) => header(`param:${k}`, k, `Parameter ${k}`, true)}</For>
                <For each={shownMetrics()}>{(d) => header(`metric:${d.key}`, d.label, d.explanation, true)}</For>
              </tr>
            </thead>
            <tbody>
              <For each={shown()}>
                {(r) => (
                  <tr data-batch-seq={r.seq} data-batch-status={r.status} aria-selected={picked().has(r.id)}>
                    <td>
                      <input type="checkbox" aria-label={`Pick #${r.seq}`} checked={picked().has(r.id)} onChange={(e) => toggle(r.id, e.currentTarget.checked)} />
                    </td>
                    <td>
                      <A href={`/backtests/${r.seq}`} aria-label={`Open report of backtest #${r.seq}`}>
                        #{r.seq}
                      </A>
                    </td>
                    <td title={r.error ?? undefined}>
                      <span class={`bt-status ${r.status}`}>{r.status}</span>
                    </td>
                    <td>{r.symbols.join(', ')}</td>
                    <td>{r.timeframe}</td>
                    <td>{r.strategy}</td>
                    <For each={params()}>
                      {(k) => (
                        <td class="num" data-col={`param:${k}`}>
                          {paramText(batchCell(r, `param:${k}`))}
                        </td>
                      )}
                    </For>
                    <For each={shownMetrics()}>
                      {(d) => (
                        <td class="num" data-col={`metric:${d.key}`}>
                          {metricText(r, d.key)}
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={rows.loading && all().length === 0}>
            <p class="muted">Reading the batch…</p>
          </Show>
        </div>
      </Show>
    </section>
  );
}
