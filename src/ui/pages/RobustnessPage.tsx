import { useSearchParams } from '@solidjs/router';
import { Match, onMount, Show, Switch } from 'solid-js';
import { createRunList, createRunRecord, createSourceOptions } from '../../app/robustness';
import { resumeRobustness } from '../../app/robustness-runner';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { NewRunPanel } from '../components/robustness/NewRunPanel';
import { loadPlot } from '../components/robustness/PlotFigure';
import { RunDetail } from '../components/robustness/RunDetail';
import { RunList } from '../components/robustness/RunList';
import '../components/backtests/backtests.css';
import '../components/robustness/robustness.css';

/**
 * Robustness: Monte Carlo, optimisation and walk-forward runs started from completed backtests,
 * the list of runs with their progress, and one run's result (`?run=<id>`).
 */
export default function RobustnessPage() {
  const section = sectionByPath('/robustness');
  resumeRobustness();
  const [search] = useSearchParams();
  const runId = () => (typeof search.run === 'string' && search.run !== '' ? search.run : null);
  const record = createRunRecord(runId);
  const runs = createRunList();
  const sources = createSourceOptions();
  onMount(() => {
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => void }).requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200));
    idle(() => void loadPlot().catch(() => undefined));
  });
  return (
    <section aria-labelledby="page-title" class="rb-stack">
      <PageHeader title={section.title} subtitle="Does a result survive reshuffled trades, other parameters and unseen data? Monte Carlo, smart tuning and walk-forward with overfitting guards." />
      <Switch>
        <Match when={runId() !== null}>
          <Switch>
            <Match when={record() === undefined}>
              <p class="muted">Reading the run…</p>
            </Match>
            <Match when={record() === null}>
              <p class="banner error" data-testid="run-missing" style={{ 'border-radius': 'var(--radius)' }}>
                There is no run {runId()} (it may have been deleted).
              </p>
            </Match>
            <Match when={record()}>{(r) => <RunDetail run={r()} />}</Match>
          </Switch>
        </Match>
        <Match when={runId() === null}>
          <Show when={sources() !== undefined} fallback={<p class="muted">Reading completed backtests…</p>}>
            <Show
              when={(sources() ?? []).length > 0}
              fallback={
                <div data-testid="robustness-no-source">
                  <EmptyState section={section} />
                </div>
              }
            >
              <NewRunPanel sources={sources()!} />
            </Show>
          </Show>
          <Show when={runs.loaded && runs.runs.length > 0}>
            <h2 style={{ margin: '8px 0 0' }}>Runs</h2>
            <RunList runs={runs.runs} />
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
