import { A, useSearchParams } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, Show } from 'solid-js';
import {
  buildVolatilityReport,
  DEFAULT_VOLATILITY_THRESHOLDS,
  VOLATILITY_GROUPS,
  type VolatilityThresholds,
} from '../../core/reports/volatility-report';
import { formatIdRanges, parseIdRanges } from '../../core/util/id-ranges';
import { createVolatilityReportLoader, downloadVolatilityCsv } from '../../app/volatility-report';
import { PageHeader } from '../components/PageHeader';
import { ProgressBar } from '../components/ProgressBar';
import { GroupSection } from '../components/volatility/GroupSection';
import { OverallSummary } from '../components/volatility/OverallSummary';
import { ResultsTable } from '../components/volatility/ResultsTable';
import { ThresholdsForm } from '../components/volatility/ThresholdsForm';
import { VolatilityBarChart } from '../components/volatility/VolatilityBarChart';
import { formatDateTime } from '../format';
import '../components/volatility/print.css';

/**
 * The volatility report of `/backtests/volatility?ids=1-12`: the selected completed backtests
 * grouped by the annualised realised volatility of their symbols, with editable thresholds, a
 * chart, per-group summaries and results, an overall summary, CSV export and a printable layout.
 */
export default function VolatilityReportPage() {
  const [params, setParams] = useSearchParams<{ ids: string }>();
  const idsParam = () => (typeof params.ids === 'string' ? params.ids : '');
  const selection = createMemo((): { seqs: number[]; error: string | null } => {
    try {
      return { seqs: parseIdRanges(idsParam()), error: null };
    } catch (e) {
      return { seqs: [], error: e instanceof Error ? e.message : String(e) };
    }
  });
  const [idsText, setIdsText] = createSignal(idsParam());
  const [thresholds, setThresholds] = createSignal<VolatilityThresholds>({ ...DEFAULT_VOLATILITY_THRESHOLDS });
  const [exported, setExported] = createSignal<string | null>(null);

  const loader = createVolatilityReportLoader();
  createEffect(
    on(
      () => (selection().error === null ? selection().seqs.join(',') : null),
      (key) => {
        setIdsText(idsParam());
        setExported(null);
        if (key !== null) loader.load(selection().seqs);
      },
    ),
  );

  const data = loader.data;
  const report = createMemo(() => buildVolatilityReport(data().entries, thresholds()));
  const hasEntries = () => data().entries.length > 0;
  const selectionText = () => (selection().seqs.length > 0 ? formatIdRanges(selection().seqs) : '');

  const exportCsv = () => setExported(downloadVolatilityCsv(report(), selection().seqs));

  return (
    <section aria-labelledby="page-title" class="vol-report" data-testid="volatility-report">
      <PageHeader
        title="Volatility report"
        subtitle="Completed backtests grouped by the annualised realised volatility of their symbol over the backtest's period."
        actions={
          <div class="row no-print">
            <A class="btn" href="/backtests">
              ← Backtests
            </A>
            <button type="button" class="btn" disabled={!hasEntries()} onClick={exportCsv}>
              Export CSV
            </button>
            <button type="button" class="btn" disabled={!hasEntries()} onClick={() => window.print()}>
              Print
            </button>
          </div>
        }
      />
      <p class="print-only">
        Backtests {selectionText()} · LOW &lt; {thresholds().low} %, MEDIUM {thresholds().low}–{thresholds().high} %, HIGH &gt;{' '}
        {thresholds().high} % · printed {formatDateTime(Date.now())}
      </p>

      <form
        class="row no-print"
        style={{ 'margin-bottom': '12px' }}
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ ids: idsText().trim() === '' ? null : idsText().trim() });
        }}
      >
        <label>
          Backtests{' '}
          <input
            type="text"
            class="vol-ids-input"
            inputmode="numeric"
            placeholder="1 2 5-8 10"
            value={idsText()}
            aria-describedby="vol-ids-help"
            aria-invalid={selection().error !== null ? 'true' : undefined}
            onInput={(e) => setIdsText(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn">
          Show
        </button>
        <span id="vol-ids-help" class="muted">
          Job numbers and ranges, e.g. 1 2 5-8 10.
        </span>
        <Show when={exported()}>
          <span role="status" class="muted" data-testid="vol-exported">
            Downloaded {exported()}
          </span>
        </Show>
      </form>

      <Show when={selection().error}>
        <p class="banner error" role="alert" data-testid="vol-selection-error">
          The selection “{idsParam()}” cannot be read: {selection().error}
        </p>
      </Show>

      <Show when={selection().error === null && selection().seqs.length === 0}>
        <div class="empty" data-testid="vol-empty">
          <h2>No backtests selected</h2>
          <p>
            Enter the numbers of completed backtests above (for example <code>1-12</code>), or select them on the{' '}
            <A href="/backtests">Backtests</A> page and choose “Volatility report”.
          </p>
        </div>
      </Show>

      <Show when={data().loading && data().progress}>
        <ProgressBar label="Measuring volatility" progress={data().progress!} onCancel={() => loader.cancel()} />
      </Show>

      <Show when={data().error}>
        <p class="banner error" role="alert">
          The report could not be built: {data().error}
        </p>
      </Show>

      <Show when={data().skipped.length > 0}>
        <div class="banner info vol-skipped" data-testid="vol-skipped">
          <p>
            <strong>Not included</strong> (only completed backtests are grouped):{' '}
            <For each={data().skipped}>
              {(s, i) => (
                <>
                  {i() > 0 ? ', ' : ''}
                  <span data-seq={s.seq} data-status={s.status}>
                    #{s.seq} {s.status === 'MISSING' ? '' : `${s.status} `}({s.reason})
                  </span>
                </>
              )}
            </For>
          </p>
        </div>
      </Show>

      <Show when={data().loaded && !data().loading && selection().seqs.length > 0 && !hasEntries() && !data().error}>
        <div class="empty" data-testid="vol-empty">
          <h2>Nothing to report yet</h2>
          <p>None of the selected backtests ({selectionText()}) has completed. The report fills in as they finish.</p>
        </div>
      </Show>

      <Show when={hasEntries()}>
        <ThresholdsForm value={thresholds()} defaults={DEFAULT_VOLATILITY_THRESHOLDS} onChange={setThresholds} />
        <div style={{ 'margin-top': '12px' }}>
          <VolatilityBarChart bars={report().symbols} thresholds={report().thresholds} />
        </div>
        <For each={VOLATILITY_GROUPS}>{(g) => <GroupSection group={g} summary={report().groups[g]} thresholds={report().thresholds} />}</For>
        <Show when={report().unclassified.length > 0}>
          <section class="vol-group" aria-labelledby="vol-unclassified-title" data-testid="vol-group-UNCLASSIFIED">
            <h2 id="vol-unclassified-title">Unclassified</h2>
            <p class="muted">
              The candles of these backtests' periods are not stored (or too few), so their volatility cannot be measured. Import
              or download them on the Markets page.
            </p>
            <ResultsTable rows={report().unclassified} caption="Backtests without a measured volatility" testId="vol-rows-UNCLASSIFIED" />
          </section>
        </Show>
        <OverallSummary report={report()} />
      </Show>
    </section>
  );
}
