import { useSearchParams } from '@solidjs/router';
import { Show, createEffect, createSignal, on } from 'solid-js';
import { jobConfigOf } from '../../app/backtest-commands';
import { createQueueState } from '../../app/backtest-list';
import { resumeQueue } from '../../app/backtest-queue';
import { seriesList } from '../../app/series-store';
import { DemoMarketOffer } from '../components/DemoMarketOffer';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { ImportResultButton } from '../components/report/ImportResultButton';
import { sectionByPath } from '../components/SectionPage';
import { BacktestForm } from '../components/backtests/BacktestForm';
import { BacktestJobList } from '../components/backtests/BacktestJobList';
import { BatchResults } from '../components/backtests/BatchResults';
import { JobSelection } from '../components/backtests/JobSelection';
import { QueueMonitor } from '../components/backtests/QueueMonitor';
import { formFromJob, initialForm, type FormState } from '../components/backtests/form-model';
import '../components/backtests/backtests.css';

const PAGE_SIZE = 25;

/**
 * Backtests: the new-backtest form (batches), the live queue monitor, selection of jobs for the
 * report, compare and volatility pages, and the job list. `?edit=<seq>` fills the form with the
 * settings job `seq` ran with ("edit and run").
 */
export default function BacktestsPage() {
  const section = sectionByPath('/backtests');
  resumeQueue();
  const [page, setPage] = createSignal(0);
  const state = createQueueState(page, PAGE_SIZE);
  const [search] = useSearchParams();
  const [initial, setInitial] = createSignal<FormState>(initialForm());
  const [editing, setEditing] = createSignal<{ seq: number; error: string | null } | null>(null);

  createEffect(
    on(
      () => (typeof search.edit === 'string' ? search.edit : undefined),
      (edit) => {
        if (edit === undefined) {
          setEditing(null);
          return;
        }
        const seq = Number(edit);
        if (!Number.isSafeInteger(seq) || seq < 1) {
          setEditing({ seq: 0, error: `edit: "${edit}" is not a backtest number` });
          return;
        }
        jobConfigOf(seq).then(
          (c) => {
            if (!c) {
              setEditing({ seq, error: `edit: there is no backtest #${seq}` });
              return;
            }
            setInitial(formFromJob(c));
            setEditing({ seq, error: null });
          },
          (e: unknown) => setEditing({ seq, error: `edit: backtest #${seq} cannot be edited: ${e instanceof Error ? e.message : String(e)}` }),
        );
      },
    ),
  );

  const series = () => seriesList();
  const hasSeries = () => (series() ?? []).length > 0;

  return (
    <section aria-labelledby="page-title" class="bt-stack">
      <PageHeader
        title={section.title}
        subtitle="Queue many backtests at once, watch them run in parallel, then open, compare or group their results."
        actions={<ImportResultButton />}
      />

      <Show when={editing()}>
        {(ed) => (
          <div class={`banner ${ed().error ? 'error' : 'info'}`} role="status" style={{ 'border-radius': 'var(--radius)' }}>
            <Show when={ed().error} fallback={<span>The form holds the settings backtest #{ed().seq} ran with: change what you like and run.</span>}>
              <span>{ed().error}</span>
            </Show>
          </div>
        )}
      </Show>

      <Show when={series() !== undefined} fallback={<p class="muted">Reading stored series…</p>}>
        <Show
          when={hasSeries()}
          fallback={
            <div data-testid="backtests-no-candles">
              <EmptyState section={section}>
                <DemoMarketOffer />
              </EmptyState>
            </div>
          }
        >
          <BacktestForm series={series() ?? []} initial={initial()} onQueued={() => setPage(0)} />
        </Show>
      </Show>

      <QueueMonitor state={state} />
      <JobSelection />

      <Show when={state.loaded}>
        <Show
          when={state.total > 0}
          fallback={
            <div class="empty" data-testid="backtests-no-jobs" style={{ 'margin-top': '0' }}>
              <h2>No backtests yet</h2>
              <p>Set one up in the form above: choose a strategy, symbols and a period, then run. Many at once make a batch.</p>
            </div>
          }
        >
          <BacktestJobList state={state} page={page()} pageSize={PAGE_SIZE} onPage={setPage} />
        </Show>
      </Show>
      <BatchResults version={`${state.total}-${state.counts.COMPLETED}-${state.counts.FAILED}-${state.counts.CANCELLED}`} />
    </section>
  );
}
