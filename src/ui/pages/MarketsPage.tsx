import { Show } from 'solid-js';
import { PageHeader } from '../components/PageHeader';
import { ImportPanel } from '../components/ImportPanel';
import { EmptyState } from '../components/EmptyState';
import { DemoMarketOffer } from '../components/DemoMarketOffer';
import { SeriesTable } from '../components/SeriesTable';
import { hasDemoSeries, seriesList } from '../../app/series-store';
import { demoJob } from '../../app/demo-market';
import { sectionByPath } from '../components/SectionPage';

export default function MarketsPage() {
  const section = sectionByPath('/markets');
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={section.title} subtitle={section.holds} />
      <div style={{ 'margin-bottom': '16px' }}>
        <ImportPanel />
      </div>
      <Show
        when={(seriesList() ?? []).length > 0}
        fallback={
          <Show when={seriesList() !== undefined} fallback={<p class="muted">Reading stored series…</p>}>
            <EmptyState section={section}>
              <DemoMarketOffer />
            </EmptyState>
          </Show>
        }
      >
        <SeriesTable series={seriesList() ?? []} />
        <Show when={!hasDemoSeries() || demoJob().running}>
          <div style={{ 'margin-top': '16px' }}>
            <DemoMarketOffer />
          </div>
        </Show>
      </Show>
    </section>
  );
}
