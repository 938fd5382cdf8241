import { useParams } from '@solidjs/router';
import { lazy, Match, Switch } from 'solid-js';
import { PageHeader } from '../components/PageHeader';
import { sectionByPath } from '../components/SectionPage';
import { MarketsTabs } from '../components/markets/MarketsTabs';

const MarketListPage = lazy(() => import('./markets/MarketListPage'));
const BackfillPage = lazy(() => import('./markets/BackfillPage'));
const StoredDataPage = lazy(() => import('./markets/StoredDataPage'));
const ImportExportPage = lazy(() => import('./markets/ImportExportPage'));

/**
 * The Markets & Data section: its title, a tab bar and one of four sub-pages — Markets
 * (`/markets`), Backfill (`/markets/backfill`), Stored data (`/markets/data`) and Import & export
 * (`/markets/import`). Any other path under `/markets` shows the Markets tab.
 */
export default function MarketsPage() {
  const section = sectionByPath('/markets');
  const params = useParams<{ sub?: string }>();
  const sub = () => (params.sub ?? '').replace(/\/+$/, '');
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={section.title} subtitle={section.holds} />
      <MarketsTabs />
      <div class="markets-panel">
        <Switch fallback={<MarketListPage />}>
          <Match when={sub() === 'backfill'}>
            <BackfillPage />
          </Match>
          <Match when={sub() === 'data'}>
            <StoredDataPage />
          </Match>
          <Match when={sub() === 'import'}>
            <ImportExportPage />
          </Match>
        </Switch>
      </div>
    </section>
  );
}
