import { Show } from 'solid-js';
import { demoJob } from '../../../app/demo-market';
import { hasDemoSeries, seriesList } from '../../../app/series-store';
import { DemoMarketOffer } from '../../components/DemoMarketOffer';
import { EmptyState } from '../../components/EmptyState';
import { StorageCard } from '../../components/StorageCard';
import { sectionByPath } from '../../components/SectionPage';
import { SeriesTable } from '../../components/SeriesTable';

/** Stored data tab: every candle series with coverage and gaps (update, re-fetch, export, delete), storage health, and the demo market. */
export default function StoredDataPage() {
  const section = sectionByPath('/markets');
  return (
    <>
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
          <DemoMarketOffer />
        </Show>
      </Show>
      <StorageCard />
    </>
  );
}
